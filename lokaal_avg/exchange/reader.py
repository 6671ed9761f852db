"""Reading an uploaded spreadsheet into plain rows, safely and quickly.

XLSX/XLSM through openpyxl in read-only mode with cached values only (formulas are never
evaluated, macros never run); ODS through python-calamine; CSV through the standard library
(UTF-8 with or without BOM, else Windows-1252; ';' or ',' separated). Every way a file can
be broken ends in an ImportFileError with a Dutch message; nothing is stored by this module.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members of the zip container together
MAX_COMPRESSION_RATIO = 200  # per member; a real sheet compresses maybe 10-30 times
MAX_ROWS = 5000  # activities; a register of a large city has a few hundred
MAX_COLS = 120
HEADER_SCAN_ROWS = 30
# Sheets formatted down to row 1,048,576 end in empty rows: stop after this many in a row.
EMPTY_ROWS_TO_STOP = 200

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXTENSIONS = (".xlsx", ".xlsm", ".csv", ".ods")


class ImportFileError(ValueError):
    """The file cannot be read; the message (Dutch) says why and what to do."""


@dataclass
class Sheet:
    """One sheet's cells as values; rows trimmed of trailing empty cells."""

    name: str
    rows: list[list[Any]]
    formula_cells: list[str] = field(default_factory=list)  # formulas without a cached value


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_workbook(filename: str, data: bytes) -> list[Sheet]:
    """All sheets of the file (for CSV: one), each with at most MAX_ROWS non-empty rows."""
    if not data:
        raise ImportFileError(_("Het bestand is leeg."))
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("Het bestand is groter dan 10 MB. Een register past ruim in minder."))
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "Dit bestand is beveiligd met een wachtwoord of is in het oude .xls-formaat. Verwijder het "
                "wachtwoord of bewaar het als .xlsx (Excel) of .ods (LibreOffice) en laad het opnieuw op."
            )
        )
    if extension not in EXTENSIONS:
        raise ImportFileError(_("Kies een .xlsx-, .xlsm-, .ods- of .csv-bestand."))
    if extension == ".csv":
        return [_read_csv(data)]
    if not data.startswith(ZIP_MAGIC):
        raise ImportFileError(
            _("Dit is geen geldig spreadsheetbestand (het bestand is beschadigd of van een ander type).")
        )
    _check_container(data)
    if extension == ".ods":
        return _read_ods(data)
    return _read_xlsx(data)


def _check_container(data: bytes) -> None:
    """Refuse zip bombs before any parser unpacks a byte."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportFileError(_("Dit is geen geldig spreadsheetbestand (het bestand is beschadigd).")) from exc
    total = sum(m.file_size for m in members)
    suspicious = any(m.compress_size and m.file_size / m.compress_size > MAX_COMPRESSION_RATIO for m in members)
    if total > MAX_UNPACKED_BYTES or suspicious or len(members) > 1000:
        raise ImportFileError(
            _("Dit bestand pakt uit tot een onredelijke grootte en wordt daarom niet gelezen. Er is niets gewijzigd.")
        )


def _trim(row: list[Any] | tuple[Any, ...]) -> list[Any]:
    values = [None if (isinstance(v, str) and not v.strip()) else v for v in row[:MAX_COLS]]
    while values and values[-1] is None:
        values.pop()
    return values


def _collect(rows_iter, name: str, formulas_iter=None) -> Sheet:
    """Rows until the data clearly ends; too many rows is an error, trailing empty ones cost nothing."""
    rows: list[list[Any]] = []
    formula_cells: list[str] = []
    empty_run = 0
    filled = 0
    for number, raw in enumerate(rows_iter, start=1):
        formulas = next(formulas_iter, None) if formulas_iter is not None else None
        row = _trim(raw)
        if not row:
            empty_run += 1
            if empty_run >= EMPTY_ROWS_TO_STOP:
                break
            rows.append(row)
            continue
        empty_run = 0
        filled += 1
        if filled > MAX_ROWS + HEADER_SCAN_ROWS:
            raise ImportFileError(
                _(
                    "Het blad %(sheet)s heeft meer dan %(max)s rijen. Dat is geen register van verwerkingen; "
                    "controleer of u het juiste bestand koos.",
                    sheet=name,
                    max=MAX_ROWS,
                )
            )
        if formulas is not None:
            for index, value in enumerate(row):
                formula = formulas[index] if index < len(formulas) else None
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    formula_cells.append(f"{column_letter(index)}{number}")
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return Sheet(name, rows, formula_cells)


def _read_xlsx(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        values_book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False, keep_links=False)
        # Formulas need a second pass (to find those without a cached value); most registers have none.
        formula_book = (
            load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
            if _has_formulas(data)
            else None
        )
    except Exception as exc:  # openpyxl raises many types for broken files; all mean the same to the user
        raise ImportFileError(
            _("Dit Excel-bestand kan niet gelezen worden (beschadigd of geen echt .xlsx-bestand).")
        ) from exc
    try:
        sheets = []
        for ws in values_book.worksheets:
            if not hasattr(ws, "iter_rows"):  # chart sheets
                continue
            formulas = formula_book[ws.title].iter_rows(values_only=True, max_col=MAX_COLS) if formula_book else None
            sheets.append(_collect(ws.iter_rows(values_only=True, max_col=MAX_COLS), ws.title, formulas))
        return sheets
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_("Dit Excel-bestand kan niet gelezen worden (beschadigd).")) from exc
    finally:
        values_book.close()
        if formula_book is not None:
            formula_book.close()


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet holds a formula element (<f>), read from the already size-checked zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as member:
                    while chunk := member.read(1 << 20):
                        if b"<f>" in chunk or b"<f " in chunk or b":f>" in chunk or b":f " in chunk:
                            return True
    return False


def _read_ods(data: bytes) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [_collect(book.get_sheet_by_name(name).iter_rows(), name) for name in book.sheet_names]
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_("Dit OpenDocument-bestand kan niet gelezen worden (beschadigd).")) from exc


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes) -> Sheet:
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("Dit is geen tekstbestand met kommagescheiden waarden (CSV)."))
    text = _decode(data)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect(reader, "CSV")
    except csv.Error as exc:
        raise ImportFileError(_("Het CSV-bestand kan niet gelezen worden: %(error)s", error=str(exc))) from exc
