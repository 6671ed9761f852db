"""Changing the register: create, edit per wizard step, and the status lifecycle."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.util import identity_key

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.forms import implausible_date_message, is_plausible_date
from lokaal_avg.core.roles import Role
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import (
    DataCategory,
    ProcessingActivity,
    RecipientCategory,
    Status,
    SubjectCategory,
)
from lokaal_avg.register.signals import activity_changed

# Relation fields arrive from forms as lists of ids; each is resolved within the organisation.
RELATION_MODELS: dict[str, type] = {
    "data_categories": DataCategory,
    "subject_categories": SubjectCategory,
    "recipient_categories": RecipientCategory,
    "processors": Processor,
}


class RegisterError(ValueError):
    """A user-facing problem (message in Dutch)."""


def _resolve(org: Organisation, model: type, ids: list[int]) -> list[Any]:
    """Objects of this organisation only; a foreign id is refused, never linked."""
    if not ids:
        return []
    # Objects already in the session need no query: a spreadsheet import links the same few list
    # items to thousands of entries. Ownership is checked on them all the same.
    known = [db.session.identity_map.get(identity_key(model, i)) for i in set(ids)]
    if all(obj is not None for obj in known):
        found = [obj for obj in known if obj.organisation_id == org.id]
    else:
        found = list(db.session.scalars(select(model).where(model.id.in_(ids), model.organisation_id == org.id)))
    if len(found) != len(set(ids)):
        raise RegisterError(_("Een gekozen waarde hoort niet bij deze organisatie."))
    return found


def _resolve_department(org: Organisation, department_id: int | None) -> None:
    if department_id:
        _resolve(org, Department, [department_id])


def _apply(org: Organisation, activity: ProcessingActivity, data: Mapping[str, Any]) -> dict:
    values = dict(data)
    for field, model in RELATION_MODELS.items():
        if field in values:
            values[field] = _resolve(org, model, values[field] or [])
    if "department_id" in values:
        _resolve_department(org, values["department_id"])
    retention = values.pop("retention_by_category", None)
    changes = audit.populate(activity, values)
    if retention is not None:
        changes.update(_apply_category_retention(activity, retention))
    return changes


def _apply_category_retention(activity: ProcessingActivity, periods: Mapping[str, str]) -> dict:
    """Keep the periods of the entry's own categories; the diff names the categories, not their ids."""
    names = {str(c.id): c.name for c in activity.data_categories}
    new = {key: period.strip() for key, period in periods.items() if key in names and (period or "").strip()}
    old = activity.retention_by_category or {}
    if new == {k: v for k, v in old.items() if k in names}:
        return {}
    activity.retention_by_category = new

    def readable(values: Mapping[str, str]) -> list[str] | None:
        return sorted(f"{names[k]}: {v}" for k, v in values.items() if k in names) or None

    return {"retention_by_category": [readable(old), readable(new)]}


def create_activity(org: Organisation, actor: User | None, data: Mapping[str, Any]) -> ProcessingActivity:
    """A new entry starts as concept."""
    activity = ProcessingActivity(organisation_id=org.id, status=Status.DRAFT, collection_channels=[], dpia_criteria=[])
    changes = _apply(org, activity, data)
    db.session.add(activity)
    db.session.flush()
    audit.record(org, actor, "create", activity, changes)
    return activity


def update_activity(
    org: Organisation, actor: User, membership: Membership | None, activity: ProcessingActivity, data: Mapping[str, Any]
) -> dict:
    """Apply form data; an approved entry edited by someone else than the DPO goes back to concept."""
    changes = _apply(org, activity, data)
    if not changes:
        return changes
    is_dpo = membership is not None and membership.role == Role.DPO
    if activity.status in (Status.APPROVED, Status.REVIEW) and not is_dpo:
        changes.update(_set_status(activity, Status.DRAFT))
    db.session.flush()
    audit.record(org, actor, "update", activity, changes)
    _register_changed(org, activity)
    return changes


