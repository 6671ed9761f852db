"""Changing the breach register: record, complete, assess, notify, inform, close, actions.

Services flush and write the audit trail; the request (or the command) commits. Every breach
stays in the register: there is no delete.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from lokaal_avg.accounts.models import User
from lokaal_avg.audit import services as audit
from lokaal_avg.breaches import alerts, assessment
from lokaal_avg.breaches.clock import to_local
from lokaal_avg.breaches.models import KINDS, RISK_LEVELS, SUBJECT_EXCEPTIONS, Breach
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Authority, Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import DataCategory, ProcessingActivity, SubjectCategory
from lokaal_avg.remediation import services as remediation
from lokaal_avg.remediation.models import Action

FACTS = (
    "title",
    "description",
    "kinds",
    "discovered_at",
    "discovered_by",
    "occurred_at",
    "subjects_estimate",
    "records_estimate",
    "consequences",
    "measures",
)
LINKS = {
    "activities": ProcessingActivity,
    "channels": Channel,
    "processors": Processor,
    "data_categories": DataCategory,
    "subject_categories": SubjectCategory,
}


class BreachError(ValueError):
    """A user-facing problem (message in Dutch)."""


def _linked(org: Organisation, model: Any, ids: Any) -> list[Any]:
    ids = sorted({int(i) for i in ids or []})
    if not ids:
        return []
    found = list(db.session.scalars(select(model).where(model.id.in_(ids), model.organisation_id == org.id)))
    if len(found) != len(ids):
        raise BreachError(_("Een gekozen waarde hoort niet bij deze organisatie."))
    return found


def _clean(org: Organisation, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in FACTS if k in data}
    for name, model in LINKS.items():
        if name in data:
            values[name] = _linked(org, model, data[name])
    if "title" in values:
        values["title"] = " ".join((values["title"] or "").split())[:200]
        if not values["title"]:
            raise BreachError(_("Geef het datalek een korte titel."))
    if "kinds" in values:
        if not values["kinds"] or set(values["kinds"]) - set(KINDS):
            raise BreachError(_("Kies minstens één soort datalek."))
        values["kinds"] = [k for k in KINDS if k in values["kinds"]]
    discovered = values.get("discovered_at")
    if "discovered_at" in values and discovered is None:
        raise BreachError(_("Vul in wanneer het datalek ontdekt werd."))
    if discovered is not None and discovered > utcnow():
        raise BreachError(_("Het moment van ontdekking ligt in de toekomst."))
    occurred = values.get("occurred_at")
    if occurred is not None and discovered is not None and occurred > discovered:
        raise BreachError(_("Het lek kan niet begonnen zijn na de ontdekking."))
    for name in ("subjects_estimate", "records_estimate"):
        if values.get(name) is not None and values[name] < 0:
            raise BreachError(_("Een aantal kan niet negatief zijn."))
    return values


def _next_number(org: Organisation) -> int:
    return (db.session.scalar(select(func.max(Breach.number)).where(Breach.organisation_id == org.id)) or 0) + 1


def create_breach(org: Organisation, actor: User | None, data: Mapping[str, Any], notify: bool = True) -> Breach:
    """Record an incident; the functionaris and beheerders are told at once (after the commit)."""
    values = _clean(org, data)
    if not values.get("discovered_at"):
        raise BreachError(_("Vul in wanneer het datalek ontdekt werd."))
    if not values.get("kinds"):
        raise BreachError(_("Kies minstens één soort datalek."))
    for field in ("description", "discovered_by"):
        values[field] = (values.get(field) or "").strip()
        if not values[field]:
            raise BreachError(_("Beschrijf wat er gebeurde en wie het ontdekte."))
    breach = Breach(
        organisation_id=org.id,
        number=_next_number(org),
        created_by_id=actor.id if actor is not None else None,
        assessment={},
    )
    changes = audit.populate(breach, values)
    db.session.add(breach)
    db.session.flush()
    audit.record(org, actor, "create", breach, changes)
    if notify:
        alerts.alert_created(breach, actor)
    return breach


def update_breach(org: Organisation, actor: User, breach: Breach, data: Mapping[str, Any]) -> audit.Diff:
    if breach.is_closed:
        raise BreachError(_("Dit datalek is afgesloten; heropen het eerst."))
    values = _clean(org, data)
    if values.get("discovered_at") is None:
        values.pop("discovered_at", None)
    changes = audit.populate(breach, values)
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", breach, changes)
    return changes


def assess(
    org: Organisation,
    actor: User,
    breach: Breach,
    answers: Mapping[str, str],
    level: str | None,
    exception: str | None,
    reasoning: str,
) -> assessment.Suggestion:
    """Record the assessment; without a chosen level the suggested one is taken. Returns the suggestion."""
    reasoning = (reasoning or "").strip()
    if not reasoning:
        raise BreachError(_("Schrijf uw redenering op: het register moet tonen waarom u zo besliste."))
    suggestion = assessment.suggest(answers)
    level = level or suggestion.level
    if level not in RISK_LEVELS:
        raise BreachError(_("Onbekend risiconiveau."))
    exception = exception or None
    if exception is not None and (exception not in SUBJECT_EXCEPTIONS or level != "hoog"):
        raise BreachError(_("Een uitzondering op het verwittigen van de betrokkenen geldt alleen bij een hoog risico."))
    decision = assessment.decide(level, exception)
    answers_kept = {k: v for k, v in answers.items() if k in (*assessment.QUESTIONS, "gevolgen")}
    changes = audit.populate(
        breach,
        {
            "assessment": {**answers_kept, "suggestie": suggestion.level, "redenen": suggestion.reasons},
            "risk_level": level,
            "subjects_exception": exception,
            "risk_reasoning": reasoning,
            "notify_authority": decision.notify_authority,
            "inform_subjects": decision.inform_subjects,
            "assessed_at": utcnow(),
            "assessed_by_id": actor.id,
        },
    )
    db.session.flush()
    changes.pop("assessed_at", None)
    audit.record(org, actor, "assess", breach, changes)
    return suggestion


def notification_language(org: Organisation, chosen: str | None) -> str:
    """The VTC works in Dutch; the GBA accepts Dutch or French."""
    if org.supervisory_authority == Authority.VTC:
        return "nl"
    return chosen if chosen in ("nl", "fr") else "nl"


def record_notification(
    org: Organisation,
    actor: User,
    breach: Breach,
    notified_at: datetime,
    reference: str | None,
    language: str | None,
    text: str,
    delay_reasons: str | None,
) -> audit.Diff:
    """The notification to the authority; after 72 hours the reasons for the delay are required (Art. 33(1))."""
    if notified_at is None:
        raise BreachError(_("Vul in wanneer u het datalek gemeld hebt."))
    if notified_at > utcnow():
        raise BreachError(_("De datum van melding ligt in de toekomst."))
    if notified_at < breach.discovered_at:
        raise BreachError(_("De melding kan niet vóór de ontdekking liggen."))
    delay_reasons = (delay_reasons or "").strip() or None
    if notified_at > breach.deadline and not delay_reasons:
        raise BreachError(
            _("De melding gebeurde na meer dan 72 uur: vermeld de redenen voor de vertraging (Art. 33(1) AVG).")
        )
    if not (text or "").strip():
        raise BreachError(_("De tekst van de melding is leeg."))
    changes = audit.populate(
        breach,
        {
            "authority_notified_at": notified_at,
            "authority_reference": (reference or "").strip() or None,
            "notification_language": notification_language(org, language),
            "notification_text": text.strip(),
            "delay_reasons": delay_reasons if notified_at > breach.deadline else None,
        },
    )
    if changes:
        db.session.flush()
        audit.record(org, actor, "notify", breach, changes)
    return changes


def record_subjects_informed(org: Organisation, actor: User, breach: Breach, on: date, how: str) -> audit.Diff:
    how = (how or "").strip()
    if on is None or not how:
        raise BreachError(_("Vul in wanneer en hoe de betrokkenen verwittigd werden."))
    if on < to_local(breach.discovered_at).date():
        raise BreachError(_("De betrokkenen kunnen niet vóór de ontdekking verwittigd zijn."))
    changes = audit.populate(breach, {"subjects_informed_on": on, "subjects_informed_how": how})
    if changes:
        db.session.flush()
        audit.record(org, actor, "inform", breach, changes)
    return changes


def close_breach(org: Organisation, actor: User, breach: Breach, note: str) -> None:
    """Close once assessed; a breach still owed to the authority cannot be closed."""
    if breach.is_closed:
        raise BreachError(_("Dit datalek is al afgesloten."))
    if breach.risk_level is None:
        raise BreachError(_("Beoordeel eerst het risico: ook een datalek zonder melding moet gemotiveerd zijn."))
    if breach.notify_authority and breach.authority_notified_at is None:
        raise BreachError(_("Dit datalek moet nog gemeld worden aan de toezichthouder."))
    changes = audit.populate(breach, {"closed_at": utcnow(), "closure_note": (note or "").strip() or None})
    db.session.flush()
    audit.record(org, actor, "close", breach, changes)


def reopen_breach(org: Organisation, actor: User, breach: Breach) -> None:
    if not breach.is_closed:
        raise BreachError(_("Dit datalek is niet afgesloten."))
    changes = audit.populate(breach, {"closed_at": None})
    db.session.flush()
    audit.record(org, actor, "reopen", breach, changes)


def create_action(org: Organisation, actor: User, breach: Breach, data: Mapping[str, Any]) -> Action:
    """An action in the action plan, linked to the breach (and to its only activity, channel or processor)."""
    values = dict(data)
    for field, items in (("activity_id", breach.activities), ("channel_id", breach.channels)):
        if len(items) == 1:
            values.setdefault(field, items[0].id)
    if len(breach.processors) == 1:
        values.setdefault("processor_id", breach.processors[0].id)
    if not values.get("description"):
        values["description"] = _("Maatregel na datalek %(ref)s: %(title)s", ref=breach.reference, title=breach.title)
    try:
        action = remediation.create_action(org, actor, values)
    except remediation.ActionError as exc:
        raise BreachError(str(exc)) from exc
    breach.actions.append(action)
    db.session.flush()
    audit.record(org, actor, "action", breach, {"action": [None, action.title]})
    return action
