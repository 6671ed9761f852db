"""Issue 10, dossier layout: entries that break across pages, record sheets of more than one leaf,
and the tagged PDF (running headers kept out of the text, header cells with their scope)."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pypdf import PdfReader

from lokaal_avg.core.extensions import db
from lokaal_avg.dossiers import services
from lokaal_avg.dossiers.scope import ACTIVITY, ORGANISATION, DossierScope
from lokaal_avg.organisations import services as organisations
from lokaal_avg.register import services as register

# Long, but within a field's 10,000 characters (PostgreSQL enforces them): purposes and description together.
LONG = "\n".join(f"Doel {n}: de aanvraag van een inwoner behandelen, nakijken en beantwoorden." for n in range(90))
MORE = "\n".join(f"Stap {n}: het dossier van de inwoner aanvullen, controleren en archiveren." for n in range(60))


@pytest.fixture(scope="module")
def rendered(app):
    """A dossier and a record sheet of one very long entry, rendered once and rolled back."""
    with app.app_context():
        try:
            org = organisations.create_organisation("langgem", "Gemeente Langgem", departments=("Burgerzaken",))
            activity = register.create_activity(
                org, None, {"name": "Lange verwerking", "reference": "LV-01", "purposes": LONG, "description": MORE}
            )
            register.create_activity(org, None, {"name": "Korte verwerking", "reference": "KV-02"})
            dossier = services.generate_dossier(org, None, DossierScope(ORGANISATION)).pdf
            sheet = services.generate_dossier(org, None, DossierScope(ACTIVITY, activity_id=activity.id)).pdf
        finally:
            db.session.rollback()  # before the tests run: their own transactions must not wait for ours
    return dossier, sheet


def pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_an_entry_that_breaks_repeats_reference_and_name_on_the_next_page(rendered):
    dossier, _sheet = rendered
    texts = pages(dossier)
    spanning = [t for t in texts if "Doel 70:" in t or "Stap 59:" in t]
    assert spanning, "the long entry should run over several pages"
    for text in spanning:
        assert "· LV-01 Lange verwerking" in text
    # After the entry ends, the next page does not claim to continue it.
    last = max(i for i, t in enumerate(texts) if "Doel 89:" in t or "Stap 59:" in t)
    assert all("LV-01 Lange verwerking" not in t or "Korte verwerking" in t for t in texts[last + 2 :])


def test_a_long_record_sheet_says_blad_1_van_2(rendered):
    _dossier, sheet = rendered
    texts = pages(sheet)
    assert len(texts) >= 2
    assert f"blad 1 van {len(texts)}" in texts[0] and f"blad 2 van {len(texts)}" in texts[1]
    assert "Registerfiche: LV-01 Lange verwerking" in texts[1]  # the leaf names its entry


def test_tagged_pdf_header_cells_have_a_scope_and_running_headers_are_artifacts(rendered):
    dossier, _sheet = rendered
    with pikepdf.open(io.BytesIO(dossier)) as pdf:
        scopes = set()
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH":
                attributes = obj.get("/A")
                assert attributes is not None and "/Scope" in attributes
                scopes.add(str(attributes["/Scope"]))
        assert scopes == {"/Column", "/Row"}
        # Every marked content that is still structured belongs to the tree; the margins' slots are empty.
        root = pdf.Root.StructTreeRoot
        linked, todo = set(), list(root.K)
        while todo:
            element = todo.pop()
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in linked:
                linked.add(element.objgen)
                kids = element.get("/K")
                if isinstance(kids, pikepdf.Array):
                    todo.extend(kids)
                elif isinstance(kids, pikepdf.Dictionary):
                    todo.append(kids)
        nums = list(root.ParentTree.Nums)
        emptied = 0
        for page_index in range(1, 4):
            slots = nums[2 * page_index + 1]
            assert int(nums[2 * page_index]) == page_index
            for slot in slots:
                if slot is None or (isinstance(slot, pikepdf.Object) and slot._type_name == "null"):
                    emptied += 1
                else:
                    assert slot.objgen in linked
        assert emptied >= 3  # at least the footer of each page
    assert "pagina 2 van" in pages(dossier)[1]  # still printed, only no longer part of the text structure
