"""The organisation's action plan: list, my actions, per department, detail, edit, status, comments, export."""

from __future__ import annotations

from datetime import datetime

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lokaal_avg.audit.describe import describe
from lokaal_avg.audit.queries import history_of
from lokaal_avg.core import concurrency, idempotency
from lokaal_avg.core.db import today
from lokaal_avg.core.extensions import db
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import get_for_org_or_404, int_arg, register_scoped_arg
from lokaal_avg.remediation import (
    exports,
    history_labels,  # noqa: F401 - registers how its history reads
    policy,
    queries,
    register_checks,
    services,
)
from lokaal_avg.remediation.blueprint import ORG, bp
from lokaal_avg.remediation.forms import ActionForm, CommentForm, StatusForm
from lokaal_avg.remediation.models import Action, ActionComment, Finding

register_scoped_arg("action_id", Action)


def load_action(action_id: int) -> Action:
    """The action with everything its page shows; 403 when a medewerker may not see it."""
    get_for_org_or_404(Action, action_id)
    action = (
        db.session.scalars(
            select(Action)
            .where(Action.id == action_id)
            .options(*queries.ACTION_LOADS, selectinload(Action.comments).joinedload(ActionComment.author))
            .execution_options(populate_existing=True)
        )
        .unique()
        .one()
    )
    if not policy.can_view(g.membership, action):
        abort(403)
    return action


def _list_page(template: str, filters: queries.ActionFilters, scope=None, **context):
    stmt = queries.ordered(queries.filtered_actions(g.org.id, g.membership, filters), filters)
    page = queries.paginate(stmt, int_arg("page", 1), current_app.config["PER_PAGE"], *queries.ACTION_LOADS)
    scope = scope if scope is not None else policy.visible_actions(g.membership)
    counts = queries.action_counts([g.org.id], scope)[g.org.id]
    return render_template(
        template,
        page=page,
        filters=filters,
        args=filters.as_args(),
        counts=counts,
        today=today(),
        can_manage=policy.can_manage(g.membership),
        **context,
    )


@bp.get(f"{ORG}/")
@login_required
def plan():
    register_checks.check_if_stale(g.org)
    filters = queries.ActionFilters.from_args(request.args)
    return _list_page(
        "remediation/plan.html",
        filters,
        members=services.assignable_members(g.org),
        last_check=register_checks.last_run(g.org.id),
        can_run_check=policy.can_run_check(g.membership),
    )


@bp.get(f"{ORG}/mijn")
@login_required
def mine():
    filters = queries.ActionFilters.from_args(request.args, assignee="mij")
    filters.assignee = "mij"
    return _list_page("remediation/mine.html", filters, scope=Action.assignee_id == current_user.id)


@bp.get(f"{ORG}/diensten")
@login_required
def departments():
    visible = policy.visible_actions(g.membership)
    counts = queries.department_counts(g.org.id, visible)
    rows = [(d, counts.get(d.id, queries.ActionCounts())) for d in g.org.departments]
    if g.membership.role == Role.STAFF:  # their own departments, and others only where they have work
        own = {d.id for d in g.membership.departments}
        rows = [(d, c) for d, c in rows if d.id in own or c.total]
    return render_template(
        "remediation/departments.html",
        rows=rows,
        no_department=counts.get(None, queries.ActionCounts()),
    )


@bp.route(f"{ORG}/nieuw", methods=["GET", "POST"])
@login_required
def new():
    if not policy.can_manage(g.membership):
        abort(403)
    finding = _finding_to_act_on()
    if finding is not None and (existing := services.existing_action_for(finding)) is not None:
        flash(_("Voor deze bevinding bestond al een actie."), "info")
        return redirect(url_for(".detail", action_id=existing.id))
    form = ActionForm(g.org, services.assignable_members(g.org))
    if not form.is_submitted():
        _prefill(form, finding)
    idempotency.prepare(form)

    def create() -> idempotency.Created:
        try:
            action = _create(form, finding)
        except services.ActionError as exc:
            flash(str(exc), "danger")
            return None
        day = action.due_date.strftime("%d/%m/%Y")
        return url_for(".detail", action_id=action.id), _("Actie aangemaakt, met deadline %(day)s.", day=day)

    if form.validate_on_submit() and (target := idempotency.submit_once(form, create)):
        return redirect(target)
    return render_template("remediation/form.html", form=form, action=None, finding=finding)


def _finding_to_act_on() -> Finding | None:
    """?bevinding=<id>: the new action is proposed from that finding and only made on Bewaren."""
    finding_id = int_arg("bevinding", 0)
    return get_for_org_or_404(Finding, finding_id) if finding_id else None


