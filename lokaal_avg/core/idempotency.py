"""Creation forms that create once: a one-time token in the form, remembered server-side when used.

A double click, going back and submitting again, or two parallel posts of the same page all
carry the same token. The first creates the record and stores the token with the address of
what it made (in the same transaction); the others find the token and are sent there. Two
posts at the very same moment are decided by the unique index on the token: the loser rolls
back everything it did and follows the winner.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime

from flask import flash, g
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from lokaal_avg.core.db import Base, UTCDateTime, utcnow
from lokaal_avg.core.extensions import db

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class FormSubmission(Base):
    """A used one-time form token and what its submission created."""

    __tablename__ = "form_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(index=True)
    user_id: Mapped[int | None]
    result_url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OneTimeFormMixin:
    """Mix into a creation form (before FlaskForm)."""

    form_token = HiddenField(render_kw={"id": False})  # no id: nothing to label


def prepare(form) -> None:
    """A fresh token for every page that shows the creation form."""
    if not form.is_submitted():
        form.form_token.data = secrets.token_urlsafe(24)


# What the view's creation returns: where to go next and the message to show there; None when it failed.
Created = tuple[str, str] | None


def submit_once(form, create: Callable[[], Created]) -> str | None:
    """Run create() unless this form was submitted before; the address to redirect to, or None."""
    token = _token(form)
    if token is None:  # a client without the token (scripts, older pages): nothing to compare with
        outcome = create()
        return _flashed(outcome)
    earlier = _earlier(token)
    if earlier is not None:
        return _already_done(earlier)
    outcome = create()
    if outcome is None:
        return None
    try:
        with db.session.begin_nested():
            db.session.add(
                FormSubmission(token=token, organisation_id=_org_id(), user_id=_user_id(), result_url=outcome[0])
            )
    except IntegrityError:
        # Another request with this token committed first: undo what this one made, follow that one.
        db.session.rollback()
        earlier = _earlier(token)
        return _already_done(earlier) if earlier is not None else None
    return _flashed(outcome)


def _flashed(outcome: Created) -> str | None:
    if outcome is None:
        return None
    url, message = outcome
    flash(message, "success")
    return url


def _already_done(submission: FormSubmission) -> str:
    flash(_("Dit formulier was al verstuurd; het werd één keer bewaard. Hier is het resultaat."), "info")
    return submission.result_url


def _earlier(token: str) -> FormSubmission | None:
    # Only the same person in the same organisation can be sent to what the token made.
    return db.session.scalars(
        select(FormSubmission).where(
            FormSubmission.token == token,
            FormSubmission.organisation_id == _org_id(),
            FormSubmission.user_id == _user_id(),
        )
    ).first()


def _token(form) -> str | None:
    value = form.form_token.data
    return value if isinstance(value, str) and TOKEN_PATTERN.match(value) else None


def _org_id() -> int | None:
    org = g.get("org")
    return org.id if org is not None else None


def _user_id() -> int | None:
    return current_user.id if current_user and current_user.is_authenticated else None
