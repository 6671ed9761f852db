"""Spreadsheets as municipalities keep them, written with openpyxl for the tests and the benchmark.

authority_model(): the GBA/APD model register as described in shared/EXCHANGE.md — a
controller sheet first, the register sheet second under a title block, a two-row header
with merged group cells, a hidden column, dates as serial numbers and as d/m/yyyy text,
lists in one cell on several lines, a formula with its cached value, a comment, and the
rows formatted down to row 1,048,576.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

RED = PatternFill("solid", fgColor="FFC7CE")

# (group, title) per column, as in the authority's Dutch model.
AUTHORITY_COLUMNS = [
    ("Bedrijfsproces", "Naam van het bedrijfsproces"),
    ("Bedrijfsproces", "Eigenaar van het proces"),
    ("Verwerking", "Intern nummer"),
    ("Verwerking", "Naam / functionele omschrijving"),
    ("Doeleinden en rechtsgrond", "Doeleinde(n)"),
    ("Doeleinden en rechtsgrond", "Rechtsgrond"),
    ("Doeleinden en rechtsgrond", "Wettelijke basis"),
    ("Gegevens en betrokkenen", "AVG-gegevenscategorie"),
    ("Gegevens en betrokkenen", "Categorieën van betrokkenen"),
    ("Ontvangers", "Categorieën van ontvangers"),
    ("Doorgiften", "Derde landen of internationale organisaties"),
    ("Doorgiften", "Waarborgen"),
    ("Bewaring", "Bewaartermijn"),
    ("Beveiliging", "Technische en organisatorische maatregelen"),
    ("Status", "Einddatum verwerking"),
    ("Status", "Plaatsvervangende verwerking"),
]

AUTHORITY_ROWS = [
    [
        "Dienstverlening burgers",
        "Burgerzaken",
        "BZ-01",
        "Bevolkingsregister",
        "Inschrijving en bijhouden van de inwoners",
        "c) Wettelijke verplichting",
        "Wet van 19 juli 1991",
        "Identificatiegegevens\nContactgegevens\nRijksregisternummer of INSZ",
        "Inwoners; Minderjarigen",
        "Federale overheid\nPolitie",
        "Nee",
        None,
        "10 jaar na afsluiting",
        "Toegang enkel met eID",
        None,
        None,
    ],
    [
        "Personeel",
        "Personeel",
        "PE-02",
        "Werving en selectie",
        "Kandidaten selecteren",
        "6.1.e",
        None,
        "Identificatiegegevens\nOpleiding en beroep\nSollicitatiebrieven",
        "Sollicitanten",
        "Interne diensten",
        "Nee",
        None,
        "1 jaar",
        "Afgeschermde map",
        "31/12/2024",
        "PE-03",
    ],
    [
        "Vrije tijd",
        "Vrije tijd",
        "VT-09",
        "Speelpleinwerking",
        "Inschrijving van kinderen",
        "wat de wet zegt",
        None,
        "Identificatiegegevens",
        "Kinderen van 6 tot 12",
        "Verzekeraars",
        "Nee",
        None,
        "2 jaar",
        None,
        "dertig juni",
        None,
    ],
]


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _controller_sheet(wb: Workbook) -> None:
    ws = wb.active
    ws.title = "Identificatie verantwoordelijke"
    ws.append(["Identificatie van de verwerkingsverantwoordelijke"])
    ws.append(["Naam", "Gemeente Voorbeeldegem"])
    ws.append(["KBO-nummer", "0207.436.379"])
    ws.append(["Functionaris voor gegevensbescherming", "Dirk DPO"])


def authority_model(rows: Iterable[list] | None = None, trailing_rows: bool = True) -> bytes:
    wb = Workbook()
    _controller_sheet(wb)
    ws = wb.create_sheet("Register")
    wb.create_sheet("Lijsten").append(["Rechtsgronden", "Toestemming", "Overeenkomst"])
    wb.create_sheet("Handleiding").append(["Vul per verwerking één rij in."])
    ws["A1"] = "Register van de verwerkingsactiviteiten"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Versie 2018 — kolommen in het rood zijn verplicht (art. 30 AVG)"
    group_row, title_row = 4, 5
    start = 1
    for index, (group, title) in enumerate(AUTHORITY_COLUMNS, start=1):
        ws.cell(title_row, index, title).fill = RED
        if index == len(AUTHORITY_COLUMNS) or AUTHORITY_COLUMNS[index][0] != group:
            ws.cell(group_row, start, group)
            if index > start:
                ws.merge_cells(start_row=group_row, start_column=start, end_row=group_row, end_column=index)
            start = index + 1
    ws.column_dimensions["B"].hidden = True
    ws.cell(title_row, 5).comment = Comment("Waarom verwerkt u deze gegevens?", "GBA")
    for number, values in enumerate(rows if rows is not None else AUTHORITY_ROWS, start=title_row + 1):
        for column, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(number, column, value)
    if rows is None:
        ws.cell(title_row + 1, 15).number_format = "d/m/yyyy"
        # a formula with its cached value: openpyxl cannot write cached values, see formula_book()
    if trailing_rows:
        ws.cell(1048576, 1).number_format = "@"  # formatted down to the last row, as many templates are
        ws.cell(1048576, 1).value = None
        for column in range(1, 40):
            ws.cell(title_row + 200, column).fill = RED
    return to_bytes(wb)


def simplified_model() -> bytes:
    """The authority's simplified template: one header row, the Art. 30 minimum, in French."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Registre"
    ws.append(
        [
            "N°",
            "Dénomination",
            "Finalité(s)",
            "Base juridique",
            "Catégories de personnes concernées",
            "Catégories de données",
            "Destinataires",
            "Transferts pays tiers",
            "Durée de conservation",
            "Mesures de sécurité",
        ]
    )
    ws.append(
        [
            "1",
            "Gestion du personnel",
            "Paie",
            "obligation légale",
            "Agents communaux",
            "Identificatiegegevens",
            "Interne diensten",
            "non",
            "5 ans",
            "Accès limité",
        ]
    )
    ws.append(
        [
            "2",
            "Newsletter",
            "Information",
            "consentement",
            "Inwoners",
            "Contactgegevens",
            "",
            "non",
            "Jusqu'au désabonnement",
            "",
        ]
    )
    return to_bytes(wb)


