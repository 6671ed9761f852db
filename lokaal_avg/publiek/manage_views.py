"""Managing publication: the organisation's switch and the per-activity exclusions (beheerder, functionaris)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import get_for_org_or_404, role_required
from lokaal_avg.publiek import services
from lokaal_avg.register.models import ProcessingActivity

bp = Blueprint("publication", __name__, url_prefix="/o/<org_slug>/publicatie")


@bp.get("/")
@login_required
@role_required(Role.ADMIN, Role.DPO)
def index():
    return render_template(
        "publiek/manage.html",
        published=services.is_published(g.org),
        activities=services.approved_activities(g.org),
        excluded=services.excluded_ids(g.org),
        form=FlaskForm(),
    )


@bp.post("/publiceren")
@login_required
@role_required(Role.ADMIN, Role.DPO)
def toggle():
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    publish = not services.is_published(g.org)
    services.set_published(g.org, current_user, publish)
    flash(_("Het register is nu openbaar.") if publish else _("Het register is niet langer openbaar."), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:activity_id>/zichtbaarheid")
@login_required
@role_required(Role.ADMIN, Role.DPO)
def visibility(activity_id: int):
    activity = get_for_org_or_404(ProcessingActivity, activity_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    hide = activity.id not in services.excluded_ids(g.org)
    services.set_excluded(g.org, current_user, activity, hide)
    flash(
        _("%(name)s staat niet in het openbare register.", name=activity.name)
        if hide
        else _("%(name)s staat opnieuw in het openbare register.", name=activity.name),
        "success",
    )
    return redirect(url_for(".index"))
