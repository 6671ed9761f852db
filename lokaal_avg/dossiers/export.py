"""The machine-readable register embedded in every dossier (docs/dossier-json.md).

One function builds it from the collected dossier content; the renderer embeds exactly its
output, and the tests compare the attachment with it. Change the structure only together
with the JSON Schema (schema/dossier-register-1.schema.json) and the documentation; an
incompatible change raises SCHEMA_VERSION.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask_babel import force_locale

from lokaal_avg.core.transfers import TRANSFER_MECHANISMS, country_label
from lokaal_avg.dossiers.labels import AGREEMENT_LABELS, AUTHENTICATION_LABELS, LOCATION_LABELS
from lokaal_avg.register import choices

if TYPE_CHECKING:
    from lokaal_avg.channels.models import Channel
    from lokaal_avg.dossiers.collect import ActivityView, ChannelView, DossierData
    from lokaal_avg.processors.models import Processor

SCHEMA_VERSION = 1
SCHEMA_ID = "urn:lokaal-avg:dossier-register:1"
SCHEMA_PATH = Path(__file__).parent / "schema" / "dossier-register-1.schema.json"
ATTACHMENT_NAME = "verwerkingsregister.json"
# register.rules names two fields after the model's relations; the export names them after Art. 30.
JSON_FIELD = {"subject_categories": "data_subject_categories", "data_categories": "personal_data_categories"}


def moment(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def coded(mapping: dict, code: str | None) -> dict[str, str] | None:
    """A coded value with its Dutch label: {"code": ..., "label": ...}, or None when unset."""
    if not code:
        return None
    return {"code": str(code), "label": choices.label(mapping, code)}


def _controller(data: DossierData) -> dict[str, Any]:
    org = data.org
    return {
        "name": org.name,
        "kind": coded({org.kind: org.kind_label}, org.kind),
        "kbo_number": org.kbo_number,
        "address": {"street": org.street, "postal_code": org.postal_code, "city": org.city},
        "website": org.website,
        "email": org.email,
        "phone": org.phone,
        "supervisory_authority": {"code": org.supervisory_authority, "label": org.authority_label},
    }


def _activity(view: ActivityView) -> dict[str, Any]:
    a = view.activity
    return {
        "id": a.id,
        "reference": a.reference,
        "name": a.name,
        "status": coded(choices.STATUS_LABELS, a.status),
        "department": {"id": a.department.id, "name": a.department.name} if a.department else None,
        "description": a.description,
        "responsible_person": a.responsible_person,
        "catalogue_code": a.catalogue_code,
        "role": coded(choices.ROLES, a.role),
        "joint_controllers": a.joint_controllers,
        "purposes": a.purposes,
        "legal_basis": coded(choices.LEGAL_BASES, a.legal_basis),
        "legal_reference": a.legal_reference,
        "special_category_exception": a.special_category_exception,
        "criminal_data_basis": a.criminal_data_basis,
        "national_number_basis": a.national_number_basis,
        "data_subject_categories": [{"code": c.code, "name": c.name} for c in a.subject_categories],
        "personal_data_categories": [
            {
                "code": c.code,
                "name": c.name,
                "special": c.special,
                "criminal": c.criminal,
                "national_number": c.national_number,
            }
            for c in a.data_categories
        ],
        "minors": a.minors,
        "source": a.source,
        "collection_channels": [coded(choices.CHANNEL_TYPES, c) for c in a.collection_channels or []],
        "estimated_subjects": coded(choices.ESTIMATED_SUBJECTS, a.estimated_subjects),
        "recipient_categories": [{"code": c.code, "name": c.name} for c in a.recipient_categories],
        "recipients_details": a.recipients_details,
        "processors": [p.id for p in a.processors],
        "third_country_transfers": a.third_country_transfers,
        "transfer_details": a.transfer_details,
        "transfers": _transfers(a.transfer_countries, a.transfer_mechanism, a.transfer_document),
        "retention": a.retention,
        "retention_by_category": [
            {"code": c.code, "name": c.name, "period": period} for c, period in a.category_retention
        ],
        "retention_end_action": coded(choices.RETENTION_END_ACTIONS, a.retention_end_action),
        "security_measures": a.security_measures,
        "systems": a.systems,
        "dpia": {
            "criteria": [coded(choices.DPIA_CRITERIA, c) for c in a.dpia_criteria or []],
            "likely_required": view.dpia_likely,
            "counted": [{"code": c.code, "label": c.label, "sources": list(c.sources)} for c in view.dpia.criteria],
            "status": coded(choices.DPIA_STATUSES, a.dpia_status),
            "decision": a.dpia_decision,
        },
        "channels": [c.id for c in view.channels],
        "contradictions": [
            {"code": c.code, "register_says": c.register_says, "reality": c.reality} for c in view.contradictions
        ],
        "completeness": {
            "score": view.completeness.score,
            "missing_mandatory": [JSON_FIELD.get(r.field, r.field) for r in view.completeness.missing_mandatory],
            "missing_recommended": [JSON_FIELD.get(r.field, r.field) for r in view.completeness.missing_recommended],
        },
        "warnings": [{"code": w.code, "level": w.level, "message": w.message} for w in view.warnings],
        "status_changed_at": moment(a.status_changed_at),
        "approved_by": a.approved_by.name if a.approved_by and a.status in ("goedgekeurd", "beeindigd") else None,
        "last_reviewed_at": moment(a.last_reviewed_at),
        "end_date": day(a.end_date),
        "replaced_by": a.replaced_by_id,
        "created_at": moment(a.created_at),
        "updated_at": moment(a.updated_at),
    }


def _transfers(countries: list[str] | None, mechanism: str | None, document: str | None) -> dict[str, Any]:
    return {
        "countries": [{"code": c, "name": country_label(c)} for c in countries or []],
        "mechanism": coded(TRANSFER_MECHANISMS, mechanism),
        "document": document,
    }


def _processor(p: Processor) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "kbo_number": p.kbo_number,
        "contact": {"name": p.contact_name, "email": p.contact_email, "phone": p.contact_phone},
        "services": p.services,
        "location": coded(LOCATION_LABELS, p.location),
        "third_country_details": p.third_country_details,
        "transfers": _transfers(p.third_countries, p.transfer_mechanism, p.transfer_document),
        "agreement": {
            "signed_on": day(p.agreement_signed_on),
            "expires_on": day(p.agreement_expires_on),
            "reference": p.agreement_reference,
            "state": coded(AGREEMENT_LABELS, p.agreement_state),
        },
    }


def _channel(view: ChannelView) -> dict[str, Any]:
    c: Channel = view.channel
    evidence = view.evidence
    return {
        "id": c.id,
        "name": c.name,
        "kind": coded(choices.CHANNEL_TYPES, c.kind),
        "url": c.url,
        "vendor": c.vendor_id,
        "authentication": coded(AUTHENTICATION_LABELS, c.authentication),
        "description": c.description,
        "activities": [a.id for a in c.activities],
        "fields": [
            {
                "label": f.label,
                "category": f.data_category.code if f.data_category else None,
                "source": f.source,
                "confirmed": f.confirmed,
            }
            for f in c.fields
            if f.still_present
        ],
        "latest_scan": None
        if evidence is None
        else {
            "scanned_at": moment(evidence.scanned_at),
            "status": evidence.status,
            "final_url": evidence.final_url,
            "https": evidence.https,
            "certificate_valid": evidence.certificate_valid,
            "redirect_to_https": evidence.redirect_to_https,
            "hsts": evidence.hsts,
            "insecure_form": evidence.insecure_form,
            "trackers": list(evidence.trackers),
            "findings": dict(evidence.counts),
        },
    }


def register_export(data: DossierData) -> dict[str, Any]:
    """The register of data's scope as a JSON-ready dict (schema version SCHEMA_VERSION)."""
    org = data.org
    with force_locale("nl_BE"):
        return {
            "schema": SCHEMA_ID,
            "schema_version": SCHEMA_VERSION,
            "generator": "lokaal_avg",
            "generated_at": moment(data.generated_at),
            "dossier": {
                "version": data.version,
                "scope": data.scope.kind,
                "department": data.department.name if data.department else None,
                "activity": data.scope.activity_id,
                "changes_since": moment(data.since),
            },
            "controller": _controller(data),
            "data_protection_officer": {
                "name": org.dpo_name,
                "email": org.dpo_email,
                "phone": org.dpo_phone,
                "appointed_on": day(org.dpo_appointed_on),
            },
            "information_security": {
                "plan_date": day(org.security_plan_date),
                "last_audit_date": day(org.last_security_audit_date),
            },
            "activities": [_activity(v) for v in data.activities + data.ended],
            "processors": [_processor(p.processor) for p in data.processors],
            "channels": [_channel(v) for v in data.channels],
        }


def export_bytes(data: DossierData) -> bytes:
    """The attachment's bytes: UTF-8, indented so that a person can read it too."""
    return json.dumps(register_export(data), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
