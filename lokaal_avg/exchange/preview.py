"""The import plan: per row what will be created or updated, per cell what was not understood.

Nothing here writes. The plan is rebuilt from the stored file, the column mapping and the
decisions on new list values every time it is shown and once more when it is confirmed, so
what is written is exactly what the user last saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from lokaal_avg.core.db import LONG_TEXT_MAX
from lokaal_avg.core.extensions import db
from lokaal_avg.exchange import synonyms
from lokaal_avg.exchange import values as v
from lokaal_avg.exchange.fields import FIELDS_BY_KEY, IGNORE, normalise
from lokaal_avg.exchange.layout import Layout
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.lists import LIST_KINDS
from lokaal_avg.register.models import DataCategory, ProcessingActivity, Status

CREATE, UPDATE, UNCHANGED, SKIP = "nieuw", "bijwerken", "ongewijzigd", "overslaan"
NEW, LEAVE_OUT = "nieuw", "weglaten"  # decisions on a list value; otherwise the id of an existing item
RELATION_OF_KIND = {
    "gegevens": "data_categories",
    "betrokkenen": "subject_categories",
    "ontvangers": "recipient_categories",
}
DEPARTMENTS = "diensten"  # proposals for departments the organisation does not have yet
TEXT_LIMITS = {"reference": 40, "name": 200, "responsible_person": 200}


@dataclass
class CellIssue:
    column: str  # spreadsheet letter
    field: str
    message: str


@dataclass
class Proposal:
    """A list value the organisation's list does not have yet."""

    kind: str  # gegevens, betrokkenen, ontvangers
    text: str
    special: bool = False
    national_number: bool = False
    rows: list[int] = field(default_factory=list)
    decision: str = NEW

    @property
    def key(self) -> str:
        return f"{self.kind}:{normalise(self.text)}"


@dataclass
class RowPlan:
    number: int
    action: str
    data: dict[str, Any]
    links: dict[str, list[Any]]  # relation -> item ids or proposal keys
    replaced_by: str | None = None
    target: ProcessingActivity | None = None
    changed: list[str] = field(default_factory=list)
    issues: list[CellIssue] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.data.get("name") or ""

    @property
    def reference(self) -> str | None:
        return self.data.get("reference")


@dataclass
class Plan:
    layout: Layout
    mapping: dict[int, str]
    rows: list[RowPlan]
    proposals: dict[str, Proposal]
    controller: dict[str, str] = field(default_factory=dict)  # organisation fields the file would fill

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def issue_count(self) -> int:
        return sum(len(r.issues) for r in self.rows)

    @property
    def writable(self) -> bool:
        return any(r.action in (CREATE, UPDATE) for r in self.rows)


def default_mapping(layout: Layout) -> dict[int, str]:
    """Recognised columns to their field; the rest ignored until the user maps them."""
    return {c.index: (c.field or IGNORE) for c in layout.columns}


class _Context:
    """The organisation's lists and activities, loaded once per plan."""

    def __init__(self, org: Organisation) -> None:
        self.org = org
        self.items: dict[str, dict[str, Any]] = {}
        for kind, (model, _link) in LIST_KINDS.items():
            index: dict[str, Any] = {}
            for item in db.session.scalars(select(model).where(model.organisation_id == org.id)):
                index.setdefault(normalise(item.name), item)
                index.setdefault(normalise(item.code), item)
            self.items[kind] = index
        self.national_number_category = db.session.scalars(
            select(DataCategory).where(DataCategory.organisation_id == org.id, DataCategory.national_number.is_(True))
        ).first()
        self.departments = {normalise(d.name): d for d in org.departments}
        self.processors = {
            normalise(p.name): p
            for p in db.session.scalars(select(Processor).where(Processor.organisation_id == org.id))
        }
        activities = list(
            db.session.scalars(select(ProcessingActivity).where(ProcessingActivity.organisation_id == org.id))
        )
        self.by_reference = {normalise(a.reference): a for a in activities if a.reference}
        self.by_name = {normalise(a.name): a for a in activities}


def build_plan(org: Organisation, layout: Layout, mapping: dict[int, str], decisions: dict[str, str]) -> Plan:
    context = _Context(org)
    proposals: dict[str, Proposal] = {}
    rows = [_plan_row(context, layout, mapping, number, cells, proposals) for number, cells in layout.data_rows]
    _mark_duplicates(rows)
    for key, proposal in proposals.items():
        proposal.decision = decisions.get(key, NEW)
    for row in rows:
        if row.action != SKIP:
            _compare(row, proposals)
    return Plan(layout, mapping, rows, proposals)


