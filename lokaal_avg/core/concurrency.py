"""Concurrent edits: forms carry the version they were loaded with; an older one is a conflict.

The page that answers a conflict keeps everything this person typed in the form, shows next to
it what is stored now (the other person's save), and carries the new version: saving it again
is the merge. SQLAlchemy's version counter (core.db.VersionedMixin) catches the rare race that
slips between this check and the UPDATE.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField

# Form fields that steer the request and are never values of the record.
CONTROL_FIELDS = frozenset({"csrf_token", "loaded_version", "loaded_values", "form_token", "submit", "next"})


class VersionedFormMixin:
    """Mix into an edit form (before FlaskForm): the version it was loaded with, and a short
    fingerprint of each value it showed, so a later conflict can tell whose change is whose."""

    # No id: these are no fields a person fills in, so they need no label either.
    loaded_version = HiddenField(render_kw={"id": False})
    loaded_values = HiddenField(render_kw={"id": False})


@dataclass(frozen=True)
class Difference:
    label: str
    stored: str
    typed: str


@dataclass(frozen=True)
class EditConflict:
    differences: list[Difference]  # both changed the field: this person chooses
    taken_over: list[str]  # only the other person changed it: their value is now in the form
    version: int


def prepare(form: Any, obj: Any) -> None:
    """On a first display, the form remembers the version and the values it shows."""
    if not form.is_submitted():
        _remember(form, obj)


def conflict_for(form: Any, obj: Any) -> EditConflict | None:
    """None when the form was loaded from the stored version (or carries none, as older clients).

    Otherwise a three-way merge into the form: fields only the other person changed take their
    value, fields only this person changed keep what was typed, and fields both changed keep
    what was typed with the stored value shown next to it. Saving the form again is the merge.
    """
    loaded = _as_int(form.loaded_version.data)
    if loaded is None or loaded == obj.version:
        return None
    base = _loaded_fingerprints(form)
    differences: list[Difference] = []
    taken_over: list[str] = []
    for name, field in _value_fields(form, obj):
        stored, typed = _display(field, getattr(obj, name)), _display(field, field.data)
        if stored == typed:
            continue
        if base.get(name) == _fingerprint(typed):  # untouched here: take the other person's value
            field.data = _form_value(field, getattr(obj, name))
            taken_over.append(str(field.label.text))
        elif base.get(name) != _fingerprint(stored):  # both changed it (or unknown base): they choose
            differences.append(Difference(str(field.label.text), stored, typed))
    _remember(form, obj)
    return EditConflict(differences, taken_over, obj.version)


def _remember(form: Any, obj: Any) -> None:
    form.loaded_version.data = obj.version
    stored = {name: _fingerprint(_display(field, getattr(obj, name))) for name, field in _value_fields(form, obj)}
    form.loaded_values.data = json.dumps(stored, separators=(",", ":"))


def _value_fields(form: Any, obj: Any) -> list[tuple[str, Any]]:
    return [
        (n, f) for n, f in form._fields.items() if n not in CONTROL_FIELDS and n != "loaded_values" and hasattr(obj, n)
    ]


def _loaded_fingerprints(form: Any) -> dict[str, str]:
    try:
        value = json.loads(form.loaded_values.data or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _fingerprint(shown: str) -> str:
    return hashlib.sha256(shown.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _form_value(field: Any, value: Any) -> Any:
    """A stored value as the field holds it: related objects by id, an empty select as 0."""
    if isinstance(value, list | tuple | set):
        return [getattr(v, "id", v) for v in value]
    if value is None and any(key == 0 for key, _label in _choices(field)):
        return 0
    return value


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _display(field: Any, value: Any) -> str:
    """A readable form of a stored or typed value, with choice labels where the field has choices."""
    values = value if isinstance(value, list | tuple | set) else [value]
    ids = [getattr(v, "id", v) for v in values]
    labels = dict(_choices(field))
    shown = [str(labels.get(v, labels.get(str(v), v))) for v in ids if v not in (None, "", 0)]
    if isinstance(value, bool):
        shown = [str(_l("ja") if value else _l("nee"))]
    return ", ".join(sorted(shown) if isinstance(value, list | tuple | set) else shown)


def _choices(field: Any) -> list[tuple[Any, Any]]:
    choices = getattr(field, "choices", None) or []
    if isinstance(choices, dict):  # grouped choices
        return [c for group in choices.values() for c in group]
    return [(c[0], c[1]) for c in choices if isinstance(c, list | tuple) and len(c) >= 2]
