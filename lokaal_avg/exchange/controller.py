"""The controller sheet of the authority's model: label/value rows about the organisation and its DPO.

Read from any sheet other than the register sheet; only empty fields of the organisation are
filled in on import (what the organisation already recorded is never overwritten).
"""

from __future__ import annotations

from typing import Any

from lokaal_avg.core.validators import is_valid_kbo
from lokaal_avg.exchange.fields import normalise
from lokaal_avg.exchange.reader import Sheet
from lokaal_avg.exchange.values import as_text
from lokaal_avg.organisations.models import Organisation

LABELS = {
    "kbo_number": (
        "kbo",
        "kbo nummer",
        "ondernemingsnummer",
        "ondernemingsnummer kbo",
        "numero bce",
        "bce",
        "numero d entreprise",
        "enterprise number",
        "company number",
    ),
    "dpo_name": (
        "functionaris voor gegevensbescherming",
        "naam functionaris",
        "naam dpo",
        "dpo",
        "functionaris",
        "delegue a la protection des donnees",
        "nom du dpo",
        "data protection officer",
        "dpo name",
    ),
    "dpo_email": ("e mail functionaris", "e mail dpo", "email dpo", "e mail du dpo", "dpo e mail", "dpo email"),
    "dpo_phone": ("telefoon functionaris", "telefoon dpo", "telephone du dpo", "dpo phone", "dpo telephone"),
}
_INDEX = {normalise(label): key for key, labels in LABELS.items() for label in labels}
MAX_LABEL_ROWS = 60


def read_controller(sheets: list[Sheet], register_sheet: Sheet) -> dict[str, str]:
    """Values found on label/value rows of the other sheets: {organisation field: text}."""
    found: dict[str, str] = {}
    for sheet in sheets:
        if sheet is register_sheet:
            continue
        for row in sheet.rows[:MAX_LABEL_ROWS]:
            cells = [c for c in row if c is not None]
            if len(cells) != 2:
                continue
            key = _INDEX.get(normalise(cells[0]))
            value = as_text(cells[1])
            if key and value and key not in found:
                found[key] = value[:200]
    if "kbo_number" in found and not is_valid_kbo(found["kbo_number"]):
        del found["kbo_number"]
    return found


def fillable(org: Organisation, found: dict[str, Any]) -> dict[str, str]:
    """The values that would fill a field the organisation has left empty."""
    return {key: value for key, value in found.items() if not getattr(org, key)}
