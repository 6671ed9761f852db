"""Gap analysis of one channel: the register compared with what the channel really does.

check_channel() is the one place that brings a channel's findings up to date. Its scope
(source "scan", this channel) covers the scanner's own findings and the register gaps of
DOMAIN.md, so every check reports the complete list:

- the scanner's findings of the latest scan; when that scan could not analyse the page
  completely, the findings still open stay open (a failed scan proves nothing is fixed);
- a collected category that no linked activity declares; a channel linked to no activity;
- the national register number, special categories or criminal data collected while no
  linked activity records the basis (a vendor's processing agreement is checked once per processor
  by the register check, which includes channel vendors);
- a scan that could not check the page at all.

Trackers and third parties are the scanner's findings and are not repeated here. Findings
store their texts as messages (core/messages.py) beside the Dutch text, and are shown in the reader's language.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import deferred_gettext as _  # findings store messages, shown in the reader's language
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import DataCategory
from lokaal_avg.remediation.findings import FindingInput, Scope, SyncResult, sync_findings
from lokaal_avg.remediation.models import Finding
from lokaal_avg.scanning.models import Scan

GAP_CODES = frozenset(
    {
        "no_activity",
        "category_undeclared",
        "national_number_without_basis",
        "special_category_without_exception",
        "criminal_data_without_basis",
        "scan_failed",
    }
)
MAX_KEY = 400  # Finding.key is stored up to this length; longer keys are shortened stably
# A web form or e-loket must answer with a web page; a PDF behind a paper form's link is fine.
PAGE_KINDS = ("webformulier", "e_loket")


def check_channel(org: Organisation, channel: Channel, scan: Scan | None = None, note: str = "") -> SyncResult:
    """Bring the channel's findings in line with its latest scan and the register; update actions.

    scan is a scan just stored for this channel (its id is attached to the findings); without
    one the channel's latest scan is used as evidence.
    """
    evidence_scan = scan or latest_scan(channel)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        if channel.active:
            inputs = engine_inputs(channel, evidence_scan) + gap_inputs(channel, evidence_scan)
        else:
            inputs = []
            note = note or _("Kanaal gedeactiveerd: het verzamelt geen gegevens meer.")
    return sync_findings(
        org.id, Scope("scan", channel_id=channel.id), inputs, scan_id=scan.id if scan else None, evidence_note=note
    )


def latest_scan(channel: Channel) -> Scan | None:
    return db.session.scalars(
        select(Scan).where(Scan.channel_id == channel.id).order_by(Scan.id.desc()).limit(1)
    ).first()


def stable_key(key: str) -> str:
    """A key that fits the column unchanged, so re-scans match it (long form actions, URLs)."""
    if len(key) <= MAX_KEY:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{key[: MAX_KEY - 17]}#{digest}"


def engine_inputs(channel: Channel, scan: Scan | None) -> list[FindingInput]:
    """The scanner's findings for the channel, never resolving anything a scan did not verify."""
    if not channel.scannable:
        return []
    current: dict[tuple[str, str], FindingInput] = {}
    if scan is not None:
        for item in scan.result.get("findings", []):
            finding = _from_engine(item, channel.id)
            current[(finding.code, finding.key)] = finding
        if scan.conclusive:
            return list(current.values())
    for stored in _open_engine_findings(channel):
        current.setdefault((stored.code, stored.key), _from_stored(stored))
    return list(current.values())


def _from_engine(item: dict[str, Any], channel_id: int) -> FindingInput:
    return FindingInput(
        code=item["code"],
        severity=item["severity"],
        title=item["title"],
        risk=item["risk"],
        fix=item["fix"],
        key=stable_key(item.get("key") or ""),
        evidence=dict(item.get("evidence") or {}),
        channel_id=channel_id,
    )


def _from_stored(finding: Finding) -> FindingInput:
    return FindingInput(
        code=finding.code,
        severity=finding.severity,
        title=finding.title,
        risk=finding.risk,
        fix=finding.fix,
        key=finding.key,
        evidence=finding.evidence,
        channel_id=finding.channel_id,
        processor_id=finding.processor_id,
        texts=finding.texts,
    )


