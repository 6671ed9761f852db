"""What an organisation should do next, in plain Dutch, for its home page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from lokaal_avg.core.db import today
from lokaal_avg.organisations.models import AUDIT_MAX_AGE, PLAN_MAX_AGE, Organisation
from lokaal_avg.overview.figures import DashboardFigures
from lokaal_avg.register.queries import RegisterSummary


@dataclass(frozen=True)
class Step:
    text: str
    url: str
    level: str  # "danger", "warning" or "info"
    admin_only: bool = False  # the link leads to the beheerder's settings page


def next_steps(org: Organisation, summary: RegisterSummary, figures: DashboardFigures | None = None) -> list[Step]:
    """The most useful next actions, most urgent first."""
    steps: list[Step] = []
    settings = url_for("organisations.settings")
    if not org.dpo_name:
        steps.append(
            Step(_("Leg vast wie de functionaris voor gegevensbescherming is."), settings, "danger", admin_only=True)
        )
    if not org.security_plan_date:
        steps.append(
            Step(
                _("Registreer de datum van het informatieveiligheidsplan (verplicht)."),
                settings,
                "danger",
                admin_only=True,
            )
        )
    elif today() - org.security_plan_date > PLAN_MAX_AGE:
        steps.append(
            Step(
                _("Het informatieveiligheidsplan is ouder dan drie jaar: actualiseer het."),
                settings,
                "warning",
                admin_only=True,
            )
        )
    if not org.last_security_audit_date or today() - org.last_security_audit_date > AUDIT_MAX_AGE:
        steps.append(Step(_("Plan een jaarlijkse informatieveiligheidsaudit."), settings, "warning", admin_only=True))
    if summary.total == 0:
        steps.append(
            Step(_("Begin het register: neem activiteiten over uit de catalogus."), url_for("catalogue.index"), "info")
        )
    if summary.incomplete:
        steps.append(
            Step(
                ngettext(
                    "%(num)s verwerking mist verplichte velden.",
                    "%(num)s verwerkingen missen verplichte velden.",
                    summary.incomplete,
                ),
                url_for("register.index", incomplete=1),
                "danger",
            )
        )
    if summary.dpia_open:
        steps.append(
            Step(
                ngettext(
                    "%(num)s verwerking heeft waarschijnlijk een DPIA nodig.",
                    "%(num)s verwerkingen hebben waarschijnlijk een DPIA nodig.",
                    summary.dpia_open,
                ),
                url_for("register.index", dpia=1),
                "warning",
            )
        )
    if summary.waiting_for_review:
        steps.append(
            Step(
                ngettext(
                    "%(num)s verwerking wacht op goedkeuring door de functionaris.",
                    "%(num)s verwerkingen wachten op goedkeuring door de functionaris.",
                    summary.waiting_for_review,
                ),
                url_for("register.index", status="ter_review"),
                "info",
            )
        )
    if summary.review_due:
        steps.append(
            Step(
                ngettext(
                    "%(num)s verwerking is al een jaar niet nagekeken.",
                    "%(num)s verwerkingen zijn al een jaar niet nagekeken.",
                    summary.review_due,
                ),
                url_for("register.index", review=1),
                "warning",
            )
        )
    if figures is not None:
        steps.extend(remediation_steps(figures))
    _order = {"danger": 0, "warning": 1, "info": 2}
    return sorted(steps, key=lambda s: _order[s.level])


# --- channels, findings and actions (remediation) ------------------------------------------------


def remediation_steps(figures: DashboardFigures) -> list[Step]:
    """What the channel scans and the action plan ask for."""
    steps: list[Step] = []
    steps.extend(_channel_steps(figures))
    findings, actions = figures.findings, figures.actions
    urgent = findings.without_action.get("kritiek", 0) + findings.without_action.get("hoog", 0)
    if urgent:
        steps.append(
            Step(
                ngettext(
                    "%(num)s kritieke of hoge bevinding heeft nog geen actie: maak er een actie van.",
                    "%(num)s kritieke of hoge bevindingen hebben nog geen actie: maak er acties van.",
                    urgent,
                ),
                url_for("remediation.findings", zonder_actie=1),
                "danger",
            )
        )
    if actions.overdue:
        steps.append(
            Step(
                ngettext(
                    "%(num)s actie is over haar deadline: spreek de verantwoordelijke aan.",
                    "%(num)s acties zijn over hun deadline: spreek de verantwoordelijken aan.",
                    actions.overdue,
                ),
                url_for("remediation.plan", te_laat=1),
                "danger",
            )
        )
    if actions.unassigned:
        steps.append(
            Step(
                ngettext(
                    "%(num)s actie is nog aan niemand toegewezen.",
                    "%(num)s acties zijn nog aan niemand toegewezen.",
                    actions.unassigned,
                ),
                url_for("remediation.plan", toegewezen="niemand"),
                "warning",
            )
        )
    if actions.unverified:
        steps.append(
            Step(
                ngettext(
                    "%(num)s actie is uitgevoerd, maar nog niet bevestigd door een controle.",
                    "%(num)s acties zijn uitgevoerd, maar nog niet bevestigd door een controle.",
                    actions.unverified,
                ),
                url_for("remediation.plan", status="te_verifieren"),
                "info",
            )
        )
    return steps


def _channel_steps(figures: DashboardFigures) -> list[Step]:
    from flask import current_app

    channels = figures.channels
    if "channels.index" not in current_app.view_functions:
        return []
    steps: list[Step] = []
    index = url_for("channels.index")
    if channels.total == 0:
        steps.append(Step(_("Breng uw kanalen in kaart: webformulieren, e-loketten, e-mailadressen."), index, "info"))
    elif channels.web > channels.scanned:
        steps.append(
            Step(
                ngettext(
                    "%(num)s webkanaal is nog niet gescand.",
                    "%(num)s webkanalen zijn nog niet gescand.",
                    channels.web - channels.scanned,
                ),
                index,
                "warning",
            )
        )
    if channels.scanned > channels.https:
        steps.append(
            Step(
                ngettext(
                    "%(num)s gescand kanaal werkt niet via HTTPS.",
                    "%(num)s gescande kanalen werken niet via HTTPS.",
                    channels.scanned - channels.https,
                ),
                url_for("remediation.findings", bron="scan", ernst="kritiek"),
                "danger",
            )
        )
    return steps
