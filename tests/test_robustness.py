"""Bad input gets a clear answer, never a crash, and nothing stored is lost."""

from __future__ import annotations

from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.register.models import ProcessingActivity


def test_nul_byte_in_a_form_is_refused_in_dutch(app, client, login, create_org, create_user, create_activity):
    org = create_org()
    activity = create_activity(org, purposes="Bestaand doel")
    login(create_user(org=org, role="beheerder"))
    response = client.post(f"/o/{org.slug}/register/{activity.id}/stap/doel", data={"purposes": "a\x00b"})
    assert response.status_code == 400
    assert "Er is niets gewijzigd." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ProcessingActivity.purposes).where(ProcessingActivity.id == activity.id)) == (
            "Bestaand doel"
        )
    assert client.get(f"/o/{org.slug}/register/?q=%00").status_code == 400


def test_huge_numbers_in_urls_are_not_found_or_ignored(client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    assert client.get(f"/o/{org.slug}/register/99999999999999999999").status_code == 404
    assert client.get(f"/o/{org.slug}/register/?dienst=99999999999999999999&page=99999999999999999999").status_code == (
        200
    )
    assert client.get("/taken/99999999999999999999").status_code == 404


def test_department_used_by_a_channel_or_member_is_kept(client, login, create_org, create_user, department_id):
    org = create_org()
    create_user(org=org, role="medewerker", departments=("Vrije tijd",))
    login(create_user(org=org, role="beheerder"))
    response = client.post(
        f"/o/{org.slug}/diensten/{department_id(org, 'Vrije tijd')}/verwijderen", follow_redirects=True
    )
    assert "1 medewerkers" in response.get_data(as_text=True)
    renamed = client.post(
        f"/o/{org.slug}/diensten/{department_id(org, 'Vrije tijd')}",
        data={f"dept{department_id(org, 'Vrije tijd')}-name": "burgerzaken"},
        follow_redirects=True,
    )
    assert "Er bestaat al een dienst met die naam." in renamed.get_data(as_text=True)


def test_job_back_link_stays_on_the_site(client, login, create_org, create_user, app):
    from lokaal_avg.jobs.models import Job

    org = create_org()
    user = create_user(org=org, role="beheerder")
    with app.app_context():
        job = Job(kind="scan_channels", organisation_id=org.id, created_by_id=user.id, params={})
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    login(user)
    page = client.get(f"/taken/{job_id}?terug=/%5Cevil.example").get_data(as_text=True)
    assert "evil.example" not in page
