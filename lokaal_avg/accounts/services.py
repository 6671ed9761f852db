"""Account operations: creating users, signing in and out, passwords, deactivation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from lokaal_avg.accounts import notices, sessions, throttle
from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.accounts.passwords import password_problem
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


class AccountLocked(AccountError):
    """Too many failed sign-ins for this account from this address, or from this address."""


@dataclass
class SignIn:
    """A password accepted; second_factor says whether a code must follow before the session starts."""

    user: User
    second_factor: bool


def authenticate(email: str, password: str, address: str | None) -> SignIn | None:
    """Check a password under the throttling rules of accounts.throttle.

    Returns None for wrong credentials (unknown address, wrong password, deactivated account:
    one answer for all three), raises AccountLocked while blocked. Upgrades outdated hashes.
    """
    blocked = throttle.blocked_scopes(email, address)
    if blocked & {throttle.Scope.PAIR, throttle.Scope.ADDRESS}:
        raise AccountLocked(_lock_message())
    user = find_user(email)
    if user is None:
        # Hash anyway so that response time does not reveal which addresses exist.
        User(password_hash="").set_password(password)
    accepted = user is not None and user.check_password(password) and user.active
    if throttle.Scope.ACCOUNT in blocked:
        # Somebody is guessing this account from many addresses: only the second factor lets in.
        if accepted and user.has_two_factor:
            return SignIn(user, second_factor=True)
        raise AccountLocked(_lock_message())
    if not accepted:
        record_failed_sign_in(email, address, user, "password")
        return None
    throttle.record_success(email, address)
    if user.password_needs_rehash():
        user.set_password(password)
    return SignIn(user, second_factor=user.has_two_factor)


def record_failed_sign_in(email: str, address: str | None, user: User | None, step: str) -> None:
    """Count the failure and write it, and any block it starts, to the audit trail."""
    started = throttle.record_failure(email, address)
    target = {"target": user} if user is not None else {"target": None, "target_type": "User"}
    label = normalise_email(email)[:200]
    audit.record(None, None, "sign_in_failed", target_label=label, changes={"step": [None, step]}, **target)
    if started:
        scopes = sorted(str(s) for s in started)
        audit.record(None, None, "locked", target_label=label, changes={"scope": [None, scopes]}, **target)


def _lock_message() -> str:
    from flask_babel import gettext as _

    return _("Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.")


def two_factor_required(user: User) -> bool:
    """Platform administrators always; beheerders and functionarissen where their organisation asks.

    Demo accounts (two_factor_exempt, set only by the demo) are let through.
    """
    from lokaal_avg.core.roles import Role

    if user.two_factor_exempt:
        return False
    if user.is_platform_admin:
        return True
    return any(
        m.organisation.require_two_factor and m.organisation.active and m.role in (Role.ADMIN, Role.DPO)
        for m in memberships_of(user)
    )


def complete_sign_in(user: User) -> None:
    """Start the session (the caller cleared the old one) and record the sign-in."""
    needs_setup = two_factor_required(user) and not user.has_two_factor
    sessions.start_session(user, needs_two_factor_setup=needs_setup)
    user.last_login_at = utcnow()
    audit.record(None, user, "sign_in", user)


def sign_out(user: User) -> None:
    sessions.end_current_session()
    audit.record(None, user, "sign_out", user)


def change_password(user: User, current: str, new: str) -> int:
    """Change one's own password; every other session of the account ends. Returns how many."""
    from flask_babel import gettext as _

    if not user.check_password(current):
        raise AccountError(_("Het huidige wachtwoord klopt niet."))
    problem = password_problem(new, user.email)
    if problem:
        raise AccountError(problem)
    user.set_password(new)
    db.session.flush()
    ended = sessions.end_sessions(user, keep_current=True)
    audit.record(None, user, "password_change", user, {"other_sessions_ended": [None, ended]})
    notices.notify(user, "password_changed")
    return ended


def deactivate_user(actor: User, user: User) -> None:
    """Switch an account off everywhere: it cannot sign in and its sessions end at once.

    The account and its memberships stay, so its name stays in history and the audit trail.
    """
    from flask_babel import gettext as _

    if user.id == actor.id:
        raise AccountError(_("U kunt uw eigen account niet deactiveren."))
    if not user.active:
        return
    user.active, user.deactivated_at = False, utcnow()
    ended = sessions.end_sessions(user)
    db.session.flush()
    audit.record(None, actor, "account_deactivated", user, {"active": [True, False], "sessions_ended": [None, ended]})


def reactivate_user(actor: User, user: User) -> None:
    if user.active:
        return
    user.active, user.deactivated_at = True, None
    db.session.flush()
    audit.record(None, actor, "account_reactivated", user, {"active": [False, True]})


def make_platform_admin(email: str, name: str | None, password: str | None) -> tuple[User, bool]:
    """The account for email becomes a platform administrator; created if needed (needs a password).

    Returns the user and whether it was created.
    """
    from flask_babel import gettext as _

    user = find_user(email)
    created = user is None
    if created:
        if not password:
            raise AccountError(_("Een nieuw account heeft een wachtwoord nodig."))
        problem = password_problem(password, email)
        if problem:
            raise AccountError(problem)
        user = create_user(email, name or normalise_email(email).split("@")[0], password)
    if not user.is_platform_admin:
        user.is_platform_admin = True
        db.session.flush()
        audit.record(None, None, "platform_admin_granted", user, {"is_platform_admin": [False, True]})
    return user, created


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


DEMO_PLATFORM_ADMIN = ("platform@lokaal-avg.be", "Platformbeheerder Demo")


def load_demo(users: Iterable[User], password: str) -> User:
    """For the demo only: its accounts sign in without a second factor, and it gets a platform
    administrator (platform@lokaal-avg.be, the demo password). Idempotent; returns that administrator.

    The demo password is whatever LOKAAL_AVG_DEMO_PASSWORD says, so the password rule is not applied.
    """
    email, name = DEMO_PLATFORM_ADMIN
    admin = find_user(email) or create_user(email, name, password)
    if not admin.is_platform_admin:
        admin.is_platform_admin = True
        audit.record(None, None, "platform_admin_granted", admin, {"is_platform_admin": [False, True]})
    for user in (*users, admin):
        user.two_factor_exempt = True
    db.session.flush()
    return admin
