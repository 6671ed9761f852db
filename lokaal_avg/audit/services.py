"""Recording changes explicitly, with a {field: [old, new]} diff."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Protocol

from lokaal_avg.audit import chain
from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db


class Actor(Protocol):
    """Who did something: a user account (lokaal_avg.accounts, a layer above the audit trail)."""

    id: int
    name: str


Diff = dict[str, list[Any]]


def to_jsonable(value: Any) -> Any:
    """A stable JSON form for diffs: dates as ISO, related objects by their label."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        items = [to_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set) else items
    return str(value)


def populate(obj: Any, data: Mapping[str, Any]) -> Diff:
    """Set attributes from data and return what really changed."""
    changes: Diff = {}
    for field, new in data.items():
        old = getattr(obj, field)
        old_cmp, new_cmp = to_jsonable(_comparable(old)), to_jsonable(_comparable(new))
        if old_cmp != new_cmp:
            changes[field] = [old_cmp, new_cmp]
            setattr(obj, field, new)
    return changes


def _comparable(value: Any) -> Any:
    # Collections compare as sorted labels (order alone is no change); empty means unset.
    if isinstance(value, list | tuple | set):
        return sorted(str(v) for v in value) or None
    if value == "":
        return None
    return value


def record(
    org: Any | None,
    actor: Any | None,
    action: str,
    target: Any,
    changes: Mapping[str, Any] | None = None,
    target_label: str | None = None,
    target_type: str | None = None,
) -> AuditEntry:
    """Add one audit entry for target (a model instance, or None with target_type) and flush it.

    In a request the client address is recorded too (who, when, from where).
    """
    entry = AuditEntry(
        created_at=(_RECORDED_AT.get() or utcnow()).astimezone(UTC),
        organisation_id=org.id if org is not None else None,
        actor_id=actor.id if actor is not None and getattr(actor, "id", None) else None,
        action=action,
        target_type=target_type or type(target).__name__,
        target_id=getattr(target, "id", None),
        target_label=(target_label or str(target))[:300],
        changes={k: to_jsonable(v) for k, v in (changes or {}).items()},
        address=client_address(),
    )
    chain.link(entry)  # in this transaction: the entry and the change it records commit together
    db.session.add(entry)
    db.session.flush()
    return entry


_RECORDED_AT: ContextVar[datetime | None] = ContextVar("audit_recorded_at", default=None)


@contextmanager
def recorded_at(when: datetime) -> Iterator[None]:
    """Entries recorded inside get this moment (demo data that tells a story of past weeks).

    The moment is part of what the chain hashes, so it is set when the entry is written; no entry
    is ever re-dated afterwards."""
    token = _RECORDED_AT.set(when)
    try:
        yield
    finally:
        _RECORDED_AT.reset(token)


def client_address() -> str | None:
    """The client's address of the current request (behind a proxy: see LOKAAL_AVG_PROXY_FIX)."""
    from flask import has_request_context, request

    return (request.remote_addr or None) if has_request_context() else None


def snapshot(obj: Any, fields: Iterable[str]) -> Diff:
    """A creation diff: every non-empty field as [None, value]."""
    out: Diff = {}
    for field in fields:
        value = to_jsonable(_comparable(getattr(obj, field)))
        if value not in (None, [], ""):
            out[field] = [None, value]
    return out
