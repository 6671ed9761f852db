"""The audit trail: who changed what, when, with a field-level diff."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.core.db import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_target", "target_type", "target_id"),
        Index("ix_audit_entry_chain", "organisation_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Nullable: creating a user from the command line happens outside any organisation.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None]
    target_label: Mapped[str] = mapped_column(String(300), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The hash chain (audit.chain): the entry's number in its organisation's chain, the hash of the
    # entry before it, and the hash of its own content together with that previous hash.
    seq: Mapped[int | None]
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    entry_hash: Mapped[str | None] = mapped_column(String(64))
    # The client address of the request that caused it (None for the command line and jobs).
    address: Mapped[str | None] = mapped_column(String(45))

    # The actor's account lives in lokaal_avg.accounts, a layer above the audit trail: SQLAlchemy resolves
    # the class by name, so the trail (which every feature writes to) imports none of them.
    actor: Mapped[User | None] = relationship("User")  # noqa: F821


class AuditChainHead(Base):
    """The last link of one organisation's chain (chain_key 0: entries without organisation).

    Writers lock this row (SELECT ... FOR UPDATE on PostgreSQL) so that one organisation's entries
    get their numbers one after the other; it also shows when entries at the end were removed.
    """

    __tablename__ = "audit_chain_head"

    chain_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(default=0)
    entry_hash: Mapped[str] = mapped_column(String(64))
