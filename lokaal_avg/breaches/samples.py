"""Demo breaches, through the public services only: `load_demo(org, actors)`.

actors: {"dpo": User, "admin": User, "staff": User} (the keys of lokaal_avg.demo). Idempotent per
organisation. Three breaches: one notified in time and closed, one without risk (closed, not
notified, still in the register), one discovered 30 hours ago whose clock is running.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from lokaal_avg.breaches import services
from lokaal_avg.breaches.models import Breach
from lokaal_avg.breaches.notification import draft
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import DataCategory, ProcessingActivity, SubjectCategory


def _first(model: Any, org: Organisation, *conditions: Any) -> Any:
    return db.session.scalars(
        select(model).where(model.organisation_id == org.id, *conditions).order_by(model.id)
    ).first()


def _ids(*items: Any) -> list[int]:
    return [item.id for item in items if item is not None]


def load_demo(org: Organisation, actors: dict[str, Any]) -> list[Breach]:
    if db.session.scalar(select(Breach.id).where(Breach.organisation_id == org.id).limit(1)) is not None:
        return []
    dpo, staff = actors["dpo"], actors.get("staff") or actors["dpo"]
    now = utcnow()
    social = _first(ProcessingActivity, org, ProcessingActivity.name.ilike("%leefloon%")) or _first(
        ProcessingActivity, org
    )
    web_channel = _first(Channel, org, Channel.url.is_not(None))
    residents = _first(SubjectCategory, org)
    identity = _first(DataCategory, org)
    financial = _first(DataCategory, org, DataCategory.name.ilike("%financ%"))

    mail = services.create_breach(
        org,
        staff,
        {
            "title": "Beslissing leefloon naar verkeerde ontvanger gemaild",
            "description": "Een beslissing met inkomensgegevens werd naar een naamgenoot gemaild.",
            "kinds": ["vertrouwelijkheid"],
            "discovered_at": now - timedelta(days=41),
            "discovered_by": "Maatschappelijk werker",
            "activities": _ids(social),
            "subject_categories": _ids(residents),
            "data_categories": _ids(identity, financial),
            "subjects_estimate": 1,
            "records_estimate": 1,
            "consequences": "Inkomen en gezinssituatie van één cliënt bekend bij een derde.",
            "measures": "Ontvanger gevraagd de mail te wissen (bevestigd). Adresboek-aanvulling uitgeschakeld.",
        },
        notify=False,
    )
    services.assess(
        org,
        dpo,
        mail,
        {"gevoelig": "ja", "kwetsbaar": "ja", "ingeperkt": "ja", "gevolgen": "beperkt"},
        "risico",
        None,
        "Financiële gegevens van een kwetsbare cliënt; de ontvanger wiste de mail, dus geen hoog risico.",
    )
    notified_at = mail.discovered_at + timedelta(hours=30)
    services.record_notification(
        org, dpo, mail, notified_at, "VTC/2026/0042", "nl", draft(mail, "nl", at=notified_at), None
    )
    services.create_action(
        org, dpo, mail, {"title": "Adresboek-aanvulling uitschakelen in de mailclient", "priority": "hoog"}
    )
    services.close_breach(org, dpo, mail, "Gemeld, maatregel genomen.")

    laptop = services.create_breach(
        org,
        staff,
        {
            "title": "Versleutelde laptop gestolen uit de wagen",
            "description": "Laptop van de dienst vrije tijd gestolen; de schijf is volledig versleuteld.",
            "kinds": ["vertrouwelijkheid", "beschikbaarheid"],
            "discovered_at": now - timedelta(days=12),
            "discovered_by": "Diensthoofd vrije tijd",
            "measures": "Account op afstand geblokkeerd, wachtwoorden vernieuwd.",
        },
        notify=False,
    )
    services.assess(
        org, dpo, laptop, {"onleesbaar": "ja"}, None, None, "Schijfversleuteling actief, sleutel niet op het toestel."
    )
    services.close_breach(org, dpo, laptop, "Geen melding nodig; gedocumenteerd.")

    form = services.create_breach(
        org,
        dpo,
        {
            "title": "Contactformulier stuurde gegevens onversleuteld",
            "description": "Het contactformulier verstuurde ingevulde gegevens over http://.",
            "kinds": ["vertrouwelijkheid"],
            "discovered_at": now - timedelta(hours=30),
            "discovered_by": "Functionaris (scan van lokaal_avg)",
            "channels": _ids(web_channel),
            "subjects_estimate": 300,
        },
        notify=False,
    )
    return [mail, laptop, form]
