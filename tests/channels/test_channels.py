"""The channel inventory: create, edit, link to the register from both sides, permissions, audit."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.channels.models import Channel, ChannelField
from lokaal_avg.core.extensions import db
from lokaal_avg.remediation.models import Finding
from tests.fixtures.channels import category_id


def channel_form(**values) -> dict:
    data = {
        "name": "Meldpunt openbaar domein",
        "kind": "webformulier",
        "url": "https://www.voorbeeldegem.be/meldpunt",
        "vendor_id": "0",
        "authentication": "geen",
        "department_id": "0",
        "description": "",
    }
    data.update(values)
    return data


def test_beheerder_creates_a_channel_with_vendor_activities_and_department(
    app, client, login, create_org, create_user, create_activity, create_processor, department_id
):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    vendor = create_processor(org, name="Loketwerk NV")
    activity = create_activity(org, name="Meldingen en klachten")
    response = client.post(
        f"/o/{org.slug}/kanalen/nieuw",
        data=channel_form(
            vendor_id=str(vendor.id),
            authentication="eid_itsme",
            department_id=str(department_id(org, "Burgerzaken")),
            activities=[str(activity.id)],
        ),
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Meldpunt openbaar domein" in page
    assert "Loketwerk NV" in page and "geen overeenkomst" in page
    assert "eID of itsme" in page and "Burgerzaken" in page
    assert "Meldingen en klachten" in page
    with app.app_context():
        channel = db.session.scalars(select(Channel).where(Channel.organisation_id == org.id)).one()
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.target_type == "Channel")).one()
        assert entry.action == "create"
        assert entry.changes["activities"] == [None, ["Meldingen en klachten"]]
        assert entry.changes["vendor"] == [None, "Loketwerk NV"]
        # The gap check ran at once: the channel is linked, so no "no activity" finding.
        codes = {f.code for f in db.session.scalars(select(Finding).where(Finding.channel_id == channel.id))}
        assert "no_activity" not in codes


def test_web_form_needs_a_valid_url_and_email_channels_take_an_address(client, login, create_org, create_user, app):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    page = client.post(f"/o/{org.slug}/kanalen/nieuw", data=channel_form(url="")).get_data(as_text=True)
    assert "een webformulier of e-loket heeft altijd een URL" in page
    page = client.post(f"/o/{org.slug}/kanalen/nieuw", data=channel_form(url="javascript:alert(1)")).get_data(
        as_text=True
    )
    assert "begint met https://" in page
    response = client.post(
        f"/o/{org.slug}/kanalen/nieuw",
        data=channel_form(name="Info-mailbox", kind="email", url="info@voorbeeldegem.be"),
    )
    assert response.status_code == 302
    with app.app_context():
        channel = db.session.scalars(select(Channel).where(Channel.name == "Info-mailbox")).one()
        assert channel.url == "mailto:info@voorbeeldegem.be"
        assert not channel.scannable


def test_a_vendor_of_another_organisation_cannot_be_chosen(client, login, create_org, create_user, create_processor):
    org, other = create_org(), create_org()
    login(create_user(org=org, role="beheerder"))
    foreign = create_processor(other, name="Vreemde verwerker")
    response = client.post(f"/o/{org.slug}/kanalen/nieuw", data=channel_form(vendor_id=str(foreign.id)))
    assert response.status_code == 200  # refused by the form: not one of the choices
    assert "Vreemde verwerker" not in response.get_data(as_text=True)


def test_medewerker_edits_only_channels_of_own_departments(
    client, login, create_org, create_user, create_channel, department_id
):
    org = create_org()
    own = create_channel(org, name="Inschrijving speelplein", department_id=department_id(org, "Vrije tijd"))
    other = create_channel(org, name="E-loket attesten", department_id=department_id(org, "Burgerzaken"))
    login(create_user(org=org, role="medewerker", departments=("Vrije tijd",)))
    assert client.get(f"/o/{org.slug}/kanalen/{own.id}/bewerken").status_code == 200
    assert client.get(f"/o/{org.slug}/kanalen/{other.id}/bewerken").status_code == 403
    assert client.post(f"/o/{org.slug}/kanalen/{other.id}/deactiveren").status_code == 403
    assert client.post(f"/o/{org.slug}/kanalen/{other.id}/velden/nieuw", data={"label": "x"}).status_code == 403
    # A new channel can only go to one of the member's departments.
    form = client.get(f"/o/{org.slug}/kanalen/nieuw").get_data(as_text=True)
    assert "Vrije tijd" in form and "Burgerzaken" not in form
    response = client.post(
        f"/o/{org.slug}/kanalen/nieuw",
        data=channel_form(department_id=str(department_id(org, "Burgerzaken"))),
    )
    assert response.status_code == 200  # not a valid choice
    # Reading is allowed for every member.
    assert client.get(f"/o/{org.slug}/kanalen/{other.id}").status_code == 200


def test_lezer_reads_but_changes_nothing(client, login, create_org, create_user, create_channel):
    org = create_org()
    channel = create_channel(org)
    login(create_user(org=org, role="lezer"))
    listing = client.get(f"/o/{org.slug}/kanalen/").get_data(as_text=True)
    assert "Contactformulier" in listing and "Nieuw kanaal" not in listing and "Alle kanalen scannen" not in listing
    page = client.get(f"/o/{org.slug}/kanalen/{channel.id}").get_data(as_text=True)
    assert "Nu scannen" not in page and "Bewerken" not in page
    assert client.get(f"/o/{org.slug}/kanalen/nieuw").status_code == 403
    assert client.post(f"/o/{org.slug}/kanalen/{channel.id}/scannen").status_code == 403
    assert client.post(f"/o/{org.slug}/kanalen/scannen").status_code == 403
    assert client.post(f"/o/{org.slug}/kanalen/{channel.id}/deactiveren").status_code == 403


def test_deactivating_hides_the_channel_and_closes_its_findings(
    app, client, login, create_org, create_user, create_channel
):
    org = create_org()
    channel = create_channel(org)  # linked to no activity: one open finding
    login(create_user(org=org, role="functionaris"))
    assert client.post(f"/o/{org.slug}/kanalen/{channel.id}/deactiveren").status_code == 302
    assert "Contactformulier" not in client.get(f"/o/{org.slug}/kanalen/").get_data(as_text=True)
    assert "gedeactiveerd" in client.get(f"/o/{org.slug}/kanalen/?inactief=1").get_data(as_text=True)
    with app.app_context():
        finding = db.session.scalars(select(Finding).where(Finding.channel_id == channel.id)).one()
        assert finding.resolved
    client.post(f"/o/{org.slug}/kanalen/{channel.id}/activeren")
    with app.app_context():
        assert not db.session.scalars(select(Finding).where(Finding.channel_id == channel.id)).one().resolved


def test_linking_from_the_channel_form_and_from_the_register_page(
    app, client, login, create_org, create_user, create_channel, create_activity
):
    org = create_org()
    channel = create_channel(org, name="Aanvraag bewonerskaart")
    parking = create_activity(org, name="Bewonersparkeerkaarten")
    taxes = create_activity(org, name="Lokale belastingen")
    login(create_user(org=org, role="beheerder"))
    client.post(
        f"/o/{org.slug}/kanalen/{channel.id}/bewerken",
        data=channel_form(name="Aanvraag bewonerskaart", activities=[str(parking.id)]),
    )
    register_page = client.get(f"/o/{org.slug}/register/{parking.id}").get_data(as_text=True)
    assert "Aanvraag bewonerskaart" in register_page and "Ontkoppelen" in register_page
    # From the other activity's register page: link the same channel.
    taxes_page = client.get(f"/o/{org.slug}/register/{taxes.id}").get_data(as_text=True)
    assert "Kanaal koppelen" in taxes_page
    back = f"/o/{org.slug}/register/{taxes.id}#kanalen"
    response = client.post(
        f"/o/{org.slug}/kanalen/verwerking/{taxes.id}/koppelen", data={"kanaal-channel_id": channel.id, "next": back}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(back)
    with app.app_context():
        linked = {a.name for a in db.session.get(Channel, channel.id).activities}
        assert linked == {"Bewonersparkeerkaarten", "Lokale belastingen"}
    # Unlink from the register page, back to where the user was.
    response = client.post(f"/o/{org.slug}/kanalen/{channel.id}/ontkoppelen/{parking.id}", data={"next": back})
    assert response.headers["Location"].endswith(back)
    with app.app_context():
        assert [a.name for a in db.session.get(Channel, channel.id).activities] == ["Lokale belastingen"]
        actions = [e.action for e in db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == channel.id))]
        assert actions.count("update") == 3


def test_unlink_refuses_an_open_redirect(client, login, create_org, create_user, create_channel, create_activity):
    org = create_org()
    activity = create_activity(org)
    channel = create_channel(org, activities=[activity.id])
    login(create_user(org=org, role="beheerder"))
    response = client.post(
        f"/o/{org.slug}/kanalen/{channel.id}/ontkoppelen/{activity.id}", data={"next": "//evil.example/x"}
    )
    assert response.headers["Location"].endswith(f"/o/{org.slug}/kanalen/{channel.id}")


def test_fields_by_hand_add_edit_delete_with_history(app, client, login, create_org, create_user, create_channel):
    org = create_org()
    channel = create_channel(org, kind="papier", name="Papieren aanvraag huwelijk", url=None)
    login(create_user(org=org, role="beheerder"))
    with app.app_context():
        contact, national = category_id(org.id, "contact"), category_id(org.id, "rijksregisternummer")
    base = f"/o/{org.slug}/kanalen/{channel.id}"
    client.post(f"{base}/velden/nieuw", data={"label": "Adres", "data_category_id": contact})
    client.post(f"{base}/velden/nieuw", data={"label": "Rijksregisternummer", "data_category_id": national})
    with app.app_context():
        fields = db.session.scalars(select(ChannelField).where(ChannelField.channel_id == channel.id)).all()
        assert [(f.label, f.source, f.confirmed) for f in fields] == [
            ("Adres", "manueel", True),
            ("Rijksregisternummer", "manueel", True),
        ]
        address = fields[0]
    client.post(f"{base}/velden/{address.id}/bewerken", data={"label": "Adres (straat, nummer)", "data_category_id": 0})
    page = client.get(base).get_data(as_text=True)
    assert "Adres (straat, nummer)" in page and "geen persoonsgegeven" in page
    client.post(f"{base}/velden/{address.id}/verwijderen")
    assert "<td>Adres (straat, nummer)</td>" not in client.get(base).get_data(as_text=True)
    history = client.get(f"{base}/geschiedenis").get_data(as_text=True)
    for text in ("veld toegevoegd", "veld gewijzigd", "veld verwijderd", "Adres (straat, nummer)"):
        assert text in history


def test_a_field_of_another_channel_is_not_found(client, login, create_org, create_user, create_channel, app):
    org = create_org()
    first, second = create_channel(org, name="Een"), create_channel(org, name="Twee")
    with app.app_context():
        from lokaal_avg.channels import services
        from lokaal_avg.organisations.models import Organisation

        field = services.add_field(
            db.session.get(Organisation, org.id), None, db.session.get(Channel, second.id), "x", None
        )
        db.session.commit()
    login(create_user(org=org, role="beheerder"))
    assert client.get(f"/o/{org.slug}/kanalen/{first.id}/velden/{field.id}/bewerken").status_code == 404


def test_vendor_agreements_are_one_register_finding_per_processor(app, create_org, create_channel, create_processor):
    from lokaal_avg.organisations.models import Organisation
    from lokaal_avg.remediation.register_checks import run_register_check

    org = create_org()
    none = create_processor(org, name="Zonder NV")
    expired = create_processor(
        org,
        name="Verlopen BV",
        agreement_signed_on=date.today() - timedelta(days=800),
        agreement_expires_on=date.today() - timedelta(days=1),
    )
    valid = create_processor(org, name="In orde CV", agreement_signed_on=date.today() - timedelta(days=10))
    for vendor in (none, expired, valid):
        create_channel(org, name=f"Loket van {vendor.name}", vendor_id=vendor.id)
    # A second channel of the same vendor does not make a second finding.
    create_channel(org, name="Tweede loket van Zonder NV", vendor_id=none.id)
    with app.app_context():
        run_register_check(db.session.get(Organisation, org.id))
        db.session.commit()
        rows = db.session.execute(
            select(Finding.processor_id, Finding.evidence).where(
                Finding.organisation_id == org.id, Finding.code == "processor_agreement"
            )
        ).all()
    assert sorted((r.processor_id, r.evidence["state"]) for r in rows) == sorted(
        [(none.id, "ontbreekt"), (expired.id, "verlopen")]
    )
    zonder = next(r for r in rows if r.processor_id == none.id)
    assert zonder.evidence["used_by"] == ["kanaal Loket van Zonder NV", "kanaal Tweede loket van Zonder NV"]
