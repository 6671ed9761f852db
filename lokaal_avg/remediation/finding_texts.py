"""A finding's title, risk and fix in the reader's language.

Findings of the register check and the gap analysis store their texts as messages (Finding.texts),
rendered when shown. The scanner (lokaal_avg/scanning/texts.py, a Flask-free engine) writes finished
Dutch sentences from templates with {placeholders}; those templates are in the message catalogue
too (catalogues.py adds them at extraction), and a stored sentence is translated by reading the
placeholder values back out of it. A sentence that matches no template is shown as stored.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext

from lokaal_avg.core.messages import render
from lokaal_avg.scanner.result import STATUS_MESSAGES
from lokaal_avg.scanner.texts import FINDING_TEXTS

PARTS = ("title", "risk", "fix")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def catalogue_msgid(engine_template: str) -> str:
    """The engine's template as a gettext msgid: {name} becomes %(name)s."""
    return _PLACEHOLDER.sub(r"%(\1)s", engine_template)


def scan_msgids() -> list[str]:
    """Every scanner sentence template (findings and scan statuses), for the message catalogue."""
    findings = {catalogue_msgid(texts[i]) for texts in FINDING_TEXTS.values() for i in (1, 2, 3)}
    return sorted(findings | {catalogue_msgid(message) for message in STATUS_MESSAGES.values()})


@cache
def _pattern(code: str, part: str) -> tuple[re.Pattern[str], str] | None:
    texts = FINDING_TEXTS.get(code)
    if texts is None:
        return None
    return _compile(texts[1 + PARTS.index(part)])


@cache
def _status_patterns() -> list[tuple[re.Pattern[str], str]]:
    # The engine appends the technical detail in parentheses (result.status_message).
    return [_compile(message, suffix=r"(?P<_detail> \(.*\))?") for message in STATUS_MESSAGES.values()]


def scan_status_text(stored: str | None) -> str:
    """The scanner's status message of a scan (stored in Dutch) in the active locale."""
    for pattern, msgid in _status_patterns():
        match = pattern.fullmatch(stored or "")
        if match is not None:
            values = match.groupdict()
            detail = values.pop("_detail") or ""
            return (gettext(msgid, **values) if values else gettext(msgid)) + detail
    return stored or ""


def _compile(template: str, suffix: str = "") -> tuple[re.Pattern[str], str]:
    pieces, names, position = [], set(), 0
    for match in _PLACEHOLDER.finditer(template):
        pieces.append(re.escape(template[position : match.start()]))
        name = match.group(1)
        # The same placeholder twice must hold the same value.
        pieces.append(f"(?P={name})" if name in names else f"(?P<{name}>.*?)")
        names.add(name)
        position = match.end()
    pieces.append(re.escape(template[position:]))
    return re.compile("".join(pieces) + suffix, re.DOTALL), catalogue_msgid(template)


def scan_text(code: str, part: str, stored: str) -> str:
    """A scanner sentence (stored in Dutch) in the active locale; unchanged when it matches no template."""
    found = _pattern(code, part)
    if found is None or not stored:
        return stored or ""
    pattern, msgid = found
    match = pattern.fullmatch(stored)
    if match is None:
        return stored
    # Values that are catalogue texts (category names in a list) follow the reader as well.
    values = {name: ", ".join(gettext(part) for part in value.split(", ")) for name, value in match.groupdict().items()}
    return gettext(msgid, **values) if values else gettext(msgid)


def finding_text(finding: Any, part: str) -> str:
    """title, risk or fix of a finding (or of a finding summarised as a dict) in the reader's language."""
    get = finding.get if isinstance(finding, dict) else lambda name, default=None: getattr(finding, name, default)
    stored = (get("texts") or {}).get(part)
    if stored:
        return render(stored)
    original = get(part) or ""
    return scan_text(get("code") or "", part, original)


def finding_description(finding: Any, translated: bool = True) -> str:
    """The description an action made from finding starts with; in Dutch (as stored) when not translated."""
    if not translated:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return gettext("Wat te doen: %(fix)s\n\nWaarom: %(risk)s", fix=finding.fix, risk=finding.risk)
    return gettext(
        "Wat te doen: %(fix)s\n\nWaarom: %(risk)s", fix=finding_text(finding, "fix"), risk=finding_text(finding, "risk")
    )
