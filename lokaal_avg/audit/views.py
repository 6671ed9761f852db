"""The organisation's audit log (beheerder and functionaris)."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_login import login_required
from sqlalchemy import func, select

from lokaal_avg.audit import chain
from lokaal_avg.audit.describe import describe, target_label
from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.audit.queries import log_of
from lokaal_avg.core.extensions import db
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import int_arg, role_required

bp = Blueprint("audit", __name__, url_prefix="/o/<org_slug>/audit")

PER_PAGE = 100


@bp.get("/")
@login_required
@role_required(Role.ADMIN, Role.DPO, Role.READER)
def index():
    target_type = request.args.get("soort") or None
    page = int_arg("page", 1)
    events = describe(db.session.scalars(log_of(g.org, target_type, (page - 1) * PER_PAGE, PER_PAGE)))
    total_stmt = select(func.count()).select_from(AuditEntry).where(AuditEntry.organisation_id == g.org.id)
    if target_type:
        total_stmt = total_stmt.where(AuditEntry.target_type == target_type)
    total = db.session.scalar(total_stmt) or 0
    types = db.session.scalars(
        select(AuditEntry.target_type).where(AuditEntry.organisation_id == g.org.id).distinct()
    ).all()
    return render_template(
        "audit/index.html",
        verdict=chain.verify(g.org.id),
        events=events,
        page=page,
        pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
        types=sorted(((t, target_label(t)) for t in types), key=lambda item: item[1].lower()),
        target_type=target_type,
    )
