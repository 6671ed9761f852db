"""The breach register's pages: list, record, detail, assess, notify, inform, close, actions."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lokaal_avg.audit.queries import history_of
from lokaal_avg.breaches import assessment, notification, policy, queries, services
from lokaal_avg.breaches.clock import clock, from_local, local_input
from lokaal_avg.breaches.forms import (
    AssessmentForm,
    BreachActionForm,
    BreachForm,
    CloseForm,
    InformForm,
    NotificationForm,
)
from lokaal_avg.breaches.models import Breach
from lokaal_avg.core import idempotency
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.tenancy import get_for_org_or_404, int_arg, register_scoped_arg
from lokaal_avg.organisations.models import Authority
from lokaal_avg.remediation import services as remediation
from lokaal_avg.remediation.queries import paginate

bp = Blueprint("breaches", __name__, url_prefix="/o/<org_slug>/datalekken")
register_scoped_arg("breach_id", Breach)


@bp.record_once
def _template_helpers(state) -> None:
    from lokaal_avg.breaches import assessment, choices

    state.app.add_template_global(choices, "breach_choices")
    state.app.add_template_global(assessment, "breach_assessment")
    state.app.add_template_global(clock, "breach_clock")


def load_breach(breach_id: int) -> Breach:
    get_for_org_or_404(Breach, breach_id)
    breach = db.session.scalars(select(Breach).where(Breach.id == breach_id).options(*queries.DETAIL_LOADS)).one()
    if not policy.can_view(g.membership, breach):
        abort(404)  # a medewerker does not learn that another department's breach exists
    return breach


def _require(allowed: bool) -> None:
    if not allowed:
        abort(403)


@bp.get("/")
@login_required
def index():
    show = request.args.get("toon", "open")
    if show not in queries.FILTERS:
        show = "open"
    stmt = queries.listing(g.org.id, g.membership, show)
    page = paginate(stmt, int_arg("page", 1), current_app.config["PER_PAGE"])
    return render_template(
        "breaches/index.html",
        page=page,
        show=show,
        now=utcnow(),
        can_record=policy.can_record(g.membership),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    _require(policy.can_record(g.membership))
    form = BreachForm(g.org)
    if not form.is_submitted():
        form.discovered_at.data = local_input(utcnow()).replace(second=0, microsecond=0)
        form.discovered_by.data = current_user.name
    idempotency.prepare(form)

    def create() -> idempotency.Created:
        try:
            breach = services.create_breach(g.org, current_user, form.breach_data())
        except services.BreachError as exc:
            flash(str(exc), "danger")
            return None
        message = _(
            "Datalek %(ref)s geregistreerd. De functionaris en de beheerders krijgen een e-mail.", ref=breach.reference
        )
        return url_for(".detail", breach_id=breach.id), message

    # A double click or a resubmitted page registers the breach (and mails about it) once.
    if form.validate_on_submit() and (target := idempotency.submit_once(form, create)):
        return redirect(target)
    return render_template("breaches/form.html", form=form, breach=None)


@bp.get("/<int:breach_id>")
@login_required
def detail(breach_id: int):
    breach = load_breach(breach_id)
    can_decide = policy.can_decide(g.membership)
    return render_template(
        "breaches/detail.html",
        breach=breach,
        clock=clock(breach),
        findings=queries.open_findings_of_channels(breach),
        history=history_of(g.org, breach),
        can_edit=policy.can_edit(g.membership, breach),
        can_decide=can_decide,
        action_form=BreachActionForm(remediation.assignable_members(g.org)) if can_decide else None,
        close_form=CloseForm(),
        inform_form=InformForm(),
    )


@bp.route("/<int:breach_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(breach_id: int):
    breach = load_breach(breach_id)
    _require(policy.can_edit(g.membership, breach))
    form = BreachForm(g.org, obj=breach)
    if not form.is_submitted():
        form.discovered_at.data = local_input(breach.discovered_at)
        form.occurred_at.data = local_input(breach.occurred_at)
        for name in ("activities", "channels", "processors", "data_categories", "subject_categories"):
            form[name].data = [item.id for item in getattr(breach, name)]
    if form.validate_on_submit():
        try:
            changes = services.update_breach(g.org, current_user, breach, form.breach_data())
        except services.BreachError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Bewaard.") if changes else _("Er was niets gewijzigd."), "success")
            return redirect(url_for(".detail", breach_id=breach.id))
    return render_template("breaches/form.html", form=form, breach=breach)


@bp.route("/<int:breach_id>/risico", methods=["GET", "POST"])
@login_required
def assess(breach_id: int):
    breach = load_breach(breach_id)
    _require(policy.can_decide(g.membership) and not breach.is_closed)
    form = AssessmentForm()
    if not form.is_submitted():
        _prefill_assessment(form, breach)
    if form.validate_on_submit():
        try:
            services.assess(
                g.org, current_user, breach, form.answers(), form.level.data, form.exception.data, form.reasoning.data
            )
        except services.BreachError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Risicobeoordeling bewaard."), "success")
            return redirect(url_for(".detail", breach_id=breach.id))
    suggestion = assessment.suggest(form.answers())
    return render_template("breaches/assess.html", form=form, breach=breach, suggestion=suggestion, clock=clock(breach))


def _prefill_assessment(form: AssessmentForm, breach: Breach) -> None:
    """Earlier answers; otherwise what the register already tells (sensitive data, minors)."""
    if breach.assessment:
        for name, value in breach.assessment.items():
            if name in form and isinstance(value, str):
                form[name].data = value
        form.level.data = breach.risk_level or ""
        form.exception.data = breach.subjects_exception or ""
        form.reasoning.data = breach.risk_reasoning
        return
    sensitive = any(c.special or c.criminal or c.national_number for c in breach.data_categories)
    form.gevoelig.data = "ja" if sensitive else "nee"
    form.kwetsbaar.data = "ja" if any(a.minors for a in breach.activities) else "nee"
    form.kwaadwillig.data = "nee"
    form.grote_schaal.data = "ja" if (breach.subjects_estimate or 0) > 100 else "nee"


@bp.route("/<int:breach_id>/melding", methods=["GET", "POST"])
@login_required
def notify(breach_id: int):
    breach = load_breach(breach_id)
    _require(policy.can_decide(g.membership))
    form = NotificationForm()
    gba = g.org.supervisory_authority == Authority.GBA
    if not form.is_submitted():
        language = services.notification_language(g.org, request.args.get("taal") or breach.notification_language)
        form.language.data = language
        form.notified_at.data = local_input(breach.authority_notified_at or utcnow()).replace(second=0, microsecond=0)
        form.reference.data = breach.authority_reference
        form.delay_reasons.data = breach.delay_reasons
        # A new language asked for: a fresh draft in it; otherwise the saved text, if any.
        fresh = request.args.get("taal") or not breach.notification_text
        form.text.data = notification.draft(breach, language) if fresh else breach.notification_text
    if form.validate_on_submit():
        try:
            services.record_notification(
                g.org,
                current_user,
                breach,
                from_local(form.notified_at.data),
                form.reference.data,
                form.language.data,
                form.text.data,
                form.delay_reasons.data,
            )
        except services.BreachError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("De melding aan de toezichthouder is geregistreerd."), "success")
            return redirect(url_for(".detail", breach_id=breach.id))
    return render_template("breaches/notify.html", form=form, breach=breach, clock=clock(breach), gba=gba)


@bp.get("/<int:breach_id>/melding/afdruk")
@login_required
def notification_print(breach_id: int):
    """A printable notification: the saved text, or a draft in the authority's language."""
    breach = load_breach(breach_id)
    language = services.notification_language(g.org, request.args.get("taal") or breach.notification_language)
    text = breach.notification_text if breach.notification_text and not request.args.get("taal") else None
    return render_template(
        "breaches/notification_print.html",
        breach=breach,
        language=language,
        text=text or notification.draft(breach, language),
        draft=text is None,
    )


