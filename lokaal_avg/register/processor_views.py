"""Processor pages (blueprint "processors"): list, detail with the activities that use them, create and edit.

They live in the register package because a processor's page shows the register entries that use it;
the processors package itself (model, form, services) sits below the register.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lokaal_avg.core import concurrency, idempotency
from lokaal_avg.core.extensions import db
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import get_for_org_or_404, has_role, register_scoped_arg
from lokaal_avg.processors import (
    history_labels,  # noqa: F401 - registers how its history reads
    services,
)
from lokaal_avg.processors.forms import ProcessorForm
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import ProcessingActivity, activity_processor

bp = Blueprint("processors", __name__, url_prefix="/o/<org_slug>/verwerkers")


def _require_editor() -> None:
    if not has_role(Role.ADMIN, Role.DPO):
        abort(403)


@bp.get("/")
@login_required
def index():
    processors = db.session.scalars(
        select(Processor).where(Processor.organisation_id == g.org.id).order_by(Processor.name)
    ).all()
    return render_template("processors/index.html", processors=processors, can_edit=has_role(Role.ADMIN, Role.DPO))


@bp.get("/<int:processor_id>")
@login_required
def detail(processor_id: int):
    processor = get_for_org_or_404(Processor, processor_id)
    activities = db.session.scalars(
        select(ProcessingActivity)
        .join(activity_processor, activity_processor.c.activity_id == ProcessingActivity.id)
        .where(activity_processor.c.processor_id == processor.id, ProcessingActivity.organisation_id == g.org.id)
        .options(selectinload(ProcessingActivity.department))
        .order_by(ProcessingActivity.name)
    ).all()
    return render_template(
        "processors/detail.html", processor=processor, activities=activities, can_edit=has_role(Role.ADMIN, Role.DPO)
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    _require_editor()
    form = ProcessorForm()
    idempotency.prepare(form)

    def create() -> idempotency.Created:
        processor = services.create_processor(g.org, current_user, form.data)
        return url_for(".detail", processor_id=processor.id), _("Verwerker %(name)s toegevoegd.", name=processor.name)

    if form.validate_on_submit() and (target := idempotency.submit_once(form, create)):
        return redirect(target)
    return render_template("processors/form.html", form=form, processor=None)


@bp.route("/<int:processor_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(processor_id: int):
    _require_editor()
    processor = get_for_org_or_404(Processor, processor_id)
    form = ProcessorForm(obj=processor)
    concurrency.prepare(form, processor)
    conflict = None
    if form.validate_on_submit():
        conflict = concurrency.conflict_for(form, processor)
        if conflict is None:
            services.update_processor(g.org, current_user, processor, form.data)
            flash(_("Bewaard."), "success")
            return redirect(url_for(".detail", processor_id=processor.id))
    page = render_template("processors/form.html", form=form, processor=processor, conflict=conflict)
    return page, 409 if conflict else 200


register_scoped_arg("processor_id", Processor)
