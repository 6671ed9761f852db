"""The organisation's details, departments and members."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lokaal_avg.core import concurrency
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import get_for_org_or_404, register_scoped_arg, role_required
from lokaal_avg.organisations import services
from lokaal_avg.organisations.forms import DepartmentForm, OrganisationForm
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


# Members and invitations: lokaal_avg/accounts/member_views.py.


register_scoped_arg("department_id", Department)