@bp.post("/<int:breach_id>/betrokkenen")
@login_required
def inform(breach_id: int):
    breach = load_breach(breach_id)
    _require(policy.can_decide(g.membership))
    form = InformForm()
    if form.validate_on_submit():
        try:
            services.record_subjects_informed(g.org, current_user, breach, form.informed_on.data, form.how.data)
        except services.BreachError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Bewaard: de betrokkenen zijn verwittigd."), "success")
    else:
        flash(_("Vul de datum en de manier van verwittigen in."), "danger")
    return redirect(url_for(".detail", breach_id=breach.id, _anchor="betrokkenen"))


@bp.post("/<int:breach_id>/afsluiten")
@login_required
def close(breach_id: int):
    breach = load_breach(breach_id)
    _require(policy.can_decide(g.membership))
    form = CloseForm()
    if form.validate_on_submit():
        try:
            services.close_breach(g.org, current_user, breach, form.note.data)
        except services.BreachError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Datalek afgesloten. Het blijft in het register."), "success")
    return redirect(url_for(".detail", breach_id=breach.id))


@bp.post("/<int:breach_id>/heropenen")
@login_required
def reopen(breach_id: int):
    breach = load_breach(breach_id)
    _require(policy.can_decide(g.membership))
    try:
        services.reopen_breach(g.org, current_user, breach)
    except services.BreachError as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Datalek heropend."), "success")
    return redirect(url_for(".detail", breach_id=breach.id))


@bp.post("/<int:breach_id>/actie")
@login_required
def add_action(breach_id: int):
    breach = load_breach(breach_id)
    _require(policy.can_decide(g.membership))
    form = BreachActionForm(remediation.assignable_members(g.org))
    if form.validate_on_submit():
        try:
            action = services.create_action(g.org, current_user, breach, form.action_data())
        except services.BreachError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Actie '%(title)s' toegevoegd aan het actieplan.", title=action.title), "success")
    else:
        flash(_("Geef de actie een titel."), "danger")
    return redirect(url_for(".detail", breach_id=breach.id, _anchor="acties"))
