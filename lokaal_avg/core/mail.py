"""Sending e-mail: one message type, SMTP delivery, and an outbox that sends after commit.

Mail goes out over SMTP with the MAIL_* settings. Messages about a change are queued on the
database session and sent only after the change is committed, so nobody is told about
something that was rolled back. A mail failure never breaks the request or the job: it is
logged, and in a request the user sees a warning.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from flask import current_app, flash, has_request_context, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from lokaal_avg.core.extensions import db

log = logging.getLogger(__name__)

OUTBOX = "lokaal_avg.mail.outbox"
SMTP_TIMEOUT = 15
# Links in e-mail when neither BASE_URL nor SERVER_NAME is configured (a local install).
LOCAL_BASE_URL = "http://127.0.0.1:5000"


@dataclass
class Mail:
    to_name: str
    to_email: str
    subject: str
    text: str
    html: str
    # Quiet mail (a password reset) must not reveal whether an address exists: it is sent in the
    # background (the answer takes as long either way) and a failure is logged, never shown.
    quiet: bool = False

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


def one_line(text: str) -> str:
    """Header values are one line: line breaks and control characters become single spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


# --- links ---------------------------------------------------------------------------------------


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link for an e-mail, a calendar or a feed.

    Built from BASE_URL (e.g. https://avg.voorbeeldegem.be), else from SERVER_NAME, else the local
    address; never from the request's Host header, which a visitor chooses: a password-reset link
    pointing at an attacker's host would hand them the token.
    """
    config = current_app.config
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    base = config.get("BASE_URL")
    if not base and config.get("SERVER_NAME"):
        base = f"{config.get('PREFERRED_URL_SCHEME', 'http')}://{config['SERVER_NAME']}"
    if not base:
        log.warning("BASE_URL is not set; e-mail links point to %s", LOCAL_BASE_URL)
        base = LOCAL_BASE_URL
    return base.rstrip("/") + path


# --- composing -----------------------------------------------------------------------------------


def render_mail(
    template: str, to_name: str, to_email: str, locale: str | None, subject: Callable[[], str], **context: Any
) -> Mail:
    """Both parts of templates/emails/<template>.{txt,html}, in the recipient's language."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        return Mail(
            to_name=to_name,
            to_email=to_email,
            subject=subject(),
            text=render_template(f"emails/{template}.txt", **context),
            html=render_template(f"emails/{template}.html", **context),
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


def deliver(mails: list[Mail], warn_user: bool = True) -> bool:
    """Send, and on failure log and (in a request) warn the user. Never raises."""
    try:
        send_now(mails)
    except (MailError, ValueError) as exc:  # ValueError: a header the e-mail library refuses
        names = ", ".join(sorted({m.to_name for m in mails}))
        log.warning("e-mail to %s not sent: %s", names, exc)
        if warn_user and has_request_context():
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
        loud = [m for m in mails if not m.quiet]
        quiet = [m for m in mails if m.quiet]
        if loud:
            deliver(loud)
        if quiet:
            _deliver_in_background(quiet)


def _deliver_in_background(mails: list[Mail]) -> None:
    """Send without making the request wait: its duration must not tell whether a mail went out."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            deliver(mails, warn_user=False)

    threading.Thread(target=run, name="quiet-mail", daemon=True).start()


@event.listens_for(Session, "after_soft_rollback")
def _drop_outbox(session: Session, previous_transaction) -> None:
    # Only when the whole transaction is gone; a rolled-back savepoint leaves the outer work standing.
    if not session.in_transaction():
        session.info.pop(OUTBOX, None)
