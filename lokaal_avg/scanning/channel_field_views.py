"""The field table of a channel: add, edit and remove by hand; confirm or correct scan suggestions."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from lokaal_avg.channels import queries, services
from lokaal_avg.channels.forms import FieldForm, category_choices
from lokaal_avg.channels.models import Channel, ChannelField
from lokaal_avg.scanning.channel_blueprint import bp, load_channel, require_edit


def _field_of(channel: Channel, field_id: int) -> ChannelField:
    field = next((f for f in channel.fields if f.id == field_id), None)
    if field is None:  # a field of another channel of the same organisation
        abort(404)
    return field


def _back(channel: Channel) -> str:
    return url_for("channels.detail", channel_id=channel.id, _anchor="velden")


@bp.route("/<int:channel_id>/velden/nieuw", methods=["GET", "POST"])
@login_required
def field_new(channel_id: int):
    channel = load_channel(channel_id)
    require_edit(channel)
    form = FieldForm(g.org)
    if form.validate_on_submit():
        try:
            services.add_field(g.org, current_user, channel, form.label.data, form.data_category_id.data or None)
        except services.ChannelError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Veld %(label)s toegevoegd.", label=form.label.data), "success")
            if request.form.get("again"):
                return redirect(url_for("channels.field_new", channel_id=channel.id))
            return redirect(_back(channel))
    return render_template(
        "channels/field_form.html", form=form, channel=channel, channel_field=None, category_names={}
    )


@bp.route("/<int:channel_id>/velden/<int:field_id>/bewerken", methods=["GET", "POST"])
@login_required
def field_edit(channel_id: int, field_id: int):
    channel = load_channel(channel_id)
    require_edit(channel)
    field = _field_of(channel, field_id)
    form = FieldForm(g.org, obj=field)
    if form.validate_on_submit():
        try:
            services.update_field(g.org, current_user, field, form.label.data, form.data_category_id.data or None)
        except services.ChannelError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Bewaard."), "success")
            return redirect(_back(channel))
    return render_template(
        "channels/field_form.html",
        form=form,
        channel=channel,
        channel_field=field,
        category_names=queries.category_names(g.org.id),
    )


@bp.post("/<int:channel_id>/velden/<int:field_id>/verwijderen")
@login_required
def field_delete(channel_id: int, field_id: int):
    channel = load_channel(channel_id)
    require_edit(channel)
    field = _field_of(channel, field_id)
    label = field.label
    services.delete_field(g.org, current_user, field)
    flash(_("Veld %(label)s verwijderd.", label=label), "info")
    return redirect(_back(channel))


@bp.post("/<int:channel_id>/velden/bevestigen")
@login_required
def fields_confirm(channel_id: int):
    """Confirm every suggestion with the category chosen beside it (the detected one unless changed)."""
    channel = load_channel(channel_id)
    require_edit(channel)
    allowed = {value for value, _label in category_choices(g.org)}
    choices: dict[int, int | None] = {}
    for field in channel.fields:
        if not field.suggestion:
            continue
        raw = request.form.get(f"categorie-{field.id}")
        if raw is None:  # not on the page the user submitted (e.g. a newer scan added it): leave it
            continue
        try:
            value = int(raw)
        except ValueError:
            abort(400)
        if value not in allowed:
            abort(400)
        choices[field.id] = value or None
    confirmed = services.confirm_fields(g.org, current_user, channel, choices)
    flash(ngettext("%(num)s veld bevestigd.", "%(num)s velden bevestigd.", confirmed), "success")
    return redirect(_back(channel))
