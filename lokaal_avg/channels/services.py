"""Changing channels: create, edit, (de)activate, link activities, and their field tables.

Every change is audited and ends with a channel_changed signal (the gap check listens), so the channel's
findings always match what is recorded. Services flush; the caller commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from lokaal_avg.accounts.models import User
from lokaal_avg.audit import services as audit
from lokaal_avg.channels.models import (
    AUTHENTICATION_METHODS,
    DEFAULT_SCAN_FREQUENCY,
    SCAN_FREQUENCIES,
    Channel,
    ChannelField,
)
from lokaal_avg.channels.signals import channel_changed
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.choices import CHANNEL_TYPES
from lokaal_avg.register.models import DataCategory, ProcessingActivity

SIMPLE_FIELDS = ("name", "kind", "url", "authentication", "scan_frequency", "description")


class ChannelError(ValueError):
    """A user-facing problem (message in Dutch)."""


def _owned(org: Organisation, model: type, ids: list[int]) -> list[Any]:
    """Objects of this organisation only; a foreign id is refused, never linked."""
    if not ids:
        return []
    found = list(db.session.scalars(select(model).where(model.id.in_(ids), model.organisation_id == org.id)))
    if len(found) != len(set(ids)):
        raise ChannelError(_("Een gekozen waarde hoort niet bij deze organisatie."))
    return found


def _one(org: Organisation, model: type, object_id: int | None) -> Any:
    return _owned(org, model, [object_id])[0] if object_id else None


def _values(org: Organisation, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in SIMPLE_FIELDS if k in data}
    if values.get("kind") not in (None, *CHANNEL_TYPES):
        raise ChannelError(_("Onbekende soort kanaal."))
    if values.get("authentication") not in (None, *AUTHENTICATION_METHODS):
        raise ChannelError(_("Onbekende manier van aanmelden."))
    if values.get("scan_frequency") not in (None, *SCAN_FREQUENCIES):
        raise ChannelError(_("Onbekende scanfrequentie."))
    if "vendor_id" in data:
        values["vendor"] = _one(org, Processor, data["vendor_id"])
    if "department_id" in data:
        values["department"] = _one(org, Department, data["department_id"])
    if "activities" in data:
        values["activities"] = _owned(org, ProcessingActivity, list(data["activities"] or []))
    return values


def create_channel(org: Organisation, actor: User | None, data: Mapping[str, Any]) -> Channel:
    """A new, active channel; its gaps are checked at once."""
    channel = Channel(
        organisation_id=org.id, active=True, authentication="geen", scan_frequency=DEFAULT_SCAN_FREQUENCY, activities=[]
    )
    changes = audit.populate(channel, _values(org, data))
    db.session.add(channel)
    db.session.flush()
    audit.record(org, actor, "create", channel, changes)
    _changed(org, channel)
    return channel


def update_channel(org: Organisation, actor: User | None, channel: Channel, data: Mapping[str, Any]) -> dict:
    changes = audit.populate(channel, _values(org, data))
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", channel, changes)
        note = _("Kanaal gewijzigd: %(fields)s.", fields=", ".join(sorted(changes)))
        _changed(org, channel, note)
    return changes


def set_active(org: Organisation, actor: User | None, channel: Channel, active: bool) -> None:
    """A deactivated channel collects nothing any more: its open findings are closed (and reopen with it)."""
    if channel.active == active:
        return
    changes = audit.populate(channel, {"active": active})
    db.session.flush()
    audit.record(org, actor, "activate" if active else "deactivate", channel, changes)
    _changed(org, channel)


def link_activity(org: Organisation, actor: User | None, channel: Channel, activity: ProcessingActivity) -> bool:
    """Returns False when the activity was already linked."""
    if activity.organisation_id != org.id:
        raise ChannelError(_("Een gekozen waarde hoort niet bij deze organisatie."))
    if activity in channel.activities:
        return False
    update_channel(org, actor, channel, {"activities": [a.id for a in channel.activities] + [activity.id]})
    return True


def unlink_activity(org: Organisation, actor: User | None, channel: Channel, activity: ProcessingActivity) -> bool:
    if activity not in channel.activities:
        return False
    remaining = [a.id for a in channel.activities if a.id != activity.id]
    update_channel(org, actor, channel, {"activities": remaining})
    return True


def _category(org: Organisation, category_id: int | None) -> DataCategory | None:
    return _one(org, DataCategory, category_id)


def add_field(
    org: Organisation, actor: User | None, channel: Channel, label: str, category_id: int | None
) -> ChannelField:
    """A field entered by hand: confirmed by definition."""
    position = max((f.position for f in channel.fields), default=0) + 1
    field = ChannelField(
        organisation_id=org.id,
        field_key=f"manueel:{uuid.uuid4().hex[:12]}",
        label=label,
        position=position,
        data_category=_category(org, category_id),
        source="manueel",
        confirmed=True,
        still_present=True,
    )
    channel.fields.append(field)
    db.session.flush()
    audit.record(org, actor, "field_create", channel, audit.snapshot(field, ("label", "data_category")))
    _changed(org, channel)
    return field


def update_field(
    org: Organisation, actor: User | None, field: ChannelField, label: str, category_id: int | None
) -> dict:
    """Editing a detected field by hand confirms it."""
    old_label = field.label
    changes = audit.populate(field, {"label": label, "data_category": _category(org, category_id), "confirmed": True})
    if changes:
        db.session.flush()
        audit.record(org, actor, "field_update", field.channel, {"field": [old_label, field.label], **changes})
        _changed(org, field.channel)
    return changes


def delete_field(org: Organisation, actor: User | None, field: ChannelField) -> None:
    channel = field.channel
    removed = {name: [new, old] for name, (old, new) in audit.snapshot(field, ("label", "data_category")).items()}
    audit.record(org, actor, "field_delete", channel, removed)
    channel.fields.remove(field)
    db.session.flush()
    _changed(org, channel)


def confirm_fields(org: Organisation, actor: User | None, channel: Channel, choices: Mapping[int, int | None]) -> int:
    """Confirm suggestions, each with the category chosen (None: not personal data). Returns how many."""
    by_id = {f.id: f for f in channel.fields if f.suggestion}
    unknown = set(choices) - set(by_id)
    if unknown:
        raise ChannelError(_("Een van de velden is geen openstaande suggestie van dit kanaal meer."))
    categories = {c.id: c for c in _owned(org, DataCategory, [c for c in choices.values() if c])}
    changes: dict[str, list[Any]] = {}
    for field_id, category_id in choices.items():
        field = by_id[field_id]
        chosen = categories.get(category_id) if category_id else None
        # Keyed by the stable field key: two fields may share a label.
        changes[f"{field.label} ({field.field_key})"] = [field.detected_category, chosen.name if chosen else None]
        field.data_category = chosen
        field.confirmed = True
    if not changes:
        return 0
    db.session.flush()
    audit.record(org, actor, "confirm_fields", channel, changes)
    _changed(org, channel)
    return len(changes)


def _changed(org: Organisation, channel: Channel, note: str = "") -> None:
    """Tell the features built on the inventory (the gap check) that this channel changed."""
    channel_changed.send(org.id, channel_id=channel.id, note=note)
