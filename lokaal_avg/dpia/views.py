"""DPIA screens: overview, one DPIA with its versions, content, risks, advice and decision."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lokaal_avg.core.tenancy import get_for_org_or_404, register_scoped_arg
from lokaal_avg.dpia import policy, services
from lokaal_avg.dpia.forms import DECISION_LABELS, AdviceForm, ContentForm, DecisionForm, RiskForm
from lokaal_avg.dpia.heatmap import heat_map
from lokaal_avg.dpia.models import Dpia, DpiaRisk, DpiaVersion
from lokaal_avg.dpia.queries import activities_needing_dpia, dpias_of, review_due
from lokaal_avg.dpia.scale import LEVEL_LABELS, LIKELIHOOD_LABELS, SEVERITY_LABELS, level
from lokaal_avg.register.models import ProcessingActivity

bp = Blueprint("dpia", __name__, url_prefix="/o/<org_slug>/dpia")


@bp.app_template_global()
def dpia_labels() -> dict:
    return {
        "levels": LEVEL_LABELS,
        "likelihood": LIKELIHOOD_LABELS,
        "severity": SEVERITY_LABELS,
        "decisions": DECISION_LABELS,
    }


def load_dpia(dpia_id: int, edit: bool = False) -> Dpia:
    dpia = get_for_org_or_404(Dpia, dpia_id)
    if not policy.can_view(g.membership, dpia.activity):
        abort(404)  # a medewerker does not learn that another department's DPIA exists
    if edit and not policy.can_edit(g.membership, dpia.activity):
        abort(403)
    return dpia


def load_risk(dpia: Dpia, risk_id: int) -> DpiaRisk:
    """A risk of the DPIA's current version; older versions are history and stay as they are."""
    risk = get_for_org_or_404(DpiaRisk, risk_id)
    if risk.version_id != dpia.current.id:
        abort(404)
    return risk


@bp.get("/")
@login_required
def index():
    dpias = [d for d in dpias_of(g.org.id) if policy.can_view(g.membership, d.activity)]
    needed = [a for a in activities_needing_dpia(g.org.id, dpias) if policy.can_view(g.membership, a)]
    return render_template(
        "dpia/index.html",
        dpias=dpias,
        needed=needed,
        review_due=review_due,
        can_start=lambda activity: policy.can_edit(g.membership, activity),
        level=level,
    )


@bp.post("/starten/<int:activity_id>")
@login_required
def start(activity_id: int):
    activity = get_for_org_or_404(ProcessingActivity, activity_id)
    if not policy.can_edit(g.membership, activity):
        abort(403)
    try:
        dpia = services.start_dpia(g.org, current_user, activity)
    except services.DpiaError as exc:
        flash(str(exc), "danger")
        return redirect(url_for(".index"))
    flash(_("DPIA gestart. De beschrijving is ingevuld vanuit het register; vul ze aan."), "success")
    return redirect(url_for(".detail", dpia_id=dpia.id))


def _render_version(dpia: Dpia, version: DpiaVersion):
    element = f"heat-{version.number}"
    risks = version.risks
    return render_template(
        "dpia/detail.html",
        dpia=dpia,
        version=version,
        is_current=version.id == dpia.current.id,
        heat=heat_map(((r.likelihood, r.severity) for r in risks), _("Risico's vóór maatregelen"), element),
        residual_heat=heat_map(
            ((r.residual_likelihood, r.residual_severity) for r in risks),
            _("Restrisico's na maatregelen"),
            f"{element}-rest",
        ),
        consultation_needed=services.prior_consultation_needed(version),
        missing=services.missing_for_decision(version),
        level=level,
        can_edit=policy.can_edit(g.membership, dpia.activity),
        can_advise=policy.can_advise(g.membership),
        can_decide=policy.can_decide(g.membership),
        review_is_due=review_due(dpia),
    )


@bp.get("/<int:dpia_id>")
@login_required
def detail(dpia_id: int):
    dpia = load_dpia(dpia_id)
    return _render_version(dpia, dpia.current)


@bp.get("/<int:dpia_id>/versies/<int:number>")
@login_required
def version(dpia_id: int, number: int):
    dpia = load_dpia(dpia_id)
    found = next((v for v in dpia.versions if v.number == number), None)
    if found is None:
        abort(404)
    return _render_version(dpia, found)


