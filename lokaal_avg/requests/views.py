"""Pages of data-subject requests: list, follow-up (overdue and due soon), figures, log, handle."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lokaal_avg.audit.queries import history_of
from lokaal_avg.core import idempotency
from lokaal_avg.core.extensions import db
from lokaal_avg.core.tenancy import get_for_org_or_404, int_arg, register_scoped_arg
from lokaal_avg.remediation.queries import paginate
from lokaal_avg.requests import policy, queries, rights, services
from lokaal_avg.requests.deadlines import belgian_today as today
from lokaal_avg.requests.forms import CloseForm, ExtendForm, RequestForm
from lokaal_avg.requests.models import KINDS, SubjectRequest

bp = Blueprint("requests", __name__, url_prefix="/o/<org_slug>/verzoeken")
register_scoped_arg("request_id", SubjectRequest)


@bp.record_once
def _template_helpers(state) -> None:
    from lokaal_avg.requests import choices

    state.app.add_template_global(choices, "request_choices")
    state.app.add_template_global(rights, "request_rights")


def load_request(request_id: int) -> SubjectRequest:
    get_for_org_or_404(SubjectRequest, request_id)
    item = db.session.scalars(
        select(SubjectRequest).where(SubjectRequest.id == request_id).options(*queries.LIST_LOADS)
    ).one()
    if not policy.can_view(g.membership, item):
        abort(404)
    return item


@bp.get("/")
@login_required
def index():
    show = request.args.get("toon", "open")
    show = show if show in queries.FILTERS else "open"
    kind = request.args.get("soort") if request.args.get("soort") in KINDS else None
    page = paginate(
        queries.listing(g.org.id, g.membership, show, kind), int_arg("page", 1), current_app.config["PER_PAGE"]
    )
    return render_template(
        "requests/index.html",
        page=page,
        show=show,
        kind=kind,
        today=today(),
        counts=queries.count_by_status(g.org.id, g.membership),
        can_log=policy.can_log(g.membership),
    )


@bp.get("/opvolging")
@login_required
def followup():
    """Like "Mijn acties": the open requests past their deadline and those due within 7 days."""
    mine = request.args.get("mijn") == "1"
    due = queries.due(g.org, g.membership, today(), handler=current_user if mine else None)
    return render_template("requests/followup.html", due=due, mine=mine, today=today())


@bp.get("/cijfers")
@login_required
def figures():
    counts, months = queries.figures_by_month(g.org, g.membership)
    return render_template(
        "requests/figures.html",
        counts=counts,
        months=months,
        kinds=KINDS,
        summary=queries.dashboard_figures(g.org, g.membership),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    if not policy.can_log(g.membership):
        abort(403)
    form = RequestForm(g.org, services.handlers(g.org))
    if not form.is_submitted():
        form.received_on.data = today()
        form.handler_id.data = current_user.id
    idempotency.prepare(form)

    def create() -> idempotency.Created:
        try:
            item = services.create_request(g.org, current_user, form.request_data())
        except services.RequestError as exc:
            flash(str(exc), "danger")
            return None
        day = item.due_on.strftime("%d/%m/%Y")
        message = _("Verzoek %(ref)s geregistreerd; antwoorden uiterlijk op %(day)s.", ref=item.reference, day=day)
        return url_for(".detail", request_id=item.id), message

    # A double click or a resubmitted page registers the request once.
    if form.validate_on_submit() and (target := idempotency.submit_once(form, create)):
        return redirect(target)
    return render_template("requests/form.html", form=form, item=None)


@bp.get("/<int:request_id>")
@login_required
def detail(request_id: int):
    item = load_request(request_id)
    can_handle = policy.can_handle(g.membership, item)
    close_form = CloseForm()
    if not close_form.is_submitted():
        close_form.answered_on.data = today()
    return render_template(
        "requests/detail.html",
        item=item,
        today=today(),
        history=history_of(g.org, item),
        can_handle=can_handle,
        can_reopen=policy.can_reopen(g.membership),
        extend_form=ExtendForm(),
        close_form=close_form,
    )


@bp.route("/<int:request_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(request_id: int):
    item = load_request(request_id)
    if not policy.can_handle(g.membership, item):
        abort(403)
    form = RequestForm(g.org, services.handlers(g.org), obj=item)
    if not form.is_submitted():
        form.activities.data = [a.id for a in item.activities]
        form.handler_id.data = item.handler_id or 0
    if form.validate_on_submit():
        try:
            changes = services.update_request(g.org, current_user, item, form.request_data())
        except services.RequestError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Bewaard.") if changes else _("Er was niets gewijzigd."), "success")
            return redirect(url_for(".detail", request_id=item.id))
    return render_template("requests/form.html", form=form, item=item)


@bp.post("/<int:request_id>/verlengen")
@login_required
def extend(request_id: int):
    item = load_request(request_id)
    if not policy.can_handle(g.membership, item):
        abort(403)
    form = ExtendForm()
    if form.validate_on_submit():
        try:
            services.extend(g.org, current_user, item, form.reason.data, form.told_on.data)
        except services.RequestError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Termijn verlengd tot %(day)s.", day=item.due_on.strftime("%d/%m/%Y")), "success")
    else:
        flash(_("Vul de reden en de datum in waarop u de betrokkene informeerde."), "danger")
    return redirect(url_for(".detail", request_id=item.id))


@bp.post("/<int:request_id>/afhandelen")
@login_required
def close(request_id: int):
    item = load_request(request_id)
    if not policy.can_handle(g.membership, item):
        abort(403)
    form = CloseForm()
    if form.validate_on_submit():
        try:
            services.close(
                g.org,
                current_user,
                item,
                form.outcome.data,
                form.answered_on.data,
                form.answer.data,
                form.refusal_reason.data,
                form.refusal_ground.data,
            )
        except services.RequestError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Verzoek afgehandeld."), "success")
    else:
        flash(_("Vul de uitkomst, de datum en een samenvatting van het antwoord in."), "danger")
    return redirect(url_for(".detail", request_id=item.id))


@bp.post("/<int:request_id>/heropenen")
@login_required
def reopen(request_id: int):
    item = load_request(request_id)
    if not policy.can_reopen(g.membership):
        abort(403)
    try:
        services.reopen(g.org, current_user, item)
    except services.RequestError as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Verzoek heropend."), "success")
    return redirect(url_for(".detail", request_id=item.id))
