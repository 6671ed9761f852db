"""Background jobs of the scanner: scan channels, scan a DPO's whole portfolio, explore a website.

Each job's params carry the URL of the page that shows its outcome (built in the request that
enqueued it, since a worker has no request to build URLs from) and a title for the progress page.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.channels.labels import SCAN_STATUS_LABELS
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import Message, dumps, to_json
from lokaal_avg.core.messages import (
    deferred_gettext as _,  # job texts are stored as messages, shown in the reader's language
)
from lokaal_avg.core.roles import Role
from lokaal_avg.jobs import health
from lokaal_avg.jobs.models import Job
from lokaal_avg.jobs.runner import JobError, Progress, job_handler
from lokaal_avg.scanner import crawl_site
from lokaal_avg.scanning.models import Scan
from lokaal_avg.scanning.services import scan_channels, scan_settings, scannable_channels

SCAN_CHANNELS = "scan_channels"
SCAN_PORTFOLIO = "scan_portfolio"
CRAWL_SITE = "crawl_site"
MAX_CRAWL_RESULTS = 50


def running_scan(org_id: int, channel_id: int | None = None) -> Job | None:
    """An unfinished scan job of the organisation that covers the channel (any channel when None).

    Starting a second scan of the same channel meanwhile would only race the first one. Jobs
    older than JOB_TIMEOUT are ignored: a worker that died must not block scanning forever.
    """
    health.recover_stale_jobs(org_id)  # a crashed worker's scan must not block the next one
    since = utcnow() - timedelta(seconds=int(current_app.config.get("JOB_TIMEOUT", 3600)))
    jobs = db.session.scalars(
        select(Job).where(
            Job.organisation_id == org_id,
            Job.kind == SCAN_CHANNELS,
            Job.state.in_(("wachtend", "bezig")),
            Job.created_at >= since,
        )
    )
    for job in jobs:
        covered = job.params.get("channel_ids")
        if covered is None or channel_id is None or channel_id in covered:
            return job
    return None


def _actor(job: Job) -> User | None:
    return db.session.get(User, job.created_by_id) if job.created_by_id else None


def _scan_and_report(job: Job, progress: Progress, channels: list) -> list[Scan]:
    if not channels:
        raise JobError(_("Er zijn geen actieve kanalen met een webadres om te scannen."))

    def started() -> None:
        progress(0, len(channels), _("%(n)s kanalen worden gescand…", n=len(channels)))

    def scanned(done: int, total: int, channel, scan: Scan) -> None:
        status = SCAN_STATUS_LABELS.get(scan.status, scan.status)
        progress(done, total, _("%(name)s gescand: %(status)s.", name=channel.name, status=status))

    skipped: list[str] = []

    def skip(channel, reason: str) -> None:
        skipped.append(_("%(name)s niet gescand: %(reason)s", name=channel.name, reason=reason))
        progress(0, len(channels), skipped[-1])

    scans = scan_channels(
        channels, actor=_actor(job), job_id=job.id, on_scanned=scanned, on_started=started, on_skipped=skip
    )
    if skipped and not scans:
        raise JobError(Message("%(skipped)s", {"skipped": skipped}))
    job.params = {**job.params, "skipped": to_json(skipped)}
    return scans


def _outcome(job: Job, scans: list[Scan]) -> dict[str, Any]:
    failed = sum(1 for s in scans if not s.conclusive)
    problems = sum(s.critical + s.high for s in scans)
    message = _(
        "%(n)s kanalen gescand; %(failed)s konden niet volledig gecontroleerd worden; %(problems)s ernstige "
        "bevindingen (kritiek of hoog).",
        n=len(scans),
        failed=failed,
        problems=problems,
    )
    skipped = job.params.get("skipped") or []
    if skipped:
        # not a catalogue text: the outcome and the skipped channels, each rendered in the reader's language
        message = Message("%(outcome)s %(skipped)s", {"outcome": message, "skipped": skipped})
    job.message = dumps(message)
    return {
        "url": job.params.get("result_url"),
        "title": job.params.get("title"),
        "scan_ids": [s.id for s in scans],
        "message": message,
    }


@job_handler(SCAN_CHANNELS)
def scan_channels_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Scan the channels of one organisation: all active ones, or params["channel_ids"]."""
    channels = scannable_channels([job.organisation_id], job.params.get("channel_ids"))
    return _outcome(job, _scan_and_report(job, progress, channels))


@job_handler(SCAN_PORTFOLIO)
def scan_portfolio_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Scan every channel of every organisation the creator serves as functionaris (checked again now)."""
    actor = _actor(job)
    if actor is None:
        raise JobError(_("De gebruiker die deze taak startte, bestaat niet meer."))
    served = set(
        db.session.scalars(
            select(Membership.organisation_id).where(Membership.user_id == actor.id, Membership.role == Role.DPO)
        )
    )
    org_ids = [org_id for org_id in job.params.get("organisation_ids", []) if org_id in served]
    return _outcome(job, _scan_and_report(job, progress, scannable_channels(org_ids)))


@job_handler(CRAWL_SITE)
def crawl_site_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Explore a website from a start URL and list the pages that have forms."""
    params = job.params
    progress(0, 1, _("De website wordt verkend (hoogstens %(n)s pagina's)…", n=params["max_pages"]))
    results = crawl_site(
        params["start_url"],
        scan_settings(),
        max_pages=params["max_pages"],
        max_depth=params["max_depth"],
        delay=float(current_app.config.get("SCAN_CRAWL_DELAY", 0.5)),
    )
    pages = [_page_summary(r.to_dict()) for r in results]
    with_forms = [p for p in pages if p["forms"]]
    message = _("%(visited)s pagina's bekeken, %(found)s met een formulier.", visited=len(pages), found=len(with_forms))
    progress(1, 1, message)
    return {
        "url": params.get("result_url"),
        "title": params.get("title"),
        "visited": len(pages),
        "failed": [{"url": p["url"], "status": p["status"]} for p in pages if p["status"] not in ("ok", "not_html")],
        "pages": with_forms[:MAX_CRAWL_RESULTS],
        "message": message,
    }


def _page_summary(result: dict[str, Any]) -> dict[str, Any]:
    forms = result.get("forms", [])
    categories = sorted({f["category"] for form in forms for f in form.get("fields", []) if f.get("category")})
    return {
        "url": result.get("final_url") or result["url"],
        "status": result["status"],
        "forms": len(forms),
        "categories": categories,
        "insecure": any(form.get("insecure_action") for form in forms)
        or not (result.get("final_url") or "").startswith("https://"),
    }
