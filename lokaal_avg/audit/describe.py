"""The audit trail in words a reviewer understands: one place for every history page and the dossier.

An audit entry stores field names, codes, ids and ISO timestamps ({field: [old, new]}). Here they
become what the screens show: the label of the field as on its form, the label of a code, the name
of a person or an object instead of its id, local dates and times with their time zone, and long
texts in full with the words that changed marked. Features register their forms, value labels and
references once (see `*/history_labels.py`), so this package needs no import from above.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms.fields.core import UnboundField

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.extensions import db

# A text longer than this, or with a line break, is shown as a diff of words rather than old / new.
LONG_TEXT = 80
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:\d{2}|Z)?)?$")

ACTION_LABELS: dict[str, Any] = {
    "create": _l("aangemaakt"),
    "update": _l("gewijzigd"),
    "status": _l("status gewijzigd"),
    "review": _l("nagekeken"),
    "delete": _l("verwijderd"),
    "adopt": _l("overgenomen uit de catalogus"),
    "end": _l("beëindigd"),
    "download": _l("gedownload"),
    "comment": _l("opmerking toegevoegd"),
    "confirm_fields": _l("velden bevestigd"),
    "field_create": _l("veld toegevoegd"),
    "field_update": _l("veld gewijzigd"),
    "field_delete": _l("veld verwijderd"),
    "deactivate": _l("gedeactiveerd"),
    "activate": _l("opnieuw actief"),
    "label": _l("benaming gewijzigd"),
    "locked": _l("vergrendeld"),
    "password_change": _l("wachtwoord gewijzigd"),
    "scan": _l("gescand"),
    "verify": _l("geverifieerd"),
    "reopen": _l("heropend"),
}

TARGET_LABELS: dict[str, Any] = {
    "ProcessingActivity": _l("Verwerking"),
    "Processor": _l("Verwerker"),
    "Organisation": _l("Organisatie"),
    "Department": _l("Dienst"),
    "DataCategory": _l("Lijst persoonsgegevens"),
    "SubjectCategory": _l("Lijst betrokkenen"),
    "RecipientCategory": _l("Lijst ontvangers"),
    "Channel": _l("Kanaal"),
    "ChannelField": _l("Veld van een kanaal"),
    "Scan": _l("Scan"),
    "Finding": _l("Bevinding"),
    "Action": _l("Actie"),
    "ActionComment": _l("Opmerking bij een actie"),
    "Dossier": _l("Dossier"),
    "Membership": _l("Lidmaatschap"),
    "User": _l("Gebruiker"),
    "Job": _l("Taak"),
}

# Fields every object may have; a feature's own labels take precedence.
COMMON_FIELDS: dict[str, Any] = {
    "name": _l("Naam"),
    "status": _l("Status"),
    "reason": _l("Toelichting"),
    "note": _l("Opmerking"),
    "description": _l("Omschrijving"),
    "created_by_id": _l("Aangemaakt door"),
    "version": _l("Versie"),
    "scope": _l("Bereik"),
    "sha256": _l("SHA-256-vingerafdruk"),
}

_FIELDS: dict[str, dict[str, Any]] = {}
_VALUES: dict[tuple[str | None, str], Mapping[str, Any]] = {}
_REFERENCES: dict[str, type] = {}
_FORMATTERS: dict[str, Any] = {}


def form_labels(form_class: type) -> dict[str, Any]:
    """{field name: label} of a WTForms form class, read without instantiating it."""
    labels = {}
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if isinstance(unbound, UnboundField):
            label = unbound.kwargs.get("label", unbound.args[0] if unbound.args else None)
            if label:
                labels[name] = label
    return labels


def register_fields(target_type: str, labels: Mapping[str, Any]) -> None:
    _FIELDS.setdefault(target_type, {}).update(labels)


def register_form(target_type: str, *form_classes: type) -> None:
    for form_class in form_classes:
        register_fields(target_type, form_labels(form_class))


def register_values(field_name: str, labels: Mapping[str, Any], target_type: str | None = None) -> None:
    """Labels of the codes stored in field_name (for one target type, or for every type)."""
    _VALUES[(target_type, field_name)] = labels


def register_reference(field_name: str, model: type) -> None:
    """field_name holds the id of a model instance: show str(instance) (a user's name) instead."""
    _REFERENCES[field_name] = model


def register_formatter(field_name: str, formatter: Any) -> None:
    """A function value -> text for values no label table covers (e.g. country codes)."""
    _FORMATTERS[field_name] = formatter


def field_label(target_type: str, name: str) -> str:
    label = _FIELDS.get(target_type, {}).get(name) or COMMON_FIELDS.get(name)
    if label is None:
        # Fields registered for another type (e.g. a processor's on an activity's diff) before the raw name.
        label = next((labels[name] for labels in _FIELDS.values() if name in labels), None)
    return str(label).rstrip(" ?:") if label is not None else name


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def target_label(target_type: str) -> str:
    return str(TARGET_LABELS.get(target_type, target_type))


def moment_text(value: datetime | None) -> str:
    """A moment in the organisation's time zone, with the zone: 29 nov 2026 20:05 CET."""
    if value is None:
        return "—"
    return format_datetime(value, "d MMM yyyy HH:mm z")


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    diff: tuple[Segment, ...] = ()  # for long texts: the words that changed, in context

    @property
    def is_long(self) -> bool:
        return bool(self.diff)


@dataclass
class Event:
    entry: AuditEntry
    at: datetime
    when: str
    actor: str
    action: str
    target_type: str
    target_label: str
    created: bool
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One sentence: Verwerking "X" gewijzigd: Doeleinden, Bewaartermijn."""
        text = f"{self.target_type} «{self.target_label}» {self.action}"
        return f"{text}: {', '.join(f.label for f in self.fields)}" if self.fields else text


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The words of old and new, marked as kept, removed or added (difflib, by word and whitespace)."""
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", "".join(b[j1:j2])))
    return tuple(s for s in segments if s.text)


class _Resolver:
    """Names for the ids in a batch of entries, one query per referenced model."""

    def __init__(self, entries: list[AuditEntry]) -> None:
        wanted: dict[type, set[int]] = {}
        for entry in entries:
            for name, pair in (entry.changes or {}).items():
                model = _REFERENCES.get(name)
                if model is None:
                    continue
                for value in _pair(pair):
                    if isinstance(value, int) and not isinstance(value, bool):
                        wanted.setdefault(model, set()).add(value)
        self.names: dict[tuple[type, int], str] = {}
        for model, ids in wanted.items():
            for obj in db.session.scalars(select(model).where(model.id.in_(ids))):
                self.names[(model, obj.id)] = str(getattr(obj, "name", None) or obj)

    def name(self, field_name: str, value: int) -> str:
        model = _REFERENCES[field_name]
        return self.names.get((model, value)) or str(_l("verwijderd (nr. %(id)s)", id=value))


def _pair(value: Any) -> tuple[Any, Any]:
    if isinstance(value, list | tuple) and len(value) == 2:
        return value[0], value[1]
    return None, value


def value_text(target_type: str, name: str, value: Any, resolver: _Resolver | None = None) -> str:
    """A stored diff value for people: labels for codes, names for ids, local dates, lists joined."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_l("ja") if value else _l("nee"))
    if name in _FORMATTERS:
        return _FORMATTERS[name](value)
    if isinstance(value, list):
        return ", ".join(value_text(target_type, name, v, resolver) for v in value)
    if name in _REFERENCES and isinstance(value, int) and resolver is not None:
        return resolver.name(name, value)
    labels = _VALUES.get((target_type, name)) or _VALUES.get((None, name))
    if labels is not None and str(value) in labels:
        return str(labels[str(value)])
    if isinstance(value, str) and _ISO.match(value):
        return _date_text(value)
    return str(value)


def _date_text(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if "T" in value:
        return moment_text(moment) if moment.tzinfo else format_datetime(moment, "d MMM yyyy HH:mm")
    return format_date(date.fromisoformat(value[:10]), "d MMM yyyy")


def _changes(entry: AuditEntry, resolver: _Resolver, created: bool) -> list[FieldChange]:
    out = []
    for name, pair in (entry.changes or {}).items():
        old, new = _pair(pair)
        old_text = "—" if created else value_text(entry.target_type, name, old, resolver)
        new_text = value_text(entry.target_type, name, new, resolver)
        diff: tuple[Segment, ...] = ()
        if isinstance(old, str) and isinstance(new, str) and not created and _long(old, new):
            diff = word_diff(old, new)
        out.append(FieldChange(name, field_label(entry.target_type, name), old_text, new_text, diff))
    return out


def _long(old: str, new: str) -> bool:
    return max(len(old), len(new)) > LONG_TEXT or "\n" in old or "\n" in new


def describe(entries: Iterable[AuditEntry]) -> list[Event]:
    """The entries as events people read (actors must be loaded, or they are loaded one by one)."""
    entries = list(entries)
    resolver = _Resolver(entries)
    events = []
    for entry in entries:
        created = entry.action == "create"
        events.append(
            Event(
                entry=entry,
                at=entry.created_at,
                when=moment_text(entry.created_at),
                actor=entry.actor.name if entry.actor else str(_l("systeem (automatische controle)")),
                action=action_label(entry.action),
                target_type=target_label(entry.target_type),
                target_label=entry.target_label,
                created=created,
                fields=_changes(entry, resolver, created),
            )
        )
    return events
