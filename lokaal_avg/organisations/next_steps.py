"""What an organisation should do next, in plain Dutch, for its home page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _

from lokaal_avg.core.db import today
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.queries import RegisterSummary

PLAN_MAX_AGE = timedelta(days=3 * 365)
AUDIT_MAX_AGE = timedelta(days=365)


@dataclass(frozen=True)
class Step:
    text: str
    url: str
    level: str  # "danger", "warning" or "info"
    admin_only: bool = False  # the link leads to the beheerder's settings page


def next_steps(org: Organisation, summary: RegisterSummary) -> list[Step]:
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
                _("%(n)s verwerkingen missen verplichte velden.", n=summary.incomplete),
                url_for("register.index", incomplete=1),
                "danger",
            )
        )
    if summary.dpia_open:
        steps.append(
            Step(
                _("%(n)s verwerkingen hebben waarschijnlijk een DPIA nodig.", n=summary.dpia_open),
                url_for("register.index", dpia=1),
                "warning",
            )
        )
    if summary.waiting_for_review:
        steps.append(
            Step(
                _("%(n)s verwerkingen wachten op goedkeuring door de functionaris.", n=summary.waiting_for_review),
                url_for("register.index", status="ter_review"),
                "info",
            )
        )
    if summary.review_due:
        steps.append(
            Step(
                _("%(n)s verwerkingen zijn al een jaar niet nagekeken.", n=summary.review_due),
                url_for("register.index", review=1),
                "warning",
            )
        )
    return steps
