"""Exports: XLSX in the authority's layout, CSV, JSON (dossier schema), JSON-LD (DPV); and the round trip."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook
from sqlalchemy import select

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.extensions import db
from lokaal_avg.dossiers.export import SCHEMA_PATH
from lokaal_avg.exchange import dpv
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors import services as processors
from tests.dossiers.schema_check import validate
from tests.fixtures.dossiers import build_register


def _org_with_register(app, create_org, slug="bron"):
    org = create_org(slug=slug, departments=("Burgerzaken", "Vrije tijd"))
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        build_register(fresh)
        db.session.commit()
    return org


def _export(app, slug: str, fmt: str, tmp_path) -> bytes:
    out = tmp_path / f"{slug}.{fmt}"
    result = app.test_cli_runner().invoke(
        args=["export-register", "--org", slug, "--format", fmt, "--out", str(out), "--with-ended"]
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def _register_rows(data: bytes) -> list[dict]:
    """The register sheet as {title: value} rows (status left out: an import always makes concepts)."""
    wb = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(wb["Register"].iter_rows(min_row=5, values_only=True))
    titles = rows[0]
    out = []
    for values in rows[1:]:
        if any(v is not None for v in values):
            out.append({t: v for t, v in zip(titles, values, strict=False) if t != "Status"})
    return sorted(out, key=lambda r: r["Naam van de verwerking"])


def test_export_import_export_gives_the_same_register(app, create_org, tmp_path):
    _org_with_register(app, create_org)
    first = _export(app, "bron", "xlsx", tmp_path)
    target = create_org(slug="doel", departments=())  # departments come with the import
    with app.app_context():  # processors are not created by an import; they exist in both
        fresh = db.session.get(Organisation, target.id)
        processors.create_processor(fresh, None, {"name": "Loketwerk NV"})
        processors.create_processor(fresh, None, {"name": "Nieuwsbrief BV"})
        db.session.commit()
    path = tmp_path / "bron-export.xlsx"
    path.write_bytes(first)
    result = app.test_cli_runner().invoke(args=["import-register", "--org", "doel", str(path)])
    assert result.exit_code == 0, result.output
    second = _export(app, "doel", "xlsx", tmp_path)
    assert _register_rows(second) == _register_rows(first)
    assert len(_register_rows(first)) >= 3


def test_xlsx_follows_the_authority_model(app, create_org, tmp_path):
    _org_with_register(app, create_org)
    wb = load_workbook(io.BytesIO(_export(app, "bron", "xlsx", tmp_path)))
    assert wb.sheetnames == ["Verwerkingsverantwoordelijke", "Register"]
    ws = wb["Register"]
    assert ws.cell(4, 1).value == "Verwerking"  # group row with merged cells
    assert any(str(r).startswith("A4:") for r in ws.merged_cells.ranges)
    titles = [c.value for c in ws[5]]
    assert titles[:2] == ["Referentie", "Naam van de verwerking"]
    purposes = ws.cell(5, titles.index("Doeleinden") + 1)
    assert purposes.fill.fgColor.rgb.endswith("F4CCCC")  # Art. 30 columns are red, as in the model


def test_csv_is_semicolon_separated_with_bom(app, create_org, tmp_path):
    _org_with_register(app, create_org)
    data = _export(app, "bron", "csv", tmp_path)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Referentie", "Naam van de verwerking"]
    assert any(r[1] == "Bevolkingsregister bijhouden" for r in rows[1:])


def test_json_uses_the_dossier_schema(app, create_org, tmp_path):
    _org_with_register(app, create_org)
    document = json.loads(_export(app, "bron", "json", tmp_path))
    assert validate(document, json.loads(SCHEMA_PATH.read_text())) == []
    assert document["schema"] == "urn:lokaal-avg:dossier-register:1"
    assert "Bevolkingsregister bijhouden" in {a["name"] for a in document["activities"]}


def test_jsonld_uses_dpv_terms(app, create_org, tmp_path):
    _org_with_register(app, create_org)
    document = json.loads(_export(app, "bron", "jsonld", tmp_path))
    assert document["@context"]["dpv"] == "https://w3id.org/dpv#"
    node = next(n for n in document["@graph"] if n["dct:title"] == "Bevolkingsregister bijhouden")
    assert node["dpv:hasLegalBasis"]["@id"] == "eu-gdpr:A6-1-c"
    types = {t for item in node["dpv:hasPersonalData"] for t in item["@type"]}
    assert {"pd:Identifying", "pd:Contact", "pd:OfficialID"} <= types
    assert node["dpv:hasDataSubject"][0]["@type"] == ["dpv:Citizen"]
    assert node["dpv:hasStorageCondition"][0]["@type"] == "dpv:StorageDuration"


def test_every_shipped_list_value_has_a_dpv_mapping():
    catalogue = json.loads((SCHEMA_PATH.parent.parent.parent / "catalogue" / "lists.json").read_text())
    assert {i["code"] for i in catalogue["data_categories"]} == set(dpv.DATA_CATEGORIES)
    assert {i["code"] for i in catalogue["subject_categories"]} == set(dpv.SUBJECT_CATEGORIES)
    assert {i["code"] for i in catalogue["recipient_categories"]} == set(dpv.RECIPIENT_CATEGORIES)
    activities = json.loads((SCHEMA_PATH.parent.parent.parent / "catalogue" / "activities.json").read_text())
    assert all(dpv.purpose_term(a["code"]) != "dpv:Purpose" for a in activities["activities"])


def test_export_from_the_register_page_is_filtered_and_audited(app, client, login, create_org, create_user):
    org = _org_with_register(app, create_org, slug="pagina")
    login(create_user(org=org, role="lezer"))
    page = client.get("/o/pagina/register/?q=Bevolking").get_data(as_text=True)
    assert "/o/pagina/register/exporteren/csv?q=Bevolking" in page
    response = client.get("/o/pagina/register/exporteren/csv?q=Bevolking")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["Bevolkingsregister bijhouden"]
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
        assert entry.changes["format"] == [None, "csv"]
    assert client.get("/o/pagina/register/exporteren/pdf").status_code == 404


def test_register_page_with_odd_parameters_still_offers_exports(client, login, create_org, create_user):
    org = create_org(slug="vreemd")
    login(create_user(org=org, role="beheerder"))
    page = client.get("/o/vreemd/register/?fmt=pdf&page=2&q=%3Cscript%3E")
    assert page.status_code == 200
    assert "/o/vreemd/register/exporteren/xlsx?" in page.get_data(as_text=True)
    assert "<script>" not in page.get_data(as_text=True)


def test_csv_export_reads_back_into_an_empty_organisation(app, create_org, tmp_path):
    _org_with_register(app, create_org, slug="csvbron")
    first = _export(app, "csvbron", "csv", tmp_path)
    target = create_org(slug="csvdoel", departments=())
    with app.app_context():
        fresh = db.session.get(Organisation, target.id)
        processors.create_processor(fresh, None, {"name": "Loketwerk NV"})
        processors.create_processor(fresh, None, {"name": "Nieuwsbrief BV"})
        db.session.commit()
    path = tmp_path / "register.csv"
    path.write_bytes(first)
    result = app.test_cli_runner().invoke(args=["import-register", "--org", "csvdoel", str(path)])
    assert result.exit_code == 0, result.output
    second = _export(app, "csvdoel", "csv", tmp_path)

    def rows(data: bytes) -> list[list[str]]:
        table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        status = table[0].index("Status")
        return sorted([v for i, v in enumerate(r) if i != status] for r in table[1:])

    assert rows(second) == rows(first)
