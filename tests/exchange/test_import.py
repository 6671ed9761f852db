"""Importing spreadsheet registers: each layout, each way of being broken, the web flow and the CLI."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import ProcessingActivity, SubjectCategory
from tests.exchange import sheets


def _activities(app, org) -> dict[str, ProcessingActivity]:
    with app.app_context():
        items = db.session.scalars(select(ProcessingActivity).where(ProcessingActivity.organisation_id == org.id)).all()
        for a in items:
            a.data_categories, a.subject_categories, a.recipient_categories  # noqa: B018 - load
        return {a.reference or a.name: a for a in items}


def _upload(client, org, data: bytes, filename: str):
    return client.post(
        f"/o/{org.slug}/register/importeren",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _import_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


@pytest.fixture
def dpo(create_org, create_user, login):
    org = create_org(slug="voorbeeldegem", departments=("Burgerzaken", "Personeel"))
    user = create_user(org=org, role="functionaris")
    login(user)
    return org


def test_authority_model_preview_then_confirm(app, client, dpo):
    import_id = _import_id(_upload(client, dpo, sheets.authority_model(), "Register GBA.xlsx"))
    page = client.get(f"/o/{dpo.slug}/register/importeren/{import_id}").get_data(as_text=True)
    # The register sheet (second) was found under its title block, with the grouped header.
    assert "Blad Register, kolomtitels op rij 5" in page
    assert "3 nieuw" in page
    # Cells that could not be understood are named, with their cell address.
    assert "Onbekende rechtsgrond" in page and "F8" in page
    assert "Onleesbare datum" in page and "O8" in page
    # New list values are proposed, nothing is written yet.
    assert "Sollicitatiebrieven" in page and "Kinderen van 6 tot 12" in page
    assert _activities(app, dpo) == {}

    response = client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    assert response.status_code == 302
    activities = _activities(app, dpo)
    assert set(activities) == {"BZ-01", "PE-02", "VT-09"}
    bz = activities["BZ-01"]
    assert bz.status == "concept" and bz.legal_basis == "c" and bz.name == "Bevolkingsregister"
    assert bz.purposes == "Inschrijving en bijhouden van de inwoners"
    assert {c.code for c in bz.data_categories} == {"identificatie", "contact", "rijksregisternummer"}
    assert {c.code for c in bz.subject_categories} == {"inwoners", "minderjarigen"}
    assert bz.third_country_transfers is False
    assert "Bedrijfsproces: Dienstverlening burgers" in bz.description
    pe = activities["PE-02"]
    assert pe.legal_basis == "e" and str(pe.end_date) == "2024-12-31"
    assert "Sollicitatiebrieven" in {c.name for c in pe.data_categories}
    assert activities["VT-09"].legal_basis is None
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
        assert entry.changes["filename"][1] == "Register GBA.xlsx"
        assert len(entry.changes["sha256"][1]) == 64


def test_reimport_updates_by_reference_without_duplicates(app, client, dpo):
    data = sheets.authority_model()
    client.post(f"/o/{dpo.slug}/register/importeren/{_import_id(_upload(client, dpo, data, 'r.xlsx'))}/bevestigen")
    again = _import_id(_upload(client, dpo, data, "r.xlsx"))
    page = client.get(f"/o/{dpo.slug}/register/importeren/{again}").get_data(as_text=True)
    assert "3 ongewijzigd" in page and "Er is niets te importeren" in page
    rows = [list(r) for r in sheets.AUTHORITY_ROWS]
    rows[0][12] = "20 jaar"
    changed = _import_id(_upload(client, dpo, sheets.authority_model(rows), "r2.xlsx"))
    page = client.get(f"/o/{dpo.slug}/register/importeren/{changed}").get_data(as_text=True)
    assert "1 bij te werken" in page
    client.post(f"/o/{dpo.slug}/register/importeren/{changed}/bevestigen")
    activities = _activities(app, dpo)
    assert len(activities) == 3 and activities["BZ-01"].retention == "20 jaar"


def test_user_maps_an_unrecognised_column_and_a_new_value(app, client, dpo):
    import_id = _import_id(_upload(client, dpo, sheets.one_per_row(2), "eigen.xlsx"))
    page = client.get(f"/o/{dpo.slug}/register/importeren/{import_id}").get_data(as_text=True)
    assert "niet herkend" in page  # the Remarks column
    with app.app_context():
        residents = db.session.scalar(
            select(SubjectCategory.id).where(
                SubjectCategory.organisation_id == dpo.id, SubjectCategory.code == "inwoners"
            )
        )
    client.post(
        f"/o/{dpo.slug}/register/importeren/{import_id}",
        data={"kolom_5": "description"},
    )
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    activities = _activities(app, dpo)
    assert activities["Activity 0"].description == "note 0"
    assert activities["Activity 0"].legal_basis == "e"
    assert [c.id for c in activities["Activity 1"].subject_categories] == [residents]


def test_new_list_value_mapped_to_existing_item(app, client, dpo):
    import_id = _import_id(_upload(client, dpo, sheets.simplified_model(), "registre.xlsx"))
    with app.app_context():
        staff = db.session.scalar(
            select(SubjectCategory.id).where(
                SubjectCategory.organisation_id == dpo.id, SubjectCategory.code == "personeel"
            )
        )
    client.post(
        f"/o/{dpo.slug}/register/importeren/{import_id}", data={"waarde_betrokkenen:agents communaux": str(staff)}
    )
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    activities = _activities(app, dpo)
    assert activities["1"].name == "Gestion du personnel"
    assert [c.code for c in activities["1"].subject_categories] == ["personeel"]
    assert activities["2"].legal_basis == "a"
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(SubjectCategory)
                .where(SubjectCategory.organisation_id == dpo.id, SubjectCategory.name == "Agents communaux")
            )
            == 0
        )


def test_csv_in_windows_1252_and_utf8_bom(app, client, dpo):
    text = "Nr;Naam van de verwerking;Doeleinden;Rechtsgrond\r\n1;Crèche-inschrijving;Opvang;toestemming\r\n"
    for encoded, name in ((text.encode("cp1252"), "a.csv"), (b"\xef\xbb\xbf" + text.encode("utf-8"), "b.csv")):
        import_id = _import_id(_upload(client, dpo, encoded, name))
        page = client.get(f"/o/{dpo.slug}/register/importeren/{import_id}").get_data(as_text=True)
        assert "Crèche-inschrijving" in page
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    assert _activities(app, dpo)["1"].name == "Crèche-inschrijving"


def test_ods_file(app, client, dpo):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Registre")
    for values in (
        ["Référence", "Nom du traitement", "Finalités", "Base juridique"],
        ["X-1", "Bibliothèque", "Prêt", "6(1)(e)"],
    ):
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    table.addElement(TableRow(numberrowsrepeated=1048000))  # formatted to the last row
    doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.save(buffer)
    import_id = _import_id(_upload(client, dpo, buffer.getvalue(), "registre.ods"))
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    assert _activities(app, dpo)["X-1"].legal_basis == "e"


def _encrypted() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(sheets.simplified_model())
    out = io.BytesIO()
    office = OOXMLFile(plain)
    office.encrypt("geheim", out)
    return out.getvalue()


def _merged_header() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Nr", "Naam van de verwerking", None, "Rechtsgrond"])
    ws.merge_cells("B1:C1")
    ws.append(["1", "Bevolking", "extra", "c"])
    return sheets.to_bytes(wb)


@pytest.mark.parametrize(
    ("make", "filename", "message"),
    [
        (lambda: b"%PDF-1.7 not a sheet", "register.xlsx", "geen geldig spreadsheetbestand"),
        (lambda: b"", "register.xlsx", "leeg"),
        (lambda: b"hallo", "register.docx", "Kies een .xlsx"),
        (_encrypted, "register.xlsx", "wachtwoord"),
        (lambda: sheets.large_register(5100), "groot.xlsx", "meer dan 5000 rijen"),
        (sheets.with_formula_without_value, "formules.xlsx", "formules zonder berekende waarde"),
        (lambda: sheets.to_bytes(Workbook()), "leeg.xlsx", "alle bladen zijn leeg"),
        (lambda: sheets.authority_model(rows=[]), "kop.xlsx", "geen verwerkingen"),
    ],
    ids=[
        "not-a-spreadsheet",
        "empty-file",
        "wrong-type",
        "encrypted",
        "too-many-rows",
        "formulas",
        "empty-sheets",
        "header-only",
    ],
)
def test_broken_files_get_a_dutch_message_and_change_nothing(app, client, dpo, make, filename, message):
    response = _upload(client, dpo, make(), filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _activities(app, dpo) == {}


def test_zip_bomb_is_refused_before_unpacking(client, dpo):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    response = _upload(client, dpo, buffer.getvalue(), "bom.xlsx")
    assert response.status_code == 422
    assert "onredelijke grootte" in response.get_data(as_text=True)


def test_merged_header_cell_leaves_an_untitled_column_to_map(client, dpo):
    import_id = _import_id(_upload(client, dpo, _merged_header(), "samengevoegd.xlsx"))
    page = client.get(f"/o/{dpo.slug}/register/importeren/{import_id}").get_data(as_text=True)
    assert "geen titel" in page


@pytest.mark.parametrize("role", ["medewerker", "lezer"])
def test_only_beheerder_and_functionaris_import(client, create_org, create_user, login, role):
    org = create_org()
    login(create_user(org=org, role=role, departments=("Burgerzaken",)))
    assert client.get(f"/o/{org.slug}/register/importeren").status_code == 403


def test_another_members_upload_is_not_found(client, app, create_org, create_user, login):
    org = create_org()
    first, second = create_user(org=org, role="beheerder"), create_user(org=org, role="functionaris")
    login(first)
    import_id = _import_id(_upload(client, org, sheets.simplified_model(), "r.xlsx"))
    client.post("/logout")
    login(second)
    assert client.get(f"/o/{org.slug}/register/importeren/{import_id}").status_code == 404
    assert client.post(f"/o/{org.slug}/register/importeren/{import_id}/bevestigen").status_code == 404


def test_cli_dry_run_prints_the_preview_and_saves_nothing(app, create_org, tmp_path):
    org = create_org(slug="cliorg", departments=("Burgerzaken", "Personeel"))
    path = tmp_path / "register.xlsx"
    path.write_bytes(sheets.authority_model())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-register", "--org", "cliorg", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert "rij 6: nieuw — BZ-01 Bevolkingsregister" in result.output
    assert "Onleesbare datum" in result.output and "Proefdraai" in result.output
    assert _activities(app, org) == {}
    result = runner.invoke(args=["import-register", "--org", "cliorg", str(path)])
    assert result.exit_code == 0, result.output
    assert set(_activities(app, org)) == {"BZ-01", "PE-02", "VT-09"}


def test_unknown_department_is_proposed_and_controller_sheet_fills_empty_fields(app, client, dpo):
    import_id = _import_id(_upload(client, dpo, sheets.authority_model(), "Register GBA.xlsx"))
    page = client.get(f"/o/{dpo.slug}/register/importeren/{import_id}").get_data(as_text=True)
    assert "Gegevens van de verwerkingsverantwoordelijke" in page and "Dirk DPO" in page
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    activities = _activities(app, dpo)
    with app.app_context():
        org = db.session.get(Organisation, dpo.id)
        assert org.dpo_name == "Dirk DPO" and org.kbo_number == "0207.436.379"
        assert "Vrije tijd" in {d.name for d in org.departments}
        vt = db.session.get(ProcessingActivity, activities["VT-09"].id)
        assert vt.department.name == "Vrije tijd"


def test_controller_sheet_never_overwrites(app, client, create_org, create_user, login):
    org = create_org(slug="eigendpo", dpo_name="Eigen DPO")
    login(create_user(org=org, role="beheerder"))
    import_id = _import_id(_upload(client, org, sheets.authority_model(), "r.xlsx"))
    client.post(f"/o/{org.slug}/register/importeren/{import_id}/bevestigen")
    with app.app_context():
        assert db.session.get(Organisation, org.id).dpo_name == "Eigen DPO"


def test_import_sends_a_changed_approved_entry_back_to_concept(app, client, dpo, create_activity):
    activity = create_activity(dpo, name="Werving", reference="PE-02", purposes="Oud doel")
    with app.app_context():
        stored = db.session.get(ProcessingActivity, activity.id)
        stored.status = "goedgekeurd"
        db.session.commit()
    import_id = _import_id(_upload(client, dpo, sheets.authority_model(), "r.xlsx"))
    page = client.get(f"/o/{dpo.slug}/register/importeren/{import_id}").get_data(as_text=True)
    assert "2 nieuw" in page and "1 bij te werken" in page
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    with app.app_context():
        stored = db.session.get(ProcessingActivity, activity.id)
        assert stored.status == "concept" and stored.purposes == "Kandidaten selecteren"


def test_formula_cached_value_is_read_and_never_evaluated(app, client, dpo):
    import_id = _import_id(_upload(client, dpo, sheets.with_cached_formula(), "formules.xlsx"))
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    assert _activities(app, dpo)["2"].name == "Verwerking uit formule"


def test_xlsm_is_read_and_its_macros_never_run(app, client, dpo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "canary.txt").write_text("nog hier")
    import_id = _import_id(_upload(client, dpo, sheets.macro_workbook(), "register.xlsm"))
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    assert _activities(app, dpo)["1"].name == "Gestion du personnel"
    assert (tmp_path / "canary.txt").read_text() == "nog hier"


def test_dashboard_figures_show_the_last_import(app, client, dpo):
    from lokaal_avg.exchange.services import dashboard_figures

    with app.app_context():
        assert dashboard_figures(db.session.get(Organisation, dpo.id)).last_import_at is None
    import_id = _import_id(_upload(client, dpo, sheets.simplified_model(), "registre.xlsx"))
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    with app.app_context():
        figures = dashboard_figures(db.session.get(Organisation, dpo.id))
        assert figures.last_import_file == "registre.xlsx" and figures.last_import_created == 2


def test_tampered_choices_are_ignored_or_refused_never_a_500(app, client, dpo, create_org):
    other = create_org(slug="ander")
    with app.app_context():
        foreign = db.session.scalar(select(SubjectCategory.id).where(SubjectCategory.organisation_id == other.id))
    import_id = _import_id(_upload(client, dpo, sheets.simplified_model(), "registre.xlsx"))
    response = client.post(
        f"/o/{dpo.slug}/register/importeren/{import_id}",
        data={
            "kolom_abc": "name",
            "kolom_99999999": "name",
            "kolom_1": "geen_veld",
            "waarde_betrokkenen:agents communaux": str(foreign),
        },
    )
    assert response.status_code == 302
    response = client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen", follow_redirects=True)
    assert response.status_code == 200
    assert "hoort niet bij deze organisatie" in response.get_data(as_text=True)
    assert _activities(app, dpo) == {}


def test_control_characters_in_cells_and_file_name_are_dropped(app, client, dpo):
    text = "Nr;Naam van de verwerking;Doeleinden\r\n1;Bevol\x0bking;Reg\x07ister\r\n"
    import_id = _import_id(_upload(client, dpo, text.encode(), "reg\x00ister.csv"))
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    activity = _activities(app, dpo)["1"]
    assert activity.name == "Bevolking" and activity.purposes == "Register"


def test_names_from_the_authority_lists_link_to_catalogue_items(app, client, dpo):
    text = (
        "Nr;Naam van de verwerking;Categorieën van persoonsgegevens;Betrokkenen;Ontvangers\r\n"
        '1;Sancties;"Financiële bijzonderheden\nGerechtelijke gegevens\nNaam";Burgers;Police\r\n'
    )
    import_id = _import_id(_upload(client, dpo, text.encode("utf-8"), "gba.csv"))
    page = client.get(f"/o/{dpo.slug}/register/importeren/{import_id}").get_data(as_text=True)
    assert "Nieuwe waarden voor uw lijsten" not in page
    client.post(f"/o/{dpo.slug}/register/importeren/{import_id}/bevestigen")
    activity = _activities(app, dpo)["1"]
    assert {c.code for c in activity.data_categories} == {"financieel", "strafrechtelijk", "identificatie"}
    assert [c.code for c in activity.subject_categories] == ["inwoners"]
    assert [c.code for c in activity.recipient_categories] == ["politie"]


def test_abandoned_uploads_are_dropped(app, client, dpo, create_user, login):
    from datetime import timedelta

    from lokaal_avg.core.db import utcnow
    from lokaal_avg.exchange.models import RegisterImport

    old_id = _import_id(_upload(client, dpo, sheets.simplified_model(), "oud.xlsx"))
    with app.app_context():
        db.session.get(RegisterImport, old_id).created_at = utcnow() - timedelta(days=2)
        db.session.commit()
    client.post("/logout")
    login(create_user(org=dpo, role="beheerder"))
    _import_id(_upload(client, dpo, sheets.simplified_model(), "nieuw.xlsx"))
    with app.app_context():
        names = db.session.scalars(select(RegisterImport.filename).where(RegisterImport.organisation_id == dpo.id))
        assert list(names) == ["nieuw.xlsx"]  # ids may be reused by SQLite: compare what is kept
