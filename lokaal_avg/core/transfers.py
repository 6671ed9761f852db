"""Transfers outside the EEA (Art. 44-49 GDPR): destination countries and the mechanism relied on.

Shared by the register (an activity's transfers) and the processors (where a processor works),
so both ask the same questions and the register check compares like with like. Country names
come from the CLDR data of Babel in the reader's language; codes are ISO 3166-1 alpha-2.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

# EU 27 plus Iceland, Liechtenstein and Norway: data staying here is no transfer.
EEA_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "IS",
        "LI",
        "NO",
    ]
)

# CLDR territory codes that are no country (unknown region, EU, eurozone, UN, pseudo-regions).
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})

TRANSFER_MECHANISMS = {
    "adequaatheidsbesluit": _l("Adequaatheidsbesluit van de Europese Commissie (art. 45 AVG)"),
    "modelcontractbepalingen": _l("Modelcontractbepalingen (SCC, art. 46.2.c AVG)"),
    "bindende_bedrijfsvoorschriften": _l("Bindende bedrijfsvoorschriften (BCR, art. 47 AVG)"),
    "afwijking_art49": _l("Afwijking voor een specifieke situatie (art. 49 AVG)"),
}

# An adequacy decision is itself the document; the others need the organisation's own reference.
MECHANISMS_NEEDING_DOCUMENT = ("modelcontractbepalingen", "bindende_bedrijfsvoorschriften", "afwijking_art49")


def country_names() -> dict[str, str]:
    """ISO code -> country name in the current language, countries only."""
    locale = get_locale()
    territories = locale.territories if locale is not None else {}
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def country_choices() -> list[tuple[str, str]]:
    """Countries outside the EEA, by name: a transfer goes there by definition."""
    names = country_names()
    return sorted(((c, n) for c, n in names.items() if c not in EEA_COUNTRIES), key=lambda item: item[1].lower())


def country_label(code: str) -> str:
    return country_names().get(code, code)


def countries_text(codes: list[str] | None) -> str:
    return ", ".join(country_label(c) for c in codes or [])


def outside_eea(country: str | None) -> bool:
    """A country code that is known and not in the EEA (unknown codes prove nothing)."""
    return bool(country) and len(country) == 2 and country.upper() not in EEA_COUNTRIES


def transfer_complete(countries: list[str] | None, mechanism: str | None, document: str | None) -> bool:
    """Countries, a mechanism and, where the mechanism needs one, a reference to the document."""
    if not countries or mechanism not in TRANSFER_MECHANISMS:
        return False
    return mechanism not in MECHANISMS_NEEDING_DOCUMENT or bool((document or "").strip())
