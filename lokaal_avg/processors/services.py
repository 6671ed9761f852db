"""Creating and changing processors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lokaal_avg.audit import services as audit
from lokaal_avg.core.extensions import db
from lokaal_avg.core.validators import format_kbo
from lokaal_avg.processors.models import Processor

FIELDS = (
    "name",
    "kbo_number",
    "contact_name",
    "contact_email",
    "contact_phone",
    "services",
    "location",
    "third_country_details",
    "third_countries",
    "transfer_mechanism",
    "transfer_document",
    "agreement_signed_on",
    "agreement_expires_on",
    "agreement_reference",
)


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in FIELDS if k in data}
    if values.get("location") == "eu":
        # Inside the EEA there is no transfer to describe.
        values.update(third_countries=[], transfer_mechanism=None, transfer_document=None)
    if values.get("kbo_number"):
        values["kbo_number"] = format_kbo(values["kbo_number"])
    return values


def create_processor(org, actor, data: Mapping[str, Any]) -> Processor:
    processor = Processor(organisation_id=org.id)
    changes = audit.populate(processor, _clean(data))
    db.session.add(processor)
    db.session.flush()
    audit.record(org, actor, "create", processor, changes)
    return processor


def update_processor(org, actor, processor: Processor, data: Mapping[str, Any]) -> dict:
    changes = audit.populate(processor, _clean(data))
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", processor, changes)
    return changes
