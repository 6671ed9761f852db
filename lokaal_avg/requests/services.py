"""Logging and handling data-subject requests; services flush and audit, the request commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.roles import Role
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.choices import CHANNEL_TYPES
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.requests.choices import COMPLAINT_NOTICE
from lokaal_avg.requests.deadlines import belgian_today as today
from lokaal_avg.requests.deadlines import due_date
from lokaal_avg.requests.models import KINDS, REFUSAL_GROUNDS, SubjectRequest

FIELDS = (
    "kind",
    "received_on",
    "received_via",
    "summary",
    "requester_reference",
    "requester_contact",
    "identity_verified_on",
    "identity_verification",
    "handler_id",
)
DEFAULT_RETENTION_MONTHS = 12
HANDLER_ROLES = (Role.ADMIN, Role.DPO, Role.STAFF)


class RequestError(ValueError):
    """A user-facing problem (message in Dutch)."""


def retention_months() -> int:
    return int(current_app.config.get("REQUEST_RETENTION_MONTHS") or DEFAULT_RETENTION_MONTHS)


def handlers(org: Organisation) -> list[Membership]:
    """Members who can handle a request (not the lezers)."""
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.user)
            .where(Membership.organisation_id == org.id, Membership.role.in_(HANDLER_ROLES), User.active.is_(True))
            .order_by(User.name)
        )
    )


def _clean(org: Organisation, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in FIELDS if k in data}
    if "kind" in values and values["kind"] not in KINDS:
        raise RequestError(_("Kies het soort verzoek."))
    if "received_via" in values and values["received_via"] not in CHANNEL_TYPES:
        raise RequestError(_("Kies hoe het verzoek binnenkwam."))
    received = values.get("received_on")
    if "received_on" in values and received is None:
        raise RequestError(_("Vul de datum van ontvangst in."))
    if received is not None and received > today():
        raise RequestError(_("De datum van ontvangst ligt in de toekomst."))
    verified = values.get("identity_verified_on")
    if verified is not None and (verified > today() or (received is not None and verified < received)):
        raise RequestError(_("De identiteit kan niet geverifieerd zijn vóór de ontvangst of in de toekomst."))
    if values.get("handler_id"):
        if values["handler_id"] not in {m.user_id for m in handlers(org)}:
            raise RequestError(_("Deze persoon kan in deze organisatie geen verzoeken behandelen."))
    elif "handler_id" in values:
        values["handler_id"] = None
    if "activities" in data:
        ids = sorted({int(i) for i in data["activities"] or []})
        found = (
            list(
                db.session.scalars(
                    select(ProcessingActivity).where(
                        ProcessingActivity.id.in_(ids), ProcessingActivity.organisation_id == org.id
                    )
                )
            )
            if ids
            else []
        )
        if len(found) != len(ids):
            raise RequestError(_("Een gekozen waarde hoort niet bij deze organisatie."))
        values["activities"] = found
    return values


def create_request(org: Organisation, actor: User | None, data: Mapping[str, Any]) -> SubjectRequest:
    values = _clean(org, data)
    if not values.get("received_on") or not values.get("kind") or not values.get("received_via"):
        raise RequestError(_("Soort, datum van ontvangst en kanaal zijn verplicht."))
    number = (
        db.session.scalar(select(func.max(SubjectRequest.number)).where(SubjectRequest.organisation_id == org.id)) or 0
    ) + 1
    item = SubjectRequest(
        organisation_id=org.id,
        number=number,
        status="open",
        created_by_id=actor.id if actor is not None else None,
        due_on=due_date(values["received_on"]),
    )
    changes = audit.populate(item, values)
    db.session.add(item)
    db.session.flush()
    audit.record(org, actor, "create", item, _without_contact(changes))
    return item


def update_request(org: Organisation, actor: User, item: SubjectRequest, data: Mapping[str, Any]) -> audit.Diff:
    if item.purged_at is not None:
        data = {k: v for k, v in data.items() if k not in ("requester_reference", "requester_contact")}
    values = _clean(org, data)
    if values.get("received_on") is not None:
        values["due_on"] = due_date(values["received_on"], extended=item.extended_on is not None)
    changes = audit.populate(item, values)
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", item, _without_contact(changes))
    return changes


def _without_contact(changes: audit.Diff) -> audit.Diff:
    """The audit trail keeps that the contact changed, not the contact itself (it is purged later)."""
    return {k: (["…", "…"] if k in ("requester_reference", "requester_contact") else v) for k, v in changes.items()}


def extend(org: Organisation, actor: User, item: SubjectRequest, reason: str, told_on: date) -> None:
    """Two more months (Art. 12(3)): a reason, and the person told within the first month."""
    reason = (reason or "").strip()
    if not item.is_open:
        raise RequestError(_("Alleen een lopend verzoek kan verlengd worden."))
    if item.extended_on is not None:
        raise RequestError(_("Dit verzoek werd al verlengd; meer dan twee extra maanden kan niet."))
    if not reason:
        raise RequestError(_("Vermeld waarom u meer tijd nodig hebt (complexiteit of aantal verzoeken)."))
    first_month_ends = due_date(item.received_on)
    if told_on is None or told_on < item.received_on or told_on > today():
        raise RequestError(_("Vul in wanneer u de betrokkene over de verlenging informeerde."))
    if told_on > first_month_ends:
        raise RequestError(
            _("De betrokkene moet binnen de eerste maand over de verlenging geïnformeerd worden (Art. 12(3) AVG).")
        )
    changes = audit.populate(
        item,
        {
            "extended_on": today(),
            "extension_reason": reason,
            "extension_told_on": told_on,
            "due_on": due_date(item.received_on, extended=True),
        },
    )
    db.session.flush()
    audit.record(org, actor, "extend", item, changes)


def close(
    org: Organisation,
    actor: User,
    item: SubjectRequest,
    outcome: str,
    answered_on: date,
    answer: str,
    refusal_reason: str | None = None,
    refusal_ground: str | None = None,
) -> None:
    """Record the answer, or the refusal with its reasons and the right to complain (Art. 12(4))."""
    answer = (answer or "").strip()
    refusal_reason = (refusal_reason or "").strip() or None
    if not item.is_open:
        raise RequestError(_("Dit verzoek is al afgehandeld."))
    if outcome not in ("beantwoord", "geweigerd"):
        raise RequestError(_("Kies: beantwoord of geweigerd."))
    if answered_on is None or answered_on < item.received_on or answered_on > today():
        raise RequestError(_("De datum van het antwoord moet tussen de ontvangst en vandaag liggen."))
    if not answer:
        raise RequestError(_("Vat het antwoord samen."))
    if outcome == "geweigerd":
        if not refusal_reason:
            raise RequestError(_("Een weigering vermeldt de redenen (Art. 12(4) AVG)."))
        if refusal_ground not in REFUSAL_GROUNDS:
            raise RequestError(_("Kies de grond van de weigering."))
        if str(COMPLAINT_NOTICE) not in answer:
            answer = f"{answer}\n\n{COMPLAINT_NOTICE}"
    changes = audit.populate(
        item,
        {
            "status": outcome,
            "answered_on": answered_on,
            "answer": answer,
            "refusal_ground": refusal_ground if outcome == "geweigerd" else None,
            "refusal_reason": refusal_reason if outcome == "geweigerd" else None,
            "purge_after": answered_on + relativedelta(months=retention_months()),
        },
    )
    db.session.flush()
    audit.record(org, actor, "answer", item, changes)


def reopen(org: Organisation, actor: User, item: SubjectRequest) -> None:
    if item.is_open:
        raise RequestError(_("Dit verzoek loopt nog."))
    changes = audit.populate(item, {"status": "open", "purge_after": None})
    db.session.flush()
    audit.record(org, actor, "reopen", item, changes)


def purge_expired(day: date | None = None) -> int:
    """Remove the requester's reference and contact once the retention period is over. Returns the count."""
    day = day or today()
    expired = db.session.scalars(
        select(SubjectRequest)
        .where(SubjectRequest.purge_after <= day, SubjectRequest.purged_at.is_(None))
        .order_by(SubjectRequest.id)
    ).all()
    for item in expired:
        item.requester_reference = None
        item.requester_contact = None
        item.purged_at = utcnow()
        db.session.flush()
        audit.record(item.organisation, None, "purge", item, {"requester": ["…", None]})
    return len(expired)
