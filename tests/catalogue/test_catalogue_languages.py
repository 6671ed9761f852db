"""The catalogue of typical activities in nl, fr and en: read in your language, adopted in the organisation's."""

from __future__ import annotations

import json

from sqlalchemy import select

from lokaal_avg.accounts.models import User
from lokaal_avg.catalogue import services
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import ProcessingActivity


def set_language(app, user=None, org=None, locale="fr_BE") -> None:
    with app.app_context():
        if user is not None:
            db.session.get(User, user.id).locale = locale
        if org is not None:
            db.session.get(Organisation, org.id).language = locale
        db.session.commit()


def test_every_activity_and_department_is_translated():
    translations = json.loads(
        (services.resources.files("lokaal_avg.catalogue") / "activities_translations.json").read_text("utf-8")
    )
    activities = services.load_activities()
    for language in ("fr", "en"):
        texts = translations["languages"][language]
        assert set(texts["activities"]) == {t["code"] for t in activities}, language
        assert {t["department"] for t in activities} <= set(texts["departments"]), language
        for code, entry in texts["activities"].items():
            assert entry["name"].strip() and entry["purposes"].strip(), (language, code)


def test_the_catalogue_speaks_the_readers_language(app, client, login, create_org, create_user):
    org = create_org()
    reader = create_user(org=org, role="lezer")
    set_language(app, user=reader, locale="en")
    login(reader)
    page = client.get(f"/o/{org.slug}/catalogus/").get_data(as_text=True)
    assert "Population and foreigners registers" in page and "Civil affairs" in page
    assert "Keeping the data of who lives in the municipality accurate" in page
    assert "Bevolkings- en vreemdelingenregister" not in page
    assert 'lang="nl-BE">Wet van 19 juli 1991' in page  # legal references stay Dutch, and say so
    page = client.get(f"/o/{org.slug}/catalogus/?q=library").get_data(as_text=True)
    assert "Library membership and loans" in page and "Population and foreigners registers" not in page


def test_a_french_speaking_organisation_adopts_in_french(app, client, login, create_org, create_user):
    org = create_org(slug="commune", departments=())
    dpo = create_user(org=org, role="functionaris")
    set_language(app, org=org, locale="fr_BE")
    login(dpo)  # the DPO reads Dutch; the organisation works in French
    client.post(f"/o/{org.slug}/catalogus/overnemen", data={"code": ["BZ-01"]})
    with app.app_context():
        activity = db.session.scalars(
            select(ProcessingActivity).where(ProcessingActivity.organisation_id == org.id)
        ).one()
        assert activity.name == "Registres de la population et des étrangers"
        assert activity.purposes.startswith("Tenir exactes et à jour les données")
        assert activity.department.name == "Population et état civil"
        assert activity.catalogue_code == "BZ-01"
