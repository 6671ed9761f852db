"""A new member is a lezer by default: giving more rights is a deliberate choice."""

from __future__ import annotations


def test_new_member_role_defaults_to_the_least_powerful(client, login, create_org, create_user):
    org = create_org(slug="standaardrol")
    login(create_user(org=org, role="beheerder"))
    page = client.get(f"/o/{org.slug}/leden").get_data(as_text=True)
    assert '<option selected value="lezer">' in page or '<option value="lezer" selected>' in page
    roles = page[page.index('name="role"') :]
    assert roles.index('value="lezer"') < roles.index('value="beheerder"')  # least powerful first