def _register_changed(org: Organisation, activity: ProcessingActivity) -> None:
    # Channel findings rest on the register (declared categories, recorded bases): the gap check listens.
    activity_changed.send(org.id, activity_id=activity.id)


def _set_status(activity: ProcessingActivity, new: Status) -> dict[str, Any]:
    """Change the status; an approval belongs to the approved version and ends with it.

    Back to concept or review, nobody has approved what the entry now says: keeping approved_by
    would make the entry read "Concept ... goedgekeurd door ..." on every page and in the dossier.
    An ended entry keeps the approval of the version that was ended.
    """
    changes: dict[str, Any] = {"status": [activity.status, new.value]}
    activity.status = new
    activity.status_changed_at = utcnow()
    if new in (Status.DRAFT, Status.REVIEW) and activity.approved_by_id is not None:
        changes["approved_by_id"] = [activity.approved_by_id, None]
        activity.approved_by = None
        activity.approved_by_id = None
    return changes


def _transition(
    org: Organisation,
    actor: User,
    activity: ProcessingActivity,
    new: Status,
    reason: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> None:
    changes: dict[str, Any] = _set_status(activity, new)
    if extra:
        changes.update(audit.populate(activity, extra))
    if reason:
        changes["reason"] = [None, reason]
    db.session.flush()
    audit.record(org, actor, "status", activity, changes)


def submit_for_review(org: Organisation, actor: User, activity: ProcessingActivity) -> None:
    if activity.status != Status.DRAFT:
        raise RegisterError(_("Alleen een concept kan ter review worden ingediend."))
    _transition(org, actor, activity, Status.REVIEW)


def approve(org: Organisation, actor: User, membership: Membership, activity: ProcessingActivity) -> None:
    """Only the functionaris approves; approving also counts as a review."""
    if membership.role != Role.DPO:
        raise RegisterError(_("Alleen de functionaris voor gegevensbescherming kan goedkeuren."))
    if activity.status not in (Status.DRAFT, Status.REVIEW):
        raise RegisterError(_("Deze verwerking kan nu niet goedgekeurd worden."))
    _transition(org, actor, activity, Status.APPROVED, extra={"approved_by_id": actor.id, "last_reviewed_at": utcnow()})


def send_back(org: Organisation, actor: User, activity: ProcessingActivity, reason: str | None) -> None:
    if activity.status not in (Status.REVIEW, Status.APPROVED):
        raise RegisterError(_("Deze verwerking is al een concept."))
    _transition(org, actor, activity, Status.DRAFT, reason)


def mark_reviewed(org: Organisation, actor: User, activity: ProcessingActivity) -> None:
    """The yearly review of an approved entry: still correct as it stands."""
    old = activity.last_reviewed_at
    activity.last_reviewed_at = utcnow()
    db.session.flush()
    audit.record(
        org,
        actor,
        "review",
        activity,
        {"last_reviewed_at": [audit.to_jsonable(old), audit.to_jsonable(activity.last_reviewed_at)]},
    )


def end_activity(
    org: Organisation, actor: User, activity: ProcessingActivity, end_date: date, replaced_by: ProcessingActivity | None
) -> None:
    """Ended entries stay readable (five years after the end date)."""
    if activity.status == Status.ENDED:
        raise RegisterError(_("Deze verwerking is al beëindigd."))
    if not is_plausible_date(end_date):  # the form checks too; this guards imports and the command line
        raise RegisterError(implausible_date_message())
    if replaced_by is not None and replaced_by.id == activity.id:
        raise RegisterError(_("Een verwerking kan zichzelf niet vervangen."))
    _transition(
        org,
        actor,
        activity,
        Status.ENDED,
        extra={"end_date": end_date, "replaced_by_id": replaced_by.id if replaced_by else None},
    )
    _register_changed(org, activity)  # an ended activity no longer covers its channels
