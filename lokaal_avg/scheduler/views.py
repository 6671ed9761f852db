"""The planning page: when each scan and the register check ran last and run next."""

from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_login import login_required

from lokaal_avg.channels.labels import SCAN_FREQUENCY_LABELS
from lokaal_avg.scheduler.overview import schedule_overview

bp = Blueprint("scheduler", __name__, url_prefix="/o/<org_slug>/planning")


@bp.get("/")
@login_required
def index():
    return render_template("scheduler/index.html", overview=schedule_overview(g.org), frequencies=SCAN_FREQUENCY_LABELS)
