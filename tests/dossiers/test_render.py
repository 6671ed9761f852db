"""The rendered dossier, parsed back: content, PDF/A, the embedded register, determinism.

WeasyPrint is slow, so one module-scoped fixture renders the fixture organisation's dossier
twice (for the determinism check) inside a transaction that it rolls back; the tests read the
resulting bytes.
"""

from __future__ import annotations

import io
import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pikepdf
import pytest
from pypdf import PdfReader

from lokaal_avg.accounts import services as accounts
from lokaal_avg.core.extensions import db
from lokaal_avg.dossiers import services
from lokaal_avg.dossiers.export import ATTACHMENT_NAME, SCHEMA_PATH, register_export
from lokaal_avg.dossiers.render import RenderedDossier, render_dossier
from lokaal_avg.dossiers.scope import DossierScope
from lokaal_avg.organisations import services as organisations
from tests.dossiers.schema_check import validate
from tests.fixtures.dossiers import SCRIPT_NAME, FixtureRegister, build_register

# Fixed within the run (determinism), today's date so that the fixture's overdue action is overdue.
MOMENT = datetime.combine(date.today(), time(9, 30, 15), UTC)


@dataclass
class Rendered:
    first: RenderedDossier
    second: RenderedDossier
    export: dict
    fixture: FixtureRegister
    warnings: list[logging.LogRecord]

    @property
    def pages(self) -> list[str]:
        reader = PdfReader(io.BytesIO(self.first.pdf))
        return [page.extract_text() for page in reader.pages]

    @property
    def text(self) -> str:
        return normalise(" ".join(self.pages))


def normalise(text: str) -> str:
    return " ".join(text.split())


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def rendered(app) -> Rendered:
    collector = Collect()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(collector)
    try:
        with app.app_context():
            try:
                org = organisations.create_organisation(
                    "dossiertest",
                    "Gemeente Dossiertest",
                    departments=("Burgerzaken", "Vrije tijd"),
                    dpo_name="Dirk Functionaris",
                    dpo_email="dpo@dossiertest.be",
                )
                actor = accounts.create_user("maker@dossiertest.be", "Mia Maker", "correct horse battery staple")
                fixture = build_register(org, actor)
                data = services.prepare(org, DossierScope(), actor, generated_at=MOMENT)
                first = render_dossier(data)
                export = json.loads(json.dumps(register_export(data)))
                again = services.prepare(org, DossierScope(), actor, generated_at=MOMENT)
                second = render_dossier(again)
            finally:
                db.session.rollback()
    finally:
        weasy_logger.removeHandler(collector)
    return Rendered(first, second, export, fixture, collector.records)


def test_every_activity_name_and_mandatory_value_is_in_the_text(rendered):
    text = rendered.text
    missing = [value for value in rendered.fixture.expected if normalise(value) not in text]
    assert not missing


def test_user_html_is_printed_literally(rendered):
    assert normalise(SCRIPT_NAME) in rendered.text
    assert "<img src=x onerror=alert(1)>" in rendered.text


def test_soft_hyphens_are_removed_from_user_text(rendered):
    assert "\u00ad" not in rendered.text
    assert "Inschrijvingen voor de speelpleinwerking verwerken" in rendered.text


def test_missing_mandatory_fields_are_marked(rendered):
    text = rendered.text
    start = text.index(f"VT-02 {rendered.fixture.missing_name} Status:")  # the entry, not the overview row
    entry = text[start : start + 3000]
    assert "ONTBREEKT — verplicht (art. 30.1.f)" in entry  # retention
    assert "ONTBREEKT — verplicht (art. 30.1.g)" in entry  # security measures


def test_ended_entries_have_their_own_section(rendered):
    text = rendered.text
    section = text.index("3. Beëindigde verwerkingen Beëindigde verwerkingen blijven")
    assert text.index(f"VT-01 {rendered.fixture.ended_name}") > section


def test_rendering_logs_no_weasyprint_warning(rendered):
    assert [r.getMessage() for r in rendered.warnings] == []


