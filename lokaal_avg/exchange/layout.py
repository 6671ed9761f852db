"""Finding the register in a workbook: which sheet, which header row, which column is what.

The header need not be on row 1 (a title block above it is common) and may span two rows
with merged group cells above the column titles ("Betrokkenen" over "Categorieën"): a
group title is carried to the right over the empty cells a merge leaves behind, and a
column title that means nothing alone is read together with its group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from lokaal_avg.exchange.fields import normalise, recognise
from lokaal_avg.exchange.reader import HEADER_SCAN_ROWS, ImportFileError, Sheet, column_letter


@dataclass
class Column:
    index: int
    title: str  # as shown in the file (group and title joined)
    field: str | None  # recognised field, or None

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class Layout:
    sheet: Sheet
    header_row: int  # 0-based index of the column-title row
    columns: list[Column]

    @property
    def data_rows(self) -> list[tuple[int, list[Any]]]:
        """(spreadsheet row number, values) of the rows below the header that hold anything."""
        return [(i + 1, row) for i, row in enumerate(self.sheet.rows) if i > self.header_row and row]

    @property
    def recognised(self) -> dict[int, str]:
        return {c.index: c.field for c in self.columns if c.field}


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _groups(row: list[Any] | None, width: int) -> list[str]:
    """Group titles carried over the empty cells to their right (merged cells read that way)."""
    carried, out = "", []
    for index in range(width):
        value = row[index] if row is not None and index < len(row) else None
        if value is not None and not isinstance(value, int | float):
            carried = _text(value)
        out.append(carried)
    return out


def _columns(sheet: Sheet, header_row: int) -> list[Column]:
    titles = sheet.rows[header_row]
    width = max([len(titles)] + [len(r) for r in sheet.rows[header_row + 1 : header_row + 200]])
    groups = _groups(sheet.rows[header_row - 1] if header_row > 0 else None, width)
    columns = []
    for index in range(width):
        title = _text(titles[index]) if index < len(titles) and titles[index] is not None else ""
        group = groups[index]
        field = recognise(title) if title else None
        if field is None and group and title:
            # a title that says little alone is read with its group ("Categorieën" under "Betrokkenen")
            field = recognise(f"{group} {title}")
        shown = f"{group} — {title}" if group and title and normalise(group) != normalise(title) else title
        columns.append(Column(index, shown, field))
    return columns


def _score(sheet: Sheet, header_row: int) -> int:
    fields = {c.field for c in _columns(sheet, header_row) if c.field}
    return len(fields) + (5 if "name" in fields else 0)


def find_layout(sheets: list[Sheet]) -> Layout:
    """The sheet and row whose titles name the most register fields; the name column is required."""
    best: tuple[int, Sheet, int] | None = None
    for sheet in sheets:
        for header_row in range(min(HEADER_SCAN_ROWS, len(sheet.rows))):
            if len([v for v in sheet.rows[header_row] if v is not None]) < 2:
                continue
            score = _score(sheet, header_row)
            if best is None or score > best[0]:
                best = (score, sheet, header_row)
    if not any(sheet.rows for sheet in sheets):
        raise ImportFileError(_("Het bestand bevat geen gegevens: alle bladen zijn leeg."))
    if best is None or best[0] < 6:
        raise ImportFileError(
            _(
                "We vonden geen kopregel met kolomtitels zoals 'Naam van de verwerking', 'Doeleinden' of "
                "'Rechtsgrond' in de eerste %(n)s rijen van een blad. Voeg zo'n kopregel toe en probeer opnieuw.",
                n=HEADER_SCAN_ROWS,
            )
        )
    _score_value, sheet, header_row = best
    layout = Layout(sheet, header_row, _columns(sheet, header_row))
    if not layout.data_rows:
        raise ImportFileError(
            _("Het blad %(sheet)s heeft een kopregel maar geen verwerkingen eronder.", sheet=sheet.name)
        )
    return layout
