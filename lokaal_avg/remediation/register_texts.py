"""The register check's findings in plain Dutch: what is wrong, why it matters, how to fix it.

Kept apart from the check itself so the texts can be read (and reviewed by a DPO) in one place.
Every function returns FindingInput objects; severities follow what an auditor would weigh: a
legal requirement that is probably unmet is "hoog", a missing decision "midden", housekeeping "laag".
"""

from __future__ import annotations

from flask_babel import gettext as _

from lokaal_avg.core.db import today
from lokaal_avg.core.transfers import transfer_complete
from lokaal_avg.organisations.models import AUDIT_MAX_AGE, PLAN_MAX_AGE, Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register import rules
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.remediation.contradictions import Contradiction
from lokaal_avg.remediation.findings import FindingInput


def incomplete_finding(activity: ProcessingActivity, completeness: rules.Completeness) -> FindingInput:
    missing = [str(r.label) for r in completeness.missing_mandatory]
    return FindingInput(
        code="register_incomplete",
        severity="midden",
        title=_("%(activity)s: verplichte registervelden ontbreken", activity=activity),
        risk=_(
            "Het register moet voor elke verwerking de gegevens van art. 30.1 AVG bevatten. Bij een inspectie "
            "door de toezichthouder is een onvolledige fiche een tekortkoming, en zonder die gegevens kan de "
            "organisatie niet aantonen dat ze de AVG naleeft."
        ),
        fix=_("Vul in de fiche aan: %(fields)s.", fields=", ".join(missing)),
        evidence={
            "activity": str(activity),
            "missing": missing,
            "fields": [r.field for r in completeness.missing_mandatory],
            "score": completeness.score,
        },
        activity_id=activity.id,
    )


def _warning_texts() -> dict[str, tuple[str, str, str]]:
    """code -> (severity, short title, fix); built per call so the texts follow the active locale."""
    return {
        "legitimate_interest": (
            "hoog",
            _("gerechtvaardigd belang als rechtsgrond"),
            _(
                "Kies de rechtsgrond die past bij de taak, meestal c) wettelijke verplichting of e) taak van "
                "algemeen belang, en vermeld de wettelijke referentie (decreet, wet, reglement)."
            ),
        ),
        "special_without_exception": (
            "hoog",
            _("bijzondere persoonsgegevens zonder uitzondering van art. 9.2"),
            _(
                "Leg vast op welke uitzondering van art. 9.2 AVG de verwerking steunt (bv. 9.2.g, zwaarwegend "
                "algemeen belang op grond van een decreet), of schrap de categorie als ze niet verwerkt wordt."
            ),
        ),
        "criminal_without_basis": (
            "hoog",
            _("strafrechtelijke gegevens zonder wettelijke grondslag"),
            _(
                "Vermeld de wet of het decreet dat de verwerking van strafrechtelijke gegevens toestaat "
                "(art. 10 AVG), bv. de wet op de gemeentelijke administratieve sancties."
            ),
        ),
        "national_number_without_basis": (
            "hoog",
            _("rijksregisternummer zonder vastgelegde basis"),
            _(
                "Vermeld de wettelijke basis, de machtiging of het protocol voor het gebruik van het "
                "rijksregisternummer, of vraag het niet langer."
            ),
        ),
        "transfer_without_safeguards": (
            "hoog",
            _("doorgifte naar een derde land zonder waarborg"),
            _(
                "Vermeld het land en de waarborg: een adequaatheidsbesluit, modelcontractbepalingen of een "
                "andere grond van art. 44-49 AVG."
            ),
        ),
        "dpia_needed": (
            "midden",
            _("DPIA waarschijnlijk nodig, nog niet beslist"),
            _(
                "Beoordeel met de functionaris of een gegevensbeschermingseffectbeoordeling nodig is, leg de "
                "beslissing en de motivering vast in de fiche en plan de DPIA als ze nodig is."
            ),
        ),
        "review_due": (
            "laag",
            _("jaarlijkse review te laat"),
            _("Kijk de fiche na met de dienst. Klopt ze nog, laat de functionaris ze dan markeren als nagekeken."),
        ),
    }


