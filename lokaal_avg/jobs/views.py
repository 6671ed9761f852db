"""A job's progress page (works by refreshing without JavaScript) and its JSON for the progress bar."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import render
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import valid_id
from lokaal_avg.jobs import health
from lokaal_avg.jobs.models import Job

bp = Blueprint("jobs", __name__, url_prefix="/taken")


def visible_job(job_id: int) -> Job:
    """An organisation's job is visible to its current members; a cross-organisation job to its creator."""
    job = db.session.get(Job, job_id) if valid_id(job_id) else None
    if job is None:
        abort(404)
    if job.organisation_id is not None:
        member_of = {m.organisation_id for m in current_user.memberships}
        if job.organisation_id not in member_of:
            abort(404)
    elif job.created_by_id != current_user.id:
        abort(404)
    return job


def status_text(job: Job) -> str:
    """One readable sentence for the page and for the progress bar's updates alike.

    A handler that words its own outcome returns it as result["summary"] ("Klaar: 47
    pagina's."), shown as it is; otherwise "Klaar." precedes the last message. A running job
    shows how far it is and what it does now.
    """
    if job.state == "wachtend":
        return _("In de wachtrij…")
    if job.state == "bezig":
        counted = _("Bezig: %(done)s van %(total)s.", done=job.progress_done, total=job.progress_total)
        message = job.display_message
        return f"{counted} {message}" if message else counted
    if job.state == "klaar":
        summary = render((job.result or {}).get("summary"))
        message = job.display_message
        return summary or (f"{_('Klaar.')} {message}" if message else _("Klaar."))
    return job.display_message


@bp.get("/<int:job_id>")
@login_required
def show(job_id: int):
    job = visible_job(job_id)
    health.recover_job(job)
    return render_template(
        "jobs/show.html",
        job=job,
        status_text=status_text(job),
        back=_safe_back(request.args.get("terug")),
        can_retry=_can_retry(job),
        retry_form=FlaskForm(),
    )


@bp.post("/<int:job_id>/opnieuw")
@login_required
def retry(job_id: int):
    job = visible_job(job_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    health.recover_job(job)
    if not _can_retry(job):
        abort(403 if job.state == "mislukt" else 409)
    again = health.retry(job, current_user.id)
    flash(_("De taak werd opnieuw gestart."), "success")
    return redirect(url_for(".show", job_id=again.id, terug=request.args.get("terug")))


def _can_retry(job: Job) -> bool:
    """A failed job can be started again by whoever may start it: its maker, or a member who is no reader."""
    if job.state != "mislukt":
        return False
    if job.created_by_id == current_user.id:
        return True
    return any(m.organisation_id == job.organisation_id and m.role != Role.READER for m in current_user.memberships)


@bp.get("/<int:job_id>.json")
@login_required
def status(job_id: int):
    job = visible_job(job_id)
    health.recover_job(job)
    return jsonify(
        id=job.id,
        state=job.state,
        percent=job.percent,
        done=job.progress_done,
        total=job.progress_total,
        message=job.display_message,
        text=status_text(job),
        finished=job.finished,
        result_url=job.result.get("url") if job.result else None,
    )


def _safe_back(target: str | None) -> str | None:
    from lokaal_avg.accounts.views import safe_next

    return safe_next(target)
