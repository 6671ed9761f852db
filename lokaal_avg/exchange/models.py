"""An uploaded register file between preview and confirmation, and the record of the import."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from lokaal_avg.core.db import Base, UTCDateTime, utcnow


class RegisterImport(Base):
    """Kept in the database (never at a client-supplied path), owned by one member of one organisation."""

    __tablename__ = "register_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    # Emptied once the import is confirmed: the register holds the data from then on.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    # column index (as text) -> field key or "-" (ignored); list value key -> decision
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decisions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_count: Mapped[int] = mapped_column(default=0)
    updated_count: Mapped[int] = mapped_column(default=0)

    def __str__(self) -> str:
        return self.filename