def _open_engine_findings(channel: Channel) -> list[Finding]:
    return list(
        db.session.scalars(
            select(Finding).where(
                Finding.organisation_id == channel.organisation_id,
                Finding.source == "scan",
                Finding.channel_id == channel.id,
                Finding.resolved.is_(False),
                Finding.code.not_in(GAP_CODES),
            )
        )
    )


def collected(channel: Channel) -> dict[int, tuple[DataCategory, list[str]]]:
    """Categories the channel collects (confirmed or detected fields still present), with field labels."""
    found: dict[int, tuple[DataCategory, list[str]]] = {}
    for field in channel.fields:
        if field.still_present and field.data_category is not None:
            found.setdefault(field.data_category_id, (field.data_category, []))[1].append(field.label)
    return found


def gap_inputs(channel: Channel, scan: Scan | None) -> list[FindingInput]:
    categories = collected(channel)
    inputs = _activity_gaps(channel, categories) + _basis_gaps(channel, categories)
    if scan is not None and channel.scannable:
        inputs += _scan_failure(channel, scan)
    return inputs


def _gap(channel: Channel, code: str, severity: str, title: str, risk: str, fix: str, **extra: Any) -> FindingInput:
    return FindingInput(code=code, severity=severity, title=title, risk=risk, fix=fix, channel_id=channel.id, **extra)


def _activity_gaps(channel: Channel, categories: dict[int, tuple[DataCategory, list[str]]]) -> list[FindingInput]:
    if not channel.active_activities:
        return [_no_activity(channel, categories)]
    return _undeclared(channel, categories)


def _no_activity(channel: Channel, categories: dict[int, tuple[DataCategory, list[str]]]) -> FindingInput:
    names = sorted(c.name for c, _labels in categories.values())
    ended = [str(a) for a in channel.activities if a not in channel.active_activities]
    return _gap(
        channel,
        "no_activity",
        "hoog" if categories else "midden",
        _("Kanaal '%(name)s' is aan geen enkele verwerking gekoppeld", name=channel.name),
        _(
            "Wat via dit kanaal binnenkomt, staat nergens in het verwerkingsregister: er is geen doel, "
            "rechtsgrond of bewaartermijn voor vastgelegd. Bij een inspectie kan de organisatie niet "
            "aantonen waarom ze deze gegevens verzamelt."
        ),
        _(
            "Koppel het kanaal aan de verwerking(en) die het voedt. Bestaat die verwerking nog niet, "
            "neem ze dan op in het register (bv. uit de catalogus). Wordt het kanaal niet meer gebruikt, "
            "deactiveer het dan."
        ),
        evidence={"categories": names, "ended_activities": ended},
    )


def _undeclared(channel: Channel, categories: dict[int, tuple[DataCategory, list[str]]]) -> list[FindingInput]:
    activities = channel.active_activities
    declared = {c.id for a in activities for c in a.data_categories}
    found = []
    for category_id, (category, labels) in sorted(categories.items(), key=lambda item: item[1][0].name):
        if category_id in declared:
            continue
        sensitive = category.special or category.criminal or category.national_number
        found.append(
            _gap(
                channel,
                "category_undeclared",
                "hoog" if sensitive else "midden",
                _("'%(category)s' wordt verzameld maar staat niet in het register", category=category.name),
                _(
                    "Het kanaal vraagt %(category)s, maar geen enkele gekoppelde verwerking vermeldt die "
                    "categorie. Het register klopt dus niet met de praktijk, en misschien vraagt het formulier "
                    "meer dan nodig (minimale gegevensverwerking, art. 5.1.c AVG).",
                    category=category.name.lower(),
                ),
                _(
                    "Ga na of het veld echt nodig is. Zo ja: voeg de categorie toe aan de juiste verwerking in "
                    "het register. Zo nee: laat het veld van het formulier halen. Is het veld verkeerd "
                    "ingedeeld, corrigeer dan de categorie bij de velden van dit kanaal."
                ),
                key=category.code,
                evidence={
                    "category": category.name,
                    "fields": labels,
                    "activities": [str(a) for a in activities],
                },
            )
        )
    return found


