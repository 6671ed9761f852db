"""How serious a problem is: one scale, labels and colours for scans, register checks and actions."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

SEVERITIES = ("kritiek", "hoog", "midden", "laag")  # most serious first
SEVERITY_ORDER = SEVERITIES

SEVERITY_LABELS = {
    "kritiek": _l("Kritiek"),
    "hoog": _l("Hoog"),
    "midden": _l("Midden"),
    "laag": _l("Laag"),
}
SEVERITY_BADGES = {"kritiek": "danger", "hoog": "warning", "midden": "info", "laag": "secondary"}


def severity_rank(item: Any) -> int:
    """Sort key, most serious first, for findings as objects or as dictionaries."""
    severity = item.severity if hasattr(item, "severity") else item.get("severity")
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)
