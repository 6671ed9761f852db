"""The background job that renders a dossier (kind "dossier")."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from lokaal_avg.accounts.models import User
from lokaal_avg.core.extensions import db
from lokaal_avg.dossiers import services
from lokaal_avg.dossiers.models import Dossier
from lokaal_avg.dossiers.scope import DossierScope
from lokaal_avg.jobs.models import Job
from lokaal_avg.jobs.runner import JobError, Progress, job_handler
from lokaal_avg.organisations.models import Organisation

JOB_KIND = "dossier"


def dossier_path(org: Organisation, dossier: Dossier) -> str:
    """The dossier's page, built without a request (workers have none)."""
    adapter = current_app.url_map.bind("", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build("dossiers.show", {"org_slug": org.slug, "dossier_id": dossier.id})


@job_handler(JOB_KIND)
def run_dossier_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Render the dossier the job's params describe and store it; the runner commits."""
    org = db.session.get(Organisation, job.organisation_id)
    if org is None:
        raise JobError(_("De organisatie bestaat niet meer."))
    author = db.session.get(User, job.created_by_id) if job.created_by_id else None
    try:
        scope = DossierScope.from_params(job.params)
        dossier = services.generate_dossier(org, author, scope, progress=progress, job_id=job.id)
    except services.DossierError as exc:
        raise JobError(str(exc)) from exc
    done = ngettext("Klaar: %(num)d pagina.", "Klaar: %(num)d pagina's.", dossier.page_count)
    progress(dossier.page_count, dossier.page_count, done)
    return {"url": dossier_path(org, dossier), "title": dossier.title, "dossier_id": dossier.id, "summary": done}
