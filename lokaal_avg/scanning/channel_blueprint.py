"""The channel pages' blueprint and what all its views share: loading a channel, edit rights, safe returns.

The channel pages live in the scanning application package because a channel's page shows
its scans and findings; the channel inventory itself (models, services) is lokaal_avg.channels.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, request

from lokaal_avg.accounts.views import safe_next as same_site
from lokaal_avg.channels import labels, policy, queries
from lokaal_avg.channels.forms import LinkChannelForm
from lokaal_avg.channels.models import Channel, ChannelField
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import register_scoped_arg
from lokaal_avg.register import policy as register_policy
from lokaal_avg.register.models import ProcessingActivity

bp = Blueprint("channels", __name__, url_prefix="/o/<org_slug>/kanalen")


def _channels_for_activity(activity: ProcessingActivity) -> dict:
    """The channels of an activity and a form to link one more, for the register's page."""
    linked = queries.channels_of_activity(activity)
    membership = g.get("membership")
    form = LinkChannelForm(prefix="kanaal")
    form.channel_id.choices = [
        (c.id, c.name)
        for c in queries.linkable_channels(activity.organisation_id, linked)
        if membership is not None and policy.can_edit(membership, c)
    ]
    editable = {c.id for c in linked if membership is not None and policy.can_edit(membership, c)}
    return {"linked": linked, "form": form, "editable": editable}


# Globals (not context processors) so that imported macros see them too.
bp.add_app_template_global(labels, "channel_labels")
bp.add_app_template_global(_channels_for_activity, "channels_for_activity")


def load_channel(channel_id: int) -> Channel:
    channel = queries.load_channel(channel_id, g.org.id)
    if channel is None:
        abort(404)
    return channel


def require_edit(channel: Channel) -> None:
    if not policy.can_edit(g.membership, channel):
        abort(403)


def safe_next(default: str) -> str:
    return same_site(request.form.get("next") or request.args.get("next")) or default


def require_activity_edit(activity: ProcessingActivity) -> None:
    """A medewerker (un)links only activities of their own departments."""
    if g.membership.role == Role.STAFF and not register_policy.can_edit(g.membership, activity):
        abort(403)


register_scoped_arg("channel_id", Channel)
register_scoped_arg("field_id", ChannelField)
