"""An organisation's members: invitations by e-mail, roles, removal, the two-factor requirement."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lokaal_avg.accounts import invitations, members
from lokaal_avg.accounts.models import Invitation, Membership
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import get_for_org_or_404, register_scoped_arg, role_required
from lokaal_avg.organisations import services
from lokaal_avg.organisations.forms import InviteForm, MembershipEditForm, TwoFactorPolicyForm
from lokaal_avg.organisations.models import Department

bp = Blueprint("members", __name__, url_prefix="/o/<org_slug>/leden")


def _page(form: InviteForm, status: int = 200):
    return (
        render_template(
            "members/index.html",
            form=form,
            policy_form=TwoFactorPolicyForm(prefix="policy", obj=g.org),
            members=members.members_of(g.org),
            pending=invitations.pending_invitations(g.org),
            now_utc=utcnow(),
        ),
        status,
    )


@bp.get("")
@login_required
@role_required(Role.ADMIN)
def index():
    return _page(InviteForm(g.org))


@bp.post("/uitnodigen")
@login_required
@role_required(Role.ADMIN)
def invite():
    form = InviteForm(g.org)
    if not form.validate_on_submit():
        return _page(form, 400)
    departments = [get_for_org_or_404(Department, i) for i in form.departments.data]
    try:
        invitations.invite(g.org, current_user, form.email.data, form.role.data, departments)
    except invitations.InvitationError as exc:
        form.email.errors.append(str(exc))
        return _page(form, 400)
    # The same answer whether or not the address has an account elsewhere.
    flash(_("Uitnodiging verstuurd naar %(email)s.", email=form.email.data.strip().lower()), "success")
    return redirect(url_for(".index"))


@bp.post("/uitnodigingen/<int:invitation_id>/opnieuw")
@login_required
@role_required(Role.ADMIN)
def resend(invitation_id: int):
    invitation = get_for_org_or_404(Invitation, invitation_id)
    try:
        invitations.resend(g.org, current_user, invitation)
    except invitations.InvitationError as exc:
        flash(str(exc), "danger")
    else:
        flash(
            _("Uitnodiging opnieuw verstuurd naar %(email)s; de vorige link werkt niet meer.", email=invitation.email),
            "success",
        )
    return redirect(url_for(".index"))


@bp.post("/uitnodigingen/<int:invitation_id>/intrekken")
@login_required
@role_required(Role.ADMIN)
def withdraw(invitation_id: int):
    invitation = get_for_org_or_404(Invitation, invitation_id)
    try:
        invitations.withdraw(g.org, current_user, invitation)
    except invitations.InvitationError as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Uitnodiging voor %(email)s ingetrokken.", email=invitation.email), "success")
    return redirect(url_for(".index"))


@bp.post("/tweestapsverificatie")
@login_required
@role_required(Role.ADMIN)
def two_factor_policy():
    form = TwoFactorPolicyForm(prefix="policy")
    if form.validate_on_submit():
        services.set_two_factor_requirement(g.org, current_user, form.require_two_factor.data)
        if form.require_two_factor.data:
            flash(
                _(
                    "Tweestapsverificatie is verplicht voor beheerders en functionarissen. Wie ze nog niet "
                    "heeft, stelt ze in bij de volgende aanmelding."
                ),
                "success",
            )
        else:
            flash(_("Tweestapsverificatie is niet meer verplicht."), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:membership_id>", methods=["GET", "POST"])
@login_required
@role_required(Role.ADMIN)
def edit(membership_id: int):
    membership = get_for_org_or_404(Membership, membership_id)
    form = MembershipEditForm(g.org, obj=membership)
    if not form.is_submitted():
        form.departments.data = [d.id for d in membership.departments]
    if form.validate_on_submit():
        departments = [get_for_org_or_404(Department, i) for i in form.departments.data]
        try:
            members.update_membership(g.org, current_user, membership, form.role.data, departments)
        except services.OrganisationError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Rol van %(name)s bewaard.", name=membership.user.name), "success")
            return redirect(url_for(".index"))
    return render_template("members/edit.html", form=form, membership=membership)


@bp.route("/<int:membership_id>/verwijderen", methods=["GET", "POST"])
@login_required
@role_required(Role.ADMIN)
def remove(membership_id: int):
    """Ask first; the account itself stays (it may belong to other organisations)."""
    membership = get_for_org_or_404(Membership, membership_id)
    if request.method == "GET":
        return render_template("members/remove.html", membership=membership)
    try:
        members.remove_member(g.org, current_user, membership)
    except services.OrganisationError as exc:
        flash(str(exc), "danger")
    else:
        flash(_("%(name)s is geen lid meer van de organisatie.", name=membership.user.name), "success")
    return redirect(url_for(".index"))


register_scoped_arg("invitation_id", Invitation)
register_scoped_arg("membership_id", Membership)
