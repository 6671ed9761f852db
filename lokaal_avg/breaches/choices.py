"""Labels of the breach register (Dutch first)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "vertrouwelijkheid": _l("Vertrouwelijkheid (onbevoegde inzage of verspreiding)"),
    "integriteit": _l("Integriteit (onbevoegde of onbedoelde wijziging)"),
    "beschikbaarheid": _l("Beschikbaarheid (verlies of vernietiging, ook tijdelijk)"),
}
KIND_SHORT = {
    "vertrouwelijkheid": _l("vertrouwelijkheid"),
    "integriteit": _l("integriteit"),
    "beschikbaarheid": _l("beschikbaarheid"),
}
RISK_LABELS = {
    "geen": _l("Geen risico"),
    "risico": _l("Risico"),
    "hoog": _l("Hoog risico"),
}
RISK_BADGES = {"geen": "success", "risico": "warning", "hoog": "danger"}
LANGUAGE_LABELS = {"nl": _l("Nederlands"), "fr": _l("Frans")}
AUDIT_LABELS = {
    "create": _l("geregistreerd"),
    "update": _l("feiten gewijzigd"),
    "assess": _l("risico beoordeeld"),
    "notify": _l("melding aan de toezichthouder"),
    "inform": _l("betrokkenen verwittigd"),
    "action": _l("actie toegevoegd"),
    "close": _l("afgesloten"),
    "reopen": _l("heropend"),
}
