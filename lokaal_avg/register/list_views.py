"""Managing the organisation's lists (beheerder and functionaris)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lokaal_avg.core import concurrency
from lokaal_avg.core.concurrency import VersionedFormMixin
from lokaal_avg.core.forms import empty_to_none, long_text
from lokaal_avg.core.tenancy import get_for_org_or_404, register_scoped_arg
from lokaal_avg.register import lists, policy
from lokaal_avg.register.models import DataCategory

bp = Blueprint("lists", __name__, url_prefix="/o/<org_slug>/lijsten")

KIND_TITLES = {
    "gegevens": _l("Categorieën van persoonsgegevens"),
    "betrokkenen": _l("Categorieën van betrokkenen"),
    "ontvangers": _l("Categorieën van ontvangers"),
}


class ItemForm(VersionedFormMixin, FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Omschrijving"), validators=[Optional(), long_text()], filters=[empty_to_none])


class DataCategoryForm(ItemForm):
    special = BooleanField(_l("Bijzondere categorie (art. 9 AVG)"))
    criminal = BooleanField(_l("Strafrechtelijke gegevens (art. 10 AVG)"))
    national_number = BooleanField(_l("Rijksregisternummer of INSZ"))


def _kind(kind: str):
    if kind not in lists.LIST_KINDS:
        abort(404)
    model, link_table = lists.LIST_KINDS[kind]
    form_class = DataCategoryForm if model is DataCategory else ItemForm
    return model, link_table, form_class


def _require_manager() -> None:
    if not policy.can_manage_lists(g.membership):
        abort(403)


@bp.get("/")
@login_required
def index():
    sections = [
        (kind, KIND_TITLES[kind], lists.items_of(model, g.org)) for kind, (model, _t) in lists.LIST_KINDS.items()
    ]
    return render_template("register/lists.html", sections=sections, can_manage=policy.can_manage_lists(g.membership))


@bp.route("/<kind>/nieuw", methods=["GET", "POST"])
@login_required
def add(kind: str):
    _require_manager()
    model, _link, form_class = _kind(kind)
    form = form_class()
    if form.validate_on_submit():
        try:
            lists.add_item(g.org, current_user, model, form.data)
        except lists.ListError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Toegevoegd aan de lijst."), "success")
            return redirect(url_for(".index", _anchor=kind))
    return render_template("register/list_item.html", form=form, title=KIND_TITLES[kind], item=None, kind=kind)


@bp.route("/<kind>/<int:item_id>", methods=["GET", "POST"])
@login_required
def edit(kind: str, item_id: int):
    _require_manager()
    model, _link, form_class = _kind(kind)
    item = get_for_org_or_404(model, item_id)
    form = form_class(obj=item)
    concurrency.prepare(form, item)
    conflict = None
    if form.validate_on_submit():
        conflict = concurrency.conflict_for(form, item)
        if conflict is None:
            lists.update_item(g.org, current_user, item, form.data)
            flash(_("Bewaard."), "success")
            return redirect(url_for(".index", _anchor=kind))
    page = render_template(
        "register/list_item.html", form=form, title=KIND_TITLES[kind], item=item, kind=kind, conflict=conflict
    )
    return page, 409 if conflict else 200


@bp.post("/<kind>/<int:item_id>/verwijderen")
@login_required
def delete(kind: str, item_id: int):
    _require_manager()
    model, link_table, _form = _kind(kind)
    item = get_for_org_or_404(model, item_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        lists.delete_item(g.org, current_user, item, link_table)
    except lists.ListError as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Verwijderd uit de lijst."), "success")
    return redirect(url_for(".index", _anchor=kind))


register_scoped_arg("item_id", lambda values: lists.LIST_KINDS.get(values.get("kind"), (None,))[0])
