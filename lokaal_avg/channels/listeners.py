"""The inventory answers the register's and the organisation's "is this still in use?" questions."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from lokaal_avg.channels.models import Channel, ChannelField
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.signals import department_usage
from lokaal_avg.register.models import DataCategory
from lokaal_avg.register.signals import data_category_usage


def connect() -> None:
    data_category_usage.connect(fields_of_category)
    department_usage.connect(channels_of_department)


def fields_of_category(org_id: int, category_id: int) -> str | None:
    """A category mapped to channel fields must stay: the channels would lose what they collect."""
    fields = db.session.scalar(
        select(func.count())
        .select_from(ChannelField)
        .join(Channel, Channel.id == ChannelField.channel_id)
        .where(ChannelField.data_category_id == category_id, Channel.organisation_id == org_id)
    )
    if not fields:
        return None
    name = db.session.get(DataCategory, category_id).display_name
    return ngettext(
        "%(name)s is nog gekoppeld aan %(num)s veld van een kanaal.",
        "%(name)s is nog gekoppeld aan %(num)s velden van kanalen.",
        fields,
        name=name,
    )


def channels_of_department(org_id: int, department_id: int) -> tuple[str, int]:
    count = db.session.scalar(
        select(func.count())
        .select_from(Channel)
        .where(Channel.organisation_id == org_id, Channel.department_id == department_id)
    )
    return _("kanalen"), count or 0
