"""A short mail to the account's owner after a change to how they sign in (OWASP ASVS 2.2.3).

If it was not them, they learn it at once and know whom to ask. Sent in the background like
the reset mail: it never delays or breaks the page.
"""

from __future__ import annotations

from flask_babel import gettext as _

from lokaal_avg.accounts.models import User
from lokaal_avg.core import mail


def _what(kind: str) -> str:
    texts = {
        "password_changed": _("Het wachtwoord van uw account werd gewijzigd."),
        "password_reset": _("Het wachtwoord van uw account werd opnieuw ingesteld via „Wachtwoord vergeten?”."),
        "two_factor_enabled": _("Tweestapsverificatie werd ingeschakeld voor uw account."),
        "two_factor_disabled": _("Tweestapsverificatie werd uitgeschakeld voor uw account."),
    }
    return texts[kind]


def notify(user: User, kind: str) -> None:
    """Queue the notice (sent after commit); kind is one of the keys of _what."""
    message = mail.render_mail(
        "security_notice",
        user.name,
        user.email,
        user.locale,
        lambda: _("Wijziging aan uw aanmelding bij lokaal_avg"),
        user=user,
        what=_what,
        kind=kind,
        link=mail.external_url("accounts.forgot_password"),
    )
    message.quiet = True
    mail.queue(message)
