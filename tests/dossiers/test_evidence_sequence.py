"""Issue 10 through the dossier: a second dossier after edits, an edit after approval, parsed back.

One sequence a DPO goes through: an action is closed, an entry is approved and then edited by a
colleague, the channels show a vendor and a US tracker the entry does not mention, a first dossier
is made, more edits follow, a second dossier is made. The second dossier must agree with itself
and with the application.
"""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pikepdf
import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import undefer

from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.dossiers.export import ATTACHMENT_NAME
from lokaal_avg.dossiers.models import Dossier
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.remediation.models import Action, Finding
from lokaal_avg.scanning.models import Scan
from tests.fixtures.dossiers import SCRIPT_NAME, build_register

GOOGLE = {
    "host": "www.google-analytics.com",
    "kinds": ["script"],
    "tracker": "Google Analytics",
    "tracker_company": "Google LLC",
    "tracker_country": "US",
}


def pdf_text(data: bytes) -> str:
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    return re.sub(r"(?<=[-/]) ", "", text)  # lines break after hyphens and slashes


def stored(app, org) -> list[Dossier]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Dossier)
                .where(Dossier.organisation_id == org.id)
                .options(undefer(Dossier.pdf))
                .order_by(Dossier.version)
            )
        )


@pytest.fixture
def sequence(app, client, login, create_org, create_user):
    """Run the whole sequence; return its org, fixture register, both dossiers and the long text."""
    org = create_org(slug="bewijsgem", name="Gemeente Bewijsgem")
    dpo = create_user(org=org, role="functionaris", name="Dina Functionaris")
    staff = create_user(org=org, role="medewerker", departments=("Vrije tijd",), name="Vic Medewerker")
    with app.app_context():
        fixture = build_register(db.session.get(Organisation, org.id), None)
        complete = db.session.get(ProcessingActivity, fixture.activity_ids["complete"])
        complete.processors = []  # the entry says: no processors, no transfer
        scan = db.session.scalars(select(Scan).where(Scan.organisation_id == org.id)).one()
        scan.result = {**scan.result, "third_parties": [GOOGLE]}
        action = db.session.scalars(select(Action).where(Action.organisation_id == org.id)).one()
        action.status, action.closed_unverified = "uitgevoerd", True
        action.updated_at = utcnow() - timedelta(days=3)  # closed well before the first dossier
        db.session.commit()
    script_id = fixture.activity_ids["script"]
    login(dpo)
    client.post(f"/o/{org.slug}/register/{script_id}/status/goedkeuren")
    client.post("/logout")
    login(staff)
    response = client.post(
        f"/o/{org.slug}/register/{script_id}/stap/doel", data={"purposes": "Foto's van de wedstrijd jureren"}
    )
    assert response.status_code == 302
    client.post("/logout")
    login(dpo)
    client.post(f"/o/{org.slug}/acties/controleren")  # the register check sees the contradictions
    client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie", "department_id": "0"})
    long_retention = " ".join(f"Zin {n} over de bewaring van de inschrijvingen." for n in range(1, 30))
    client.post(
        f"/o/{org.slug}/register/{fixture.activity_ids['incomplete']}/stap/bewaring",
        data={"retention": long_retention, "security_measures": "Kast op slot"},
    )
    client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie", "department_id": "0"})
    first, second = stored(app, org)
    return SimpleNamespace(org=org, fixture=fixture, first=first, second=second, long_retention=long_retention)


def check_second_dossier_agrees_with_itself(app, client, sequence):
    second = sequence.second
    text = pdf_text(second.pdf)
    plan = text[text.index("5. Bevindingen en actieplan Bevindingen komen") :]
    plan = plan[: plan.index("Actieplan: open acties")]
    # (a) the finding's action was closed before the first dossier: still shown as such.
    assert "HSTS ontbreekt op het e-loket" in plan
    assert "nog geen actie" not in plan[plan.index("HSTS ontbreekt") :][:300]
    assert "Uitgevoerd" in plan[plan.index("HSTS ontbreekt") :][:300]

    # (c) approved, then edited by a colleague: concept, and nobody's approval is printed.
    entry = re.search(re.escape(SCRIPT_NAME) + r" Status: (.{0,120})", text)
    assert entry is not None and entry.group(1).startswith("Concept sinds")
    assert "goedgekeurd door" not in entry.group(1)
    assert not re.search(r"Status: Concept sinds [^·]*goedgekeurd door", text)

    # (e) both sides of each contradiction, and the findings that the check made of them.
    assert (
        "Register: Het register vermeldt geen verwerkers. Gezien: Kanaal E-loket attesten wordt geleverd door" in text
    )
    assert "Loketwerk NV" in text
    assert "Register: Het register vermeldt geen doorgifte buiten de EER." in text
    assert "Google Analytics (Google LLC, Verenigde Staten, www.google-analytics.com)" in text
    assert "verwerker van een kanaal ontbreekt in het register" in text
    assert "doorgifte buiten de EER niet vermeld in het register" in text
    with pikepdf.open(io.BytesIO(second.pdf)) as pdf:
        export = json.loads(pdf.attachments[ATTACHMENT_NAME].get_file().read_bytes())
    entry = next(a for a in export["activities"] if a["reference"] == "BZ-01")
    assert [c["code"] for c in entry["contradictions"]] == ["undeclared_processor", "undeclared_transfer"]
    assert [c["code"] for c in entry["dpia"]["counted"]] == ["gevoelige_gegevens", "grote_schaal"]

    # (b) one DPIA rule: the derived criterion is printed with its source, and one criterion is "not likely".
    dpia = text[text.index("7. DPIA-screening Per verwerking") :]
    dpia = dpia[: dpia.index("8. Wijzigingen sinds")]
    assert "Kwetsbare betrokkenen" in dpia and "er worden gegevens van minderjarigen verwerkt" in dpia
    assert "1 criterium: een DPIA is niet waarschijnlijk verplicht" in dpia
    assert "2 criteria: een DPIA is waarschijnlijk verplicht" in dpia


