"""Forgotten passwords: a single-use link, valid for one hour, sent to the account's address.

The answer to a request is the same whether or not the address has an account, and a failing
mail server is only logged: nothing on the screen tells an outsider which addresses exist.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from lokaal_avg.accounts import notices, sessions
from lokaal_avg.accounts.models import AccountToken, User
from lokaal_avg.accounts.passwords import password_problem
from lokaal_avg.accounts.services import AccountError, find_user
from lokaal_avg.audit import services as audit
from lokaal_avg.core import mail
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db

PURPOSE = "password_reset"
VALID_FOR = timedelta(hours=1)
# Requests per account per hour that get a mail; more are answered the same but not sent.
MAX_MAILS_PER_HOUR = 3


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_reset(email: str) -> None:
    """Send a reset link if the address belongs to an active account; silently nothing otherwise."""
    user = find_user(email)
    if user is None or not user.active:
        return
    now = utcnow()
    recent = db.session.scalar(
        select(func.count())
        .select_from(AccountToken)
        .where(
            AccountToken.user_id == user.id, AccountToken.purpose == PURPOSE, AccountToken.created_at > now - VALID_FOR
        )
    )
    if recent >= MAX_MAILS_PER_HOUR:
        return
    token = secrets.token_urlsafe(32)
    db.session.add(AccountToken(purpose=PURPOSE, token_hash=_hash(token), user_id=user.id, expires_at=now + VALID_FOR))
    db.session.flush()
    audit.record(None, None, "password_reset_requested", user)
    message = mail.render_mail(
        "password_reset",
        user.name,
        user.email,
        user.locale,
        lambda: _("Nieuw wachtwoord voor lokaal_avg"),
        user=user,
        link=mail.external_url("accounts.reset_password", token=token),
        hours=int(VALID_FOR.total_seconds() // 3600),
    )
    message.quiet = True
    mail.queue(message)


def valid_token(token: str) -> AccountToken | None:
    """The unused, unexpired reset token for this link, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalars(
        select(AccountToken).where(AccountToken.token_hash == _hash(token), AccountToken.purpose == PURPOSE)
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= utcnow() or not row.user.active:
        return None
    return row


def complete_reset(row: AccountToken, new_password: str) -> User:
    """Set the new password, use up this and every other reset link, end every session."""
    user = row.user
    problem = password_problem(new_password, user.email)
    if problem:
        raise AccountError(problem)
    now = utcnow()
    user.set_password(new_password)
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == PURPOSE, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    row.used_at = now
    ended = sessions.end_sessions(user)
    db.session.flush()
    audit.record(None, user, "password_reset", user, {"sessions_ended": [None, ended]})
    notices.notify(user, "password_reset")
    return user
