"""The register answers the organisation's "is this department still in use?"."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.signals import department_usage
from lokaal_avg.register.models import ProcessingActivity


def connect() -> None:
    department_usage.connect(activities_of_department)


def activities_of_department(org_id: int, department_id: int) -> tuple[str, int]:
    count = db.session.scalar(
        select(func.count())
        .select_from(ProcessingActivity)
        .where(ProcessingActivity.organisation_id == org_id, ProcessingActivity.department_id == department_id)
    )
    return _("verwerkingen"), count or 0
