"""Labels and help texts for the register's fixed choices (shown in Dutch first)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lokaal_avg.core.templating import label  # noqa: F401 - callers look up labels here
from lokaal_avg.register.models import Status

STATUS_LABELS = {
    Status.DRAFT: _l("Concept"),
    Status.REVIEW: _l("Ter review"),
    Status.APPROVED: _l("Goedgekeurd"),
    Status.ENDED: _l("Beëindigd"),
}

STATUS_BADGES = {
    Status.DRAFT: "secondary",
    Status.REVIEW: "warning",
    Status.APPROVED: "success",
    Status.ENDED: "dark",
}

LEGAL_BASES = {
    "a": _l("a) Toestemming van de betrokkene"),
    "b": _l("b) Uitvoering van een overeenkomst"),
    "c": _l("c) Wettelijke verplichting"),
    "d": _l("d) Vitaal belang"),
    "e": _l("e) Taak van algemeen belang of openbaar gezag"),
    "f": _l("f) Gerechtvaardigd belang"),
}

ROLES = {
    "verwerkingsverantwoordelijke": _l("Verwerkingsverantwoordelijke"),
    "gezamenlijk_verantwoordelijke": _l("Gezamenlijk verwerkingsverantwoordelijke"),
    "verwerker": _l("Verwerker (in opdracht van een ander)"),
}

RETENTION_END_ACTIONS = {
    "vernietigen": _l("Vernietigen"),
    "archiveren": _l("Overdragen aan het archief"),
    "anonimiseren": _l("Anonimiseren"),
}

ESTIMATED_SUBJECTS = {
    "lt100": _l("Minder dan 100"),
    "100-1000": _l("100 tot 1.000"),
    "1000-10000": _l("1.000 tot 10.000"),
    "gt10000": _l("Meer dan 10.000"),
}

CHANNEL_TYPES = {
    "webformulier": _l("Webformulier"),
    "e_loket": _l("Digitaal loket (e-loket)"),
    "email": _l("E-mail"),
    "papier": _l("Papieren formulier"),
    "telefoon": _l("Telefoon"),
    "balie": _l("Balie"),
    "app": _l("App"),
}

DPIA_STATUSES = {
    "niet_nodig": _l("Niet nodig (screening gemotiveerd)"),
    "te_beoordelen": _l("Nog te beoordelen"),
    "gepland": _l("DPIA gepland"),
    "lopend": _l("DPIA lopend"),
    "uitgevoerd": _l("DPIA uitgevoerd"),
}

# The nine criteria of the European guidelines on DPIA (WP248 rev.01).
DPIA_CRITERIA = {
    "evaluatie_scoring": _l("Evaluatie of scoring (profilering, voorspelling)"),
    "geautomatiseerde_besluiten": _l("Geautomatiseerde besluiten met rechtsgevolg of vergelijkbaar gevolg"),
    "systematische_monitoring": _l("Stelselmatige monitoring (bv. camera's in de openbare ruimte)"),
    "gevoelige_gegevens": _l("Gevoelige of zeer persoonlijke gegevens"),
    "grote_schaal": _l("Verwerking op grote schaal"),
    "koppeling_datasets": _l("Koppelen of combineren van datasets"),
    "kwetsbare_betrokkenen": _l("Kwetsbare betrokkenen (kinderen, cliënten van de sociale dienst, personeel)"),
    "innovatieve_technologie": _l("Innovatieve technologie (bv. biometrie, AI)"),
    "verhindert_recht": _l("Verhindert de uitoefening van een recht of het gebruik van een dienst"),
}

DPIA_THRESHOLD = 2
