"""Browsing the catalogue and adopting activities into the register."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from lokaal_avg.catalogue import services
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import has_role
from lokaal_avg.register.choices import LEGAL_BASES

bp = Blueprint("catalogue", __name__, url_prefix="/o/<org_slug>/catalogus")


@bp.get("/")
@login_required
def index():
    language = str(get_locale())
    templates = [services.localise(t, language) for t in services.load_activities()]
    query = (request.args.get("q") or "").strip().lower()
    if query:
        templates = [
            t for t in templates if query in (t["name"] + " " + t["purposes"] + " " + t["department_label"]).lower()
        ]
    grouped = [
        (dept, list(items))
        for dept, items in groupby(
            sorted(templates, key=lambda t: (t["department_label"], t["code"])), key=lambda t: t["department_label"]
        )
    ]
    lists = services.load_lists()
    names = {
        item["code"]: item["name"]
        for key in ("data_categories", "subject_categories", "recipient_categories")
        for item in lists[key]
    }
    return render_template(
        "catalogue/index.html",
        grouped=grouped,
        adopted=services.adopted_codes(g.org),
        names=names,
        legal_bases=LEGAL_BASES,
        form=FlaskForm(),
        can_adopt=has_role(Role.ADMIN, Role.DPO),
        q=query,
    )


@bp.post("/overnemen")
@login_required
def adopt():
    if not has_role(Role.ADMIN, Role.DPO):
        abort(403)
    if not FlaskForm().validate_on_submit():
        abort(400)
    codes = request.form.getlist("code")
    if not codes:
        flash(_("Vink eerst de activiteiten aan die u wilt overnemen."), "warning")
        return redirect(url_for(".index"))
    result = services.adopt(g.org, current_user, codes)
    if result.adopted:
        flash(
            ngettext(
                "%(num)s activiteit overgenomen als concept.",
                "%(num)s activiteiten overgenomen als concept.",
                len(result.adopted),
            ),
            "success",
        )
    if result.skipped:
        flash(_("Al in het register: %(names)s.", names=", ".join(result.skipped)), "info")
    if len(result.adopted) == 1:
        return redirect(url_for("register.detail", activity_id=result.adopted[0].id))
    return redirect(url_for("register.index", status="concept"))
