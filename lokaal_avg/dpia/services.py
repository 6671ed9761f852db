"""Changing DPIA records: start one for an activity, edit content and risks, advise, decide.

Every change is audited. A decided (approved) version is frozen: any change afterwards first
copies it into a new draft version, which is then changed. Services flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from lokaal_avg.accounts.models import User
from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.dpia.models import APPROVED, DECISIONS, DRAFT, Dpia, DpiaRisk, DpiaVersion
from lokaal_avg.dpia.scale import HIGH, SCALE, level
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register import rules
from lokaal_avg.register.choices import ESTIMATED_SUBJECTS, LEGAL_BASES, label
from lokaal_avg.register.models import ProcessingActivity, Status

CONTENT_FIELDS = (
    "description",
    "purposes",
    "necessity",
    "proportionality",
    "review_on",
    "consultation_sent_on",
    "consultation_reference",
    "consultation_outcome",
)
RISK_FIELDS = ("title", "description", "likelihood", "severity", "measures", "residual_likelihood", "residual_severity")
# A new version starts from the content; the advice and the decision are asked again for what changed.
COPIED_FIELDS = CONTENT_FIELDS
REVIEW_AFTER = timedelta(days=365)
# The register's DPIA statuses that say a DPIA is under way or done.
UNDER_WAY, DONE = "lopend", "uitgevoerd"


class DpiaError(ValueError):
    """A user-facing problem (message in Dutch)."""


def may_start(activity: ProcessingActivity) -> bool:
    """A DPIA record is for activities whose screening says one is likely, or that decided to do one."""
    return rules.dpia_likely(activity) or activity.dpia_status in rules.DPIA_DECIDED


def prior_consultation_needed(version: DpiaVersion) -> bool:
    """Art. 36: a high residual risk remains after the measures."""
    return any(level(r.residual_likelihood, r.residual_severity) == HIGH for r in version.risks)


def start_dpia(org: Organisation, actor: User | None, activity: ProcessingActivity) -> Dpia:
    """A DPIA with a first draft version, described from the register entry."""
    if activity.organisation_id != org.id:
        raise DpiaError(_("Deze verwerking hoort niet bij deze organisatie."))
    if db.session.scalar(db.select(Dpia.id).where(Dpia.activity_id == activity.id)) is not None:
        raise DpiaError(_("Voor deze verwerking bestaat al een DPIA."))
    if activity.status == Status.ENDED:
        raise DpiaError(_("Deze verwerking is beëindigd; een nieuwe DPIA is niet meer nodig."))
    if not may_start(activity):
        raise DpiaError(
            _("Volgens de screening is voor deze verwerking geen DPIA nodig. Pas eerst de DPIA-screening aan.")
        )
    dpia = Dpia(organisation_id=org.id, activity=activity)
    version = DpiaVersion(
        organisation_id=org.id,
        number=1,
        status=DRAFT,
        created_at=utcnow(),
        created_by_id=_id(actor),
        description=prefilled_description(activity),
        purposes=activity.purposes,
    )
    dpia.versions.append(version)
    db.session.add(dpia)
    db.session.flush()
    audit.record(org, actor, "create", dpia, {"version": [None, 1]})
    _set_register_status(org, actor, activity, UNDER_WAY)
    return dpia


def prefilled_description(activity: ProcessingActivity) -> str:
    """Art. 35(7)(a) from what the register already says; the author completes it."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        lines = [activity.description or activity.name]
        facts = [
            (_("Rechtsgrond"), label(LEGAL_BASES, activity.legal_basis)),
            (_("Betrokkenen"), ", ".join(c.name for c in activity.subject_categories)),
            (_("Persoonsgegevens"), ", ".join(c.name for c in activity.data_categories)),
            (_("Ontvangers"), ", ".join(c.name for c in activity.recipient_categories)),
            (_("Verwerkers"), ", ".join(p.name for p in activity.processors)),
            (_("Systemen"), activity.systems or ""),
            (_("Aantal betrokkenen"), label(ESTIMATED_SUBJECTS, activity.estimated_subjects)),
            (_("Bewaartermijn"), activity.retention or ""),
            (_("Beveiligingsmaatregelen"), activity.security_measures or ""),
        ]
    lines += [f"{name}: {value}" for name, value in facts if value]
    return "\n".join(lines)


