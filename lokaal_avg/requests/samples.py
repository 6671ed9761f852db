"""Demo requests, through the public services only: `load_demo(org, actors)`.

actors: {"dpo": User, "staff": User, ...}. Idempotent per organisation. Five requests: answered in
time, refused with reasons, extended, due within a week, and one overdue.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.requests import services
from lokaal_avg.requests.deadlines import belgian_today as today
from lokaal_avg.requests.models import SubjectRequest


def load_demo(org: Organisation, actors: dict[str, Any]) -> list[SubjectRequest]:
    if db.session.scalar(select(SubjectRequest.id).where(SubjectRequest.organisation_id == org.id).limit(1)):
        return []
    dpo, staff = actors["dpo"], actors.get("staff") or actors["dpo"]
    activities = list(
        db.session.scalars(
            select(ProcessingActivity)
            .where(ProcessingActivity.organisation_id == org.id)
            .order_by(ProcessingActivity.id)
        )
    )
    first = [activities[0].id] if activities else []
    d = today()

    def log(kind: str, days_ago: int, via: str, handler, summary: str) -> SubjectRequest:
        return services.create_request(
            org,
            handler,
            {
                "kind": kind,
                "received_on": d - timedelta(days=days_ago),
                "received_via": via,
                "summary": summary,
                "requester_reference": f"DEMO-{kind[:3].upper()}-{days_ago}",
                "requester_contact": "betrokkene@example.org",
                "identity_verified_on": d - timedelta(days=days_ago),
                "identity_verification": "eID aan de balie",
                "activities": first,
                "handler_id": handler.id,
            },
        )

    answered = log("inzage", 70, "balie", staff, "Kopie van de gegevens in het bevolkingsregister.")
    services.close(org, staff, answered, "beantwoord", d - timedelta(days=50), "Uittreksel en overzicht bezorgd.")
    refused = log("wissing", 45, "email", dpo, "Wissing van de inschrijving in het bevolkingsregister.")
    services.close(
        org,
        dpo,
        refused,
        "geweigerd",
        d - timedelta(days=20),
        "Wissing niet mogelijk.",
        "De inschrijving is een wettelijke verplichting (Art. 17(3)(b) AVG).",
        "recht_geldt_niet",
    )
    extended = log("overdraagbaarheid", 25, "e_loket", dpo, "Gegevens van de uitleenhistoriek in een bestand.")
    services.extend(org, dpo, extended, "Gegevens uit drie systemen samenbrengen.", d - timedelta(days=20))
    log("bezwaar", 27, "papier", staff, "Bezwaar tegen de nieuwsbrief.")
    return [answered, refused, extended, log("rectificatie", 40, "telefoon", staff, "Verkeerd adres.")]
