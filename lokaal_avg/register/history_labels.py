"""How the register's (and the organisation's) audit entries read: labels as on the forms.

Imported by the register's views, so the labels are known whenever the application runs.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lokaal_avg.accounts.models import User
from lokaal_avg.audit import describe
from lokaal_avg.core.roles import ROLE_LABELS
from lokaal_avg.core.transfers import TRANSFER_MECHANISMS, countries_text
from lokaal_avg.organisations.forms import DepartmentForm, MembershipEditForm, OrganisationForm
from lokaal_avg.organisations.models import AUTHORITY_LABELS, ORGANISATION_KIND_LABELS, Department
from lokaal_avg.register import choices
from lokaal_avg.register.forms import STEPS, EndForm
from lokaal_avg.register.list_views import DataCategoryForm
from lokaal_avg.register.models import ProcessingActivity

ACTIVITY = "ProcessingActivity"

describe.register_form(ACTIVITY, *(form for _name, _label, form in STEPS if form is not None), EndForm)
describe.register_fields(
    ACTIVITY,
    {
        "name": _l("Naam van de verwerking"),
        "approved_by_id": _l("Goedgekeurd door"),
        "last_reviewed_at": _l("Laatst nagekeken"),
        "status_changed_at": _l("Status gewijzigd op"),
        "retention_by_category": _l("Bewaartermijn per categorie van persoonsgegevens"),
        "catalogue_code": _l("Sjabloon uit de catalogus"),
        "minors": _l("Gegevens van minderjarigen"),
        "dpia_criteria": _l("DPIA-criteria (aangevinkt)"),
    },
)
for kind in ("DataCategory", "SubjectCategory", "RecipientCategory"):
    describe.register_form(kind, DataCategoryForm)
describe.register_form("Organisation", OrganisationForm)
describe.register_form("Department", DepartmentForm)
describe.register_form("Membership", MembershipEditForm)
describe.register_values("role", {str(k): v for k, v in ROLE_LABELS.items()}, "Membership")
describe.register_values("kind", ORGANISATION_KIND_LABELS, "Organisation")
describe.register_values("supervisory_authority", AUTHORITY_LABELS)

describe.register_values("status", choices.STATUS_LABELS, ACTIVITY)
for field_name, labels in {
    "legal_basis": choices.LEGAL_BASES,
    "role": choices.ROLES,
    "retention_end_action": choices.RETENTION_END_ACTIONS,
    "estimated_subjects": choices.ESTIMATED_SUBJECTS,
    "collection_channels": choices.CHANNEL_TYPES,
    "dpia_status": choices.DPIA_STATUSES,
    "dpia_criteria": choices.DPIA_CRITERIA,
    "transfer_mechanism": TRANSFER_MECHANISMS,
}.items():
    describe.register_values(field_name, labels)

describe.register_formatter("transfer_countries", countries_text)
describe.register_formatter("third_countries", countries_text)
for field_name in ("approved_by_id", "assignee_id", "created_by_id", "actor_id"):
    describe.register_reference(field_name, User)
describe.register_reference("department_id", Department)
describe.register_reference("replaced_by_id", ProcessingActivity)
describe.register_reference("activity_id", ProcessingActivity)
