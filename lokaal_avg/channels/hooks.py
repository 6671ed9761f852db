"""Keep channel findings current when the register changes.

A channel's gap findings depend on the register: which categories its activities declare,
whether they record a legal basis for the national register number or special categories,
and the flags of the data categories. When any of that changes, the channels concerned are
checked again at once, so that a fixed problem is verified (and a new one appears) without
waiting for the next scan.
"""

from __future__ import annotations

from sqlalchemy import select

from lokaal_avg.channels.models import Channel, ChannelField, channel_activity
from lokaal_avg.core.messages import deferred_gettext
from lokaal_avg.extensions import db
from lokaal_avg.organisations.models import Organisation


def activity_changed(org: Organisation, activity_id: int) -> None:
    """Re-check the channels that feed this activity."""
    _recheck(org, select(channel_activity.c.channel_id).where(channel_activity.c.activity_id == activity_id))


def category_changed(org: Organisation, category_id: int) -> None:
    """Re-check the channels that collect a field of this data category."""
    _recheck(org, select(ChannelField.channel_id).where(ChannelField.data_category_id == category_id))


def _recheck(org: Organisation, channel_ids) -> None:
    from lokaal_avg.channels.gaps import check_channel

    channels = db.session.scalars(
        select(Channel).where(Channel.organisation_id == org.id, Channel.active.is_(True), Channel.id.in_(channel_ids))
    ).all()
    for channel in channels:
        check_channel(
            org, channel, note=deferred_gettext("Het register werd aangepast: het probleem komt niet meer voor.")
        )
