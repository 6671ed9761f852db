"""Users and their memberships (role per organisation)."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokaal_avg.core.db import Base, TimestampMixin, UTCDateTime, utcnow
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
    # Secret of the personal iCalendar feed of due dates; None = no feed. Revoked by replacing it.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Runs the platform: creates organisations, deactivates accounts. Sees no register by this flag.
    is_platform_admin: Mapped[bool] = mapped_column(default=False)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in (TOTP, RFC 6238): the shared secret, set when the user starts the setup
    # and trusted once confirmed with a first code; the last time step used refuses a replay.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None]
    # Only the demo sets this: demo accounts sign in without a second factor even where required.
    two_factor_exempt: Mapped[bool] = mapped_column(default=False)

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

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None and self.totp_confirmed_at is not None


class RecoveryCode(Base):
    """One of ten single-use codes that replace the authenticator app once (stored hashed)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserSession(Base):
    """A signed-in browser. The cookie only names it; ending the row ends the session everywhere."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the random key in the cookie: a database leak does not hand out live sessions.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    address: Mapped[str | None] = mapped_column(String(45))
    # Signed in with a password only, while a second factor is required: may only set one up.
    needs_two_factor_setup: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship()


class AccountToken(Base):
    """A single-use link sent by e-mail (password reset); only its sha256 is stored."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class SignInThrottle(Base):
    """Failed sign-ins counted per key (an address, or an account from an address) in a window."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


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


invitation_department = Table(
    "invitation_department",
    Base.metadata,
    Column("invitation_id", ForeignKey("invitation.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)


class Invitation(Base):
    """An e-mailed invitation to join an organisation with a role; the link works once, for 7 days.

    Only the sha256 of the link's token is stored. The invitee's account, if one exists already,
    is not linked here: it is attached only when the invitee accepts.
    """

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    departments: Mapped[list[Department]] = relationship(secondary=invitation_department, order_by=Department.name)

    def __str__(self) -> str:
        return self.email

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None

    def is_usable(self, now: datetime) -> bool:
        return self.is_pending and self.expires_at > now and self.organisation.active
