"""Publishing the register: the setting, the exclusions, and the citizen's view of an activity.

The public view is built from a whitelist of fields (CITIZEN_FIELDS); nothing else of an
activity ever leaves this module. Security measures, findings, actions and staff names are
internal and stay out by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from lokaal_avg.accounts.models import User
from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.publiek.models import PublicExclusion, PublicRegister
from lokaal_avg.register import choices
from lokaal_avg.register.models import ProcessingActivity, Status

CITIZEN_FIELDS = (
    "name",
    "purposes",
    "legal_basis",
    "legal_reference",
    "data_subject_categories",
    "personal_data_categories",
    "recipient_categories",
    "retention",
)


def setting_of(org: Organisation) -> PublicRegister | None:
    return db.session.scalars(select(PublicRegister).where(PublicRegister.organisation_id == org.id)).first()


def is_published(org: Organisation) -> bool:
    setting = setting_of(org)
    return bool(setting and setting.published)


def set_published(org: Organisation, actor: User | None, published: bool) -> None:
    setting = setting_of(org)
    if setting is None:
        setting = PublicRegister(organisation_id=org.id, published=False)
        db.session.add(setting)
        db.session.flush()
    if setting.published == published:
        return
    setting.published = published
    setting.changed_at = utcnow()
    db.session.flush()
    audit.record(
        org, actor, "publish" if published else "unpublish", setting, {"published": [not published, published]}
    )


def excluded_ids(org: Organisation) -> set[int]:
    return set(db.session.scalars(select(PublicExclusion.activity_id).where(PublicExclusion.organisation_id == org.id)))


def set_excluded(org: Organisation, actor: User, activity: ProcessingActivity, excluded: bool) -> None:
    """Leave one activity off the public register, or put it back; audited."""
    current = db.session.scalars(
        select(PublicExclusion).where(
            PublicExclusion.organisation_id == org.id, PublicExclusion.activity_id == activity.id
        )
    ).first()
    if excluded == (current is not None):
        return
    if excluded:
        db.session.add(PublicExclusion(organisation_id=org.id, activity_id=activity.id))
    else:
        db.session.delete(current)
    db.session.flush()
    audit.record(org, actor, "publication", activity, {"public": [excluded, not excluded]})
    setting = setting_of(org)
    if setting is not None:
        setting.changed_at = utcnow()


def approved_activities(org: Organisation) -> list[ProcessingActivity]:
    return list(
        db.session.scalars(
            select(ProcessingActivity)
            .where(ProcessingActivity.organisation_id == org.id, ProcessingActivity.status == Status.APPROVED)
            .options(
                selectinload(ProcessingActivity.data_categories),
                selectinload(ProcessingActivity.subject_categories),
                selectinload(ProcessingActivity.recipient_categories),
            )
            .order_by(ProcessingActivity.name, ProcessingActivity.id)
        )
    )


def public_activities(org: Organisation) -> list[ProcessingActivity]:
    hidden = excluded_ids(org)
    return [a for a in approved_activities(org) if a.id not in hidden]


def citizen_view(activity: ProcessingActivity) -> dict[str, Any]:
    """Only the fields a citizen should see (CITIZEN_FIELDS), labels in the current language."""
    view = {
        "name": activity.name,
        "purposes": activity.purposes,
        "legal_basis": choices.label(choices.LEGAL_BASES, activity.legal_basis) or None,
        "legal_reference": activity.legal_reference,
        "data_subject_categories": [c.name for c in activity.subject_categories],
        "personal_data_categories": [c.name for c in activity.data_categories],
        "recipient_categories": [c.name for c in activity.recipient_categories],
        "retention": activity.retention,
    }
    assert tuple(view) == CITIZEN_FIELDS  # the whitelist and the view never drift apart
    return view


def last_modified(org: Organisation, activities: list[ProcessingActivity]) -> datetime:
    setting = setting_of(org)
    moments = [a.updated_at for a in activities] + ([setting.changed_at] if setting else [])
    newest_list = db.session.scalar(
        select(func.max(ProcessingActivity.status_changed_at)).where(ProcessingActivity.organisation_id == org.id)
    )
    if newest_list:
        moments.append(newest_list)
    return max(moments) if moments else utcnow()


def rights_text() -> str:
    return _(
        "U hebt het recht om uw gegevens in te zien, te laten verbeteren of wissen, de verwerking te laten "
        "beperken, bezwaar te maken en uw gegevens over te dragen (artikelen 15 tot 22 AVG). Richt uw verzoek "
        "aan de functionaris voor gegevensbescherming. U kunt ook klacht indienen bij de toezichthouder."
    )


def public_document(org: Organisation, activities: list[ProcessingActivity]) -> dict[str, Any]:
    """The public register as JSON: the organisation, its DPO's contact address, the rights, the activities."""
    return {
        "organisation": org.name,
        "data_protection_officer": {"email": org.dpo_email, "phone": org.dpo_phone},
        "supervisory_authority": org.authority_label,
        "rights": rights_text(),
        "activities": [citizen_view(a) for a in activities],
    }


@dataclass
class PublicationFigures:
    """What the dashboard shows about the public register."""

    published: bool
    public_activities: int
    left_out: int


def dashboard_figures(org: Organisation) -> PublicationFigures:
    approved = approved_activities(org)
    hidden = excluded_ids(org)
    shown = sum(1 for a in approved if a.id not in hidden)
    return PublicationFigures(is_published(org), shown, len(approved) - shown)


def load_demo(org: Organisation, actor: User | None) -> None:
    """Demo: the organisation publishes its register (idempotent)."""
    set_published(org, actor, True)
