"""Dutch labels for the codes the dossier prints (remediation states, audit actions, fields)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# The same labels as on screen, so that the dossier and the application never disagree.
from lokaal_avg.channels.labels import AUTHENTICATION_LABELS
from lokaal_avg.register import choices, rules
from lokaal_avg.remediation.choices import PRIORITY_LABELS, SEVERITY_LABELS  # noqa: F401
from lokaal_avg.remediation.choices import STATUS_LABELS as ACTION_STATE_LABELS

AGREEMENT_LABELS = {
    "ontbreekt": _l("ontbreekt"),
    "verlopen": _l("verlopen"),
    "verloopt_binnenkort": _l("verloopt binnenkort"),
    "geldig": _l("geldig"),
}

LOCATION_LABELS = {"eu": _l("binnen de EER"), "derde_land": _l("buiten de EER")}

ACTION_LABELS = {
    "create": _l("aangemaakt"),
    "update": _l("gewijzigd"),
    "status": _l("status gewijzigd"),
    "review": _l("nagekeken"),
    "delete": _l("verwijderd"),
    "adopt": _l("overgenomen uit de catalogus"),
    "end": _l("beëindigd"),
}

TARGET_LABELS = {
    "ProcessingActivity": _l("Verwerking"),
    "Processor": _l("Verwerker"),
    "Organisation": _l("Organisatie"),
    "Department": _l("Dienst"),
    "DataCategory": _l("Lijst persoonsgegevens"),
    "SubjectCategory": _l("Lijst betrokkenen"),
    "RecipientCategory": _l("Lijst ontvangers"),
    "Channel": _l("Kanaal"),
    "ChannelField": _l("Veld van een kanaal"),
    "Scan": _l("Scan"),
    "Finding": _l("Bevinding"),
    "Action": _l("Actie"),
    "Dossier": _l("Dossier"),
}

FIELD_LABELS: dict[str, object] = {rule.field: rule.label for rule in rules.FIELD_RULES}
FIELD_LABELS.update(
    {
        "name": _l("Naam"),
        "status": _l("Status"),
        "reason": _l("Reden"),
        "role": _l("Rol"),
        "department_id": _l("Dienst"),
        "processors": _l("Verwerkers"),
        "minors": _l("Minderjarigen"),
        "recipients_details": _l("Ontvangers (toelichting)"),
        "transfer_details": _l("Doorgifte: land en waarborgen"),
        "special_category_exception": _l("Uitzondering art. 9.2"),
        "criminal_data_basis": _l("Grondslag art. 10"),
        "national_number_basis": _l("Grondslag rijksregisternummer"),
        "dpia_criteria": _l("DPIA-criteria"),
        "dpia_decision": _l("DPIA-beslissing"),
        "last_reviewed_at": _l("Laatst nagekeken"),
        "end_date": _l("Einddatum"),
        "replaced_by_id": _l("Vervangen door"),
        "kbo_number": _l("Ondernemingsnummer"),
        "services": _l("Diensten"),
        "location": _l("Plaats van verwerking"),
        "third_country_details": _l("Derde land en waarborgen"),
        "agreement_signed_on": _l("Overeenkomst getekend op"),
        "agreement_expires_on": _l("Overeenkomst vervalt op"),
        "agreement_reference": _l("Referentie overeenkomst"),
        "contact_name": _l("Contactpersoon"),
        "contact_email": _l("E-mail contactpersoon"),
        "contact_phone": _l("Telefoon contactpersoon"),
        "dpo_name": _l("Functionaris"),
        "dpo_email": _l("E-mail functionaris"),
        "dpo_phone": _l("Telefoon functionaris"),
        "dpo_appointed_on": _l("Functionaris aangesteld op"),
        "security_plan_date": _l("Informatieveiligheidsplan"),
        "last_security_audit_date": _l("Laatste veiligheidsaudit"),
        "supervisory_authority": _l("Toezichthouder"),
        "assignee_id": _l("Toegewezen aan"),
        "due_date": _l("Uiterste datum"),
        "priority": _l("Prioriteit"),
        "justification": _l("Motivering"),
        "url": _l("Adres (URL)"),
        "vendor_id": _l("Leverancier"),
        "authentication": _l("Aanmelding"),
        "version": _l("Versie"),
        "scope": _l("Bereik"),
        "sha256": _l("SHA-256"),
    }
)

VALUE_LABELS: dict[str, dict] = {
    "status": {**{str(k): v for k, v in choices.STATUS_LABELS.items()}, **ACTION_STATE_LABELS},
    "legal_basis": choices.LEGAL_BASES,
    "role": choices.ROLES,
    "retention_end_action": choices.RETENTION_END_ACTIONS,
    "estimated_subjects": choices.ESTIMATED_SUBJECTS,
    "collection_channels": choices.CHANNEL_TYPES,
    "dpia_status": choices.DPIA_STATUSES,
    "dpia_criteria": choices.DPIA_CRITERIA,
    "priority": PRIORITY_LABELS,
    "location": LOCATION_LABELS,
    "authentication": AUTHENTICATION_LABELS,
}