def editable_version(org: Organisation, actor: User | None, dpia: Dpia) -> DpiaVersion:
    """The draft to change: the current version, or a new copy when the current one is frozen."""
    current = dpia.current
    if not current.frozen:
        return current
    version = DpiaVersion(
        organisation_id=org.id,
        number=current.number + 1,
        status=DRAFT,
        created_at=utcnow(),
        created_by_id=_id(actor),
        **{field: getattr(current, field) for field in COPIED_FIELDS},
    )
    for risk in current.risks:
        version.risks.append(DpiaRisk(organisation_id=org.id, position=risk.position, **_risk_values(risk)))
    dpia.versions.append(version)
    db.session.flush()
    audit.record(org, actor, "new_version", dpia, {"version": [current.number, version.number]})
    _set_register_status(org, actor, dpia.activity, UNDER_WAY)
    return version


def update_content(org: Organisation, actor: User | None, dpia: Dpia, data: Mapping[str, Any]) -> dict:
    """Change the Art. 35(7) texts, the review date or the prior consultation; nothing changed, no new version."""
    values = {k: data[k] for k in CONTENT_FIELDS if k in data}
    if not _differs(dpia.current, values):
        return {}
    version = editable_version(org, actor, dpia)
    changes = audit.populate(version, values)
    db.session.flush()
    audit.record(org, actor, "update", dpia, {"version": [None, version.number], **changes})
    return changes


def add_risk(org: Organisation, actor: User | None, dpia: Dpia, data: Mapping[str, Any]) -> DpiaRisk:
    values = _checked_risk(data)
    version = editable_version(org, actor, dpia)
    risk = DpiaRisk(organisation_id=org.id, position=max((r.position for r in version.risks), default=0) + 1, **values)
    version.risks.append(risk)
    db.session.flush()
    audit.record(org, actor, "add_risk", dpia, {"version": [None, version.number], "risk": [None, risk.title]})
    return risk


def update_risk(org: Organisation, actor: User | None, dpia: Dpia, risk: DpiaRisk, data: Mapping[str, Any]) -> dict:
    """Change a risk; a risk of a frozen version is changed in the new version's copy of it."""
    values = _checked_risk(data)
    if not _differs(risk, values):
        return {}
    target = _same_risk(editable_version(org, actor, dpia), risk)
    changes = audit.populate(target, values)
    db.session.flush()
    audit.record(org, actor, "update_risk", dpia, {"version": [None, target.version.number], **changes})
    return changes


def delete_risk(org: Organisation, actor: User | None, dpia: Dpia, risk: DpiaRisk) -> None:
    version = editable_version(org, actor, dpia)
    target = _same_risk(version, risk)
    version.risks.remove(target)
    db.session.flush()
    audit.record(org, actor, "delete_risk", dpia, {"version": [None, version.number], "risk": [target.title, None]})


def give_advice(org: Organisation, actor: User, dpia: Dpia, advice: str) -> DpiaVersion:
    """Art. 35(2): the DPO's advice, on the draft version (a new one when the current is frozen)."""
    advice = (advice or "").strip()
    if not advice:
        raise DpiaError(_("Schrijf het advies uit."))
    version = editable_version(org, actor, dpia)
    changes = audit.populate(version, {"dpo_advice": advice})
    version.dpo_advice_by_id, version.dpo_advice_at = actor.id, utcnow()
    db.session.flush()
    audit.record(org, actor, "advise", dpia, {"version": [None, version.number], **changes})
    return version


def missing_for_decision(version: DpiaVersion) -> list[str]:
    """What Art. 35 asks before the controller can decide, in plain Dutch; empty when complete."""
    missing = []
    if not (version.description or "").strip():
        missing.append(_("de systematische beschrijving"))
    if not (version.necessity or "").strip() or not (version.proportionality or "").strip():
        missing.append(_("de beoordeling van noodzaak en evenredigheid"))
    if not version.risks:
        missing.append(_("minstens één beoordeeld risico"))
    if not (version.dpo_advice or "").strip():
        missing.append(_("het advies van de functionaris (art. 35, lid 2)"))
    return missing


def decide(
    org: Organisation, actor: User, dpia: Dpia, decision: str, reasons: str, review_on: date | None
) -> DpiaVersion:
    """Record the controller's decision; the version becomes the approved, frozen one."""
    version = dpia.current
    if version.frozen:
        raise DpiaError(_("Over deze versie is al beslist. Wijzig de DPIA om een nieuwe versie te maken."))
    if decision not in DECISIONS:
        raise DpiaError(_("Kies een beslissing."))
    missing = missing_for_decision(version)
    if missing:
        raise DpiaError(_("Er ontbreekt nog: %(missing)s.", missing=", ".join(missing)))
    if decision == "doorgaan" and prior_consultation_needed(version):
        raise DpiaError(
            _(
                "Er blijft een hoog restrisico. Dan moet de toezichthouder vooraf geraadpleegd worden (art. 36): "
                "kies 'doorgaan na voorafgaande raadpleging' of 'niet doorgaan'."
            )
        )
    if not (reasons or "").strip():
        raise DpiaError(_("Motiveer de beslissing."))
    changes = audit.populate(
        version,
        {
            "decision": decision,
            "decision_reasons": reasons.strip(),
            "review_on": review_on or (utcnow() + REVIEW_AFTER).date(),
            "status": APPROVED,
        },
    )
    version.decided_by_id, version.decided_at = actor.id, utcnow()
    db.session.flush()
    audit.record(org, actor, "approve", dpia, {"version": [None, version.number], **changes})
    _set_register_status(org, actor, dpia.activity, DONE)
    return version


