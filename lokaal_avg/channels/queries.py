"""Read-side queries of the channel inventory, in a fixed number of statements."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from lokaal_avg.channels.models import Channel, ChannelField, channel_activity
from lokaal_avg.core.extensions import db
from lokaal_avg.register.models import DataCategory, ProcessingActivity
from lokaal_avg.register.queries import in_register


def activity_counts(org_id: int):
    return db.session.execute(
        select(channel_activity.c.channel_id, func.count())
        .join(ProcessingActivity, ProcessingActivity.id == channel_activity.c.activity_id)
        .where(ProcessingActivity.organisation_id == org_id, in_register())
        .group_by(channel_activity.c.channel_id)
    ).all()


def load_channel(channel_id: int, org_id: int) -> Channel | None:
    """A channel with everything its page reads."""
    return db.session.scalars(
        select(Channel)
        .where(Channel.id == channel_id, Channel.organisation_id == org_id)
        .options(
            joinedload(Channel.vendor),
            joinedload(Channel.department),
            selectinload(Channel.activities).selectinload(ProcessingActivity.data_categories),
            selectinload(Channel.fields).selectinload(ChannelField.data_category),
        )
        .execution_options(populate_existing=True)
    ).first()


def channels_of_activity(activity: ProcessingActivity) -> list[Channel]:
    return list(
        db.session.scalars(
            select(Channel)
            .join(channel_activity, channel_activity.c.channel_id == Channel.id)
            .where(channel_activity.c.activity_id == activity.id, Channel.organisation_id == activity.organisation_id)
            .order_by(Channel.name)
        )
    )


def linkable_channels(org_id: int, exclude: list[Channel]) -> list[Channel]:
    """Active channels of the organisation that are not in exclude."""
    skip = {c.id for c in exclude}
    channels = db.session.scalars(
        select(Channel).where(Channel.organisation_id == org_id, Channel.active.is_(True)).order_by(Channel.name)
    )
    return [c for c in channels if c.id not in skip]


def category_names(org_id: int) -> dict[str, str]:
    """Data category code → the organisation's own name for it."""
    rows = db.session.execute(
        select(DataCategory.code, DataCategory.name).where(DataCategory.organisation_id == org_id)
    )
    return {row.code: row.name for row in rows}
