"""The action plan as CSV (Excel nl-BE: UTF-8 with BOM, ';') and as XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lokaal_avg.core.db import today
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation.choices import PRIORITY_LABELS, SEVERITY_LABELS, SOURCE_LABELS, STATUS_LABELS
from lokaal_avg.remediation.models import OPEN_ACTION_STATES, Action

FORMATS = ("csv", "xlsx")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet programs run text starting with these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    title: Callable[[], str]
    value: Callable[[Action], Any]
    width: int


def _concerns(a: Action) -> str:
    parts = [str(a.activity) if a.activity else "", a.channel.name if a.channel else "", str(a.processor or "")]
    return " · ".join(p for p in parts if p)


def _status(a: Action) -> str:
    text = str(STATUS_LABELS.get(a.status, a.status))
    if a.closed_unverified and a.status == "uitgevoerd":
        text += " " + _("(niet geverifieerd)")
    return text


def _overdue(a: Action) -> str:
    return _("ja") if a.due_date and a.due_date < today() and a.status in OPEN_ACTION_STATES else _("nee")


COLUMNS = (
    Column(lambda: _("Nr."), lambda a: a.id, 7),
    Column(lambda: _("Titel"), lambda a: a.display_title, 50),
    Column(lambda: _("Omschrijving"), lambda a: a.description or "", 60),
    Column(lambda: _("Betreft"), _concerns, 40),
    Column(lambda: _("Dienst"), lambda a: a.department.name if a.department else "", 22),
    Column(lambda: _("Toegewezen aan"), lambda a: a.assignee.name if a.assignee else "", 24),
    Column(lambda: _("Prioriteit"), lambda a: str(PRIORITY_LABELS.get(a.priority, a.priority)), 11),
    Column(lambda: _("Status"), _status, 26),
    Column(lambda: _("Deadline"), lambda a: a.due_date, 12),
    Column(lambda: _("Te laat"), _overdue, 9),
    Column(
        lambda: _("Bron"),
        lambda a: str(SOURCE_LABELS.get(a.finding.source, "")) if a.finding else _("Handmatig"),
        20,
    ),
    Column(
        lambda: _("Ernst bevinding"),
        lambda a: str(SEVERITY_LABELS.get(a.finding.severity, "")) if a.finding else "",
        15,
    ),
    Column(lambda: _("Geverifieerd op"), lambda a: a.verified_at.date() if a.verified_at else None, 15),
    Column(lambda: _("Motivering n.v.t."), lambda a: a.justification or "", 40),
    Column(lambda: _("Aangemaakt op"), lambda a: a.created_at.date(), 14),
    Column(lambda: _("Laatst gewijzigd"), lambda a: a.updated_at.date(), 14),
)


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(actions: list[Action]) -> bytes:
    """UTF-8 with BOM and ';' so that Excel in nl-BE opens it in columns; dates as yyyy-mm-dd."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.title() for c in COLUMNS])
    for action in actions:
        row = []
        for column in COLUMNS:
            value = column.value(action)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, str):
                value = _safe_text(value)
            row.append("" if value is None else value)
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(actions: list[Action], org: Organisation) -> bytes:
    """One sheet with a bold, frozen header row, filters, sensible widths and real date cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Actieplan")[:31]
    workbook.properties.title = _("Actieplan %(org)s", org=org.name)
    workbook.properties.creator = "lokaal_avg"
    sheet.append([c.title() for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for action in actions:
        sheet.append([column.value(action) for column in COLUMNS])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.alignment = Alignment(vertical="top", wrap_text=len(cell.value) > 60)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(fmt: str, org: Organisation, actions: list[Action]) -> Response:
    filename = f"actieplan-{org.slug}-{today().isoformat()}.{fmt}"
    if fmt == "csv":
        result = Response(to_csv(actions), mimetype="text/csv")
        result.headers["Content-Type"] = "text/csv; charset=utf-8"
    else:
        result = Response(to_xlsx(actions, org), mimetype=XLSX_MIME)
    result.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
