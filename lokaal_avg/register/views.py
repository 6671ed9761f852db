"""The register: list, detail, the step-by-step wizard, status changes and history."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lokaal_avg.audit.describe import describe
from lokaal_avg.audit.queries import history_of
from lokaal_avg.core import concurrency, idempotency
from lokaal_avg.core.extensions import db
from lokaal_avg.core.tenancy import get_for_org_or_404, int_arg, register_scoped_arg
from lokaal_avg.register import (
    choices,
    history_labels,  # noqa: F401 - registers how its history reads
    policy,
    rules,
    services,
)
from lokaal_avg.register.forms import STEP_NAMES, STEPS, BasicsForm, EndForm, ReasonForm, step_form_class
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.register.queries import ACTIVITY_LOADS, filtered_rows, in_register

bp = Blueprint("register", __name__, url_prefix="/o/<org_slug>/register")
# Register vocabularies (legal bases, statuses, ...) for every template, the dossier's included.
bp.add_app_template_global(choices, "choices")


def _load_activity(activity_id: int) -> ProcessingActivity:
    activity = get_for_org_or_404(ProcessingActivity, activity_id)
    # Reload with the relations the page reads, in a fixed number of queries.
    return db.session.scalars(
        select(ProcessingActivity)
        .where(ProcessingActivity.id == activity.id)
        .options(*ACTIVITY_LOADS)
        .execution_options(populate_existing=True)
    ).one()


@bp.get("/")
@login_required
def index():
    rows = filtered_rows(g.org, request.args, int_arg("dienst"))
    per_page = current_app.config["PER_PAGE"]
    page = int_arg("page", 1)
    pages = max((len(rows) + per_page - 1) // per_page, 1)
    visible = rows[(page - 1) * per_page : page * per_page]
    return render_template(
        "register/index.html",
        rows=visible,
        total=len(rows),
        page=page,
        pages=pages,
        can_create=policy.can_create(g.membership),
        args=request.args,
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    if not policy.can_create(g.membership):
        abort(403)
    form = BasicsForm(g.org, g.membership)
    idempotency.prepare(form)
    if form.validate_on_submit() and (target := idempotency.submit_once(form, lambda: _create(form))):
        return redirect(target)
    return render_template("register/step.html", form=form, step="basis", steps=STEPS, activity=None, wizard=True)


def _create(form: BasicsForm) -> idempotency.Created:
    try:
        activity = services.create_activity(g.org, current_user, form.activity_data())
    except services.RegisterError as exc:
        flash(str(exc), "danger")
        return None
    return (
        url_for(".step", activity_id=activity.id, step="doel", wizard=1),
        _("Verwerking aangemaakt als concept. Vul nu het doel en de rechtsgrond in."),
    )


@bp.get("/<int:activity_id>")
@login_required
def detail(activity_id: int):
    activity = _load_activity(activity_id)
    return render_template(
        "register/detail.html",
        activity=activity,
        completeness=rules.completeness(activity),
        warnings=rules.warnings(activity, g.org.is_government),
        dpia=rules.dpia_screening(activity),
        review_due=rules.review_due(activity),
        readable_until=rules.readable_until(activity),
        policy=policy,
        end_form=_end_form(activity),
        reason_form=ReasonForm(),
    )


@bp.route("/<int:activity_id>/stap/<step>", methods=["GET", "POST"])
@login_required
def step(activity_id: int, step: str):
    if step not in STEP_NAMES:
        abort(404)
    activity = _load_activity(activity_id)
    if not policy.can_edit(g.membership, activity):
        abort(403)
    wizard = bool(request.args.get("wizard"))
    form_class = step_form_class(step)
    if form_class is None:  # the review step shows the whole entry with its gaps
        return render_template(
            "register/review_step.html",
            activity=activity,
            steps=STEPS,
            step=step,
            wizard=wizard,
            completeness=rules.completeness(activity),
            warnings=rules.warnings(activity, g.org.is_government),
            policy=policy,
        )
    form = form_class(g.org, g.membership, obj=activity)
    if not form.is_submitted():
        _prefill_relations(form, activity)
    concurrency.prepare(form, activity)
    conflict = None
    if form.validate_on_submit() and (conflict := concurrency.conflict_for(form, activity)) is None:
        try:
            changes = services.update_activity(g.org, current_user, g.membership, activity, form.activity_data())
        except services.RegisterError as exc:
            flash(str(exc), "danger")
        else:
            if "status" in changes:
                flash(_("Door deze wijziging staat de verwerking terug op concept."), "warning")
            flash(_("Bewaard."), "success")
            return redirect(_after_step(activity, step, wizard))
    page = render_template(
        "register/step.html",
        form=form,
        step=step,
        steps=STEPS,
        activity=activity,
        wizard=wizard,
        warnings=rules.warnings(activity, g.org.is_government),
        conflict=conflict,
        dpia=rules.dpia_screening(activity) if step == "bewaring" else None,
    )
    return page, 409 if conflict else 200


def _prefill_relations(form, activity: ProcessingActivity) -> None:
    for field in ("data_categories", "subject_categories", "recipient_categories", "processors"):
        if field in form._fields:
            form[field].data = [item.id for item in getattr(activity, field)]


def _after_step(activity: ProcessingActivity, step: str, wizard: bool) -> str:
    if wizard or request.form.get("next"):
        following = STEP_NAMES[STEP_NAMES.index(step) + 1]
        return url_for(".step", activity_id=activity.id, step=following, wizard=1 if wizard else None)
    return url_for(".detail", activity_id=activity.id)


def _end_form(activity: ProcessingActivity) -> EndForm:
    form = EndForm(prefix="end")
    others = db.session.scalars(
        select(ProcessingActivity)
        .where(
            ProcessingActivity.organisation_id == g.org.id,
            ProcessingActivity.id != activity.id,
            in_register(),
        )
        .order_by(ProcessingActivity.name)
    )
    form.replaced_by_id.choices = [(0, _("— niet vervangen —"))] + [(a.id, str(a)) for a in others]
    return form


@bp.post("/<int:activity_id>/status/<action>")
@login_required
def change_status(activity_id: int, action: str):
    activity = _load_activity(activity_id)
    membership = g.membership
    checks = {
        "indienen": policy.can_submit,
        "goedkeuren": policy.can_approve,
        "terugsturen": policy.can_send_back,
        "nagekeken": policy.can_mark_reviewed,
    }
    if action not in checks:
        abort(404)
    if not checks[action](membership, activity):
        abort(403)
    form = ReasonForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if action == "indienen":
            services.submit_for_review(g.org, current_user, activity)
            flash(_("Ingediend ter review bij de functionaris."), "success")
        elif action == "goedkeuren":
            services.approve(g.org, current_user, membership, activity)
            flash(_("Verwerking goedgekeurd."), "success")
        elif action == "terugsturen":
            services.send_back(g.org, current_user, activity, form.reason.data)
            flash(_("Teruggestuurd naar concept."), "info")
        else:
            services.mark_reviewed(g.org, current_user, activity)
            flash(_("Genoteerd als nagekeken."), "success")
    except services.RegisterError as exc:
        flash(str(exc), "danger")
    return redirect(url_for(".detail", activity_id=activity.id))


@bp.post("/<int:activity_id>/beeindigen")
@login_required
def end(activity_id: int):
    activity = _load_activity(activity_id)
    if not policy.can_end(g.membership, activity):
        abort(403)
    form = _end_form(activity)
    if form.validate_on_submit():
        replaced_by = (
            get_for_org_or_404(ProcessingActivity, form.replaced_by_id.data) if form.replaced_by_id.data else None
        )
        try:
            services.end_activity(g.org, current_user, activity, form.end_date.data, replaced_by)
        except services.RegisterError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Verwerking beëindigd. Ze blijft vijf jaar leesbaar."), "success")
    else:
        flash(_("Vul een geldige einddatum in."), "danger")
    return redirect(url_for(".detail", activity_id=activity.id))


@bp.get("/<int:activity_id>/geschiedenis")
@login_required
def history(activity_id: int):
    activity = get_for_org_or_404(ProcessingActivity, activity_id)
    return render_template("register/history.html", activity=activity, events=describe(history_of(g.org, activity)))


register_scoped_arg("activity_id", ProcessingActivity)