def one_per_row(rows: int = 3) -> bytes:
    """A municipality's own sheet: English titles, no reference numbers, an unrecognised column."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Processing activity", "Purpose", "Lawful basis", "Data subjects", "Personal data", "Remarks"])
    for n in range(rows):
        ws.append([f"Activity {n}", f"Purpose {n}", "public task", "Inwoners", "Contactgegevens", f"note {n}"])
    return to_bytes(wb)


def large_register(rows: int, seed_rows: list[list] | None = None) -> bytes:
    """rows activities in the authority's layout, for the benchmark and the row limit."""
    base = seed_rows or AUTHORITY_ROWS[:2]
    generated = []
    for n in range(rows):
        values = list(base[n % len(base)])
        values[2] = f"R-{n:05d}"
        values[3] = f"{values[3]} {n}"
        values[14] = None
        values[15] = None
        generated.append(values)
    return authority_model(generated, trailing_rows=False)


def with_formula_without_value() -> bytes:
    """openpyxl writes formulas without a cached value: what a generated, never-opened file looks like."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Nr", "Naam van de verwerking", "Doeleinden", "Rechtsgrond"])
    ws.append(["1", "Bevolking", "Register", "c"])
    ws.append(["2", '=CONCATENATE("Ver","werking")', "Register", "c"])
    return to_bytes(wb)


def _rewrite(data: bytes, change) -> bytes:
    """A copy of the zip container with change(name, bytes) -> bytes applied to every member."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
        extra = change("xl/vbaProject.bin", None)
        if extra is not None:
            target.writestr("xl/vbaProject.bin", extra)
    return out.getvalue()


def with_cached_formula() -> bytes:
    """A formula with the value Excel last calculated, as every saved workbook has it."""

    def change(name: str, content: bytes | None) -> bytes | None:
        if content is None:
            return None
        if name == "xl/worksheets/sheet1.xml":
            return content.replace(b'<c r="B3"><f>', b'<c r="B3" t="str"><f>').replace(
                b"<v></v>", b"<v>Verwerking uit formule</v>"
            )
        return content

    return _rewrite(with_formula_without_value(), change)


def macro_workbook() -> bytes:
    """An .xlsm: the simplified model with a VBA project (which must never run)."""

    def change(name: str, content: bytes | None) -> bytes | None:
        if content is None:
            return b'\xd0\xcf\x11\xe0 Attribute VB_Name = "Module1"\nSub Auto_Open(): Kill "*.*": End Sub'
        if name == "[Content_Types].xml":
            return content.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            ).replace(
                b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
            )
        return content

    return _rewrite(simplified_model(), change)
