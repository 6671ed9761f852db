"""Users and their memberships (role per organisation)."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.core.db import Base, TimestampMixin, UTCDateTime
from lokaal_avg.core.roles import Role
from lokaal_avg.organisations.models import Department, Organisation

_DEFAULT_HASHER = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)
HASHER_KEY = "lokaal_avg.password_hasher"


def password_hasher_for(profile: str) -> PasswordHasher:
    """The argon2 hasher for a profile name of argon2.profiles (tests use CHEAPEST to stay fast)."""
    return PasswordHasher.from_parameters(getattr(profiles, profile))


def _hasher() -> PasswordHasher:
    if has_app_context():
        return current_app.extensions.get(HASHER_KEY, _DEFAULT_HASHER)
    return _DEFAULT_HASHER


membership_department = Table(
    "membership_department",
    Base.metadata,
    Column("membership_id", ForeignKey("membership.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(10), default="nl_BE")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Throttling of password guessing: consecutive failures and the lock they caused.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Secret of the personal iCalendar feed of due dates; None = no feed. Revoked by replacing it.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:  # Flask-Login: blocked accounts cannot log in
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher().hash(password)

    def check_password(self, password: str) -> bool:
        try:
            return _hasher().verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def password_needs_rehash(self) -> bool:
        return _hasher().check_needs_rehash(self.password_hash)


class Membership(TimestampMixin, Base):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship()
    departments: Mapped[list[Department]] = relationship(secondary=membership_department, order_by=Department.name)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def role_label(self) -> str:
        return self.role_enum.label
