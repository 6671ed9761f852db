"""How an action's audit entries read: labels as on its forms, states and priorities in words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lokaal_avg.audit import describe
from lokaal_avg.remediation.choices import PRIORITY_LABELS, SEVERITY_LABELS
from lokaal_avg.remediation.choices import STATUS_LABELS as ACTION_STATE_LABELS
from lokaal_avg.remediation.forms import ActionForm

describe.register_form("Action", ActionForm)
describe.register_fields(
    "Action",
    {
        "status": _l("Status"),
        "justification": _l("Motivering (niet van toepassing)"),
        "closed_unverified": _l("Afgesloten zonder verificatie"),
        "verified_at": _l("Geverifieerd op"),
        "verification_evidence": _l("Bewijs van de verificatie"),
        "reopened_count": _l("Aantal keer heropend"),
        "note": _l("Opmerking"),
    },
)
describe.register_values("status", ACTION_STATE_LABELS, "Action")
describe.register_values("priority", PRIORITY_LABELS)
describe.register_values("severity", SEVERITY_LABELS)
