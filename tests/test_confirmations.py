"""Destructive buttons ask first: every form that deletes sits behind a question.

Members get a page of their own (tests/organisations/test_member_removal.py); fields, list items
and departments open the question in place (a <details>, no JavaScript needed).
"""

from __future__ import annotations

from lxml import html


def delete_forms(page: str) -> list:
    tree = html.fromstring(page)
    return [form for form in tree.iter("form") if form.get("action", "").endswith("/verwijderen")]


def test_every_delete_form_is_behind_a_question(client, login, create_org, create_user, channels_objects):
    org = create_org(slug="eerstvragen")
    login(create_user(org=org, role="beheerder"))
    channel_id = channels_objects(org)["channel_id"]
    for path in (f"/o/{org.slug}/instellingen", f"/o/{org.slug}/lijsten/", f"/o/{org.slug}/kanalen/{channel_id}"):
        page = client.get(path).get_data(as_text=True)
        forms = delete_forms(page)
        assert forms, f"no delete form on {path}"
        for form in forms:
            question = form.getparent()
            assert question.tag == "details" and "confirm-delete" in question.get("class", ""), path
            assert question.find("summary").text_content().startswith("Verwijderen")
            assert form.find(".//button").text_content().startswith("Ja, verwijder ")
