"""The password rule: at least 12 characters, and not a common or breached password.

The list of common passwords is the 30,000 most frequent ones from leaked password sets as
shipped by zxcvbn (a maintained package, no network). A long password that is only a common
one with digits or punctuation added ("wachtwoord2024!"), or one repeated ("qwertyqwerty"),
is refused as well: attackers try exactly those variations first.
"""

from __future__ import annotations

import re
from functools import cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
# Words anyone tries against this application in particular.
LOCAL_WORDS = ("lokaal_avg", "lokaalavg", "lokaal-avg", "gemeente", "wachtwoord", "privacy", "avg", "gdpr")

_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(LOCAL_WORDS)


def _core_forms(password: str) -> set[str]:
    """The password as an attacker's word list would hold it: lower case, decoration removed, halved."""
    lowered = password.lower()
    forms = {lowered, _DECORATION.sub("", lowered), lowered.replace(" ", "")}
    for form in list(forms):
        for size in range(1, len(form) // 2 + 1):  # a short piece repeated: "abcabcabcabc"
            if len(form) % size == 0 and form[:size] * (len(form) // size) == form:
                forms.add(form[:size])
                break
    return {f for f in forms if f}


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why this password is not allowed (a Dutch sentence), or None when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Het wachtwoord moet minstens %(n)s tekens hebben.", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Het wachtwoord mag hoogstens %(n)s tekens hebben.", n=MAX_PASSWORD_LENGTH)
    forms = _core_forms(password)
    if len(set(password)) < 4 or forms & common_passwords():
        return _(
            "Dit wachtwoord staat (bijna) in de lijst van veelgebruikte of gelekte wachtwoorden. "
            "Kies een ander, bijvoorbeeld een zin van enkele woorden."
        )
    if email and len(local := email.split("@")[0].lower()) >= 4 and local in password.lower():
        return _("Het wachtwoord mag uw e-mailadres niet bevatten.")
    return None


class StrongPassword:
    """WTForms validator; the e-mail address comes from a form field if given."""

    def __init__(self, email_field: str | None = None) -> None:
        self.email_field = email_field

    def __call__(self, form, field) -> None:
        email = None
        if self.email_field:
            email = form[self.email_field].data
        elif getattr(form, "account_email", None):
            email = form.account_email
        problem = password_problem(field.data or "", email)
        if problem:
            raise ValidationError(problem)


PASSWORD_HELP = _l(
    "Minstens %(n)s tekens, geen veelgebruikt wachtwoord. Een zin van enkele woorden is sterk en goed te onthouden.",
    n=MIN_PASSWORD_LENGTH,
)
