"""Dossiers in Dutch, French or English: the PDF is written in the chosen language, the JSON stays the same."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pikepdf
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from lokaal_avg.accounts import services as accounts
from lokaal_avg.core.extensions import db
from lokaal_avg.dossiers import services
from lokaal_avg.dossiers.export import ATTACHMENT_NAME
from lokaal_avg.dossiers.models import Dossier
from lokaal_avg.dossiers.render import render_dossier
from lokaal_avg.dossiers.scope import DossierScope
from lokaal_avg.organisations import services as organisations
from lokaal_avg.organisations.models import Organisation
from tests.fixtures.dossiers import build_register

MOMENT = datetime.combine(date.today(), time(9, 30, 15), UTC)


@dataclass
class Pdf:
    data: bytes

    @property
    def pages(self) -> list[str]:
        return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(self.data)).pages]

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    def attachment(self) -> bytes:
        with pikepdf.open(io.BytesIO(self.data)) as pdf:
            return pdf.attachments[ATTACHMENT_NAME].get_file().read_bytes()

    def language_and_title(self) -> tuple[str, str]:
        with pikepdf.open(io.BytesIO(self.data)) as pdf:
            return str(pdf.Root.Lang), str(pdf.docinfo.Title)


@pytest.fixture(scope="module")
def pdfs(app) -> dict[str, Pdf]:
    """The same register rendered at the same moment in the three languages."""
    rendered = {}
    with app.app_context():
        try:
            org = organisations.create_organisation(
                "talen", "Gemeente Talen", departments=("Burgerzaken", "Vrije tijd"), dpo_name="Dirk Functionaris"
            )
            actor = accounts.create_user("maker@talen.be", "Mia Maker", "correct horse battery staple")
            build_register(org, actor)
            for language in ("nl_BE", "fr_BE", "en"):
                data = services.prepare(org, DossierScope(), actor, generated_at=MOMENT, language=language)
                rendered[language] = Pdf(render_dossier(data).pdf)
        finally:
            db.session.rollback()
    return rendered


def test_the_french_dossier_speaks_french(pdfs):
    french = pdfs["fr_BE"]
    assert french.language_and_title() == ("fr-BE", "Dossier RGPD Gemeente Talen — version 1")
    toc = french.pages[1]
    for heading in ("1. Résumé", "2. Registre des activités de traitement", "8. Modifications depuis le dossier"):
        assert heading in toc, heading
    text = french.text
    for label in (
        "Finalités",
        "Base juridique",
        "Catégories de personnes concernées",
        "Délégué à la protection des données",
    ):
        assert label in text, label
    assert "MANQUANT — obligatoire" in text
    assert "Commission de contrôle flamande (VTC)" in text
    # No Dutch headings or labels from the catalogue, while the register's own (Dutch) content stays as typed.
    for dutch in ("Samenvatting", "Verwerkingsregister", "Doeleinden", "Rechtsgrond", "ONTBREEKT", "pagina 3 van"):
        assert dutch not in text, dutch
    assert "Bevolkingsregister bijhouden" in text


def test_the_english_dossier_speaks_english(pdfs):
    english = pdfs["en"]
    assert english.language_and_title() == ("en", "GDPR dossier Gemeente Talen — version 1")
    toc = english.pages[1]
    assert "1. Summary" in toc and "2. Register of processing activities" in toc
    text = english.text
    for label in ("Purposes", "Legal basis", "Categories of data subjects", "MISSING — mandatory"):
        assert label in text, label
    for dutch in ("Samenvatting", "Doeleinden", "Rechtsgrond", "ONTBREEKT"):
        assert dutch not in text, dutch


def test_the_embedded_json_is_the_same_in_every_language(pdfs):
    dutch = pdfs["nl_BE"].attachment()
    assert pdfs["fr_BE"].attachment() == dutch
    assert pdfs["en"].attachment() == dutch
    assert json.loads(dutch)["schema_version"] == 1
    assert pdfs["nl_BE"].language_and_title()[0] == "nl-BE"


def _stored(app, org_id) -> list[Dossier]:
    with app.app_context():
        return list(db.session.scalars(select(Dossier).where(Dossier.organisation_id == org_id).order_by(Dossier.id)))


def test_the_language_is_chosen_when_the_dossier_is_made(app, client, login, create_org, create_user):
    org = create_org(slug="brussel", name="Commune Bruxelloise")
    dpo = create_user(org=org, role="functionaris")
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        fresh.language = "fr_BE"
        fresh.supervisory_authority = "gba"
        db.session.commit()
    login(dpo)
    page = client.get(f"/o/{org.slug}/dossiers/").get_data(as_text=True)
    assert '<option selected value="fr_BE">Français</option>' in page  # the organisation's language first

    response = client.post(
        f"/o/{org.slug}/dossiers/", data={"scope": "organisatie", "department_id": "0", "language": "en"}
    )
    assert response.status_code == 302
    [dossier] = _stored(app, org.id)
    assert dossier.language == "en"
    assert dossier.title == "GDPR dossier Commune Bruxelloise"
    show = client.get(f"/o/{org.slug}/dossiers/{dossier.id}").get_data(as_text=True)
    assert 'lang="en">English</dd>' in show

    client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie", "department_id": "0", "language": "de"})
    assert len(_stored(app, org.id)) == 1  # refused, nothing made


def test_a_record_sheet_defaults_to_the_organisation_language(app, client, login, create_org, create_user):
    org = create_org(slug="fiche", name="Gemeente Fiche")
    dpo = create_user(org=org, role="functionaris")
    with app.app_context():
        fixture = build_register(db.session.get(Organisation, org.id), None)
        db.session.commit()
    activity_id = next(iter(fixture.activity_ids.values()))
    login(dpo)
    client.post(f"/o/{org.slug}/dossiers/registerfiche/{activity_id}")
    client.post(f"/o/{org.slug}/dossiers/registerfiche/{activity_id}", data={"language": "fr_BE"})
    assert (
        client.post(f"/o/{org.slug}/dossiers/registerfiche/{activity_id}", data={"language": "xx"}).status_code == 400
    )
    sheets = _stored(app, org.id)
    assert [s.language for s in sheets] == ["nl_BE", "fr_BE"]
    assert sheets[1].title.startswith("Fiche de registre ")
