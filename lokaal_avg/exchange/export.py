"""The register out: XLSX in the authority's model layout, CSV, JSON (the dossier schema), JSON-LD (DPV).

XLSX and CSV use the column titles of exchange.fields, so that lokaal_avg reads its own
export back (export -> import -> export gives the same register). JSON is exactly the
documented dossier structure (docs/dossier-json.md), built by dossiers.export.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from lokaal_avg.core.db import utcnow
from lokaal_avg.exchange import dpv
from lokaal_avg.exchange.fields import FIELDS_BY_KEY
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register import choices
from lokaal_avg.register.models import ProcessingActivity

FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
    "jsonld": ("application/ld+json", "jsonld"),
}
MANDATORY = {
    "name",
    "purposes",
    "subject_categories",
    "data_categories",
    "recipient_categories",
    "third_country_transfers",
    "transfer_details",
    "retention",
    "security_measures",
}  # Art. 30(1): red
RED = PatternFill("solid", fgColor="F4CCCC")
GREY = PatternFill("solid", fgColor="D9D9D9")


def _lines(items) -> str:
    return "\n".join(str(i) for i in items)


def _yes_no(value: bool | None) -> str | None:
    if value is None:
        return None
    return _("ja") if value else _("nee")


# (group, field key, value of an activity) in the order of the authority's model.
COLUMNS: list[tuple[Any, str, Callable[[ProcessingActivity], Any]]] = []


def _columns() -> list[tuple[str, str, Callable[[ProcessingActivity], Any]]]:
    return [
        (_("Verwerking"), "reference", lambda a: a.reference),
        (_("Verwerking"), "name", lambda a: a.name),
        (_("Verwerking"), "description", lambda a: a.description),
        (_("Verwerking"), "department", lambda a: a.department.name if a.department else None),
        (_("Verwerking"), "responsible_person", lambda a: a.responsible_person),
        (_("Verwerking"), "role", lambda a: choices.label(choices.ROLES, a.role) if a.role else None),
        (_("Verwerking"), "joint_controllers", lambda a: a.joint_controllers),
        (_("Doeleinden en rechtsgrond"), "purposes", lambda a: a.purposes),
        (
            _("Doeleinden en rechtsgrond"),
            "legal_basis",
            lambda a: choices.label(choices.LEGAL_BASES, a.legal_basis) or None,
        ),
        (_("Doeleinden en rechtsgrond"), "legal_reference", lambda a: a.legal_reference),
        (_("Gegevens en betrokkenen"), "data_categories", lambda a: _lines(a.data_categories) or None),
        (_("Gegevens en betrokkenen"), "special_category_exception", lambda a: a.special_category_exception),
        (_("Gegevens en betrokkenen"), "criminal_data_basis", lambda a: a.criminal_data_basis),
        (_("Gegevens en betrokkenen"), "national_number", lambda a: a.national_number_basis),
        (_("Gegevens en betrokkenen"), "subject_categories", lambda a: _lines(a.subject_categories) or None),
        (_("Gegevens en betrokkenen"), "minors", lambda a: _yes_no(a.minors)),
        (_("Gegevens en betrokkenen"), "source", lambda a: a.source),
        (
            _("Gegevens en betrokkenen"),
            "estimated_subjects",
            lambda a: choices.label(choices.ESTIMATED_SUBJECTS, a.estimated_subjects) or None,
        ),
        (
            _("Gegevens en betrokkenen"),
            "collection_channels",
            lambda a: _lines(choices.label(choices.CHANNEL_TYPES, c) for c in a.collection_channels or []) or None,
        ),
        (_("Ontvangers"), "recipient_categories", lambda a: _lines(a.recipient_categories) or None),
        (_("Ontvangers"), "recipients_details", lambda a: a.recipients_details),
        (_("Ontvangers"), "processors", lambda a: _lines(p.name for p in a.processors) or None),
        (_("Doorgiften"), "third_country_transfers", lambda a: _yes_no(a.third_country_transfers)),
        (_("Doorgiften"), "transfer_details", lambda a: a.transfer_details),
        (_("Bewaring"), "retention", lambda a: a.retention),
        (
            _("Bewaring"),
            "retention_end_action",
            lambda a: choices.label(choices.RETENTION_END_ACTIONS, a.retention_end_action) or None,
        ),
        (_("Beveiliging"), "security_measures", lambda a: a.security_measures),
        (_("Beveiliging"), "systems", lambda a: a.systems),
        (_("DPIA"), "dpia", lambda a: choices.label(choices.DPIA_STATUSES, a.dpia_status) or None),
        (_("DPIA"), "dpia_decision", lambda a: a.dpia_decision),
        (
            _("DPIA"),
            "dpia_criteria",
            lambda a: _lines(choices.label(choices.DPIA_CRITERIA, c) for c in a.dpia_criteria or []) or None,
        ),
        (_("Status"), "status", lambda a: choices.label(choices.STATUS_LABELS, a.status)),
        (_("Status"), "end_date", lambda a: a.end_date),
        (
            _("Status"),
            "replaced_by",
            lambda a: (a.replaced_by.reference or a.replaced_by.name) if a.replaced_by else None,
        ),
    ]


def _title(key: str) -> str:
    return _("Status") if key == "status" else str(FIELDS_BY_KEY[key].label)


def export_xlsx(org: Organisation, activities: list[ProcessingActivity]) -> bytes:
    """The authority's model: a controller sheet and a register sheet with grouped, two-row headers."""
    with force_locale("nl_BE"):
        wb = Workbook()
        _controller_sheet(wb.active, org)
        ws = wb.create_sheet(_("Register"))
        columns = _columns()
        ws.append([_("Register van de verwerkingsactiviteiten — %(org)s", org=org.name)])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append(
            [
                _(
                    "Gemaakt met lokaal_avg op %(date)s. Rode kolommen zijn verplicht volgens art. 30 AVG.",
                    date=utcnow().date().strftime("%d/%m/%Y"),
                )
            ]
        )
        ws.append([])
        _header(ws, columns, group_row=4)
        for activity in activities:
            ws.append([getter(activity) for _g, _k, getter in columns])
        for index in range(1, len(columns) + 1):
            ws.column_dimensions[get_column_letter(index)].width = 28
        for row in ws.iter_rows(min_row=6):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if hasattr(cell.value, "year"):
                    cell.number_format = "dd/mm/yyyy"
        ws.freeze_panes = "C6"
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()


