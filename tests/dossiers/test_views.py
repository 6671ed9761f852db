"""Making dossiers through the web (as a job), the list, downloads, record sheets and the CLI."""

from __future__ import annotations

import hashlib
import io
import logging
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import undefer

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.extensions import db
from lokaal_avg.dossiers.models import Dossier
from lokaal_avg.jobs.models import Job
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import ProcessingActivity
from tests.fixtures.dossiers import build_register


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def org_with_register(app, create_org, create_user):
    org = create_org(slug="dossierweb", name="Gemeente Dossierweb")
    dpo = create_user(org=org, role="functionaris", name="Dina Functionaris")
    with app.app_context():
        fixture = build_register(db.session.get(Organisation, org.id), None)
        db.session.commit()
    return org, dpo, fixture


def switch_user(client, login, user) -> None:
    client.post("/logout")
    login(user)


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


@pytest.mark.parametrize("role", ["medewerker", "lezer"])
def test_only_beheerder_and_functionaris_make_dossiers(client, login, create_org, create_user, role):
    org = create_org()
    login(create_user(org=org, role=role, departments=("Burgerzaken",)))
    page = client.get(f"/o/{org.slug}/dossiers/").get_data(as_text=True)
    assert "Nieuw dossier maken" not in page
    assert "iedereen van de organisatie kan ze downloaden" in page
    assert client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie"}).status_code == 403


def test_making_a_dossier_and_the_next_one_continues_the_change_log(app, client, login, org_with_register):
    org, dpo, fixture = org_with_register
    login(dpo)
    response = client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie", "department_id": "0"})
    assert response.status_code == 302 and "/taken/" in response.location
    job_page = client.get(response.location).get_data(as_text=True)
    assert "Klaar" in job_page
    [first] = stored(app, org)
    assert (first.version, first.scope, first.changes_since) == (1, "organisatie", None)
    assert first.sha256 == hashlib.sha256(first.pdf).hexdigest() and first.size == len(first.pdf)
    assert first.page_count == len(PdfReader(io.BytesIO(first.pdf)).pages)
    assert f"/o/{org.slug}/dossiers/{first.id}" in job_page

    # A change after the first dossier belongs to the second dossier's change log, and only there.
    client.post(
        f"/o/{org.slug}/register/{fixture.activity_ids['incomplete']}/stap/bewaring",
        data={"retention": "Drie jaar na de zomer", "security_measures": "Kast op slot"},
    )
    with app.app_context():
        activity = db.session.get(ProcessingActivity, fixture.activity_ids["incomplete"])
        assert activity.retention == "Drie jaar na de zomer"
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.target_type == "Dossier")) is not None
    client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie", "department_id": "0"})
    first, second = stored(app, org)
    assert second.version == 2 and second.changes_since == first.created_at
    text = pdf_text(second.pdf)
    log = text[text.index("8. Wijzigingen sinds het vorige dossier Alle geregistreerde") :]
    assert "Speelpleinwerking" in log and "Drie jaar na de zomer" in log and "Dina Functionaris" in log
    assert "Bevolkingsregister bijhouden" not in log  # created before the first dossier
    assert "vorige versie van dit bereik: 1" in text


def test_downloads_are_attachments_for_every_member(app, client, login, create_user, org_with_register):
    org, dpo, _ = org_with_register
    login(dpo)
    client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie"})
    [dossier] = stored(app, org)
    switch_user(client, login, create_user(org=org, role="lezer"))
    page = client.get(f"/o/{org.slug}/dossiers/").get_data(as_text=True)
    assert "AVG-dossier Gemeente Dossierweb" in page and "Nieuw dossier maken" not in page
    response = client.get(f"/o/{org.slug}/dossiers/{dossier.id}/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    day = dossier.created_at.date().isoformat()
    assert response.headers["Content-Disposition"] == f"attachment; filename=avg-dossier-dossierweb-v1-{day}.pdf"
    assert "no-store" in response.headers["Cache-Control"]
    assert hashlib.sha256(response.data).hexdigest() == dossier.sha256
    detail = client.get(f"/o/{org.slug}/dossiers/{dossier.id}").get_data(as_text=True)
    assert dossier.sha256 in detail and "eerste dossier van dit bereik" in detail
    with app.app_context():
        downloads = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.target_type == "Dossier", AuditEntry.action == "download")
        ).all()
        assert [d.target_id for d in downloads] == [dossier.id]


