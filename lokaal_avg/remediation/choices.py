"""Labels, badges and defaults of findings and actions (Dutch first)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lokaal_avg.core.severity import SEVERITY_BADGES, SEVERITY_LABELS
from lokaal_avg.remediation.models import ACTION_STATES, OPEN_ACTION_STATES, PRIORITIES, SEVERITIES

PRIORITY_LABELS = {"hoog": _l("Hoog"), "midden": _l("Midden"), "laag": _l("Laag")}
PRIORITY_BADGES = {"hoog": "danger", "midden": "warning", "laag": "secondary"}

STATUS_LABELS = {
    "open": _l("Open"),
    "in_uitvoering": _l("In uitvoering"),
    "wacht_op_derde": _l("Wacht op derde"),
    "uitgevoerd": _l("Uitgevoerd"),
    "geverifieerd": _l("Geverifieerd"),
    "niet_van_toepassing": _l("Niet van toepassing"),
}
STATUS_BADGES = {
    "open": "primary",
    "in_uitvoering": "info",
    "wacht_op_derde": "warning",
    "uitgevoerd": "success",
    "geverifieerd": "success",
    "niet_van_toepassing": "dark",
}

SOURCE_LABELS = {"scan": _l("Scan van een kanaal"), "register": _l("Registercontrole")}

TRIGGER_LABELS = {
    "handmatig": _l("op vraag"),
    "automatisch": _l("automatisch"),
    "opdrachtregel": _l("geplande taak"),
}

AUDIT_LABELS = {
    "create": _l("aangemaakt"),
    "update": _l("gewijzigd"),
    "status": _l("status gewijzigd"),
    "comment": _l("opmerking"),
    "verify": _l("geverifieerd door een controle"),
    "reopen": _l("heropend door een controle"),
}

# A due date follows from the priority unless the user picks one (said so in the form).
DUE_DAYS = {"hoog": 30, "midden": 90, "laag": 180}

# An action made from a finding gets the priority that matches the finding's severity.
SEVERITY_TO_PRIORITY = {"kritiek": "hoog", "hoog": "hoog", "midden": "midden", "laag": "laag"}

# "Active" = still needs someone: open work, and work done by hand that no check has confirmed yet.
ACTIVE_STATES = (*OPEN_ACTION_STATES, "uitgevoerd")
CLOSED_STATES = ("geverifieerd", "niet_van_toepassing")

__all__ = [
    "ACTION_STATES",
    "ACTIVE_STATES",
    "AUDIT_LABELS",
    "CLOSED_STATES",
    "DUE_DAYS",
    "OPEN_ACTION_STATES",
    "PRIORITIES",
    "PRIORITY_BADGES",
    "PRIORITY_LABELS",
    "SEVERITIES",
    "SEVERITY_BADGES",
    "SEVERITY_LABELS",
    "SEVERITY_TO_PRIORITY",
    "SOURCE_LABELS",
    "STATUS_BADGES",
    "STATUS_LABELS",
    "TRIGGER_LABELS",
]
