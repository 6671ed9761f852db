"""The scan result page (all evidence, in Dutch), its JSON, and the DPO's portfolio-wide scan."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lokaal_avg.accounts import services as accounts
from lokaal_avg.channels.queries import category_names
from lokaal_avg.core.extensions import db
from lokaal_avg.core.severity import severity_rank
from lokaal_avg.core.tenancy import register_scoped_arg
from lokaal_avg.jobs.runner import enqueue
from lokaal_avg.scanner.evidence import restore_copy
from lokaal_avg.scanning import evidence  # noqa: F401 - offers scan results to the register check
from lokaal_avg.scanning.jobs import SCAN_PORTFOLIO
from lokaal_avg.scanning.models import Scan

# Organisation-scoped pages carry /o/<org_slug>/ in their rules; the portfolio scan spans organisations.
bp = Blueprint("scanning", __name__)


def _load_scan(scan_id: int) -> Scan:
    scan = db.session.scalars(
        select(Scan).where(Scan.id == scan_id, Scan.organisation_id == g.org.id).options(joinedload(Scan.channel))
    ).first()
    if scan is None:
        abort(404)
    return scan


@bp.get("/o/<org_slug>/scans/<int:scan_id>")
@login_required
def show(scan_id: int):
    scan = _load_scan(scan_id)
    categories = category_names(g.org.id)
    previous_id = (scan.changes or {}).get("previous_scan_id")
    previous = db.session.get(Scan, previous_id) if previous_id else None
    if previous is not None and previous.organisation_id != g.org.id:
        previous = None
    return render_template(
        "scanning/show.html",
        scan=scan,
        result=scan.result,
        findings=sorted(scan.result.get("findings", []), key=severity_rank),
        changes=scan.changes or {},
        previous=previous,
        category_names=categories,
    )


@bp.get("/o/<org_slug>/scans/<int:scan_id>.json")
@login_required
def show_json(scan_id: int):
    """The engine's result exactly as stored (docs/scan-json.md), for auditors and scripts."""
    scan = _load_scan(scan_id)
    body = json.dumps(scan.result, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="scan-{scan.id}.json"'},
    )


@bp.get("/o/<org_slug>/scans/<int:scan_id>/pagina")
@login_required
def page_copy(scan_id: int):
    """The page as the scanner received it, to check against its SHA-256; never served as a web page."""
    scan = _load_scan(scan_id)
    body = restore_copy(((scan.result or {}).get("evidence") or {}).get("body") or {})
    if body is None:
        abort(404)
    return Response(
        body,
        mimetype="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="scan-{scan.id}-pagina.html"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@bp.post("/portfolio/scan")
@login_required
def portfolio_scan():
    """Scan every channel of every organisation the user serves as functionaris."""
    served = accounts.organisations_served(current_user)
    if not served:
        abort(404)
    job = enqueue(
        SCAN_PORTFOLIO,
        {
            "organisation_ids": [o.id for o in served],
            "title": _("Scan van de kanalen van %(n)s organisaties", n=len(served)),
            "result_url": url_for("overview.portfolio"),
        },
        organisation_id=None,
        created_by_id=current_user.id,
    )
    flash(_("De scan van alle organisaties is gestart."), "info")
    return redirect(url_for("jobs.show", job_id=job.id, terug=url_for("overview.portfolio")))


register_scoped_arg("scan_id", Scan)