@bp.route("/<int:dpia_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(dpia_id: int):
    dpia = load_dpia(dpia_id, edit=True)
    form = ContentForm(obj=dpia.current)
    if form.validate_on_submit():
        was_frozen = dpia.current.frozen
        changes = services.update_content(g.org, current_user, dpia, form.content_data())
        flash(_saved_message(changes, was_frozen, dpia), "success" if changes else "info")
        return redirect(url_for(".detail", dpia_id=dpia.id))
    return render_template("dpia/form.html", form=form, dpia=dpia, title=_("DPIA bewerken"))


def _saved_message(changes: dict, was_frozen: bool, dpia: Dpia) -> str:
    if not changes:
        return _("Niets gewijzigd.")
    if was_frozen:
        return _(
            "Bewaard als nieuwe versie %(n)s. De goedgekeurde versie blijft ongewijzigd leesbaar.",
            n=dpia.current.number,
        )
    return _("Bewaard.")


@bp.route("/<int:dpia_id>/risicos/nieuw", methods=["GET", "POST"])
@login_required
def new_risk(dpia_id: int):
    dpia = load_dpia(dpia_id, edit=True)
    form = RiskForm()
    if form.validate_on_submit():
        was_frozen = dpia.current.frozen
        try:
            services.add_risk(g.org, current_user, dpia, form.risk_data())
        except services.DpiaError as exc:
            form.title.errors = [*form.title.errors, str(exc)]
        else:
            flash(_saved_message({"risk": True}, was_frozen, dpia), "success")
            return redirect(url_for(".detail", dpia_id=dpia.id, _anchor="risicos"))
    return render_template("dpia/risk_form.html", form=form, dpia=dpia, risk=None)


@bp.route("/<int:dpia_id>/risicos/<int:risk_id>", methods=["GET", "POST"])
@login_required
def edit_risk(dpia_id: int, risk_id: int):
    dpia = load_dpia(dpia_id, edit=True)
    risk = load_risk(dpia, risk_id)
    form = RiskForm(obj=risk)
    if form.validate_on_submit():
        was_frozen = dpia.current.frozen
        try:
            changes = services.update_risk(g.org, current_user, dpia, risk, form.risk_data())
        except services.DpiaError as exc:
            form.title.errors = [*form.title.errors, str(exc)]
        else:
            flash(_saved_message(changes, was_frozen, dpia), "success" if changes else "info")
            return redirect(url_for(".detail", dpia_id=dpia.id, _anchor="risicos"))
    return render_template("dpia/risk_form.html", form=form, dpia=dpia, risk=risk)


@bp.post("/<int:dpia_id>/risicos/<int:risk_id>/verwijderen")
@login_required
def delete_risk(dpia_id: int, risk_id: int):
    dpia = load_dpia(dpia_id, edit=True)
    risk = load_risk(dpia, risk_id)
    was_frozen = dpia.current.frozen
    services.delete_risk(g.org, current_user, dpia, risk)
    flash(_saved_message({"risk": True}, was_frozen, dpia), "success")
    return redirect(url_for(".detail", dpia_id=dpia.id, _anchor="risicos"))


@bp.route("/<int:dpia_id>/advies", methods=["GET", "POST"])
@login_required
def advice(dpia_id: int):
    dpia = load_dpia(dpia_id)
    if not policy.can_advise(g.membership):
        abort(403)
    form = AdviceForm(obj=dpia.current)
    if form.validate_on_submit():
        services.give_advice(g.org, current_user, dpia, form.dpo_advice.data)
        flash(_("Advies bewaard."), "success")
        return redirect(url_for(".detail", dpia_id=dpia.id))
    return render_template("dpia/form.html", form=form, dpia=dpia, title=_("Advies van de functionaris"))


@bp.route("/<int:dpia_id>/beslissing", methods=["GET", "POST"])
@login_required
def decide(dpia_id: int):
    dpia = load_dpia(dpia_id)
    if not policy.can_decide(g.membership):
        abort(403)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            services.decide(
                g.org, current_user, dpia, form.decision.data, form.decision_reasons.data, form.review_on.data
            )
        except services.DpiaError as exc:
            form.decision.errors = [*form.decision.errors, str(exc)]
        else:
            flash(_("Beslissing bewaard; versie %(n)s is goedgekeurd en vastgezet.", n=dpia.current.number), "success")
            return redirect(url_for(".detail", dpia_id=dpia.id))
    return render_template(
        "dpia/decide.html",
        form=form,
        dpia=dpia,
        version=dpia.current,
        missing=services.missing_for_decision(dpia.current),
        consultation_needed=services.prior_consultation_needed(dpia.current),
    )


register_scoped_arg("dpia_id", Dpia)
register_scoped_arg("risk_id", DpiaRisk)