def warning_finding(activity: ProcessingActivity, warning: rules.Warning) -> FindingInput | None:
    texts = _warning_texts().get(warning.code)
    if texts is None:  # a rule the register added later: shown in the register, not (yet) a finding
        return None
    severity, short, fix = texts
    evidence: dict = {"activity": str(activity), "field": warning.field}
    if warning.code == "dpia_needed":
        evidence["criteria"] = [f"{c.label} ({'; '.join(c.sources)})" for c in rules.dpia_screening(activity).criteria]
    elif warning.code == "review_due":
        reviewed = activity.last_reviewed_at or activity.status_changed_at
        evidence["last_reviewed"] = reviewed.date().isoformat() if reviewed else None
    elif warning.code in ("special_without_exception", "criminal_without_basis", "national_number_without_basis"):
        flag = {"special_without_exception": "special", "criminal_without_basis": "criminal"}.get(
            warning.code, "national_number"
        )
        evidence["categories"] = [c.name for c in activity.data_categories if getattr(c, flag)]
    return FindingInput(
        code=f"register_{warning.code}",
        severity=severity,
        title=f"{activity}: {short}",
        risk=warning.message,
        fix=fix,
        evidence=evidence,
        activity_id=activity.id,
    )


def contradiction_finding(activity: ProcessingActivity, item: Contradiction) -> FindingInput:
    """A contradiction between the entry and its channels, with both sides in the evidence."""
    if item.code == "undeclared_processor":
        title = _("%(activity)s: verwerker van een kanaal ontbreekt in het register", activity=activity)
        risk = _(
            "Het register moet de ontvangers en verwerkers vermelden (art. 30.1.d AVG). Een kanaal van deze "
            "verwerking wordt door een leverancier geleverd die de gegevens dus in opdracht verwerkt, maar de "
            "fiche noemt die verwerker niet: het register spreekt de werkelijkheid tegen."
        )
        fix = _(
            "Voeg de leverancier als verwerker toe aan de fiche (stap Ontvangers en doorgifte) en controleer de "
            "verwerkersovereenkomst, of koppel het kanaal los als het deze verwerking niet voedt."
        )
    else:
        title = _("%(activity)s: doorgifte buiten de EER niet vermeld in het register", activity=activity)
        risk = _(
            "De fiche zegt dat er geen doorgifte buiten de EER is, maar wat er gezien werd toont er een: "
            "een kanaal laadt een dienst uit een derde land of een verwerker werkt buiten de EER. Een "
            "doorgifte vraagt een waarborg (art. 44-49 AVG) en hoort in het register (art. 30.1.e AVG)."
        )
        fix = _(
            "Vermeld de doorgifte met landen en waarborg in de fiche, of haal de dienst van de pagina "
            "(bv. een statistiekdienst zonder cookies in de EU) zodat de fiche weer klopt."
        )
    return FindingInput(
        code=f"register_{item.code}",
        severity="hoog",
        title=title,
        risk=risk,
        fix=fix,
        key=item.key,
        evidence={
            "activity": str(activity),
            "register_says": item.register_says,
            "reality": item.reality,
            **item.evidence,
        },
        activity_id=activity.id,
    )


