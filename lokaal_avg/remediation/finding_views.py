"""Findings (bevindingen): the list with filters, one finding with its evidence, actions from findings."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from lokaal_avg.core.severity import SEVERITIES
from lokaal_avg.core.tenancy import get_for_org_or_404, int_arg, register_scoped_arg
from lokaal_avg.remediation import policy, queries, register_checks, services
from lokaal_avg.remediation.blueprint import ORG, bp
from lokaal_avg.remediation.choices import SEVERITY_LABELS
from lokaal_avg.remediation.forms import BulkForm
from lokaal_avg.remediation.models import Finding

register_scoped_arg("finding_id", Finding)


@bp.get(f"{ORG}/bevindingen/")
@login_required
def findings():
    register_checks.check_if_stale(g.org)
    filters = queries.FindingFilters.from_args(request.args)
    page = queries.paginate(
        queries.filtered_findings(g.org.id, filters),
        int_arg("page", 1),
        current_app.config["PER_PAGE"],
        *queries.FINDING_LOADS,
    )
    can_manage = policy.can_manage(g.membership)
    counts = queries.finding_counts([g.org.id])[g.org.id]
    bulk_form = BulkForm(services.assignable_members(g.org)) if can_manage else None
    if bulk_form is not None:  # propose the most severe level that still has findings without an action
        bulk_form.severity.data = next((s for s in SEVERITIES if counts.without_action.get(s)), "kritiek")
    return render_template(
        "remediation/findings.html",
        page=page,
        filters=filters,
        args=filters.as_args(),
        counts=counts,
        last_check=register_checks.last_run(g.org.id),
        can_manage=can_manage,
        can_run_check=policy.can_run_check(g.membership),
        bulk_form=bulk_form,
    )


@bp.get(f"{ORG}/bevindingen/<int:finding_id>")
@login_required
def finding(finding_id: int):
    item = get_for_org_or_404(Finding, finding_id)
    return render_template(
        "remediation/finding.html",
        finding=item,
        action=item.action,
        # A medewerker sees the details of their own and their departments' actions only.
        action_visible=item.action is not None and policy.can_view(g.membership, item.action),
        can_manage=policy.can_manage(g.membership),
    )


@bp.post(f"{ORG}/bevindingen/<int:finding_id>/actie")
@login_required
def action_from_finding(finding_id: int):
    if not policy.can_manage(g.membership):
        abort(403)
    item = get_for_org_or_404(Finding, finding_id)
    try:
        action, made = services.action_from_finding(g.org, current_user, item)
    except services.ActionError as exc:
        flash(str(exc), "danger")
        return redirect(url_for(".finding", finding_id=item.id))
    if made:
        flash(_("Actie aangemaakt. Wijs ze toe aan wie het probleem oplost."), "success")
        return redirect(url_for(".edit", action_id=action.id))
    flash(_("Voor deze bevinding bestond al een actie."), "info")
    return redirect(url_for(".detail", action_id=action.id))


@bp.post(f"{ORG}/bevindingen/bulk")
@login_required
def bulk():
    if not policy.can_manage(g.membership):
        abort(403)
    form = BulkForm(services.assignable_members(g.org))
    if not form.validate_on_submit():
        flash(_("Kies een ernst en eventueel iemand om de acties aan toe te wijzen."), "danger")
        return redirect(url_for(".findings"))
    try:
        created = services.actions_from_findings(
            g.org, current_user, form.severity.data, form.assignee_id.data or None, form.source.data or None
        )
    except services.ActionError as exc:
        flash(str(exc), "danger")
        return redirect(url_for(".findings"))
    severity = SEVERITY_LABELS[form.severity.data]
    if created:
        flash(
            ngettext(
                "%(num)s actie aangemaakt voor de open bevindingen met ernst %(severity)s.",
                "%(num)s acties aangemaakt voor de open bevindingen met ernst %(severity)s.",
                len(created),
                severity=severity,
            ),
            "success",
        )
        return redirect(url_for(".plan", sort="aangemaakt", dir="desc"))
    flash(_("Alle open bevindingen met ernst %(severity)s hebben al een actie.", severity=severity), "info")
    return redirect(url_for(".findings", ernst=form.severity.data))


@bp.post(f"{ORG}/controleren")
@login_required
def run_check():
    if not policy.can_run_check(g.membership):
        abort(403)
    outcome = register_checks.run_register_check(g.org, current_user, "handmatig")
    run, result = outcome.run, outcome.result
    flash(
        _(
            "Register gecontroleerd: %(new)s nieuwe bevindingen, %(resolved)s opgelost, %(reopened)s terug "
            "opgedoken; %(open)s staan nog open.",
            new=run.new,
            resolved=run.resolved,
            reopened=run.reopened,
            open=run.open_count,
        ),
        "success",
    )
    if result.verified_actions:
        flash(
            ngettext(
                "%(num)s actie is nu geverifieerd.",
                "%(num)s acties zijn nu geverifieerd.",
                len(result.verified_actions),
            ),
            "success",
        )
    if result.reopened_actions:
        flash(
            ngettext(
                "%(num)s actie is heropend: het probleem is terug.",
                "%(num)s acties zijn heropend: het probleem is terug.",
                len(result.reopened_actions),
            ),
            "warning",
        )
    target = request.form.get("next")
    if target == "plan":
        return redirect(url_for(".plan"))
    return redirect(url_for(".findings", bron="register"))
