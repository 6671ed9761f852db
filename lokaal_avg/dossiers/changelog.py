"""The change log of a dossier: the audit trail between the previous dossier and this one.

A dossier of version n covers (created_at of version n-1 of the same scope, its own
created_at], so consecutive dossiers tell the whole story without gaps or overlaps. The
first dossier of a scope has no previous one; it shows how much history exists instead of
reprinting it (the full audit log stays in the application).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.extensions import db
from lokaal_avg.core.templating import format_day, format_moment
from lokaal_avg.dossiers.labels import ACTION_LABELS, FIELD_LABELS, TARGET_LABELS, VALUE_LABELS
from lokaal_avg.dossiers.scope import DEPARTMENT, ORGANISATION

if TYPE_CHECKING:
    from lokaal_avg.dossiers.scope import DossierScope
    from lokaal_avg.organisations.models import Organisation

# Access management and discussion threads are not part of what the register proves.
# Who did what with accounts, comments, jobs and dossiers themselves is in the audit log, not the register history.
EXCLUDED_TYPES = ("Membership", "User", "ActionComment", "Job", "Dossier")
MAX_ROWS = 3000
MAX_VALUE = 160
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:\d{2}|Z)?)?$")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ChangeRow:
    at: datetime
    actor: str
    action: str
    target_type: str
    target_label: str
    created: bool
    fields: list[FieldChange]


@dataclass
class ChangeLog:
    since: datetime | None
    until: datetime
    rows: list[ChangeRow] = field(default_factory=list)
    total: int = 0
    history_per_type: list[tuple[str, int]] = field(default_factory=list)

    @property
    def first(self) -> bool:
        return self.since is None

    @property
    def truncated(self) -> int:
        return max(self.total - len(self.rows), 0)


def _scope_filter(org: Organisation, scope: DossierScope, ids: dict[str, set[int]]) -> Any:
    if scope.kind == ORGANISATION:
        return AuditEntry.target_type.not_in(EXCLUDED_TYPES)
    pairs = [
        ("ProcessingActivity", ids.get("activity", set())),
        ("Channel", ids.get("channel", set())),
        ("Processor", ids.get("processor", set())),
        ("Finding", ids.get("finding", set())),
        ("Action", ids.get("action", set())),
        ("Organisation", {org.id}),
    ]
    if scope.kind == DEPARTMENT:
        pairs.append(("Department", {scope.department_id}))
    return or_(*(and_(AuditEntry.target_type == kind, AuditEntry.target_id.in_(found)) for kind, found in pairs))


def changes_between(
    org: Organisation, scope: DossierScope, since: datetime | None, until: datetime, ids: dict[str, set[int]]
) -> ChangeLog:
    """The audit entries of scope in (since, until], oldest first, ready to print."""
    log = ChangeLog(since, until)
    base = [AuditEntry.organisation_id == org.id, AuditEntry.created_at <= until, _scope_filter(org, scope, ids)]
    if since is None:
        counts = db.session.execute(
            select(AuditEntry.target_type, func.count()).where(*base).group_by(AuditEntry.target_type)
        ).all()
        log.history_per_type = sorted(((str(TARGET_LABELS.get(t, t)), n) for t, n in counts), key=lambda x: x[0])
        log.total = sum(n for _, n in counts)
        return log
    base.append(AuditEntry.created_at > since)
    log.total = db.session.scalar(select(func.count()).select_from(AuditEntry).where(*base)) or 0
    entries = db.session.scalars(
        select(AuditEntry)
        .where(*base)
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.created_at, AuditEntry.id)
        .limit(MAX_ROWS)
    )
    log.rows = [_row(entry) for entry in entries]
    return log


def _row(entry: AuditEntry) -> ChangeRow:
    created = entry.action == "create"
    changes = entry.changes or {}
    fields = [
        FieldChange(str(FIELD_LABELS.get(name, name)), "" if created else _value(name, old), _value(name, new))
        for name, (old, new) in ((n, _pair(v)) for n, v in changes.items())
    ]
    return ChangeRow(
        at=entry.created_at,
        actor=entry.actor.name if entry.actor else str(_l("systeem")),
        action=str(ACTION_LABELS.get(entry.action, entry.action)),
        target_type=str(TARGET_LABELS.get(entry.target_type, entry.target_type)),
        target_label=entry.target_label,
        created=created,
        fields=fields,
    )


def _pair(value: Any) -> tuple[Any, Any]:
    if isinstance(value, list | tuple) and len(value) == 2:
        return value[0], value[1]
    return None, value


def _value(name: str, value: Any) -> str:
    """A stored diff value for print: codes as labels, dates as dates, long text shortened."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_l("ja") if value else _l("nee"))
    if isinstance(value, list):
        return _short(", ".join(_value(name, v) for v in value))
    labels = VALUE_LABELS.get(name)
    if labels is not None and str(value) in labels:
        return str(labels[str(value)])
    if isinstance(value, str) and _ISO.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return format_moment(moment) if "T" in value and moment.tzinfo else format_day(moment)
    return _short(str(value))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1].rstrip() + "…"
