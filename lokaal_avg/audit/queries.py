"""Reading the audit trail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.extensions import db


def history_of(org: Any, target: Any) -> list[AuditEntry]:
    """Every recorded version of one object, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.organisation_id == org.id,
                AuditEntry.target_type == type(target).__name__,
                AuditEntry.target_id == target.id,
            )
            .options(selectinload(AuditEntry.actor))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        )
    )


def log_of(org: Any, target_type: str | None = None, offset: int = 0, limit: int = 100):
    stmt = select(AuditEntry).where(AuditEntry.organisation_id == org.id)
    if target_type:
        stmt = stmt.where(AuditEntry.target_type == target_type)
    return (
        stmt.options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .offset(offset)
        .limit(limit)
    )