def _prefill(form: ActionForm, finding: Finding | None) -> None:
    if finding is None:
        for name in ("activity_id", "channel_id", "processor_id"):
            form[name].data = int_arg(name, 0)
        return
    for name, value in services.finding_action_data(finding).items():
        form[name].data = value if value is not None or name in ("title", "description") else 0


def _create(form: ActionForm, finding: Finding | None) -> Action:
    if finding is None:
        return services.create_action(g.org, current_user, form.action_data())
    action, _made = services.action_from_finding(g.org, current_user, finding, data=form.action_data())
    return action


@bp.get(f"{ORG}/<int:action_id>")
@login_required
def detail(action_id: int):
    action = load_action(action_id)
    return render_template(
        "remediation/detail.html",
        action=action,
        history=describe(history_of(g.org, action)),
        status_form=StatusForm(policy.allowed_statuses(g.membership, action)),
        comment_form=CommentForm(),
        can_edit=policy.can_edit(g.membership, action),
        can_comment=policy.can_comment(g.membership, action),
        evidence_times=_evidence_times(action),
        today=today(),
    )


def _evidence_times(action: Action) -> dict[str, datetime]:
    """The evidence's ISO timestamps as datetimes, so the page shows them like every other date."""
    times = {}
    for key in ("last_seen_at", "checked_at", "reopened_at"):
        value = (action.verification_evidence or {}).get(key)
        if value:
            try:
                times[key] = datetime.fromisoformat(value)
            except ValueError:
                continue
    return times


@bp.route(f"{ORG}/<int:action_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(action_id: int):
    action = load_action(action_id)
    if not policy.can_edit(g.membership, action):
        abort(403)
    form = ActionForm(g.org, services.assignable_members(g.org), obj=action)
    if not form.is_submitted():
        for name in ("activity_id", "channel_id", "processor_id", "department_id", "assignee_id"):
            form[name].data = getattr(action, name) or 0
    concurrency.prepare(form, action)
    conflict = None
    if form.validate_on_submit() and (conflict := concurrency.conflict_for(form, action)) is None:
        try:
            changes = services.update_action(g.org, current_user, action, form.action_data())
        except services.ActionError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Actie bewaard.") if changes else _("Er was niets gewijzigd."), "success")
            return redirect(url_for(".detail", action_id=action.id))
    page = render_template("remediation/form.html", form=form, action=action, conflict=conflict)
    return page, 409 if conflict else 200


@bp.post(f"{ORG}/<int:action_id>/status")
@login_required
def change_status(action_id: int):
    action = load_action(action_id)
    allowed = policy.allowed_statuses(g.membership, action)
    if not allowed:
        abort(403)
    form = StatusForm(allowed)
    if not form.validate_on_submit():
        flash(_("Kies een geldige status."), "danger")
        return redirect(url_for(".detail", action_id=action.id))
    try:
        outcome = services.change_status(g.org, current_user, g.membership, action, form.status.data, form.note.data)
    except services.ActionError as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Status gewijzigd."), "success")
        if outcome.verified_now:
            flash(_("De controle ziet het probleem niet meer: de actie is geverifieerd."), "success")
        elif outcome.awaiting_check:
            flash(_status_pending_message(action), "info")
    return redirect(url_for(".detail", action_id=action.id))


def _status_pending_message(action: Action) -> str:
    if action.finding.source == "register":
        return _("De registercontrole ziet het probleem nog. De actie blijft 'niet geverifieerd' tot het opgelost is.")
    return _(
        "De actie staat als 'niet geverifieerd' tot een volgende scan van het kanaal bevestigt dat het opgelost is."
    )


@bp.post(f"{ORG}/<int:action_id>/opmerking")
@login_required
def comment(action_id: int):
    action = load_action(action_id)
    if not policy.can_comment(g.membership, action):
        abort(403)
    form = CommentForm()
    if form.validate_on_submit():
        services.add_comment(g.org, current_user, action, form.body.data)
        flash(_("Opmerking toegevoegd."), "success")
    else:
        flash(_("Schrijf eerst een opmerking."), "danger")
    return redirect(url_for(".detail", action_id=action.id, _anchor="opmerkingen"))


@bp.get(f"{ORG}/export.<fmt>")
@login_required
def export(fmt: str):
    if fmt not in exports.FORMATS:
        abort(404)
    filters = queries.ActionFilters.from_args(request.args)
    stmt = queries.ordered(queries.filtered_actions(g.org.id, g.membership, filters), filters)
    actions = db.session.scalars(stmt.options(*queries.ACTION_LOADS)).unique().all()
    return exports.response(fmt, g.org, list(actions))
