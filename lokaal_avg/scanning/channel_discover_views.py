"""Finding forms on the organisation's website (a polite crawl) and adding them as channels."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lokaal_avg.channels import policy, queries, services
from lokaal_avg.channels.forms import DiscoverForm
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import deferred_gettext
from lokaal_avg.core.tenancy import get_for_org_or_404, register_scoped_arg
from lokaal_avg.jobs.models import Job
from lokaal_avg.jobs.runner import enqueue
from lokaal_avg.scanning.channel_blueprint import bp
from lokaal_avg.scanning.jobs import CRAWL_SITE


def _require_manager() -> None:
    if not policy.can_scan_all(g.membership):
        abort(403)


def _crawl_job(crawl_id: int) -> Job:
    job = get_for_org_or_404(Job, crawl_id)
    if job.kind != CRAWL_SITE:
        abort(404)
    return job


@bp.route("/ontdekken", methods=["GET", "POST"])
@login_required
def discover():
    _require_manager()
    form = DiscoverForm()
    if not form.is_submitted() and g.org.website:
        form.start_url.data = g.org.website
    if form.validate_on_submit():
        job = enqueue(
            CRAWL_SITE,
            {
                "start_url": form.start_url.data,
                "max_pages": form.max_pages.data,
                "max_depth": form.max_depth.data,
                "title": deferred_gettext("Formulieren zoeken op %(url)s", url=form.start_url.data),
            },
            organisation_id=g.org.id,
            created_by_id=current_user.id,
        )
        # The outcome page needs the job's id, known only now.
        job.params = {**job.params, "result_url": url_for(".discovered", crawl_id=job.id)}
        if job.finished:  # eager mode ran it already
            job.result = {**job.result, "url": job.params["result_url"]}
        return redirect(url_for("jobs.show", job_id=job.id, terug=url_for(".discover")))
    return render_template("channels/discover.html", form=form)


@bp.get("/ontdekken/<int:crawl_id>")
@login_required
def discovered(crawl_id: int):
    _require_manager()
    job = _crawl_job(crawl_id)
    if not job.finished:
        return redirect(url_for("jobs.show", job_id=job.id))
    known = set(db.session.scalars(select(Channel.url).where(Channel.organisation_id == g.org.id)))
    return render_template(
        "channels/discovered.html",
        job=job,
        pages=job.result.get("pages", []),
        known=known,
        category_names=queries.category_names(g.org.id),
    )


@bp.post("/ontdekken/<int:crawl_id>/toevoegen")
@login_required
def discovered_add(crawl_id: int):
    """Add a page the crawl found as a web form channel, then scan it from its page."""
    _require_manager()
    job = _crawl_job(crawl_id)
    url = request.form.get("url", "")
    if url not in {p["url"] for p in job.result.get("pages", [])}:
        abort(400)
    name = (request.form.get("name") or "").strip()[:200] or _default_name(url)
    channel = services.create_channel(
        g.org, current_user, {"name": name, "kind": "webformulier", "url": url, "authentication": "geen"}
    )
    flash(
        _("Kanaal %(name)s toegevoegd. Koppel het nu aan de juiste verwerkingen en scan het.", name=channel.name),
        "success",
    )
    return redirect(url_for(".discovered", crawl_id=job.id))


def _default_name(url: str) -> str:
    parts = urlsplit(url)
    last = [p for p in parts.path.split("/") if p]
    words = last[-1].rsplit(".", 1)[0].replace("-", " ").replace("_", " ") if last else parts.hostname or url
    return words[:1].upper() + words[1:]


register_scoped_arg("crawl_id", Job)
