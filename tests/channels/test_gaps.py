"""Gap analysis: the register compared with what a channel collects."""

from __future__ import annotations

from sqlalchemy import select

from lokaal_avg.channels import services
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register import services as register
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.remediation.models import Finding
from tests.fixtures.channels import category_id


def open_findings(channel_id: int) -> dict[tuple[str, str], Finding]:
    found = db.session.scalars(select(Finding).where(Finding.channel_id == channel_id, Finding.resolved.is_(False)))
    return {(f.code, f.key): f for f in found}


def add_fields(org_id: int, channel_id: int, *fields: tuple[str, str | None]) -> None:
    org, channel = db.session.get(Organisation, org_id), db.session.get(Channel, channel_id)
    for label, code in fields:
        services.add_field(org, None, channel, label, category_id(org_id, code) if code else None)


def test_a_channel_without_activity_is_a_finding(app, create_org, create_channel):
    org = create_org()
    channel = create_channel(org, kind="telefoon", name="Onthaal telefoon", url=None)
    with app.app_context():
        finding = open_findings(channel.id)[("no_activity", "")]
        assert finding.severity == "midden"
        assert "geen enkele verwerking" in finding.title
        add_fields(org.id, channel.id, ("Naam van de beller", "identificatie"))
        finding = open_findings(channel.id)[("no_activity", "")]
        assert finding.severity == "hoog"  # it now demonstrably collects personal data
        assert finding.evidence["categories"] == ["Identificatiegegevens"]


def test_undeclared_category_appears_and_resolves_when_the_register_catches_up(
    app, create_org, create_channel, create_activity
):
    org = create_org()
    with app.app_context():
        ident = category_id(org.id, "identificatie")
    activity = create_activity(org, name="Contactformulieren", data_categories=[ident])
    channel = create_channel(org, activities=[activity.id])
    with app.app_context():
        add_fields(org.id, channel.id, ("Voornaam", "identificatie"), ("E-mail", "contact"), ("Onderwerp", None))
        findings = open_findings(channel.id)
        assert set(findings) == {("category_undeclared", "contact")}
        gap = findings[("category_undeclared", "contact")]
        assert gap.severity == "midden"
        assert gap.evidence["fields"] == ["E-mail"] and gap.evidence["activities"] == ["Contactformulieren"]
        assert "register" in gap.fix
        # The DPO adds the category to the activity, then checks the channel again.
        fresh_org = db.session.get(Organisation, org.id)
        register.update_activity(
            fresh_org,
            None,
            None,
            db.session.get(ProcessingActivity, activity.id),
            {"data_categories": [ident, category_id(org.id, "contact")]},
        )
        services.update_channel(fresh_org, None, db.session.get(Channel, channel.id), {"description": "nagekeken"})
        resolved = db.session.scalars(select(Finding).where(Finding.channel_id == channel.id)).one()
        assert resolved.resolved and resolved.resolved_at is not None


def test_national_number_and_special_categories_need_a_recorded_basis(app, create_org, create_channel, create_activity):
    org = create_org()
    with app.app_context():
        codes = ("identificatie", "rijksregisternummer", "gezondheid")
        declared = [category_id(org.id, c) for c in codes]
    activity = create_activity(org, name="Speelpleinwerking", data_categories=declared)
    channel = create_channel(org, name="Inschrijving speelplein", activities=[activity.id])
    with app.app_context():
        add_fields(
            org.id,
            channel.id,
            ("Naam kind", "identificatie"),
            ("Rijksregisternummer kind", "rijksregisternummer"),
            ("Allergieën en medicatie", "gezondheid"),
        )
        findings = open_findings(channel.id)
        assert set(findings) == {
            ("national_number_without_basis", "rijksregisternummer"),
            ("special_category_without_exception", "gezondheid"),
        }
        assert all(f.severity == "hoog" for f in findings.values())
        assert findings[("national_number_without_basis", "rijksregisternummer")].evidence["fields"] == [
            "Rijksregisternummer kind"
        ]
        fresh_org = db.session.get(Organisation, org.id)
        register.update_activity(
            fresh_org,
            None,
            None,
            db.session.get(ProcessingActivity, activity.id),
            {"national_number_basis": "Machtiging van het Sectoraal Comité, beraadslaging RN 12/2019"},
        )
        services.update_channel(
            fresh_org, None, db.session.get(Channel, channel.id), {"description": "basis genoteerd"}
        )
        assert set(open_findings(channel.id)) == {("special_category_without_exception", "gezondheid")}


def test_an_ended_activity_does_not_justify_a_channel(app, create_org, create_channel, create_activity):
    from datetime import date

    org = create_org()
    activity = create_activity(org, name="Oude premie")
    channel = create_channel(org, activities=[activity.id])
    with app.app_context():
        assert not open_findings(channel.id)
        fresh_org = db.session.get(Organisation, org.id)
        register.end_activity(fresh_org, None, db.session.get(ProcessingActivity, activity.id), date.today(), None)
        services.update_channel(fresh_org, None, db.session.get(Channel, channel.id), {"description": "premie gestopt"})
        finding = open_findings(channel.id)[("no_activity", "")]
        assert finding.evidence["ended_activities"] == ["Oude premie"]


def test_check_button_recomputes_and_reports(client, login, create_org, create_user, create_channel):
    org = create_org()
    channel = create_channel(org)
    login(create_user(org=org, role="functionaris"))
    response = client.post(f"/o/{org.slug}/kanalen/{channel.id}/controleren", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Gecontroleerd: 0 nieuwe en 0 opgeloste bevindingen." in page
    assert "Kanaal &#39;Contactformulier&#39; is aan geen enkele verwerking gekoppeld" in page