def processor_findings(processor: Processor, used_by: list[str]) -> list[FindingInput]:
    """A processor used by an active activity needs a valid Art. 28 agreement (and safeguards abroad)."""
    evidence = {
        "processor": processor.name,
        "used_by": used_by,
        "signed_on": processor.agreement_signed_on.isoformat() if processor.agreement_signed_on else None,
        "expires_on": processor.agreement_expires_on.isoformat() if processor.agreement_expires_on else None,
        "state": processor.agreement_state,
    }
    found = []
    if processor.agreement_state != "geldig":
        found.append(_agreement_finding(processor, evidence))
    if processor.location == "derde_land" and not transfer_complete(
        processor.third_countries, processor.transfer_mechanism, processor.transfer_document
    ):
        found.append(
            FindingInput(
                code="processor_third_country",
                severity="hoog",
                title=_("%(name)s: verwerking buiten de EER zonder waarborg", name=processor.name),
                risk=_(
                    "Persoonsgegevens die de EER verlaten, vragen een waarborg (art. 44-49 AVG); zonder die waarborg "
                    "is de doorgifte onrechtmatig."
                ),
                fix=_(
                    "Vermeld het land en de waarborg (adequaatheidsbesluit, modelcontractbepalingen) bij de verwerker."
                ),
                evidence=evidence,
                processor_id=processor.id,
            )
        )
    return found


def _agreement_finding(processor: Processor, evidence: dict) -> FindingInput:
    # One finding whatever the state, so its action survives "missing" turning into "expired".
    title, severity = {
        "ontbreekt": (_("%(name)s: geen verwerkersovereenkomst", name=processor.name), "hoog"),
        "verlopen": (_("%(name)s: verwerkersovereenkomst verlopen", name=processor.name), "hoog"),
        "verloopt_binnenkort": (_("%(name)s: verwerkersovereenkomst verloopt binnenkort", name=processor.name), "laag"),
    }[processor.agreement_state]
    return FindingInput(
        code="processor_agreement",
        severity=severity,
        title=title,
        risk=_(
            "Een verwerker mag alleen persoonsgegevens verwerken op basis van een overeenkomst die de "
            "verplichtingen van art. 28 AVG vastlegt. Zonder geldige overeenkomst blijft de organisatie "
            "verantwoordelijk, maar heeft ze geen afspraken over beveiliging, subverwerkers en datalekken."
        ),
        fix=_(
            "Vraag de verwerkersovereenkomst op of laat ze vernieuwen, en registreer de datum van "
            "ondertekening en de vervaldatum bij de verwerker."
        ),
        evidence=evidence,
        processor_id=processor.id,
    )


def organisation_findings(org: Organisation) -> list[FindingInput]:
    """The i-monitor basics: a DPO, a current information security plan, a yearly audit."""
    found = []
    if not org.dpo_name:
        found.append(
            FindingInput(
                code="org_no_dpo",
                severity="hoog",
                title=_("Geen functionaris voor gegevensbescherming vastgelegd"),
                risk=_("Een overheid moet een functionaris voor gegevensbescherming aanstellen (art. 37 AVG)."),
                fix=_("Leg in de instellingen vast wie de functionaris is, met e-mailadres en datum van aanstelling."),
            )
        )
    plan = org.security_plan_date
    if plan is None or today() - plan > PLAN_MAX_AGE:
        found.append(
            FindingInput(
                code="org_security_plan",
                severity="hoog" if plan is None else "midden",
                title=_("Geen informatieveiligheidsplan") if plan is None else _("Informatieveiligheidsplan verouderd"),
                risk=_(
                    "Een informatieveiligheidsplan is verplicht voor lokale besturen; het beschrijft welke "
                    "maatregelen de organisatie neemt en wie waarvoor verantwoordelijk is."
                ),
                fix=_("Laat het plan opstellen of actualiseren en registreer de datum in de instellingen."),
                evidence={"plan_date": plan.isoformat() if plan else None},
            )
        )
    audit_day = org.last_security_audit_date
    if audit_day is None or today() - audit_day > AUDIT_MAX_AGE:
        found.append(
            FindingInput(
                code="org_security_audit",
                severity="midden",
                title=_("Geen informatieveiligheidsaudit in het afgelopen jaar"),
                risk=_("Zonder jaarlijkse audit weet de organisatie niet of haar maatregelen werken."),
                fix=_("Plan een informatieveiligheidsaudit en registreer de datum in de instellingen."),
                evidence={"last_audit": audit_day.isoformat() if audit_day else None},
            )
        )
    return found
