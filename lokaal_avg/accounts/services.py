"""Account operations: creating users, signing in, changing passwords."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation


class AccountError(ValueError):
    """A user-facing problem (message in Dutch)."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()


def create_user(email: str, name: str, password: str, locale: str = "nl_BE", actor: User | None = None) -> User:
    """Create a user; the e-mail address must be unused."""
    from flask_babel import gettext as _

    if find_user(email) is not None:
        raise AccountError(_("Er bestaat al een gebruiker met dit e-mailadres."))
    user = User(email=normalise_email(email), name=name.strip(), locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(None, actor, "create", user, {"email": [None, user.email], "name": [None, user.name]})
    return user


MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)


class AccountLocked(AccountError):
    """Too many wrong passwords in a row."""


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None. Upgrades outdated hashes silently.

    Five wrong passwords in a row lock the account for fifteen minutes (AccountLocked), which
    makes guessing impractical without letting a stranger lock anyone out for long.
    """
    user = find_user(email)
    if user is None:
        # Hash anyway so that response time does not reveal which addresses exist.
        User(password_hash="").set_password(password)
        return None
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        raise AccountLocked(_lock_message())
    if not user.check_password(password) or not user.active:
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.failed_logins, user.locked_until = 0, now + LOCK_DURATION
            audit.record(None, None, "locked", user)
        return None
    user.failed_logins, user.locked_until = 0, None
    if user.password_needs_rehash():
        user.set_password(password)
    user.last_login_at = now
    return user


def _lock_message() -> str:
    from flask_babel import gettext as _

    return _("Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.")


def change_password(user: User, current: str, new: str) -> None:
    from flask_babel import gettext as _

    if not user.check_password(current):
        raise AccountError(_("Het huidige wachtwoord klopt niet."))
    user.set_password(new)
    db.session.flush()
    audit.record(None, user, "password_change", user)


def membership_for(user: User, slug: str) -> Membership | None:
    """The user's membership of the organisation with this short name (the tenancy door asks)."""
    return db.session.scalars(
        select(Membership).join(Membership.organisation).where(Membership.user_id == user.id, Organisation.slug == slug)
    ).first()


def memberships_of(user: User) -> list[Membership]:
    """A user's memberships with their organisations (one query), by organisation name."""
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.organisation)
            .where(Membership.user_id == user.id)
            .options(contains_eager(Membership.organisation), selectinload(Membership.departments))
            .order_by(Organisation.name)
        )
    )


def organisations_served(user: User) -> list:
    """The organisations where the user is the functionaris (the DPO portfolio), by name."""
    from lokaal_avg.core.roles import Role

    return [m.organisation for m in memberships_of(user) if m.role == Role.DPO]
