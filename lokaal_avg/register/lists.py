"""The managed lists of an organisation: data, subject and recipient categories."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from lokaal_avg.audit import services as audit
from lokaal_avg.core.extensions import db
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import (
    DataCategory,
    RecipientCategory,
    SubjectCategory,
    activity_data_category,
    activity_recipient_category,
    activity_subject_category,
)
from lokaal_avg.register.signals import data_category_changed, data_category_usage

LIST_KINDS: dict[str, tuple[type, Any]] = {
    "gegevens": (DataCategory, activity_data_category),
    "betrokkenen": (SubjectCategory, activity_subject_category),
    "ontvangers": (RecipientCategory, activity_recipient_category),
}


class ListError(ValueError):
    """A user-facing problem (message in Dutch)."""


def items_of(model: type, org) -> list:
    return list(db.session.scalars(select(model).where(model.organisation_id == org.id).order_by(model.name)))


def list_choices(model: type, org) -> list[tuple[int, str]]:
    return [(item.id, item.display_name) for item in items_of(model, org)]


def data_category_choices(org) -> list[tuple[int, str]]:
    """Data categories with their legal flags spelled out, so nobody misses them."""
    choices = []
    for item in items_of(DataCategory, org):
        flags = []
        if item.special:
            flags.append(_("bijzonder, art. 9"))
        if item.criminal:
            flags.append(_("strafrechtelijk, art. 10"))
        if item.national_number:
            flags.append(_("rijksregisternummer"))
        name = item.display_name
        choices.append((item.id, f"{name} ({', '.join(flags)})" if flags else name))
    return choices


def processor_choices(org) -> list[tuple[int, str]]:
    return [
        (p.id, p.name)
        for p in db.session.scalars(
            select(Processor).where(Processor.organisation_id == org.id).order_by(Processor.name)
        )
    ]


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:60] or "item"


def add_item(org, actor, model: type, data: Mapping[str, Any]):
    name = data["name"].strip()
    exists = db.session.scalars(
        select(model).where(model.organisation_id == org.id, func.lower(model.name) == name.lower())
    ).first()
    if exists:
        raise ListError(_("Er bestaat al een item met de naam %(name)s.", name=name))
    code = slugify(name)
    taken = set(db.session.scalars(select(model.code).where(model.organisation_id == org.id)))
    suffix = 2
    while code in taken:
        code, suffix = f"{slugify(name)}_{suffix}", suffix + 1
    item = model(organisation_id=org.id, code=code)
    changes = audit.populate(item, {k: v for k, v in data.items() if hasattr(item, k)})
    db.session.add(item)
    db.session.flush()
    audit.record(org, actor, "create", item, changes)
    return item


def update_item(org, actor, item, data: Mapping[str, Any]) -> None:
    changes = audit.populate(item, {k: v for k, v in data.items() if hasattr(item, k)})
    if changes:
        db.session.flush()
        audit.record(org, actor, "update", item, changes)
        if isinstance(item, DataCategory):
            data_category_changed.send(org.id, category_id=item.id)  # its flags decide which bases channels need


def delete_item(org, actor, item, link_table) -> None:
    """Refused while an activity uses the item: the register must not silently lose data."""
    column = next(c for c in link_table.c if c.name != "activity_id")
    in_use = db.session.scalar(select(func.count()).select_from(link_table).where(column == item.id))
    if in_use:
        raise ListError(
            ngettext(
                "%(name)s wordt nog gebruikt in %(num)s verwerking.",
                "%(name)s wordt nog gebruikt in %(num)s verwerkingen.",
                in_use,
                name=item.name,
            )
        )
    if isinstance(item, DataCategory):
        for _receiver, in_use_by in data_category_usage.send(org.id, category_id=item.id):
            if in_use_by:
                raise ListError(in_use_by)
    audit.record(org, actor, "delete", item, {"name": [item.name, None]})
    db.session.delete(item)
    db.session.flush()