def test_same_data_gives_the_same_bytes(rendered):
    assert rendered.first.pdf == rendered.second.pdf


def test_pdfa_identification_language_output_intent_and_title(rendered):
    with pikepdf.open(io.BytesIO(rendered.first.pdf)) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3"
        assert meta["pdfaid:conformance"] == "U"
        assert str(pdf.Root.Lang) == "nl-BE"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1"
        assert "/StructTreeRoot" in pdf.Root  # tagged
        assert str(pdf.docinfo.Title) == "AVG-dossier Gemeente Dossiertest — versie 1"
        assert meta["dc:title"] == "AVG-dossier Gemeente Dossiertest — versie 1"
        assert str(pdf.docinfo.Author) == "Gemeente Dossiertest"


def test_associated_files_are_listed_once(rendered):
    with pikepdf.open(io.BytesIO(rendered.first.pdf)) as pdf:
        associated = [item.objgen for item in pdf.Root.AF]
        assert len(associated) == len(set(associated)) == 1
        spec = pdf.Root.AF[0]
        assert spec.AFRelationship == "/Data"
        assert str(spec.UF) == ATTACHMENT_NAME


def test_embedded_json_equals_the_register_export(rendered):
    with pikepdf.open(io.BytesIO(rendered.first.pdf)) as pdf:
        attached = pdf.attachments[ATTACHMENT_NAME].get_file().read_bytes()
    embedded = json.loads(attached)
    assert embedded == rendered.export
    names = [a["name"] for a in embedded["activities"]]
    assert SCRIPT_NAME in names and rendered.fixture.ended_name in names
    assert embedded["schema_version"] == 1


def test_embedded_json_follows_the_published_schema(rendered):
    schema = json.loads(SCHEMA_PATH.read_text())
    assert validate(rendered.export, schema) == []


def test_only_the_shipped_fonts_are_embedded(rendered):
    with pikepdf.open(io.BytesIO(rendered.first.pdf)) as pdf:
        fonts = {str(font.BaseFont) for page in pdf.pages for font in page.Resources.get("/Font", {}).values()}
    assert fonts
    assert all("Dossier-Sans" in name for name in fonts), fonts


def test_table_of_contents_has_the_real_page_numbers(rendered):
    pages = rendered.pages
    toc = normalise(pages[1])
    for heading in ("1. Samenvatting", "2. Verwerkingsregister", "8. Wijzigingen sinds het vorige dossier"):
        listed = int(re.search(re.escape(heading) + r"[ .…]*?(\d+)", toc).group(1))
        actual = next(i + 1 for i, page in enumerate(pages) if i > 1 and normalise(page).find(heading) >= 0)
        assert listed == actual, heading


def test_running_headers_footers_and_bookmarks(rendered):
    pages = rendered.pages
    total = len(pages)
    assert rendered.first.page_count == total
    register_page = next(p for p in pages[2:] if "VT-02" in p and "Doeleinden" in p)
    assert "Gemeente Dossiertest" in register_page
    assert "2. Verwerkingsregister" in register_page
    assert f"pagina 3 van {total}" in normalise(pages[2])
    outline = PdfReader(io.BytesIO(rendered.first.pdf)).outline
    titles = _flatten(outline)
    assert "1. Samenvatting" in titles
    assert any("Bevolkingsregister bijhouden" in t for t in titles)
    assert "E-loket attesten" in titles


def _flatten(outline) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles.extend(_flatten(item))
        else:
            titles.append(item.title)
    return titles


def test_channels_findings_and_action_plan_are_in_the_dossier(rendered):
    text = rendered.text
    assert "E-loket attesten" in text and "https://loket.example.be/attesten" in text
    assert "Voorbeeldtracker" in text
    assert "HSTS ontbreekt op het e-loket" in text
    assert "HSTS laten activeren door Loketwerk" in text and "te laat" in text
    assert "Mia Maker" in text
    assert "Nieuwsbrief BV" in text and "ontbreekt" in text
