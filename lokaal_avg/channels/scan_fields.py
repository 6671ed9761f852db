"""Taking the fields a scan found over into a channel's field table, as suggestions.

A field is identified across scans by "<form index>:<name or id>". New fields arrive as
suggestions (source "scan", not confirmed) with the detected category; the user confirms or
corrects them. A confirmed mapping is never overwritten by a later scan. Scanned fields that a
complete scan no longer finds are marked as no longer present; manual fields are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from lokaal_avg.channels.models import Channel, ChannelField
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import DataCategory

KEY_LENGTH = 300
LABEL_LENGTH = 300


@dataclass
class ScannedField:
    key: str
    label: str
    category: str | None
    method: str


@dataclass
class FieldChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {"fields_added": self.added, "fields_removed": self.removed, "fields_returned": self.returned}


def scanned_fields(result: dict[str, Any]) -> list[ScannedField]:
    """The fields of every analysed form, without technical ones (CSRF, honeypot, captcha, …)."""
    found: list[ScannedField] = []
    seen: set[str] = set()
    for form in result.get("forms", []):
        for position, item in enumerate(form.get("fields", [])):
            if item.get("method") == "ignored":
                continue
            ident = item.get("name") or item.get("id") or f"#{position}"
            key = _unique(f"{form.get('index', 0)}:{ident}"[:KEY_LENGTH], seen)
            label = (
                item.get("label")
                or item.get("aria_label")
                or item.get("placeholder")
                or item.get("name")
                or item.get("id")
                or _("(veld zonder naam)")
            )
            found.append(ScannedField(key, label.strip()[:LABEL_LENGTH], item.get("category"), item.get("method", "")))
    return found


def _unique(key: str, seen: set[str]) -> str:
    candidate, n = key, 2
    while candidate in seen:
        suffix = f"~{n}"
        candidate, n = key[: KEY_LENGTH - len(suffix)] + suffix, n + 1
    seen.add(candidate)
    return candidate


def sync_scan_fields(org: Organisation, channel: Channel, result: dict[str, Any]) -> FieldChanges:
    """Update the channel's fields from a complete scan; returns what appeared and disappeared."""
    categories = {
        c.code: c for c in db.session.scalars(select(DataCategory).where(DataCategory.organisation_id == org.id))
    }
    existing = {f.field_key: f for f in channel.fields if f.source == "scan"}
    changes = FieldChanges()
    next_position = max((f.position for f in channel.fields), default=0) + 1
    seen: set[str] = set()
    for offset, scanned in enumerate(scanned_fields(result)):
        seen.add(scanned.key)
        category = categories.get(scanned.category) if scanned.category else None
        current = existing.get(scanned.key)
        if current is None:
            channel.fields.append(_suggestion(org, scanned, category, next_position + offset))
            changes.added.append(scanned.label)
        else:
            _refresh(current, scanned, category, changes)
    for key, current in existing.items():
        if key not in seen and current.still_present:
            current.still_present = False
            changes.removed.append(current.label)
    db.session.flush()
    return changes


def _suggestion(org: Organisation, scanned: ScannedField, category: DataCategory | None, position: int):
    return ChannelField(
        organisation_id=org.id,
        field_key=scanned.key,
        label=scanned.label,
        position=position,
        data_category=category,
        source="scan",
        detected_category=scanned.category,
        detection_method=scanned.method,
        confirmed=False,
        still_present=True,
    )


def _refresh(current: ChannelField, scanned: ScannedField, category: DataCategory | None, changes: FieldChanges):
    if not current.still_present:
        current.still_present = True
        changes.returned.append(current.label)
    current.detected_category, current.detection_method = scanned.category, scanned.method
    if not current.confirmed:  # a suggestion follows the scanner; a confirmed choice is the user's
        current.label, current.data_category = scanned.label, category
