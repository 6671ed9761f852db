"""The audit trail as a hash chain, per organisation: tampering shows.

Each entry stores sha256(previous entry's hash + its own content). Changing an entry breaks its
own hash; deleting or reordering entries breaks the link of the entry after it; deleting the last
entries shows against the chain head. Entries are linked in the same transaction as the change
they record; the organisation's head row is locked meanwhile (SQLite serialises writers anyway).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import event, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lokaal_avg.audit.models import AuditChainHead, AuditEntry
from lokaal_avg.core.extensions import db

GENESIS = "0" * 64
NO_ORGANISATION = 0  # chain key of entries made outside any organisation (command line)


def chain_key(organisation_id: int | None) -> int:
    return organisation_id if organisation_id is not None else NO_ORGANISATION


def content_of(entry: AuditEntry) -> str:
    """The canonical text that is hashed: every field that says what happened, who, when and to what."""
    return json.dumps(
        {
            "seq": entry.seq,
            "organisation_id": entry.organisation_id,
            "actor_id": entry.actor_id,
            "action": entry.action,
            "target_type": entry.target_type,
            "target_id": entry.target_id,
            "target_label": entry.target_label,
            "changes": entry.changes,
            "created_at": entry.created_at.isoformat(timespec="microseconds"),
            "address": entry.address,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )


def hash_of(entry: AuditEntry, prev_hash: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{content_of(entry)}".encode("utf-8", "surrogatepass")).hexdigest()


def link(entry: AuditEntry) -> None:
    """Give entry (not yet flushed, created_at set) its place in its organisation's chain."""
    head = _locked_head(chain_key(entry.organisation_id))
    entry.seq = head.seq + 1
    entry.prev_hash = head.entry_hash
    entry.entry_hash = hash_of(entry, head.entry_hash)
    head.seq, head.entry_hash = entry.seq, entry.entry_hash


def relink_restored(organisation_id: int) -> None:
    """Chain the entries of an organisation restored from a backup, in their order of writing.

    A restore gives the organisation, its people and its entries new ids, so the hashes the backup
    carried no longer describe them: the restored log starts its own chain, for an organisation that
    has no entries of its own yet.
    """
    table = AuditEntry.__table__
    head = _locked_head(chain_key(organisation_id))
    rows = db.session.execute(select(table).where(table.c.organisation_id == organisation_id).order_by(table.c.id))
    for row in rows.all():
        entry = SimpleNamespace(**row._mapping)
        entry.seq, entry.prev_hash = head.seq + 1, head.entry_hash
        entry.entry_hash = hash_of(entry, head.entry_hash)  # type: ignore[arg-type]
        db.session.execute(  # a Core statement: the final-entry guard is for the application's ORM changes
            update(table)
            .where(table.c.id == entry.id)
            .values(seq=entry.seq, prev_hash=entry.prev_hash, entry_hash=entry.entry_hash)
        )
        head.seq, head.entry_hash = entry.seq, entry.entry_hash
    db.session.flush()


def _locked_head(key: int) -> AuditChainHead:
    head = _select_head(key)
    if head is None:
        try:
            with db.session.begin_nested():
                db.session.add(AuditChainHead(chain_key=key, seq=0, entry_hash=GENESIS))
        except IntegrityError:  # another transaction started this chain at the same moment
            pass
        head = _select_head(key)
    return head


def _select_head(key: int) -> AuditChainHead | None:
    # FOR UPDATE on PostgreSQL (other writers of this organisation wait for our commit); SQLite
    # ignores it, its writers already take turns (BEGIN IMMEDIATE, core.db).
    return db.session.scalars(
        select(AuditChainHead)
        .where(AuditChainHead.chain_key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def head_of(organisation_id: int | None) -> AuditChainHead | None:
    return db.session.get(AuditChainHead, chain_key(organisation_id))


@dataclass(frozen=True)
class Verdict:
    intact: bool
    checked: int
    head_seq: int
    head_hash: str
    broken_entry_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""

    @property
    def short_hash(self) -> str:
        return self.head_hash[:16]


def verify(organisation_id: int | None) -> Verdict:
    """Recompute the chain of one organisation; name the first entry that does not match."""
    rows = db.session.scalars(
        select(AuditEntry)
        .where(_org_filter(organisation_id), AuditEntry.seq.is_not(None))
        .order_by(AuditEntry.seq, AuditEntry.id)
    )
    head = head_of(organisation_id)
    head_seq, head_hash = (head.seq, head.entry_hash) if head else (0, GENESIS)
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    for entry in rows:
        problem = _problem(entry, expected_prev, expected_seq)
        if problem:
            return Verdict(False, checked, head_seq, head_hash, entry.id, entry.seq, problem)
        expected_prev, expected_seq, checked = entry.entry_hash, entry.seq + 1, checked + 1
    if (expected_seq - 1, expected_prev) != (head_seq, head_hash):
        reason = _(
            "de laatste %(n)d regel(s) ontbreken, of de kop van de keten klopt niet", n=head_seq - expected_seq + 1
        )
        return Verdict(False, checked, head_seq, head_hash, None, expected_seq, reason)
    return Verdict(True, checked, head_seq, head_hash)


def _problem(entry: AuditEntry, expected_prev: str, expected_seq: int) -> str:
    if entry.seq != expected_seq:
        if entry.seq < expected_seq:
            return _("regel nr. %(n)d komt twee keer voor", n=entry.seq)
        return _(
            "regel(s) nr. %(first)d tot %(last)d ontbreken vóór deze regel", first=expected_seq, last=entry.seq - 1
        )
    if entry.prev_hash != expected_prev:
        return _("de verwijzing naar de vorige regel klopt niet (regels verwijderd of van plaats gewisseld)")
    if entry.entry_hash != hash_of(entry, expected_prev):
        return _("de inhoud van deze regel werd gewijzigd")
    return ""


def _org_filter(organisation_id: int | None) -> Any:
    if organisation_id is None:
        return AuditEntry.organisation_id.is_(None)
    return AuditEntry.organisation_id == organisation_id


class AuditEntryIsFinal(RuntimeError):
    """The application never changes or removes an audit entry once written."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise AuditEntryIsFinal(f"audit entry {target.id} cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise AuditEntryIsFinal(f"audit entry {target.id} cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state) -> None:
    if (state.is_update or state.is_delete) and any(
        getattr(m, "class_", None) is AuditEntry for m in state.all_mappers
    ):
        raise AuditEntryIsFinal("audit entries cannot be changed or deleted")
