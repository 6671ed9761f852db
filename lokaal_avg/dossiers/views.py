"""Dossiers for the supervisory authority: the list, making one (as a job), and downloads.

Who may do what: the beheerder and the functionaris make dossiers (each one is an official,
numbered document that enters the organisation's history, and rendering is heavy); every
member may read and download them, as every member may read the register they contain.
"""

from __future__ import annotations

import io
from datetime import timedelta

from flask import abort, current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import RadioField, SelectField
from wtforms.validators import InputRequired, Optional

from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import deferred_gettext
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import get_for_org_or_404, has_role, int_arg, register_scoped_arg, role_required
from lokaal_avg.dossiers import jobs, services
from lokaal_avg.dossiers.blueprint import bp
from lokaal_avg.dossiers.models import Dossier
from lokaal_avg.dossiers.scope import ACTIVITY, DEPARTMENT, ORGANISATION, SCOPE_LABELS, DossierScope
from lokaal_avg.jobs import health
from lokaal_avg.jobs.models import Job
from lokaal_avg.jobs.runner import enqueue
from lokaal_avg.register.models import ProcessingActivity

GENERATORS = (Role.ADMIN, Role.DPO)
# A job older than this that still says "bezig" died with its worker; it no longer blocks.
STALE_JOB = timedelta(hours=1)


class DossierForm(FlaskForm):
    scope = RadioField(
        _l("Wat moet het dossier bevatten?"),
        choices=[(ORGANISATION, SCOPE_LABELS[ORGANISATION]), (DEPARTMENT, SCOPE_LABELS[DEPARTMENT])],
        default=ORGANISATION,
        validators=[InputRequired()],
    )
    department_id = SelectField(_l("Dienst (alleen voor één dienst)"), coerce=int, validators=[Optional()])
    language = SelectField(
        _l("Taal van het dossier"),
        description=_l("De ingesloten JSON-gegevens zijn in elke taal dezelfde."),
        validators=[Optional()],  # left out (older forms, scripts): the organisation's language
    )

    def __init__(self, org, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.department_id.choices = [(0, _l("— kies een dienst —"))] + [(d.id, d.name) for d in org.departments]
        self.language.choices = list(current_app.config["LANGUAGES"].items())
        if not self.is_submitted():
            self.language.data = services.dossier_language(org)

    def to_scope(self) -> DossierScope | None:
        if self.scope.data == DEPARTMENT:
            if not self.department_id.data:
                self.department_id.errors = [*self.department_id.errors, _("Kies de dienst.")]
                return None
            return DossierScope(DEPARTMENT, department_id=self.department_id.data)
        return DossierScope(ORGANISATION)


def running_jobs() -> list[Job]:
    health.recover_stale_jobs(g.org.id)  # a crashed worker's dossier must not block the next one
    return list(
        db.session.scalars(
            select(Job)
            .where(
                Job.organisation_id == g.org.id,
                Job.kind == jobs.JOB_KIND,
                Job.state.in_(("wachtend", "bezig")),
                Job.created_at > utcnow() - STALE_JOB,
            )
            .order_by(Job.id)
        )
    )


def latest_record_sheet(activity: ProcessingActivity) -> Dossier | None:
    """The newest record sheet of an activity (for the block on the activity's page)."""
    return db.session.scalars(
        select(Dossier)
        .where(Dossier.organisation_id == activity.organisation_id, Dossier.activity_id == activity.id)
        .order_by(Dossier.created_at.desc(), Dossier.id.desc())
        .limit(1)
    ).first()


@bp.app_context_processor
def dossier_helpers() -> dict:
    return {"latest_record_sheet": latest_record_sheet}


def _start(scope: DossierScope, back: str, language: str):
    busy = running_jobs()
    if busy:
        flash(_("Er wordt al een dossier gemaakt. Wacht tot het klaar is."), "warning")
        return redirect(url_for("jobs.show", job_id=busy[0].id, terug=back))
    try:  # say at once when it is too large, rather than on the failed job's page
        services.prepare(g.org, scope)
    except services.DossierError as exc:
        flash(str(exc), "danger")
        return redirect(back)
    title = deferred_gettext("Registerfiche maken") if scope.is_sheet else deferred_gettext("Dossier maken")
    params = {**scope.to_params(), "title": title, "language": language}
    job = enqueue(jobs.JOB_KIND, params, g.org.id, current_user.id)
    return redirect(url_for("jobs.show", job_id=job.id, terug=back))


@bp.get("/")
@login_required
def index():
    per_page = current_app.config["PER_PAGE"]
    total = db.session.scalar(select(func.count()).select_from(Dossier).where(Dossier.organisation_id == g.org.id))
    pages = max(((total or 0) + per_page - 1) // per_page, 1)
    page = min(int_arg("page", 1), pages)
    dossiers = db.session.scalars(
        select(Dossier)
        .where(Dossier.organisation_id == g.org.id)
        .options(selectinload(Dossier.created_by), selectinload(Dossier.department), selectinload(Dossier.activity))
        .order_by(Dossier.version.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return render_template(
        "dossiers/index.html",
        dossiers=dossiers,
        page=page,
        pages=pages,
        total=total,
        busy=running_jobs(),
        form=DossierForm(g.org) if has_role(*GENERATORS) else None,
        scope_labels=SCOPE_LABELS,
    )


@bp.post("/")
@login_required
@role_required(*GENERATORS)
def generate():
    form = DossierForm(g.org)
    scope = form.to_scope() if form.validate_on_submit() else None
    if scope is None:
        for error in [*form.scope.errors, *form.department_id.errors, *form.language.errors]:
            flash(str(error), "danger")
        return redirect(url_for(".index"))
    return _start(scope, url_for(".index"), services.dossier_language(g.org, form.language.data))


@bp.post("/registerfiche/<int:activity_id>")
@login_required
@role_required(*GENERATORS)
def generate_sheet(activity_id: int):
    activity = get_for_org_or_404(ProcessingActivity, activity_id)
    requested = request.form.get("language")
    if requested is not None and requested not in current_app.config["LANGUAGES"]:
        abort(400)
    language = services.dossier_language(g.org, requested)
    back = url_for("register.detail", activity_id=activity.id)
    return _start(DossierScope(ACTIVITY, activity_id=activity.id), back, language)


@bp.get("/<int:dossier_id>")
@login_required
def show(dossier_id: int):
    dossier = get_for_org_or_404(Dossier, dossier_id)
    previous = services.previous_dossier_before(g.org, dossier)
    return render_template("dossiers/show.html", dossier=dossier, previous=previous, scope_labels=SCOPE_LABELS)


@bp.get("/<int:dossier_id>/pdf")
@login_required
def download(dossier_id: int):
    dossier = get_for_org_or_404(Dossier, dossier_id)
    # Who took a copy of the register out of the application is worth knowing afterwards.
    audit.record(g.org, current_user, "download", dossier, {"sha256": [None, dossier.sha256]})
    response = send_file(
        io.BytesIO(dossier.pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=services.download_name(g.org, dossier, dossier.department),
        etag=dossier.sha256,
        conditional=False,
    )
    # Register data on a shared office computer: never from a cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response


register_scoped_arg("dossier_id", Dossier)
