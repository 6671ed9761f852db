"""Import services: keep the upload, rebuild the plan, and write it in one go when confirmed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.exchange import controller
from lokaal_avg.exchange.fields import FIELDS_BY_KEY, IGNORE, normalise
from lokaal_avg.exchange.layout import find_layout
from lokaal_avg.exchange.models import RegisterImport
from lokaal_avg.exchange.preview import (
    CREATE,
    DEPARTMENTS,
    LEAVE_OUT,
    NEW,
    UPDATE,
    Plan,
    Proposal,
    build_plan,
    default_mapping,
)
from lokaal_avg.exchange.reader import ImportFileError, read_workbook
from lokaal_avg.organisations import services as organisations
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.register import lists
from lokaal_avg.register import services as register
from lokaal_avg.register.models import ProcessingActivity, Status

# An upload nobody confirmed is dropped after this long (the next upload in the organisation cleans up).
PENDING_LIFETIME = timedelta(days=1)


class RegisterImportError(ValueError):
    """A user-facing problem with an import (message in Dutch)."""


def read_plan(org: Organisation, filename: str, content: bytes, mapping=None, decisions=None) -> Plan:
    """Parse the file and plan the import; raises ImportFileError with a Dutch message."""
    sheets = read_workbook(filename, content)
    layout = find_layout(sheets)
    if layout.sheet.formula_cells:
        cells = ", ".join(layout.sheet.formula_cells[:5])
        raise ImportFileError(
            _(
                "Het blad %(sheet)s bevat formules zonder berekende waarde (bv. cel %(cells)s). Open het bestand in "
                "Excel of LibreOffice, bewaar het opnieuw en laad het dan op.",
                sheet=layout.sheet.name,
                cells=cells,
            )
        )
    chosen = default_mapping(layout)
    for index, key in (mapping or {}).items():
        position = int(index) if str(index).isdigit() and len(str(index)) < 6 else None
        if position in chosen and (key == IGNORE or key in FIELDS_BY_KEY):
            chosen[position] = key
    plan = build_plan(org, layout, chosen, decisions or {})
    plan.controller = controller.fillable(org, controller.read_controller(sheets, layout.sheet))
    return plan


def start_import(org: Organisation, actor: User | None, filename: str, content: bytes) -> tuple[RegisterImport, Plan]:
    """Check the file, keep it for the preview (one pending upload per member), and plan it."""
    filename = "".join(c for c in (filename or "") if c.isprintable()).replace("\\", "/").rsplit("/", 1)[-1][:255]
    filename = filename or "register"
    plan = read_plan(org, filename, content)
    actor_id = actor.id if actor is not None else None
    mine = RegisterImport.user_id == actor_id if actor_id else RegisterImport.user_id.is_(None)
    abandoned = RegisterImport.created_at < utcnow() - PENDING_LIFETIME
    db.session.execute(
        delete(RegisterImport).where(
            RegisterImport.organisation_id == org.id, RegisterImport.confirmed_at.is_(None), or_(mine, abandoned)
        )
    )
    upload = RegisterImport(
        organisation_id=org.id,
        user_id=actor_id,
        filename=filename,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content=content,
        mapping={str(k): val for k, val in plan.mapping.items()},
        decisions={},
    )
    db.session.add(upload)
    db.session.flush()
    return upload, plan


def plan_of(org: Organisation, upload: RegisterImport) -> Plan:
    return read_plan(org, upload.filename, upload.content, upload.mapping, upload.decisions)


def choose(org: Organisation, upload: RegisterImport, mapping: dict[str, str], decisions: dict[str, str]) -> Plan:
    """Store the member's column mapping and list decisions; return the new plan."""
    if upload.confirmed_at is not None:
        raise RegisterImportError(_("Deze import is al uitgevoerd."))
    upload.mapping = {str(k): val for k, val in mapping.items()}
    upload.decisions = dict(decisions)
    db.session.flush()
    return plan_of(org, upload)


def _valid_decision(org: Organisation, proposal: Proposal, decision: str) -> Any:
    """NEW, LEAVE_OUT, or an existing item of the same list of this organisation."""
    if decision in (NEW, LEAVE_OUT):
        return decision
    model = Department if proposal.kind == DEPARTMENTS else lists.LIST_KINDS[proposal.kind][0]
    item = None
    if str(decision).isdigit() and len(str(decision)) < 10:
        item = db.session.scalars(
            select(model).where(model.id == int(decision), model.organisation_id == org.id)
        ).first()
    if item is None:
        raise RegisterImportError(_("Een gekozen lijstwaarde hoort niet bij deze organisatie."))
    return item


