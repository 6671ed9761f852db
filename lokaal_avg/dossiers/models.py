"""Generated dossiers for the supervisory authority, kept with their fingerprint."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from lokaal_avg.accounts.models import User
from lokaal_avg.core.db import Base, UTCDateTime, utcnow
from lokaal_avg.organisations.models import Department
from lokaal_avg.register.models import ProcessingActivity

DOSSIER_SCOPES = ("organisatie", "dienst", "activiteit")


class Dossier(Base):
    __tablename__ = "dossier"
    # The version is the organisation's document number; two concurrent jobs cannot both take it.
    __table_args__ = (UniqueConstraint("organisation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    scope: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("processing_activity.id", ondelete="SET NULL"))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    # The language the PDF is written in (an interface language code); the embedded JSON is always the same.
    language: Mapped[str] = mapped_column(String(10), default="nl_BE", server_default="nl_BE")
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The change log covers (changes_since, created_at]; None for the first dossier.
    changes_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    page_count: Mapped[int]
    # Stored in the database so that any web or worker machine can serve it.
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    created_by: Mapped[User | None] = relationship()
    department: Mapped[Department | None] = relationship()
    activity: Mapped[ProcessingActivity | None] = relationship()

    def __str__(self) -> str:
        return self.title