def _cells_by_field(mapping: dict[int, str], cells: list[Any]) -> dict[str, list[tuple[int, Any]]]:
    grouped: dict[str, list[tuple[int, Any]]] = {}
    for index, key in sorted(mapping.items()):
        if key != IGNORE and key in FIELDS_BY_KEY and index < len(cells) and cells[index] is not None:
            grouped.setdefault(key, []).append((index, cells[index]))
    return grouped


def _plan_row(context, layout, mapping, number, cells, proposals) -> RowPlan:
    row = RowPlan(number, CREATE, {}, {})
    for key, found in _cells_by_field(mapping, cells).items():
        for index, value in found:
            _read_cell(context, row, key, layout.columns[index].letter, value, proposals)
    process = row.data.pop("business_process", None)
    if process:  # no field of its own: kept in the description
        row.data["description"] = "\n".join(
            filter(None, [_("Bedrijfsproces: %(name)s", name=process), row.data.get("description")])
        )
    if not row.data.get("name"):
        row.action = SKIP
        row.issues.append(CellIssue("", _("Naam"), _("Geen naam van de verwerking: deze rij wordt overgeslagen.")))
        return row
    target = _find_existing(context, row)
    if target is not None:
        row.target = target
        row.action = UPDATE
        if target.status == Status.ENDED:
            row.action = SKIP
            row.issues.append(CellIssue("", _("Status"), _("Deze verwerking is beëindigd en wordt niet gewijzigd.")))
    return row


def _find_existing(context: _Context, row: RowPlan) -> ProcessingActivity | None:
    if row.reference:
        return context.by_reference.get(normalise(row.reference))
    return context.by_name.get(normalise(row.name))


def _issue(row: RowPlan, letter: str, key: str, message: str | None) -> None:
    if message:
        row.issues.append(CellIssue(letter, str(FIELDS_BY_KEY[key].label), message))


def _add_text(row: RowPlan, key: str, text: str | None, letter: str) -> None:
    if not text:
        return
    limit = TEXT_LIMITS.get(key)
    if limit and len(text) > limit:
        _issue(row, letter, key, _("Ingekort tot %(n)s tekens.", n=limit))
        text = text[:limit]
    old = row.data.get(key)
    combined = f"{old}\n{text}" if old and key not in TEXT_LIMITS else (old or text)
    if len(combined) > LONG_TEXT_MAX:  # what a free-text column holds; shown in the preview before anything is saved
        _issue(row, letter, key, _("Ingekort tot %(n)s tekens.", n=LONG_TEXT_MAX))
        combined = combined[:LONG_TEXT_MAX]
    row.data[key] = combined


def _link(row: RowPlan, relation: str, value: Any) -> None:
    links = row.links.setdefault(relation, [])
    if value not in links:
        links.append(value)


def _list_value(context, row, kind, text, proposals, special=False, national_number=False) -> None:
    item = context.items[kind].get(normalise(text))
    if item is None and (code := synonyms.catalogue_code(kind, text)):
        item = context.items[kind].get(normalise(code))  # another name for a catalogue item
    relation = RELATION_OF_KIND[kind]
    if item is not None:
        _link(row, relation, item.id)
        return
    proposal = proposals.setdefault(f"{kind}:{normalise(text)}", Proposal(kind, text, special, national_number))
    proposal.rows.append(row.number)
    _link(row, relation, proposal.key)


def _read_cell(context: _Context, row: RowPlan, key: str, letter: str, value: Any, proposals) -> None:
    kind = FIELDS_BY_KEY[key].kind
    text = v.as_text(value)
    if kind in ("text", "name", "reference"):
        _add_text(row, key, text, letter)
    elif kind == "department":
        department = context.departments.get(normalise(text))
        if department is None:
            proposal = proposals.setdefault(f"{DEPARTMENTS}:{normalise(text)}", Proposal(DEPARTMENTS, text[:100]))
            proposal.rows.append(row.number)
            row.data["department_id"] = proposal.key
        else:
            row.data["department_id"] = department.id
    elif kind == "role":
        code, problem = v.parse_coded("roles", value)
        row.data["role"] = code or row.data.get("role")
        _issue(row, letter, key, problem)
    elif kind == "legal_basis":
        letter_value, problem = v.parse_legal_basis(value)
        row.data["legal_basis"] = letter_value or row.data.get("legal_basis")
        _issue(row, letter, key, problem)
    elif kind.startswith("list:"):
        _read_list(context, row, kind.split(":")[1], value, proposals)
    elif kind == "national_number":
        _read_national_number(context, row, letter, value, proposals)
    elif kind == "bool":
        flag, problem = v.parse_bool(value)
        if flag is not None:
            row.data[key] = flag
        _issue(row, letter, key, problem)
    elif kind.startswith("coded:"):
        code, problem = v.parse_coded(kind.split(":")[1], value)
        if code:
            row.data[key] = code
        _issue(row, letter, key, problem)
    elif kind.startswith("coded_list:"):
        codes, problem = v.parse_coded_list(kind.split(":")[1], value)
        row.data[key] = list(dict.fromkeys([*row.data.get(key, []), *codes]))
        _issue(row, letter, key, problem)
    else:
        _read_special(context, row, key, kind, letter, value)