def _resolve_proposals(org: Organisation, actor: User, plan: Plan) -> dict[str, int | None]:
    resolved: dict[str, int | None] = {}
    used = {
        link
        for row in plan.rows
        if row.action in (CREATE, UPDATE)
        for links in [*row.links.values(), [row.data.get("department_id")]]
        for link in links
        if isinstance(link, str)
    }
    for key, proposal in plan.proposals.items():
        if key not in used:
            continue
        decision = _valid_decision(org, proposal, proposal.decision)
        if decision == LEAVE_OUT:
            resolved[key] = None
        elif decision == NEW and proposal.kind == DEPARTMENTS:
            resolved[key] = organisations.add_department(org, actor, proposal.text).id
        elif decision == NEW:
            model = lists.LIST_KINDS[proposal.kind][0]
            data: dict[str, Any] = {"name": proposal.text[:200], "description": None}
            if proposal.kind == "gegevens":
                data.update(special=proposal.special, national_number=proposal.national_number)
            resolved[key] = lists.add_item(org, actor, model, data).id
        else:
            resolved[key] = decision.id
    return resolved


def _activity_data(row, resolved: dict[str, int | None]) -> dict[str, Any]:
    data = dict(row.data)
    if isinstance(data.get("department_id"), str):
        data["department_id"] = resolved.get(data["department_id"])
    for relation, links in row.links.items():
        ids = [resolved.get(link) if isinstance(link, str) else link for link in links]
        data[relation] = list(dict.fromkeys(i for i in ids if i is not None))
    return data


def confirm(org: Organisation, actor: User, membership: Membership | None, upload: RegisterImport) -> Plan:
    """Write the plan as concept entries; the caller commits once (all or nothing)."""
    if upload.confirmed_at is not None:
        raise RegisterImportError(_("Deze import is al uitgevoerd."))
    plan = plan_of(org, upload)
    if not plan.writable:
        raise RegisterImportError(_("Er is niets te importeren: alle rijen zijn ongewijzigd of worden overgeslagen."))
    try:
        resolved = _resolve_proposals(org, actor, plan)
    except (lists.ListError, organisations.OrganisationError) as exc:
        raise RegisterImportError(str(exc)) from exc
    if plan.controller:
        organisations.update_organisation(org, actor, plan.controller)
    written: dict[str, ProcessingActivity] = {}
    for row in plan.rows:
        if row.action == CREATE:
            activity = register.create_activity(org, actor, _activity_data(row, resolved))
        elif row.action == UPDATE:
            activity = row.target
            register.update_activity(org, actor, membership, activity, _activity_data(row, resolved))
            if activity.status in (Status.REVIEW, Status.APPROVED):
                register.send_back(org, actor, activity, _("Gewijzigd door import van %(file)s", file=upload.filename))
        else:
            continue
        written[normalise(activity.reference or activity.name)] = activity
    _link_replacements(org, actor, membership, plan, written)
    upload.confirmed_at = utcnow()
    upload.created_count = plan.count(CREATE)
    upload.updated_count = plan.count(UPDATE)
    upload.content = b""
    db.session.flush()
    audit.record(
        org,
        actor,
        "import",
        upload,
        {
            "filename": [None, upload.filename],
            "sha256": [None, upload.sha256],
            "created": [None, upload.created_count],
            "updated": [None, upload.updated_count],
        },
    )
    return plan


def _link_replacements(org, actor, membership, plan: Plan, written: dict[str, ProcessingActivity]) -> None:
    """'Replaced by' names another row or an existing entry, by reference or name."""
    existing = None
    for row in plan.rows:
        if not row.replaced_by or row.action not in (CREATE, UPDATE):
            continue
        if existing is None:
            existing = {
                normalise(key): a
                for a in db.session.scalars(
                    select(ProcessingActivity).where(ProcessingActivity.organisation_id == org.id)
                )
                for key in (a.reference, a.name)
                if key
            }
        replacement = written.get(normalise(row.replaced_by)) or existing.get(normalise(row.replaced_by))
        source = written.get(normalise(row.reference or row.name))
        if replacement is not None and source is not None and replacement.id != source.id:
            register.update_activity(org, actor, membership, source, {"replaced_by_id": replacement.id})


def pending_import(org: Organisation, user: User, import_id: int) -> RegisterImport | None:
    """The member's own upload; another member's upload is as good as absent."""
    return db.session.scalars(
        select(RegisterImport).where(
            RegisterImport.id == import_id, RegisterImport.organisation_id == org.id, RegisterImport.user_id == user.id
        )
    ).first()


@dataclass
class ExchangeFigures:
    """What the dashboard shows about imports: the latest confirmed one, if any."""

    last_import_at: datetime | None
    last_import_file: str | None
    last_import_created: int
    last_import_updated: int


def dashboard_figures(org: Organisation) -> ExchangeFigures:
    latest = db.session.scalars(
        select(RegisterImport)
        .where(RegisterImport.organisation_id == org.id, RegisterImport.confirmed_at.is_not(None))
        .order_by(RegisterImport.confirmed_at.desc(), RegisterImport.id.desc())
    ).first()
    if latest is None:
        return ExchangeFigures(None, None, 0, 0)
    return ExchangeFigures(latest.confirmed_at, latest.filename, latest.created_count, latest.updated_count)