def _checked_risk(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data.get(k) for k in RISK_FIELDS}
    if not (values["title"] or "").strip():
        raise DpiaError(_("Geef het risico een naam."))
    for field in ("likelihood", "severity", "residual_likelihood", "residual_severity"):
        if values[field] not in SCALE:
            raise DpiaError(_("Waarschijnlijkheid en ernst gaan van 1 tot 4."))
    return values


def _risk_values(risk: DpiaRisk) -> dict[str, Any]:
    return {field: getattr(risk, field) for field in RISK_FIELDS}


def _same_risk(version: DpiaVersion, risk: DpiaRisk) -> DpiaRisk:
    """The risk itself, or its copy in a newer version (same position)."""
    if risk.version_id == version.id:
        return risk
    return next(r for r in version.risks if r.position == risk.position)


def _differs(obj: Any, values: Mapping[str, Any]) -> bool:
    return any(audit.to_jsonable(getattr(obj, k) or None) != audit.to_jsonable(v or None) for k, v in values.items())


def _set_register_status(org: Organisation, actor: User | None, activity: ProcessingActivity, status: str) -> None:
    # The register shows the DPIA's state, so the screening's "DPIA te beslissen" warning is answered.
    changes = audit.populate(activity, {"dpia_status": status})
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", activity, changes)


def _id(actor: User | None) -> int | None:
    return actor.id if actor is not None else None


DEMO_RISKS = (
    {
        "title": "Onrechtmatige toegang tot de gegevens",
        "description": "Medewerkers of derden bekijken gegevens zonder dat hun taak dat vraagt.",
        "likelihood": 3,
        "severity": 3,
        "measures": "Toegang per rol, persoonlijke accounts met tweestapsverificatie, logging die maandelijks "
        "nagekeken wordt.",
        "residual_likelihood": 1,
        "residual_severity": 3,
    },
    {
        "title": "Gegevens langer bewaard dan nodig",
        "description": "Oude dossiers blijven staan in de toepassing en in uitwisselingsmappen.",
        "likelihood": 3,
        "severity": 2,
        "measures": "Automatische verwijdering na de bewaartermijn; jaarlijkse controle door de functionaris.",
        "residual_likelihood": 1,
        "residual_severity": 2,
    },
    {
        "title": "Betrokkenen weten niet dat hun gegevens verwerkt worden",
        "description": "Geen of onduidelijke informatie op de website en aan het loket.",
        "likelihood": 2,
        "severity": 2,
        "measures": "Privacyverklaring per verwerking op de website en een korte tekst op elk formulier.",
        "residual_likelihood": 1,
        "residual_severity": 1,
    },
)


def load_demo(org: Organisation, actors: Mapping[str, User]) -> list[Dpia]:
    """Demo DPIAs (idempotent): an approved one and a draft, for the first activities whose screening asks for one.

    actors: {"dpo": the functionaris, "admin": a beheerder}.
    """
    from lokaal_avg.register.queries import activities_of

    if db.session.scalar(db.select(Dpia.id).where(Dpia.organisation_id == org.id).limit(1)) is not None:
        return []
    candidates = [
        a for a in db.session.scalars(activities_of(org.id).order_by(ProcessingActivity.name)) if may_start(a)
    ]
    made = []
    for activity, approve in zip(candidates, (True, False), strict=False):
        dpia = start_dpia(org, actors["admin"], activity)
        update_content(
            org,
            actors["admin"],
            dpia,
            {
                "necessity": _("De verwerking is nodig voor de wettelijke taak; minder gegevens volstaan niet."),
                "proportionality": _(
                    "Alleen de nodige gegevens, een beperkte bewaartermijn en informatie aan de betrokkenen."
                ),
            },
        )
        for risk in DEMO_RISKS if approve else DEMO_RISKS[:1]:
            add_risk(org, actors["admin"], dpia, risk)
        if approve:
            give_advice(
                org, actors["dpo"], dpia, _("Positief advies: de maatregelen volstaan als ze worden uitgevoerd.")
            )
            decide(org, actors["admin"], dpia, "doorgaan", _("De restrisico's zijn aanvaardbaar."), None)
        made.append(dpia)
    return made
