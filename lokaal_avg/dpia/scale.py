"""The 4x4 risk scale: likelihood and severity from 1 (negligible) to 4 (maximum).

The levels follow the usual DPIA method (e.g. the CNIL's): a risk is high when both likelihood
and severity are at least "aanzienlijk" (3), which on a 1-4 scale is exactly a product of 9 or
more; low when the product is 3 or less; medium in between.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SCALE = (1, 2, 3, 4)
LIKELIHOOD_LABELS = {
    1: _l("verwaarloosbaar"),
    2: _l("beperkt"),
    3: _l("aanzienlijk"),
    4: _l("maximaal"),
}
SEVERITY_LABELS = LIKELIHOOD_LABELS

HIGH = "hoog"
MEDIUM = "midden"
LOW = "laag"
LEVEL_LABELS = {HIGH: _l("hoog risico"), MEDIUM: _l("middelgroot risico"), LOW: _l("laag risico")}
LEVEL_ORDER = {LOW: 0, MEDIUM: 1, HIGH: 2}


def level(likelihood: int, severity: int) -> str:
    score = likelihood * severity
    if score >= 9:
        return HIGH
    if score >= 4:
        return MEDIUM
    return LOW


def highest(levels) -> str | None:
    """The worst of the given levels, None when there are none."""
    ordered = sorted(levels, key=LEVEL_ORDER.__getitem__)
    return ordered[-1] if ordered else None
