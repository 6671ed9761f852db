"""The organisation's home page (figures, trends, "Wat nu?") and the DPO's portfolio of organisations."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template
from flask_login import current_user, login_required

from lokaal_avg.accounts.services import organisations_served
from lokaal_avg.overview import charts, figures
from lokaal_avg.overview.next_steps import next_steps
from lokaal_avg.overview.registers import dpo_registers
from lokaal_avg.register.queries import register_summaries
from lokaal_avg.remediation import register_checks
from lokaal_avg.remediation.queries import action_counts

bp = Blueprint("overview", __name__)


@bp.get("/o/<org_slug>/")
@login_required
def dashboard():
    register_checks.check_if_stale(g.org)  # findings fresh before they are counted
    summary = register_summaries([g.org.id])[g.org.id]
    dashboard_figures = figures.dashboard_figures(g.org, summary)
    snapshots = figures.history_with_today(g.org, dashboard_figures)  # the day's snapshot for the trends
    return render_template(
        "overview/dashboard.html",
        summary=summary,
        figures=dashboard_figures,
        charts=charts.dashboard_charts(snapshots, with_channels=dashboard_figures.channels.scanned > 0),
        steps=next_steps(g.org, summary, dashboard_figures),
        registers=dpo_registers(g.org, g.membership),
    )


@bp.get("/portfolio")
@login_required
def portfolio():
    served = organisations_served(current_user)
    if not served:
        abort(404)
    ids = [o.id for o in served]
    return render_template(
        "overview/portfolio.html", organisations=served, summaries=register_summaries(ids), actions=action_counts(ids)
    )