def test_a_department_dossier_holds_only_that_department(app, client, login, department_id, org_with_register, caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    org, dpo, _fixture = org_with_register
    login(dpo)
    response = client.post(
        f"/o/{org.slug}/dossiers/", data={"scope": "dienst", "department_id": department_id(org, "Burgerzaken")}
    )
    assert response.status_code == 302
    [dossier] = stored(app, org)
    assert dossier.scope == "dienst" and dossier.department_id == department_id(org, "Burgerzaken")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    text = pdf_text(dossier.pdf)
    assert "Bevolkingsregister bijhouden" in text and "E-loket attesten" in text
    assert "Speelpleinwerking" not in text and "Contactformulier" not in text
    assert "Dienst Burgerzaken" in text


def test_department_scope_needs_a_department(app, client, login, org_with_register):
    org, dpo, _ = org_with_register
    login(dpo)
    response = client.post(f"/o/{org.slug}/dossiers/", data={"scope": "dienst", "department_id": "0"})
    assert response.status_code == 302 and response.location.endswith("/dossiers/")
    assert "Kies de dienst." in client.get(response.location).get_data(as_text=True)
    assert stored(app, org) == []


def test_record_sheet_from_the_activity_page(app, client, login, create_user, org_with_register, caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    org, dpo, fixture = org_with_register
    activity_id = fixture.activity_ids["complete"]
    login(dpo)
    assert "Registerfiche maken" in client.get(f"/o/{org.slug}/register/{activity_id}").get_data(as_text=True)
    response = client.post(f"/o/{org.slug}/dossiers/registerfiche/{activity_id}")
    assert response.status_code == 302
    [sheet] = stored(app, org)
    assert (sheet.scope, sheet.activity_id, sheet.page_count) == ("activiteit", activity_id, 1)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    text = pdf_text(sheet.pdf)
    assert "Registerfiche: BZ-01 Bevolkingsregister bijhouden" in text
    assert "Bewaring tot 30 jaar na overlijden" in text and "Speelpleinwerking" not in text
    switch_user(client, login, create_user(org=org, role="lezer"))
    page = client.get(f"/o/{org.slug}/register/{activity_id}").get_data(as_text=True)
    assert "Registerfiche maken" not in page
    assert f"/o/{org.slug}/dossiers/{sheet.id}/pdf" in page
    download = client.get(f"/o/{org.slug}/dossiers/{sheet.id}/pdf")
    assert re.search(r"filename=registerfiche-dossierweb-\d+-v1-", download.headers["Content-Disposition"])


def test_a_running_dossier_job_is_not_started_twice(app, client, login, create_org, create_user):
    org = create_org()
    user = create_user(org=org, role="beheerder")
    with app.app_context():
        job = Job(kind="dossier", organisation_id=org.id, created_by_id=user.id, state="bezig", params={})
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    login(user)
    response = client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie"})
    assert response.status_code == 302 and f"/taken/{job_id}" in response.location
    assert stored(app, org) == []
    assert "Er wordt een dossier gemaakt." in client.get(f"/o/{org.slug}/dossiers/").get_data(as_text=True)


def test_the_list_needs_the_same_queries_for_many_dossiers(app, client, login, create_org, create_user, count_queries):
    org = create_org()
    login(create_user(org=org, role="lezer"))
    counts = []
    for _round in range(2):
        with app.app_context():
            for _ in range(3):
                version = (
                    db.session.scalar(select(db.func.max(Dossier.version)).where(Dossier.organisation_id == org.id))
                    or 0
                ) + 1
                db.session.add(
                    Dossier(
                        organisation_id=org.id,
                        scope="organisatie",
                        version=version,
                        title=f"Dossier {version}",
                        sha256="0" * 64,
                        size=1,
                        page_count=1,
                        pdf=b"x",
                    )
                )
            db.session.commit()
        with count_queries() as counter:
            assert client.get(f"/o/{org.slug}/dossiers/").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_command_line_writes_and_records_a_department_dossier(app, runner, tmp_path, org_with_register):
    org, _dpo, _ = org_with_register
    out = tmp_path / "dossier.pdf"
    result = runner.invoke(args=["dossier", "--org", org.slug, "--department", "vrije tijd", "--out", str(out)])
    assert result.exit_code == 0, result.output
    [dossier] = stored(app, org)
    assert out.read_bytes() == dossier.pdf and dossier.scope == "dienst" and dossier.created_by_id is None
    assert "Speelpleinwerking" in pdf_text(out.read_bytes())
    result = runner.invoke(args=["dossier", "--org", org.slug, "--department", "Nergens", "--out", str(out)])
    assert result.exit_code != 0 and "Onbekende dienst" in result.output


def test_the_job_reports_progress_and_links_the_result(app, client, login, org_with_register):
    org, dpo, _ = org_with_register
    login(dpo)
    client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie"})
    [dossier] = stored(app, org)
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.organisation_id == org.id, Job.kind == "dossier")).one()
        assert (job.state, job.progress_done, job.progress_total) == ("klaar", dossier.page_count, dossier.page_count)
        assert job.display_message == f"Klaar: {dossier.page_count} pagina's."
        assert job.result["url"] == f"/o/{org.slug}/dossiers/{dossier.id}"
        assert dossier.job_id == job.id


def test_a_record_sheet_of_a_deleted_activity_fails_with_a_message(app, create_org, create_user):
    from lokaal_avg.jobs.runner import enqueue

    org = create_org()
    user = create_user(org=org, role="beheerder")
    with app.app_context():
        job = enqueue("dossier", {"scope": "activiteit", "activity_id": 987654}, org.id, user.id)
        assert job.state == "mislukt"
        assert job.display_message == "Deze verwerking bestaat niet (meer) in deze organisatie."
    assert stored(app, org) == []


def test_progress_commits_do_not_make_rendering_reload_the_register(app, count_queries, org_with_register):
    """In thread and rq mode each progress report commits and so expires every loaded object."""
    from lokaal_avg.dossiers import services
    from lokaal_avg.dossiers.scope import DossierScope

    org, _dpo, _ = org_with_register
    counts = {}
    for label, expire in (("quiet", False), ("committing", True)):

        def progress(done, total, message, expire=expire):
            if expire:
                db.session.expire_all()

        with app.app_context():
            fresh = db.session.get(Organisation, org.id)
            with count_queries() as counter:
                services.generate_dossier(fresh, None, DossierScope(), progress=progress)
            counts[label] = counter.count
            db.session.rollback()
    assert counts["committing"] <= counts["quiet"] + 3  # the organisation and the new dossier's own rows