def _read_list(context, row, kind, value, proposals) -> None:
    if kind == "bijzonder":
        if v.is_no(value):
            return
        for text in v.split_list(value):
            if v.parse_bool(text)[0] is None:
                _list_value(context, row, "gegevens", text, proposals, special=True)
        return
    for text in v.split_list(value):
        _list_value(context, row, kind, text, proposals)


def _read_national_number(context, row, letter, value, proposals) -> None:
    flag, _problem = v.parse_bool(value)
    if flag is False:
        return
    if flag is None:  # a legal basis or protocol, which also says the number is used
        _add_text(row, "national_number_basis", v.as_text(value), letter)
        return
    if context.national_number_category is not None:
        _link(row, "data_categories", context.national_number_category.id)
    else:
        _list_value(context, row, "gegevens", _("Rijksregisternummer of INSZ"), proposals, national_number=True)


def _read_special(context, row, key, kind, letter, value) -> None:
    text = v.as_text(value)
    if kind == "processors":
        for name in v.split_list(value):
            processor = context.processors.get(normalise(name))
            if processor is None:
                _issue(row, letter, key, _("Onbekende verwerker '%(value)s': voeg hem toe bij Verwerkers.", value=name))
            else:
                _link(row, "processors", processor.id)
    elif kind == "transfer":
        flag, _problem = v.parse_bool(value)
        row.data["third_country_transfers"] = flag if flag is not None else True
        if flag is None:
            _add_text(row, "transfer_details", text, letter)
    elif kind == "dpia":
        _read_dpia(row, letter, value)
    elif kind == "date":
        day, problem = v.parse_date(value)
        if day:
            row.data["end_date"] = day
        _issue(row, letter, key, problem)
    elif kind == "replacement":
        row.replaced_by = text


def _read_dpia(row: RowPlan, letter: str, value: Any) -> None:
    code, _problem = v.parse_coded("dpia_statuses", value)
    flag, _p = v.parse_bool(value)
    if code is None and flag is not None:
        code = "te_beoordelen" if flag else "niet_nodig"
    if code is None:
        _issue(
            row,
            letter,
            "dpia",
            _("Onbekende DPIA-status '%(value)s': bewaard als DPIA-beslissing.", value=v.as_text(value)),
        )
        _add_text(row, "dpia_decision", v.as_text(value), letter)
        return
    row.data["dpia_status"] = code


def _mark_duplicates(rows: list[RowPlan]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        if row.action == SKIP:
            continue
        key = normalise(row.reference) if row.reference else "naam:" + normalise(row.name)
        if key in seen:
            row.action = SKIP
            row.issues.append(
                CellIssue("", _("Referentie"), _("Dubbel: dezelfde verwerking staat al op rij %(n)s.", n=seen[key]))
            )
        else:
            seen[key] = row.number


def _compare(row: RowPlan, proposals: dict[str, Proposal]) -> None:
    """Which fields an update changes; an update that changes nothing is shown as such.

    Empty cells never clear a field (an older sheet must not wipe newer work); a filled list
    cell replaces the list.
    """
    if row.target is None:
        return
    target = row.target
    for key, value in row.data.items():
        to_create = key == "department_id" and isinstance(value, str)  # a department still to be created
        if to_create or not _same(getattr(target, key), value):
            row.changed.append(key)
    for relation, links in row.links.items():
        current = {item.id for item in getattr(target, relation)}
        wanted = {link for link in links if isinstance(link, int)}
        if any(isinstance(link, str) and proposals[link].decision != LEAVE_OUT for link in links):
            wanted.add(-1)
        if wanted != current:
            row.changed.append(relation)
    if not row.changed:
        row.action = UNCHANGED


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, list):
        return sorted(old or []) == sorted(new)
    if isinstance(new, str) and isinstance(old, str):
        return old.replace("\r\n", "\n").strip() == new.strip()
    return old == new