def _header(ws, columns, group_row: int) -> None:
    start = 1
    for index, (group, key, _getter) in enumerate(columns, start=1):
        cell = ws.cell(group_row + 1, index, _title(key))
        cell.font = Font(bold=True)
        cell.fill = RED if key in MANDATORY else GREY
        last = index == len(columns) or columns[index][0] != group
        if last:
            ws.cell(group_row, start, group).font = Font(bold=True)
            if index > start:
                ws.merge_cells(start_row=group_row, start_column=start, end_row=group_row, end_column=index)
            start = index + 1


def _controller_sheet(ws, org: Organisation) -> None:
    ws.title = _("Verwerkingsverantwoordelijke")
    rows = [
        (_("Naam van de organisatie"), org.name),
        (_("Ondernemingsnummer (KBO)"), org.kbo_number),
        (_("Adres"), org.address_line),
        (_("Telefoon"), org.phone),
        (_("E-mail"), org.email),
        (_("Functionaris voor gegevensbescherming"), org.dpo_name),
        (_("Telefoon functionaris"), org.dpo_phone),
        (_("E-mail functionaris"), org.dpo_email),
    ]
    ws.append([_("Identificatie van de verwerkingsverantwoordelijke")])
    ws["A1"].font = Font(bold=True, size=14)
    for label, value in rows:
        ws.append([label, value])
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 50


def export_csv(org: Organisation, activities: list[ProcessingActivity]) -> bytes:
    """One header row, ';' separated, UTF-8 with BOM: what Excel in Belgium opens correctly."""
    with force_locale("nl_BE"):
        columns = _columns()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([_title(key) for _g, key, _getter in columns])
        for activity in activities:
            values = [getter(activity) for _g, _k, getter in columns]
            writer.writerow(
                ["" if v is None else (v.strftime("%d/%m/%Y") if hasattr(v, "year") else v) for v in values]
            )
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_json(org: Organisation, activities: list[ProcessingActivity]) -> bytes:
    """The dossier's documented register structure (schema urn:lokaal-avg:dossier-register:1)."""
    from lokaal_avg.core.extensions import db
    from lokaal_avg.dossiers.collect import collect
    from lokaal_avg.dossiers.export import export_bytes
    from lokaal_avg.dossiers.models import Dossier
    from lokaal_avg.dossiers.scope import DossierScope

    latest = db.session.scalar(select(func.max(Dossier.version)).where(Dossier.organisation_id == org.id))
    data = collect(org, DossierScope(), utcnow(), latest or 1)
    wanted = {a.id for a in activities}
    order = {a.id: n for n, a in enumerate(activities)}
    data.activities = sorted(
        (v for v in data.activities if v.activity.id in wanted), key=lambda v: order[v.activity.id]
    )
    data.ended = sorted((v for v in data.ended if v.activity.id in wanted), key=lambda v: order[v.activity.id])
    return export_bytes(data)


