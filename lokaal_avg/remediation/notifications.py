"""E-mail to the people who do the work: on assignment, on reopening, and a daily digest.

Mail goes out over SMTP with the MAIL_* settings. Messages about a change are queued on the
database session and sent only after the change is committed, so nobody is told about an
assignment that was rolled back. A mail failure never breaks the request or the job: it is
logged, and in a request the user sees a warning.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from flask import current_app, flash, has_request_context, render_template, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from lokaal_avg.accounts.models import User
from lokaal_avg.core.extensions import db
from lokaal_avg.remediation.models import Action

log = logging.getLogger(__name__)

OUTBOX = "lokaal_avg.remediation.outbox"
SMTP_TIMEOUT = 15


@dataclass
class Mail:
    to_name: str
    to_email: str
    subject: str
    text: str
    html: str

    def as_message(self, sender: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = formataddr((one_line(self.to_name), self.to_email))
        message["Subject"] = one_line(self.subject)
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(">") or None)
        # RFC 3834: machines should not answer (out-of-office replies, loops).
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(self.text)
        message.add_alternative(self.html, subtype="html")
        return message


class MailError(Exception):
    """Sending failed; the message says why in Dutch."""


# --- links ---------------------------------------------------------------------------------------


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link for an e-mail or a calendar.

    BASE_URL (e.g. https://avg.voorbeeldegem.be) wins, so that mail sent from the command line or
    a background job links to the public address; otherwise the address of the current request.
    """
    base = current_app.config.get("BASE_URL")
    if base:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
        return base.rstrip("/") + path
    try:
        return url_for(endpoint, _external=True, **values)
    except RuntimeError:  # no request and no SERVER_NAME: say what to configure
        log.warning("BASE_URL is not set; e-mail links point to http://localhost")
        return "http://localhost" + current_app.url_map.bind("localhost").build(endpoint, values)


def action_url(action: Action) -> str:
    return external_url("remediation.detail", org_slug=action.organisation.slug, action_id=action.id)


# --- composing -----------------------------------------------------------------------------------


def _render(template: str, user: User, subject: Callable[[], str], **context: Any) -> Mail:
    """Both parts of one message, in the recipient's language (subject is built in it too)."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        context = {"user": user, **context}
        return Mail(
            to_name=user.name,
            to_email=user.email,
            subject=subject(),
            text=render_template(f"emails/{template}.txt", **context),
            html=render_template(f"emails/{template}.html", **context),
        )


def assignment_mail(action: Action, actor: User | None) -> Mail:
    return _render(
        "action_assigned",
        action.assignee,
        lambda: _("Actie voor jou: %(title)s", title=action.title),
        action=action,
        actor=actor,
        link=action_url(action),
    )


def reopened_mail(action: Action) -> Mail:
    return _render(
        "action_reopened",
        action.assignee,
        lambda: _("Actie heropend: %(title)s", title=action.title),
        action=action,
        link=action_url(action),
    )


def digest_mail(user: User, groups: list[tuple[Any, list[Action]]], today: date) -> Mail:
    """One reminder for all of a person's actions that are overdue or due within a week."""
    count = sum(len(actions) for _org, actions in groups)
    return _render(
        "reminder_digest",
        user,
        lambda: ngettext(
            "Herinnering: %(num)s actie met een deadline", "Herinnering: %(num)s acties met een deadline", count
        ),
        groups=groups,
        today=today,
        links={a.id: action_url(a) for _org, actions in groups for a in actions},
        overview=external_url("remediation.my_everywhere"),
    )


# --- sending -------------------------------------------------------------------------------------


def send_now(mails: Iterable[Mail]) -> int:
    """Send over one SMTP connection; raises MailError. Returns the number sent."""
    mails = list(mails)
    if not mails:
        return 0
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        raise MailError(_("Er is geen mailserver ingesteld (MAIL_SERVER)."))
    try:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=SMTP_TIMEOUT)
    except OSError as exc:
        raise MailError(_("De mailserver is niet bereikbaar (%(error)s).", error=exc)) from exc
    try:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        for mail in mails:
            smtp.send_message(mail.as_message(config["MAIL_SENDER"]))
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(_("De mailserver weigerde het bericht (%(error)s).", error=exc)) from exc
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return len(mails)


def queue(mail: Mail) -> None:
    """Send mail once the current transaction commits (dropped if it rolls back)."""
    db.session().info.setdefault(OUTBOX, []).append(mail)


def queued() -> list[Mail]:
    return db.session().info.get(OUTBOX, [])


def one_line(text: str) -> str:
    """Header values are one line: line breaks and control characters become single spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def deliver(mails: list[Mail]) -> bool:
    """Send, and on failure log and warn the user if there is one. Never raises."""
    try:
        send_now(mails)
    except (MailError, ValueError) as exc:  # ValueError: a header the e-mail library refuses
        names = ", ".join(sorted({m.to_name for m in mails}))
        log.warning("e-mail to %s not sent: %s", names, exc)
        if has_request_context():
            flash(
                _("De e-mail aan %(names)s kon niet verstuurd worden: %(error)s", names=names, error=exc),
                "warning",
            )
        return False
    return True


@event.listens_for(Session, "after_commit")
def _send_outbox(session: Session) -> None:
    mails = session.info.pop(OUTBOX, None)
    if mails:
        deliver(mails)


@event.listens_for(Session, "after_soft_rollback")
def _drop_outbox(session: Session, previous_transaction) -> None:
    # Only when the whole transaction is gone; a rolled-back savepoint leaves the outer work standing.
    if not session.in_transaction():
        session.info.pop(OUTBOX, None)


# --- what the services call ----------------------------------------------------------------------


def notify_assigned(action: Action, actor: User | None) -> None:
    """Tell the new assignee, unless they assigned it to themselves."""
    if action.assignee is None or (actor is not None and action.assignee_id == actor.id):
        return
    if not action.assignee.active:
        return
    queue(assignment_mail(action, actor))


def notify_assigned_many(actions: list[Action], actor: User | None) -> None:
    """A batch for one assignee (actions made in bulk from findings): one message."""
    if len(actions) == 1:
        notify_assigned(actions[0], actor)
        return
    assignee = actions[0].assignee if actions else None
    if assignee is None or not assignee.active or (actor is not None and assignee.id == actor.id):
        return
    queue(
        _render(
            "actions_assigned",
            assignee,
            lambda: ngettext("%(num)s actie voor jou", "%(num)s acties voor jou", len(actions)),
            actions=actions,
            actor=actor,
            links={a.id: action_url(a) for a in actions},
        )
    )


def notify_reopened(actions: Iterable[Action]) -> None:
    for action in actions:
        if action.assignee is not None and action.assignee.active:
            queue(reopened_mail(action))