BASIS_RULES = (
    # (category flag, activity attribute, code)
    ("national_number", "national_number_basis", "national_number_without_basis"),
    ("special", "special_category_exception", "special_category_without_exception"),
    ("criminal", "criminal_data_basis", "criminal_data_without_basis"),
)


def _basis_texts(code: str, category: str) -> tuple[str, str, str]:
    if code == "national_number_without_basis":
        return (
            _("Rijksregisternummer gevraagd zonder vastgelegde rechtsgrond"),
            _(
                "Het rijksregisternummer mag alleen gebruikt worden met een wettelijke basis of een machtiging "
                "(protocol). Geen enkele gekoppelde verwerking vermeldt die. Zonder basis is het verzamelen "
                "ervan onrechtmatig."
            ),
            _(
                "Noteer bij de verwerking in het register de wettelijke basis of het protocol voor het gebruik "
                "van het rijksregisternummer. Is er geen, laat het veld dan van het formulier halen."
            ),
        )
    if code == "special_category_without_exception":
        return (
            _("Bijzonder persoonsgegeven (%(category)s) zonder uitzondering van art. 9.2", category=category),
            _(
                "Bijzondere categorieën van persoonsgegevens zoals %(category)s mogen alleen verwerkt worden "
                "als een uitzondering van artikel 9.2 AVG geldt. Geen enkele gekoppelde verwerking vermeldt er "
                "een.",
                category=category.lower(),
            ),
            _(
                "Leg bij de verwerking de uitzondering van artikel 9.2 vast (bv. uitdrukkelijke toestemming of "
                "een wettelijke taak). Kan dat niet, vraag deze gegevens dan niet meer."
            ),
        )
    return (
        _("Strafrechtelijke gegevens zonder vastgelegde grondslag"),
        _(
            "Gegevens over strafrechtelijke veroordelingen en strafbare feiten mogen alleen verwerkt worden "
            "op basis van een wettelijke bepaling (artikel 10 AVG). Geen enkele gekoppelde verwerking vermeldt die."
        ),
        _("Noteer de wettelijke grondslag bij de verwerking in het register, of vraag deze gegevens niet meer."),
    )


def _basis_gaps(channel: Channel, categories: dict[int, tuple[DataCategory, list[str]]]) -> list[FindingInput]:
    activities = channel.active_activities
    found = []
    for category, labels in sorted(categories.values(), key=lambda item: item[0].name):
        for flag, attribute, code in BASIS_RULES:
            if not getattr(category, flag) or any(getattr(a, attribute) for a in activities):
                continue
            title, risk, fix = _basis_texts(code, category.name)
            found.append(
                _gap(
                    channel,
                    code,
                    "hoog",
                    title,
                    risk,
                    fix,
                    key=category.code,
                    evidence={
                        "category": category.name,
                        "fields": labels,
                        "activities": [str(a) for a in activities],
                    },
                )
            )
    return found


def _scan_failure(channel: Channel, scan: Scan) -> list[FindingInput]:
    if scan.status == "ok" or (scan.status == "not_html" and channel.kind not in PAGE_KINDS):
        return []
    message = scan.result.get("status_message") or scan.status
    return [
        _gap(
            channel,
            "scan_failed",
            "midden",
            _("De scan kon de pagina van '%(name)s' niet volledig controleren", name=channel.name),
            _(
                "Zolang de scanner de pagina niet kan analyseren, is niet na te gaan of burgers er veilig "
                "gegevens kunnen invullen. Eerder gevonden problemen blijven openstaan tot een volledige scan "
                "ze weerlegt. Wat de scanner zag: %(message)s",
                message=message,
            ),
            _(
                "Controleer of het adres van het kanaal nog klopt (misschien is het formulier verhuisd) en of de "
                "website bereikbaar is, en scan daarna opnieuw."
            ),
            key=scan.status,
            evidence={"url": scan.url, "status": scan.status, "message": message, "scan_id": scan.id},
        )
    ]
