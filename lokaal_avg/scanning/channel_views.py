"""The channel inventory: list, detail, create and edit, (de)activate, link activities, scan."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lokaal_avg.audit.describe import describe
from lokaal_avg.audit.queries import history_of
from lokaal_avg.channels import policy, queries, services
from lokaal_avg.channels.forms import ChannelForm, LinkChannelForm, category_choices
from lokaal_avg.channels.models import Channel
from lokaal_avg.core import concurrency, idempotency
from lokaal_avg.core.messages import deferred_gettext
from lokaal_avg.core.tenancy import get_for_org_or_404, int_arg
from lokaal_avg.jobs.runner import enqueue
from lokaal_avg.register.choices import CHANNEL_TYPES
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.scanning import channel_queries
from lokaal_avg.scanning.channel_blueprint import bp, load_channel, require_activity_edit, require_edit, safe_next
from lokaal_avg.scanning.gaps import check_channel, latest_scan
from lokaal_avg.scanning.jobs import SCAN_CHANNELS, running_scan
from lokaal_avg.scanning.targets import scan_refusal


@bp.get("/")
@login_required
def index():
    args = request.args
    rows = channel_queries.channel_rows(
        g.org.id, args.get("soort") or None, int_arg("dienst"), bool(args.get("inactief"))
    )
    return render_template(
        "channels/index.html",
        rows=rows,
        args=args,
        kinds=CHANNEL_TYPES,
        can_create=policy.can_create(g.membership),
        can_scan_all=policy.can_scan_all(g.membership),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    if not policy.can_create(g.membership):
        abort(403)
    form = ChannelForm(g.org, g.membership)
    idempotency.prepare(form)

    def create() -> idempotency.Created:
        try:
            channel = services.create_channel(g.org, current_user, form.channel_data())
        except services.ChannelError as exc:
            flash(str(exc), "danger")
            return None
        return url_for(".detail", channel_id=channel.id), _("Kanaal %(name)s toegevoegd.", name=channel.name)

    if form.validate_on_submit() and (target := idempotency.submit_once(form, create)):
        return redirect(target)
    return render_template("channels/form.html", form=form, channel=None)


@bp.get("/<int:channel_id>")
@login_required
def detail(channel_id: int):
    channel = load_channel(channel_id)
    open_findings, resolved = channel_queries.channel_findings(channel)
    return render_template(
        "channels/detail.html",
        channel=channel,
        open_findings=open_findings,
        resolved_findings=resolved,
        scans=channel_queries.channel_scans(channel),
        can_edit=policy.can_edit(g.membership, channel),
        can_scan=policy.can_scan(g.membership, channel),
        categories=category_choices(g.org),
        category_names=queries.category_names(g.org.id),
        suggestions=[f for f in channel.fields if f.suggestion],
    )


@bp.route("/<int:channel_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(channel_id: int):
    channel = load_channel(channel_id)
    require_edit(channel)
    form = ChannelForm(g.org, g.membership, channel)
    concurrency.prepare(form, channel)
    conflict = None
    if form.validate_on_submit() and (conflict := concurrency.conflict_for(form, channel)) is None:
        try:
            services.update_channel(g.org, current_user, channel, form.channel_data())
        except services.ChannelError as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Bewaard."), "success")
            return redirect(url_for(".detail", channel_id=channel.id))
    page = render_template("channels/form.html", form=form, channel=channel, conflict=conflict)
    return page, 409 if conflict else 200


@bp.get("/<int:channel_id>/geschiedenis")
@login_required
def history(channel_id: int):
    channel = get_for_org_or_404(Channel, channel_id)
    return render_template("channels/history.html", channel=channel, events=describe(history_of(g.org, channel)))


@bp.post("/<int:channel_id>/deactiveren")
@login_required
def deactivate(channel_id: int):
    channel = load_channel(channel_id)
    require_edit(channel)
    services.set_active(g.org, current_user, channel, False)
    flash(_("Kanaal gedeactiveerd. Het blijft zichtbaar onder 'ook gedeactiveerde kanalen'."), "info")
    return redirect(url_for(".detail", channel_id=channel.id))


@bp.post("/<int:channel_id>/activeren")
@login_required
def activate(channel_id: int):
    channel = load_channel(channel_id)
    require_edit(channel)
    services.set_active(g.org, current_user, channel, True)
    flash(_("Kanaal opnieuw actief."), "success")
    return redirect(url_for(".detail", channel_id=channel.id))


@bp.post("/<int:channel_id>/controleren")
@login_required
def check(channel_id: int):
    """Compare the channel with the register again (without scanning)."""
    channel = load_channel(channel_id)
    require_edit(channel)
    result = check_channel(g.org, channel, note=deferred_gettext("Controle van het kanaal tegen het register."))
    flash(
        _(
            "Gecontroleerd: %(new)s nieuwe en %(resolved)s opgeloste bevindingen.",
            new=len(result.new) + len(result.reopened),
            resolved=len(result.resolved),
        ),
        "info",
    )
    return redirect(url_for(".detail", channel_id=channel.id))


@bp.post("/<int:channel_id>/scannen")
@login_required
def scan(channel_id: int):
    channel = load_channel(channel_id)
    if not policy.can_scan(g.membership, channel):
        abort(403)
    refusal = scan_refusal(channel)
    if refusal:
        flash(refusal, "warning")
        return redirect(url_for(".detail", channel_id=channel.id))
    busy = running_scan(g.org.id, channel.id)
    if busy is not None:
        flash(_("Dit kanaal wordt al gescand; hier volgt u die scan."), "info")
        return redirect(url_for("jobs.show", job_id=busy.id, terug=url_for(".detail", channel_id=channel.id)))
    job = enqueue(
        SCAN_CHANNELS,
        {
            "channel_ids": [channel.id],
            "title": deferred_gettext("Scan van %(name)s", name=channel.name),
            "result_url": url_for(".latest", channel_id=channel.id),
        },
        organisation_id=g.org.id,
        created_by_id=current_user.id,
    )
    return redirect(url_for("jobs.show", job_id=job.id, terug=url_for(".detail", channel_id=channel.id)))


@bp.post("/scannen")
@login_required
def scan_all():
    if not policy.can_scan_all(g.membership):
        abort(403)
    busy = running_scan(g.org.id)
    if busy is not None:
        flash(_("Er loopt al een scan van deze organisatie; hier volgt u die scan."), "info")
        return redirect(url_for("jobs.show", job_id=busy.id, terug=url_for(".index")))
    job = enqueue(
        SCAN_CHANNELS,
        {
            "channel_ids": None,
            "title": deferred_gettext("Scan van alle kanalen van %(org)s", org=g.org.name),
            "result_url": url_for(".index"),
        },
        organisation_id=g.org.id,
        created_by_id=current_user.id,
    )
    return redirect(url_for("jobs.show", job_id=job.id, terug=url_for(".index")))


@bp.get("/<int:channel_id>/laatste-scan")
@login_required
def latest(channel_id: int):
    channel = get_for_org_or_404(Channel, channel_id)
    scan = latest_scan(channel)
    if scan is None:
        flash(_("Dit kanaal is nog niet gescand."), "info")
        return redirect(url_for(".detail", channel_id=channel.id))
    return redirect(url_for("scanning.show", scan_id=scan.id))


@bp.post("/verwerking/<int:activity_id>/koppelen")
@login_required
def link(activity_id: int):
    """Link a channel to an activity, from the activity's page in the register."""
    activity = get_for_org_or_404(ProcessingActivity, activity_id)
    form = LinkChannelForm(prefix="kanaal")
    form.channel_id.choices = [(c.id, c.name) for c in queries.linkable_channels(g.org.id, [])]
    back = safe_next(url_for("register.detail", activity_id=activity.id))
    if not form.validate_on_submit():
        flash(_("Kies een kanaal om te koppelen."), "danger")
        return redirect(back)
    channel = load_channel(form.channel_id.data)
    require_edit(channel)
    require_activity_edit(activity)
    if services.link_activity(g.org, current_user, channel, activity):
        flash(_("Kanaal %(name)s gekoppeld.", name=channel.name), "success")
    return redirect(back)


@bp.post("/<int:channel_id>/ontkoppelen/<int:activity_id>")
@login_required
def unlink(channel_id: int, activity_id: int):
    channel = load_channel(channel_id)
    require_edit(channel)
    activity = get_for_org_or_404(ProcessingActivity, activity_id)
    require_activity_edit(activity)
    if services.unlink_activity(g.org, current_user, channel, activity):
        flash(_("Verwerking %(name)s ontkoppeld van %(channel)s.", name=activity.name, channel=channel.name), "info")
    return redirect(safe_next(url_for(".detail", channel_id=channel.id)))
