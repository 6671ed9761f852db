"""The register check as a background job, so the scheduler starts it like a scan."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from lokaal_avg.core.extensions import db
from lokaal_avg.jobs.models import Job
from lokaal_avg.jobs.runner import JobError, Progress, job_handler
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation.register_checks import run_register_check

REGISTER_CHECK = "register_check"
# The check run's trigger; the remediation screens label it "geplande taak".
SCHEDULED_TRIGGER = "opdrachtregel"


@job_handler(REGISTER_CHECK)
def register_check_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Check the organisation's register; findings and actions follow (verified or reopened)."""
    org = db.session.get(Organisation, job.organisation_id) if job.organisation_id else None
    if org is None:
        raise JobError(_("De organisatie van deze taak bestaat niet meer."))
    progress(0, 1, _("Het register wordt gecontroleerd…"))
    outcome = run_register_check(org, None, SCHEDULED_TRIGGER)
    run, result = outcome.run, outcome.result
    message = _(
        "Register gecontroleerd: %(open)s open bevindingen (%(new)s nieuw, %(resolved)s opgelost, "
        "%(reopened)s terug); %(verified)s acties geverifieerd, %(reopened_actions)s heropend.",
        open=run.open_count,
        new=run.new,
        resolved=run.resolved,
        reopened=run.reopened,
        verified=len(result.verified_actions),
        reopened_actions=len(result.reopened_actions),
    )
    progress(1, 1, message)
    return {"url": job.params.get("result_url"), "title": job.params.get("title"), "message": message}
