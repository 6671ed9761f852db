"""The shipped catalogue: default lists and typical municipal activities.

The data lives in JSON beside this module so that it can be reviewed (and corrected) by
people who do not read Python. Legal references and retention periods are suggestions
to verify; the texts say so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from lokaal_avg.audit import services as audit
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.register.models import DataCategory, ProcessingActivity, RecipientCategory, SubjectCategory

SUGGESTION = "suggestie — te verifiëren"


@cache
def load_lists() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("lists.json").read_text("utf-8"))


@cache
def load_activities() -> list[dict[str, Any]]:
    data = json.loads(resources.files(__package__).joinpath("activities.json").read_text("utf-8"))
    return data["activities"]


@cache
def _translations() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("activities_translations.json").read_text("utf-8"))


def localise(template: dict[str, Any], language: str | None) -> dict[str, Any]:
    """The template with its name, purposes and department in language (nl_BE, fr_BE, en) where translated.

    The catalogue is written in Dutch (activities.json); activities_translations.json gives the names and
    purposes in French and English. What is not translated (description, legal reference, retention) stays
    Dutch; "lang" says which language name and purposes are in, for the page's lang attributes.
    """
    texts = _translations()["languages"].get((language or "nl").split("_")[0].lower())
    entry = texts["activities"].get(template["code"]) if texts else None
    if entry is None:
        return {**template, "department_label": template["department"], "lang": "nl-BE"}
    department = texts["departments"].get(template["department"], template["department"])
    return {**template, **entry, "department_label": department, "lang": None}


def template_by_code(code: str) -> dict[str, Any] | None:
    return next((t for t in load_activities() if t["code"] == code), None)


def seeded_list_texts() -> list[str]:
    """The Dutch names and descriptions of the seeded lists (translated through the message catalogue)."""
    lists = load_lists()
    items = [item for key in ("data_categories", "subject_categories", "recipient_categories") for item in lists[key]]
    return [text for item in items for text in (item["name"], item.get("description")) if text]


def seed_lists(org: Organisation) -> None:
    """Give a new organisation the default lists (it manages its own copy afterwards)."""
    lists = load_lists()
    for item in lists["data_categories"]:
        db.session.add(
            DataCategory(
                organisation_id=org.id,
                code=item["code"],
                name=item["name"],
                description=item.get("description"),
                special=item.get("special", False),
                criminal=item.get("criminal", False),
                national_number=item.get("national_number", False),
            )
        )
    for model, key in ((SubjectCategory, "subject_categories"), (RecipientCategory, "recipient_categories")):
        for item in lists[key]:
            db.session.add(
                model(organisation_id=org.id, code=item["code"], name=item["name"], description=item.get("description"))
            )
    db.session.flush()


@dataclass(frozen=True)
class AdoptResult:
    adopted: list[ProcessingActivity]
    skipped: list[str]  # names already in the register


def adopted_codes(org: Organisation) -> set[str]:
    return set(
        db.session.scalars(
            select(ProcessingActivity.catalogue_code).where(
                ProcessingActivity.organisation_id == org.id, ProcessingActivity.catalogue_code.is_not(None)
            )
        )
    )


def adopt(org: Organisation, actor, codes: list[str]) -> AdoptResult:
    """Copy catalogue activities into the register as concepts; never twice."""
    from lokaal_avg.register.services import create_activity

    already = adopted_codes(org)
    adopted, skipped = [], []
    for code in codes:
        template = template_by_code(code)
        if template is None:
            continue
        if code in already:
            skipped.append(template["name"])
            continue
        # Name, purposes and department in the organisation's working language; the rest is Dutch (suggestions).
        data = activity_data_from_template(org, localise(template, org.language), actor)
        activity = create_activity(org, actor, data)
        already.add(code)
        adopted.append(activity)
    return AdoptResult(adopted, skipped)


def activity_data_from_template(org: Organisation, template: dict[str, Any], actor=None) -> dict[str, Any]:
    """Form-shaped data for create_activity(): relations as ids of the organisation's own lists."""
    return {
        "name": template["name"],
        "catalogue_code": template["code"],
        "reference": template["code"],
        "department_id": _department_for(org, template.get("department_label", template["department"]), actor).id,
        "description": template["description"],
        "purposes": template["purposes"],
        "legal_basis": template["legal_basis"],
        "legal_reference": template["legal_reference"],
        "subject_categories": _ids(org, SubjectCategory, template["subject_categories"]),
        "data_categories": _ids(org, DataCategory, template["data_categories"]),
        "recipient_categories": _ids(org, RecipientCategory, template["recipient_categories"]),
        # The catalogue proposes "no transfer" when it names none; like everything adopted, a suggestion.
        "third_country_transfers": bool(template["third_country_transfers"]),
        "transfer_details": template["third_country_transfers"] or None,
        "retention": template["retention"],
        "retention_end_action": template["retention_end_action"],
        "security_measures": template["security_measures"],
        "special_category_exception": template["special_category_exception"] or None,
        "criminal_data_basis": template["criminal_data_basis"] or None,
        "national_number_basis": template["national_number_basis"] or None,
        "minors": template["minors"],
        "source": template["source"],
        "collection_channels": template["channels"],
        "dpia_criteria": template["dpia_criteria"],
    }


def _ids(org: Organisation, model: type, codes: list[str]) -> list[int]:
    """Ids for catalogue codes; a code the organisation removed from its list is skipped."""
    if not codes:
        return []
    return list(db.session.scalars(select(model.id).where(model.organisation_id == org.id, model.code.in_(codes))))


def _department_for(org: Organisation, name: str, actor) -> Department:
    dept = db.session.scalars(
        select(Department).where(Department.organisation_id == org.id, Department.name == name)
    ).first()
    if dept is None:
        dept = Department(organisation_id=org.id, name=name)
        db.session.add(dept)
        db.session.flush()
        audit.record(
            org, actor, "create", dept, {"name": [None, name]}, target_label=_("%(name)s (uit de catalogus)", name=name)
        )
    return dept