def export_jsonld(org: Organisation, activities: list[ProcessingActivity]) -> bytes:
    document = jsonld_document(org, activities, public=False)
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def _item_node(org: Organisation, kind: str, item, table: dict[str, list[str]], fallback: str) -> dict[str, Any]:
    return {
        "@id": f"urn:lokaal-avg:org:{org.slug}:{kind}:{item.code}",
        "@type": dpv.list_terms(table, item.code, fallback),
        "skos:prefLabel": item.name,
    }


def activity_node(org: Organisation, a: ProcessingActivity, public: bool) -> dict[str, Any]:
    """One activity as dpv:PersonalDataHandling; public=True leaves out everything internal."""
    node: dict[str, Any] = {
        "@id": f"urn:lokaal-avg:org:{org.slug}:activity:{a.id}",
        "@type": "dpv:PersonalDataHandling",
        "dct:identifier": a.reference,
        "dct:title": a.name,
        "dpv:hasDataController": {"@id": f"urn:lokaal-avg:org:{org.slug}"},
        "dpv:hasPurpose": {"@type": dpv.purpose_term(a.catalogue_code), "dct:description": a.purposes},
        "dpv:hasLegalBasis": (
            {"@id": dpv.LEGAL_BASES.get(a.legal_basis, "dpv:LegalBasis"), "dct:description": a.legal_reference}
            if a.legal_basis
            else None
        ),
        "dpv:hasPersonalData": [
            _item_node(org, "data-category", c, dpv.DATA_CATEGORIES, "dpv:PersonalData") for c in a.data_categories
        ],
        "dpv:hasDataSubject": [
            _item_node(org, "subject-category", c, dpv.SUBJECT_CATEGORIES, "dpv:DataSubject")
            for c in a.subject_categories
        ],
        "dpv:hasRecipient": [
            _item_node(org, "recipient-category", c, dpv.RECIPIENT_CATEGORIES, "dpv:Recipient")
            for c in a.recipient_categories
        ],
        "dpv:hasStorageCondition": _storage(a),
    }
    if a.third_country_transfers is not None:
        node["lokaal:thirdCountryTransfers"] = a.third_country_transfers
    if not public:
        node["dct:description"] = a.description
        node["lokaal:organisationRole"] = {"@id": dpv.ROLES.get(a.role, "dpv:DataController")}
        node["dpv:hasDataProcessor"] = [
            {
                "@id": f"urn:lokaal-avg:org:{org.slug}:processor:{p.id}",
                "@type": "dpv:DataProcessor",
                "skos:prefLabel": p.name,
            }
            for p in a.processors
        ]
        node["dpv:hasTechnicalOrganisationalMeasure"] = (
            {"@type": "dpv:TechnicalOrganisationalMeasure", "dct:description": a.security_measures}
            if a.security_measures
            else None
        )
        node["lokaal:status"] = a.status
    return {k: val for k, val in node.items() if val not in (None, [])}


def _storage(a: ProcessingActivity) -> list[dict[str, Any]] | None:
    conditions = []
    if a.retention:
        conditions.append({"@type": "dpv:StorageDuration", "dct:description": a.retention})
    if a.retention_end_action:
        conditions.append(
            {
                "@type": "dpv:StorageDeletion",
                "dpv:hasProcessing": {
                    "@id": dpv.END_ACTIONS.get(a.retention_end_action, f"lokaal:{a.retention_end_action}")
                },
            }
        )
    return conditions or None


def jsonld_document(org: Organisation, activities: list[ProcessingActivity], public: bool) -> dict[str, Any]:
    controller: dict[str, Any] = {
        "@id": f"urn:lokaal-avg:org:{org.slug}",
        "@type": "dpv:DataController",
        "dct:title": org.name,
        "dct:identifier": org.kbo_number,
    }
    if org.dpo_email or org.dpo_phone:
        controller["dpv:hasDataProtectionOfficer"] = {
            "@type": "dpv:DataProtectionOfficer",
            "dpv:hasContact": {"schema:email": org.dpo_email, "schema:telephone": org.dpo_phone},
        }
    return {
        "@context": {**dpv.CONTEXT, "schema": "https://schema.org/"},
        "@id": f"urn:lokaal-avg:org:{org.slug}:register",
        "@type": "dpv:RecordsOfActivities",
        "dct:publisher": controller,
        "dct:issued": {"@value": utcnow().isoformat(timespec="seconds"), "@type": "xsd:dateTime"},
        "@graph": [activity_node(org, a, public) for a in activities],
    }


EXPORTERS = {"xlsx": export_xlsx, "csv": export_csv, "json": export_json, "jsonld": export_jsonld}


def export_register(org: Organisation, activities: list[ProcessingActivity], fmt: str) -> bytes:
    return EXPORTERS[fmt](org, activities)


def filename_for(org: Organisation, fmt: str) -> str:
    return f"verwerkingsregister-{org.slug}-{utcnow().date().isoformat()}.{FORMATS[fmt][1]}"
