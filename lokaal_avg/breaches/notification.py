"""The notification to the supervisory authority, pre-filled from the register (Art. 33(3)).

Written in the authority's language, not the reader's: the VTC works in Dutch, the GBA in Dutch
or French. The texts are therefore fixed per language here rather than translated by the UI catalogue.
"""

from __future__ import annotations

from datetime import datetime

from flask import render_template

from lokaal_avg.breaches.clock import to_local
from lokaal_avg.breaches.models import Breach
from lokaal_avg.core.db import utcnow

KINDS = {
    "nl": {
        "vertrouwelijkheid": "inbreuk op de vertrouwelijkheid",
        "integriteit": "inbreuk op de integriteit",
        "beschikbaarheid": "inbreuk op de beschikbaarheid",
    },
    "fr": {
        "vertrouwelijkheid": "atteinte à la confidentialité",
        "integriteit": "atteinte à l'intégrité",
        "beschikbaarheid": "atteinte à la disponibilité",
    },
}
AUTHORITIES = {
    "nl": {
        "vtc": "Vlaamse Toezichtcommissie voor de verwerking van persoonsgegevens",
        "gba": "Gegevensbeschermingsautoriteit",
    },
    "fr": {"vtc": "Commission de contrôle flamande", "gba": "Autorité de protection des données"},
}
SUBJECTS = {
    "nl": {
        True: "De betrokkenen worden verwittigd (Art. 34 AVG).",
        False: "De betrokkenen worden niet individueel verwittigd.",
        None: "Of de betrokkenen verwittigd worden, is nog niet beslist.",
    },
    "fr": {
        True: "Les personnes concernées sont informées (art. 34 RGPD).",
        False: "Les personnes concernées ne sont pas informées individuellement.",
        None: "La communication aux personnes concernées n'est pas encore décidée.",
    },
}


def _moment(value) -> str:
    """Belgian wall-clock time, written the same way in both languages."""
    return to_local(value).strftime("%d/%m/%Y %H:%M") if value is not None else "—"


def draft(breach: Breach, language: str, at: datetime | None = None) -> str:
    """The notification text in language ("nl" or "fr"), from what the register knows.

    at: when it will be sent (default now); after the 72 hours the text asks for the reasons of the delay.
    """
    language = language if language in KINDS else "nl"
    org = breach.organisation
    return render_template(
        f"breaches/notification_{language}.txt",
        breach=breach,
        org=org,
        authority=AUTHORITIES[language].get(org.supervisory_authority, org.supervisory_authority),
        kinds=", ".join(KINDS[language][k] for k in breach.kinds or []),
        discovered=_moment(breach.discovered_at),
        occurred=_moment(breach.occurred_at) if breach.occurred_at else None,
        deadline=_moment(breach.deadline),
        subjects=SUBJECTS[language][breach.inform_subjects],
        late=(at or breach.authority_notified_at or utcnow()) > breach.deadline,
    ).strip()
