"""The gap check listens to the inventory and the register: a change there can open or close findings."""

from __future__ import annotations

from sqlalchemy import Select, select

from lokaal_avg.channels.models import Channel, ChannelField, channel_activity
from lokaal_avg.channels.signals import channel_changed
from lokaal_avg.core.extensions import db
from lokaal_avg.core.messages import Message, deferred_gettext
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.signals import activity_changed, data_category_changed
from lokaal_avg.scanning.gaps import check_channel


def connect() -> None:
    channel_changed.connect(on_channel_changed)
    activity_changed.connect(on_activity_changed)
    data_category_changed.connect(on_data_category_changed)


def on_channel_changed(org_id: int, channel_id: int, note: Message | str = "") -> None:
    channel = db.session.get(Channel, channel_id)
    if channel is not None and channel.organisation_id == org_id:
        check_channel(db.session.get(Organisation, org_id), channel, note=note)


def on_activity_changed(org_id: int, activity_id: int) -> None:
    """Re-check the channels that feed this activity: their findings rest on what it declares."""
    _recheck(org_id, select(channel_activity.c.channel_id).where(channel_activity.c.activity_id == activity_id))


def on_data_category_changed(org_id: int, category_id: int) -> None:
    """Re-check the channels that collect a field of this category: its flags decide which bases they need."""
    _recheck(org_id, select(ChannelField.channel_id).where(ChannelField.data_category_id == category_id))


def _recheck(org_id: int, channel_ids: Select) -> None:
    org = db.session.get(Organisation, org_id)
    channels = db.session.scalars(
        select(Channel).where(Channel.organisation_id == org_id, Channel.active.is_(True), Channel.id.in_(channel_ids))
    ).all()
    for channel in channels:
        check_channel(
            org, channel, note=deferred_gettext("Het register werd aangepast: het probleem komt niet meer voor.")
        )
