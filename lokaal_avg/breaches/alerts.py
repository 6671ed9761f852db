"""E-mail about the 72-hour clock: to the functionaris and the beheerders, at creation and when
24 and 4 hours remain.

Each alert goes out once: the alert job claims it with a conditional UPDATE before sending, so two
runs at the same time (cron and the scheduler) never both send it; a failed send gives the claim
back so that the next run tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.breaches.clock import ALERT_THRESHOLDS, clock
from lokaal_avg.breaches.models import NOTIFICATION_WINDOW, Breach
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.roles import Role
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation import notifications

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """The organisation's DPO address when no functionaris has an account (an external DPO)."""

    name: str
    email: str
    locale: str | None = None


def recipients(organisation_id: int) -> list[User | Recipient]:
    """Active functionarissen and beheerders; the DPO address of the organisation when no functionaris is a member."""
    members = list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.organisation_id == organisation_id,
                Membership.role.in_((Role.DPO, Role.ADMIN)),
                User.active.is_(True),
            )
            .order_by(User.name)
        ).unique()
    )
    has_dpo = db.session.scalar(
        select(Membership.id).where(Membership.organisation_id == organisation_id, Membership.role == Role.DPO).limit(1)
    )
    org = db.session.get(Organisation, organisation_id)
    if has_dpo is None and org.dpo_email and org.dpo_email not in {u.email for u in members}:
        members.append(Recipient(org.dpo_name or org.dpo_email, org.dpo_email))
    return members


def breach_url(breach: Breach) -> str:
    return notifications.external_url("breaches.detail", org_slug=breach.organisation.slug, breach_id=breach.id)


def _mail(user: User | Recipient, subject: Callable[[], str], **context: Any) -> notifications.Mail:
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        context = {"user": user, **context}
        return notifications.Mail(
            to_name=user.name,
            to_email=user.email,
            subject=subject(),
            text=render_template("emails/breach_alert.txt", **context),
            html=render_template("emails/breach_alert.html", **context),
        )


def alert_mails(breach: Breach, moment: str, actor: User | None = None, now: datetime | None = None):
    """One message per recipient; moment is "created", "24h" or "4h"."""
    state = clock(breach, now)
    link = breach_url(breach)
    authority = breach.organisation.authority_label
    mails = []
    for user in recipients(breach.organisation_id):
        if moment == "created":
            subject = lambda: _("Datalek %(ref)s geregistreerd: %(title)s", ref=breach.reference, title=breach.title)  # noqa: E731
        else:
            subject = lambda: _(  # noqa: E731
                "Datalek %(ref)s: %(left)s om te melden", ref=breach.reference, left=state.text
            )
        mails.append(
            _mail(user, subject, breach=breach, clock=state, moment=moment, actor=actor, link=link, authority=authority)
        )
    return mails


def alert_created(breach: Breach, actor: User | None) -> None:
    """Queue the creation alert (sent after the commit); thresholds already passed count as told."""
    now = utcnow()
    breach.alert_created_at = now
    remaining = breach.deadline - now
    for column, threshold in ALERT_THRESHOLDS:
        if remaining <= threshold:
            setattr(breach, column, now)
    db.session.flush()
    db.session.refresh(breach, ["organisation"])
    for mail in alert_mails(breach, "created", actor, now):
        if actor is None or mail.to_email != actor.email:  # who recorded it knows already
            notifications.queue(mail)


def _due(now: datetime) -> list[tuple[int, str]]:
    """(breach id, alert column) of every alert whose moment has come, most urgent alert only."""
    stmt = select(Breach).where(
        Breach.closed_at.is_(None),
        Breach.authority_notified_at.is_(None),
        Breach.notify_authority.is_not(False),
        Breach.discovered_at > now - NOTIFICATION_WINDOW - ALERT_THRESHOLDS[0][1],  # not long past
        Breach.discovered_at <= now - NOTIFICATION_WINDOW + ALERT_THRESHOLDS[0][1],
    )
    due = []
    for breach in db.session.scalars(stmt):
        remaining = breach.deadline - now
        pending = [
            col for col, threshold in ALERT_THRESHOLDS if remaining <= threshold and getattr(breach, col) is None
        ]
        if pending:
            due.append((breach.id, pending[-1]))
    return due


def _claim(breach_id: int, columns: list[str], now: datetime) -> bool:
    """Take the alert (the last column) for this run; earlier alerts not yet sent count as sent with it."""
    result = db.session.execute(
        update(Breach)
        .where(Breach.id == breach_id, getattr(Breach, columns[-1]).is_(None))
        .values({c: func.coalesce(getattr(Breach, c), now) for c in columns})
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def send_due_alerts(now: datetime | None = None) -> int:
    """Send the 24-hour and 4-hour alerts that are due, each once; returns the number of messages.

    For cron (`flask --app app breach-alerts`) and the scheduler. Commits per breach.
    """
    now = now or utcnow()
    names = [column for column, _threshold in ALERT_THRESHOLDS]
    sent = 0
    for breach_id, column in _due(now):
        if not _claim(breach_id, names[: names.index(column) + 1], now):
            continue  # another run took it
        db.session.commit()
        breach = db.session.get(Breach, breach_id)
        db.session.refresh(breach)
        mails = alert_mails(breach, "24h" if column == "alert_24h_at" else "4h", now=now)
        db.session.commit()  # no transaction (on SQLite: no write lock) held during the SMTP exchange
        try:
            sent += notifications.send_now(mails)
        except notifications.MailError as exc:
            log.warning("breach alert %s for breach %s not sent: %s", column, breach_id, exc)
            db.session.execute(update(Breach).where(Breach.id == breach_id).values({column: None}))
            db.session.commit()
    return sent
