"""The organisation's details, departments and members."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lokaal_avg.accounts.models import Membership
from lokaal_avg.core import concurrency
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import get_for_org_or_404, register_scoped_arg, role_required
from lokaal_avg.organisations import services
from lokaal_avg.organisations.forms import DepartmentForm, MemberForm, MembershipEditForm, OrganisationForm
from lokaal_avg.organisations.models import Department

bp = Blueprint("organisations", __name__, url_prefix="/o/<org_slug>")


@bp.route("/instellingen", methods=["GET", "POST"])
@login_required
@role_required(Role.ADMIN)
def settings():
    form = OrganisationForm(obj=g.org)
    concurrency.prepare(form, g.org)
    conflict = None
    if form.validate_on_submit() and (conflict := concurrency.conflict_for(form, g.org)) is None:
        changes = services.update_organisation(g.org, current_user, form.data)
        flash(_("De gegevens van de organisatie zijn bewaard.") if changes else _("Er was niets gewijzigd."), "success")
        return redirect(url_for(".settings"))
    page = render_template(
        "organisations/settings.html", form=form, department_form=DepartmentForm(prefix="dept"), conflict=conflict
    )
    return page, 409 if conflict else 200


@bp.post("/diensten")
@login_required
@role_required(Role.ADMIN)
def add_department():
    form = DepartmentForm(prefix="dept")
    if form.validate_on_submit():
        try:
            services.add_department(g.org, current_user, form.name.data)
        except services.OrganisationError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Dienst %(name)s toegevoegd.", name=form.name.data), "success")
    else:
        flash(_("Geef de dienst een naam."), "danger")
    return redirect(url_for(".settings", _anchor="diensten"))


@bp.post("/diensten/<int:department_id>")
@login_required
@role_required(Role.ADMIN)
def rename_department(department_id: int):
    dept = get_for_org_or_404(Department, department_id)
    form = DepartmentForm(prefix=f"dept{dept.id}")
    if form.validate_on_submit():
        try:
            services.rename_department(g.org, current_user, dept, form.name.data)
        except services.OrganisationError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Dienst hernoemd."), "success")
    else:
        flash(_("Geef de dienst een naam."), "danger")
    return redirect(url_for(".settings", _anchor="diensten"))


@bp.post("/diensten/<int:department_id>/verwijderen")
@login_required
@role_required(Role.ADMIN)
def delete_department(department_id: int):
    dept = get_for_org_or_404(Department, department_id)
    try:
        services.delete_department(g.org, current_user, dept)
    except services.OrganisationError as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Dienst verwijderd."), "success")
    return redirect(url_for(".settings", _anchor="diensten"))


@bp.route("/leden", methods=["GET", "POST"])
@login_required
@role_required(Role.ADMIN)
def members():
    form = MemberForm(g.org)
    if form.validate_on_submit():
        departments = [get_for_org_or_404(Department, i) for i in form.departments.data]
        try:
            membership, password = services.add_member(
                g.org, current_user, form.email.data, form.name.data, form.role.data, departments
            )
        except services.OrganisationError as exc:
            flash(str(exc), "danger")
        else:
            flash(
                _("%(name)s is toegevoegd als %(role)s.", name=membership.user.name, role=membership.role_label),
                "success",
            )
            if password:
                flash(
                    _("Nieuw account aangemaakt. Eenmalig wachtwoord om door te geven: %(pw)s", pw=password), "warning"
                )
            return redirect(url_for(".members"))
    return render_template("organisations/members.html", form=form, members=services.members_of(g.org))


@bp.route("/leden/<int:membership_id>", methods=["GET", "POST"])
@login_required
@role_required(Role.ADMIN)
def edit_member(membership_id: int):
    membership = get_for_org_or_404(Membership, membership_id)
    form = MembershipEditForm(g.org, obj=membership)
    if not form.is_submitted():
        form.departments.data = [d.id for d in membership.departments]
    if form.validate_on_submit():
        departments = [get_for_org_or_404(Department, i) for i in form.departments.data]
        try:
            services.update_membership(g.org, current_user, membership, form.role.data, departments)
        except services.OrganisationError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Rol van %(name)s bewaard.", name=membership.user.name), "success")
            return redirect(url_for(".members"))
    return render_template("organisations/member_edit.html", form=form, membership=membership)


@bp.post("/leden/<int:membership_id>/verwijderen")
@login_required
@role_required(Role.ADMIN)
def remove_member(membership_id: int):
    membership = get_for_org_or_404(Membership, membership_id)
    try:
        services.remove_member(g.org, current_user, membership)
    except services.OrganisationError as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Lid verwijderd uit de organisatie."), "success")
    return redirect(url_for(".members"))


register_scoped_arg("department_id", Department)
register_scoped_arg("membership_id", Membership)
