"""Pages about a person rather than one organisation: my actions everywhere, the DPO's portfolio,
and the personal calendar feed (subscribe, renew, revoke)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lokaal_avg.accounts.services import memberships_of, organisations_served
from lokaal_avg.core.db import today
from lokaal_avg.core.extensions import db
from lokaal_avg.core.mail import external_url
from lokaal_avg.remediation import calendar, queries
from lokaal_avg.remediation.blueprint import bp
from lokaal_avg.remediation.choices import PRIORITY_LABELS, STATUS_LABELS
from lokaal_avg.remediation.models import OPEN_ACTION_STATES, Action

PORTFOLIO_LIST_LIMIT = 100


@bp.get("/acties/")
@login_required
def my_everywhere():
    """My actions in every organisation I belong to, grouped by organisation."""
    memberships = memberships_of(current_user)
    include_done = request.args.get("alles") == "1"
    states = (*OPEN_ACTION_STATES, "uitgevoerd") if not include_done else None
    org_ids = [m.organisation_id for m in memberships]
    stmt = select(Action).where(Action.assignee_id == current_user.id, Action.organisation_id.in_(org_ids))
    if states:
        stmt = stmt.where(Action.status.in_(states))
    actions = db.session.scalars(
        stmt.options(*queries.ACTION_LOADS).order_by(Action.due_date.is_(None), Action.due_date, Action.id)
    ).unique()
    grouped: dict[int, list[Action]] = {org_id: [] for org_id in org_ids}
    for action in actions:
        grouped[action.organisation_id].append(action)
    return render_template(
        "remediation/my_everywhere.html",
        groups=[(m.organisation, grouped[m.organisation_id]) for m in memberships],
        include_done=include_done,
        today=today(),
    )


@bp.get("/portfolio/acties")
@login_required
def portfolio():
    """For the functionaris: the action plans of every organisation they serve, side by side."""
    served = organisations_served(current_user)
    if not served:
        abort(404)
    ids = [o.id for o in served]
    overdue = db.session.scalars(
        select(Action)
        .where(Action.organisation_id.in_(ids), queries.overdue_clause())
        .options(*queries.ACTION_LOADS)
        .order_by(Action.due_date, Action.id)
        .limit(PORTFOLIO_LIST_LIMIT)
    ).unique()
    return render_template(
        "remediation/portfolio.html",
        organisations=served,
        actions=queries.action_counts(ids),
        findings=queries.finding_counts(ids),
        overdue=list(overdue),
        limit=PORTFOLIO_LIST_LIMIT,
        today=today(),
    )


# --- calendar feed -------------------------------------------------------------------------------


@bp.get("/agenda/<token>.ics")
def calendar_feed(token: str):
    """No login: the secret in the URL is the key. Unknown or revoked: 404, nothing more."""
    user = calendar.user_for_token(token)
    if user is None:
        abort(404)
    with force_locale(user.locale or "nl_BE"):
        events = [_event(a) for a in calendar.actions_for(user)]
        body = calendar.render(events, _("Acties van %(name)s (lokaal_avg)", name=user.name))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="acties.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


def _event(action: Action) -> calendar.Event:
    org = action.organisation
    link = external_url("remediation.detail", org_slug=org.slug, action_id=action.id)
    description = _(
        "%(org)s — status: %(status)s, prioriteit: %(priority)s.",
        org=org.name,
        status=STATUS_LABELS[action.status],
        priority=PRIORITY_LABELS.get(action.priority, action.priority),
    )
    return calendar.Event(
        uid=f"actie-{action.id}@{request.host.split(':')[0] or 'lokaal-avg'}",
        day=action.due_date,
        summary=_("Deadline: %(title)s", title=action.title),
        description=f"{description}\n{link}",
        url=link,
        categories=[org.name, str(PRIORITY_LABELS.get(action.priority, action.priority))],
    )


@bp.post("/profiel/agenda")
@login_required
def calendar_issue():
    """Make (or renew) the feed URL and show it once."""
    token = calendar.issue_token(current_user)
    feed = external_url("remediation.calendar_feed", token=token)
    response = Response(render_template("remediation/calendar_created.html", feed=feed))
    response.headers["Cache-Control"] = "no-store"  # the secret must not linger in caches
    return response


@bp.post("/profiel/agenda/intrekken")
@login_required
def calendar_revoke():
    if calendar.revoke_token(current_user):
        flash(_("De agendalink is ingetrokken; wie hem nog heeft, krijgt niets meer te zien."), "success")
    return redirect(url_for("accounts.profile", _anchor="agenda"))