def check_change_log_reads_like_the_history_pages(app, client, sequence):
    second, long_retention = sequence.second, sequence.long_retention
    text = pdf_text(second.pdf)
    log = text[text.index("8. Wijzigingen sinds het vorige dossier Alle geregistreerde") :]
    log = log[: log.index("9. Over dit dossier")]
    assert long_retention in log  # in full, never cut off
    assert re.search(r"\d{1,2} \w+ \d{4} \d{2}:\d{2} CES?T", log)
    assert "Technische en organisatorische beveiligingsmaatregelen: — → Kast op slot" in log
    assert "Dina Functionaris" in log and "Verwerking: " in log
    for internal in ("retention", "security_measures", "approved_by_id", "confirm_fields", "ProcessingActivity"):
        assert internal not in log


def check_register_check_finding_shows_both_sides(app, client, login, create_user, sequence):
    org, fixture = sequence.org, sequence.fixture
    with app.app_context():
        finding = db.session.scalars(
            select(Finding).where(Finding.organisation_id == org.id, Finding.code == "register_undeclared_transfer")
        ).one()
        assert finding.severity == "hoog" and finding.activity_id == fixture.activity_ids["complete"]
    login(create_user(org=org, role="lezer"))
    page = " ".join(
        re.sub(
            r"<[^>]+>", " ", client.get(f"/o/{org.slug}/acties/bevindingen/{finding.id}").get_data(as_text=True)
        ).split()
    )
    assert "Wat het register zegt Het register vermeldt geen doorgifte buiten de EER." in page
    assert "Wat er gezien werd De pagina van kanaal E-loket attesten" in page


def check_second_dossier_names_the_fingerprint_of_the_first(app, client, sequence):
    first, second = sequence.first, sequence.second
    text = pdf_text(second.pdf)
    assert f"SHA-256 van die vorige versie: {first.sha256}" in text
    assert "Dit dossier zet versie 1 van dit bereik voort" in text and first.sha256 in text
    assert "Dit is het eerste dossier van dit bereik" in pdf_text(first.pdf)


def check_anyone_of_the_organisation_verifies_a_dossier_file(app, client, login, create_user, create_org, sequence):
    org, second = sequence.org, sequence.second
    client.post("/logout")
    login(create_user(org=org, role="lezer", name="Lea Lezer"))
    url = f"/o/{org.slug}/dossiers/controleren"
    assert "Dossier controleren" in client.get(url).get_data(as_text=True)

    def upload(data: bytes, name: str = "dossier.pdf"):
        return client.post(url, data={"dossier_file": (io.BytesIO(data), name)}, content_type="multipart/form-data")

    response = upload(second.pdf)
    page = " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())
    assert response.status_code == 200
    assert "Echt en ongewijzigd" in page and "Dit bestand is versie 2" in page and "Dina Functionaris" in page
    assert second.sha256 in page

    altered = second.pdf + b"\n% een toegevoegde regel\n"  # still a readable PDF, no longer the same bytes
    page = " ".join(re.sub(r"<[^>]+>", " ", upload(altered).get_data(as_text=True)).split())
    assert "Geen dossier van deze organisatie" in page and "Het bestand noemt zich" in page

    page = upload(b"geen pdf").get_data(as_text=True)
    assert "komt met geen enkel dossier van Gemeente Bewijsgem overeen" in page

    response = client.post(url, data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Kies het bestand dat u wilt controleren." in response.get_data(as_text=True)

    # Small limits keep the test's upload in memory (larger bodies spool to a temporary file).
    limit = app.config["DOSSIER_VERIFY_MAX_BYTES"]
    app.config["DOSSIER_VERIFY_MAX_BYTES"] = 100 * 1024
    try:
        response = upload(b"%PDF" + b"0" * (200 * 1024))
        just_over = upload(b"%PDF" + b"0" * (110 * 1024))  # within the form's margin: refused while hashing
    finally:
        app.config["DOSSIER_VERIFY_MAX_BYTES"] = limit
    assert response.status_code == 413 and "groter dan 100 kB" in response.get_data(as_text=True)
    assert just_over.status_code == 413 and "groter dan 100 kB" in just_over.get_data(as_text=True)

    # Another organisation's member cannot verify against this organisation's dossiers.
    client.post("/logout")
    other = create_org()
    login(create_user(org=other, role="beheerder"))
    assert client.get(url).status_code == 404


def test_second_dossier_after_edits_and_an_edit_after_approval(app, client, create_org, create_user, login, sequence):
    """One sequence (two rendered dossiers), checked from every side an authority would look at."""
    check_second_dossier_agrees_with_itself(app, client, sequence)
    check_change_log_reads_like_the_history_pages(app, client, sequence)
    check_register_check_finding_shows_both_sides(app, client, login, create_user, sequence)
    check_second_dossier_names_the_fingerprint_of_the_first(app, client, sequence)
    check_anyone_of_the_organisation_verifies_a_dossier_file(app, client, login, create_user, create_org, sequence)
