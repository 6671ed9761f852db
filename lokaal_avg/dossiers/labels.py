"""Dutch labels for the codes the dossier prints (remediation states, agreements, locations).

The change log reads audit entries through lokaal_avg/audit/describe.py, like the history pages.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# The same labels as on screen, so that the dossier and the application never disagree.
from lokaal_avg.channels.labels import AUTHENTICATION_LABELS  # noqa: F401
from lokaal_avg.remediation.choices import PRIORITY_LABELS, SEVERITY_LABELS  # noqa: F401
from lokaal_avg.remediation.choices import STATUS_LABELS as ACTION_STATE_LABELS  # noqa: F401

AGREEMENT_LABELS = {
    "ontbreekt": _l("ontbreekt"),
    "verlopen": _l("verlopen"),
    "verloopt_binnenkort": _l("verloopt binnenkort"),
    "geldig": _l("geldig"),
}

LOCATION_LABELS = {"eu": _l("binnen de EER"), "derde_land": _l("buiten de EER")}
