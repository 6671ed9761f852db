"""Server-side sessions: the browser's cookie only names a row, which the server can end.

Signing in creates a UserSession and puts its random key in the (signed) cookie. Every request
loads the user through that row, so logging out, a password change or reset and deactivating
an account end sessions at once: a copied cookie stops working. A session also ends after an
idle time (SESSION_IDLE_MINUTES, default 30) and after an absolute lifetime
(SESSION_MAX_HOURS, default 12).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, session
from sqlalchemy import select, update

from lokaal_avg.accounts.models import User, UserSession
from lokaal_avg.audit.services import client_address
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db

SESSION_KEY = "sid"
# Writing last_seen_at on every request would cost a write per page; a minute is precise enough.
TOUCH_INTERVAL = timedelta(seconds=60)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user: User, needs_two_factor_setup: bool = False) -> UserSession:
    """Record a new signed-in session and name it in the cookie (the caller cleared the old one)."""
    key = secrets.token_urlsafe(32)
    row = UserSession(
        key_hash=_hash(key), user_id=user.id, address=client_address(), needs_two_factor_setup=needs_two_factor_setup
    )
    db.session.add(row)
    db.session.flush()
    session[SESSION_KEY] = key
    g.user_session = row
    session.permanent = True  # the cookie itself expires with the absolute lifetime
    return row


def _limits() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return timedelta(minutes=config["SESSION_IDLE_MINUTES"]), timedelta(hours=config["SESSION_MAX_HOURS"])


def _alive(row: UserSession, now: datetime) -> bool:
    idle, lifetime = _limits()
    return row.ended_at is None and now - row.last_seen_at < idle and now - row.created_at < lifetime


def current_session_row() -> UserSession | None:
    if "user_session" in g:  # loaded with the user for this request
        return g.user_session
    key = session.get(SESSION_KEY)
    if not isinstance(key, str):
        return None
    return db.session.scalars(select(UserSession).where(UserSession.key_hash == _hash(key))).first()


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user only while the cookie's session row is alive.

    One query for user and session; the last-seen time is written at most once a minute.
    """
    key = session.get(SESSION_KEY)
    if not isinstance(key, str) or not user_id.isdigit():
        return None
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.key_hash == _hash(key), User.id == int(user_id))
    ).first()
    if row is None:
        return None
    user_session, user = row
    now = utcnow()
    if not user.active or not _alive(user_session, now):
        return None
    if now - user_session.last_seen_at >= TOUCH_INTERVAL:
        user_session.last_seen_at = now
    g.user_session = user_session
    return user


def end_current_session() -> None:
    row = current_session_row()
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        db.session.flush()


def end_sessions(user: User, keep_current: bool = False) -> int:
    """End every live session of user (optionally not this browser's). Returns how many ended."""
    stmt = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep_current and (row := current_session_row()) is not None:
        stmt = stmt.where(UserSession.id != row.id)
    result = db.session.execute(stmt.values(ended_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount or 0


def needs_two_factor_setup() -> bool:
    row = current_session_row()
    return row is not None and row.needs_two_factor_setup


def two_factor_set_up() -> None:
    row = current_session_row()
    if row is not None:
        row.needs_two_factor_setup = False
