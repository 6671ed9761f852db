"""Understanding cell values: legal bases, dates, yes/no, lists in one cell, coded choices.

Each parser returns (value, problem); a problem is a Dutch sentence shown beside the cell
in the preview. Coded choices are recognised by code or by label in every language the
application speaks, so lokaal_avg's own export reads back whatever language it was made in.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from lokaal_avg.exchange.fields import normalise
from lokaal_avg.register import choices

CODED = {
    "roles": choices.ROLES,
    "estimated": choices.ESTIMATED_SUBJECTS,
    "channels": choices.CHANNEL_TYPES,
    "end_actions": choices.RETENTION_END_ACTIONS,
    "dpia_statuses": choices.DPIA_STATUSES,
    "dpia_criteria": choices.DPIA_CRITERIA,
}

LEGAL_BASIS_WORDS = {
    "a": ("toestemming", "consentement", "consent"),
    "b": ("overeenkomst", "contract", "uitvoering van een overeenkomst", "contrat", "execution d un contrat"),
    "c": ("wettelijke verplichting", "obligation legale", "legal obligation"),
    "d": ("vitaal belang", "vitale belangen", "interets vitaux", "interet vital", "vital interests", "vital interest"),
    "e": (
        "taak van algemeen belang",
        "algemeen belang",
        "openbaar gezag",
        "mission d interet public",
        "interet public",
        "autorite publique",
        "public task",
        "public interest",
        "official authority",
    ),
    "f": (
        "gerechtvaardigd belang",
        "gerechtvaardigde belangen",
        "interet legitime",
        "interets legitimes",
        "legitimate interest",
        "legitimate interests",
    ),
}
YES = {"ja", "j", "yes", "y", "oui", "x", "1", "true", "waar", "vrai", "wel"}
NO = {
    "nee",
    "neen",
    "n",
    "no",
    "non",
    "0",
    "false",
    "onwaar",
    "faux",
    "geen",
    "none",
    "aucun",
    "aucune",
    "nvt",
    "n v t",
    "niet van toepassing",
    "sans objet",
    "not applicable",
    "na",
    "n a",
    "-",
}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # PostgreSQL refuses NUL; none belongs in a register
SEPARATORS = re.compile(r"\s*(?:\r?\n|;|\u2022|\|)\s*")


def as_text(value: Any) -> str | None:
    """A cell as text: whole numbers without '.0', dates as d/m/yyyy, blanks as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day}/{value.month}/{value.year}"
    text = CONTROL.sub("", str(value).replace("\r\n", "\n")).strip()
    return text or None


def split_list(value: Any) -> list[str]:
    """Items of a list cell: line breaks, semicolons and bullets separate; commas too if nothing else does."""
    text = as_text(value)
    if not text:
        return []
    parts = [p.strip(" -*\t") for p in SEPARATORS.split(text)]
    if len(parts) == 1 and "," in text:
        parts = [p.strip(" -*\t") for p in text.split(",")]
    seen, out = set(), []
    for part in parts:
        if part and normalise(part) not in seen:
            seen.add(normalise(part))
            out.append(part)
    return out


def is_no(value: Any) -> bool:
    return normalise(as_text(value)) in NO


def parse_bool(value: Any) -> tuple[bool | None, str | None]:
    text = normalise(as_text(value))
    if not text:
        return None, None
    if text in YES:
        return True, None
    if text in NO:
        return False, None
    return None, _("'%(value)s' is geen ja of nee.", value=as_text(value))


def _one_basis(token: str) -> str | None:
    text = normalise(token)
    match = re.search(r"\b6\s*1\s*([a-f])\b", text) or re.fullmatch(r"([a-f])(?:\s.*)?", text)
    if match:
        return match.group(1)
    for letter, words in LEGAL_BASIS_WORDS.items():
        if any(f" {w} " in f" {text} " for w in words):
            return letter
    return None


def parse_legal_basis(value: Any) -> tuple[str | None, str | None]:
    """'c', '6.1.c', '6(1)(c)', 'Wettelijke verplichting', ...; several: the first, with a note."""
    parts = split_list(value) if value is not None else []
    if len(parts) == 1 and "," in parts[0]:
        parts = [p.strip() for p in parts[0].split(",")]
    found = [b for b in (_one_basis(p) for p in parts) if b]
    if not parts:
        return None, None
    if not found:
        return None, _("Onbekende rechtsgrond '%(value)s': kies a tot f (art. 6.1 AVG).", value=as_text(value))
    letters = list(dict.fromkeys(found))
    if len(letters) > 1:
        return letters[0], _(
            "Meerdere rechtsgronden (%(all)s); de eerste (%(first)s) is overgenomen.",
            all=", ".join(letters),
            first=letters[0],
        )
    return letters[0], None


DATE_PATTERNS = (
    re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"),  # d/m/yyyy
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),  # ISO
)
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: Any) -> tuple[date | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return EXCEL_EPOCH + timedelta(days=int(value)), None  # an Excel serial number
    text = str(value).strip()
    if not text:
        return None, None
    try:
        if match := DATE_PATTERNS[0].match(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day), None
        if match := DATE_PATTERNS[1].match(text):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day), None
        if text.isdigit():
            return EXCEL_EPOCH + timedelta(days=int(text)), None
    except ValueError:
        pass
    return None, _("Onleesbare datum '%(value)s' (verwacht: dag/maand/jaar).", value=text)


_coded_index: dict[str, dict[str, str]] = {}


def _index(kind: str) -> dict[str, str]:
    """normalised code or label (in every language) -> code; built once per process."""
    if kind not in _coded_index:
        mapping = CODED[kind]
        index = {normalise(code): code for code in mapping}
        for locale in [current_app.config["BABEL_DEFAULT_LOCALE"], *current_app.config["LANGUAGES"], "fr"]:
            with force_locale(locale):
                for code, label in mapping.items():
                    index.setdefault(normalise(str(label)), code)
                    short = re.sub(r"^[a-f]\)\s*", "", str(label))  # the labels of the bases start with 'a)'
                    index.setdefault(normalise(short.split(" (")[0]), code)
        _coded_index[kind] = index
    return _coded_index[kind]


def parse_coded(kind: str, value: Any) -> tuple[str | None, str | None]:
    text = normalise(as_text(value))
    if not text:
        return None, None
    code = _index(kind).get(text)
    if code is None:
        return None, _("Onbekende waarde '%(value)s'.", value=as_text(value))
    return code, None


def parse_coded_list(kind: str, value: Any) -> tuple[list[str], str | None]:
    codes, unknown = [], []
    for part in split_list(value):
        code = _index(kind).get(normalise(part))
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    problem = _("Onbekende waarden: %(values)s.", values=", ".join(unknown)) if unknown else None
    return codes, problem
