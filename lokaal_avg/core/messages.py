"""Stored texts that follow the reader: a message id and its parameters, rendered when shown.

What the application writes for people to read later (a finding, a job's progress, a job title) is
stored as {"m": "<Dutch msgid>", "p": {parameters}} instead of a finished sentence, and rendered in
the reader's language when a page, an e-mail or a dossier shows it. Parameters may be messages
themselves (a finding title "%(activity)s: %(short)s" with a translated short part), or plural
messages {"m": singular, "pl": plural, "n": count, "p": {...}}. Text people type never goes
through here: it stays as typed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext, ngettext
from flask_babel.speaklater import LazyString


@dataclass(frozen=True)
class Message:
    """A translatable sentence with its parameters; str() renders it in the active locale."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None

    def __str__(self) -> str:
        return render(self.to_json())

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"m": self.msgid, "p": {k: to_json(v) for k, v in self.params.items()}}
        if self.plural is not None:
            data["pl"] = self.plural
            data["n"] = self.count
        return data


def deferred_gettext(msgid: str, **params: Any) -> Message:
    """Like gettext, for text that is stored: `import deferred_gettext as _`; Babel still extracts it."""
    return Message(msgid, params)


def deferred_ngettext(singular: str, plural: str, count: int, **params: Any) -> Message:
    return Message(singular, params, plural, count)


def from_lazy(value: LazyString) -> Message:
    """A lazy_gettext string (as the register rules return them) as a storable message."""
    # LazyString keeps the call it will make: lazy_gettext(msgid, **params).
    args, kwargs = value._args, value._kwargs
    return Message(args[0], dict(kwargs)) if args else Message(str(value))


def to_json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, LazyString):
        return from_lazy(value).to_json()
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # an object named in a message (an activity, a date): stored as the text it shows


def is_stored_message(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("m"), str)


def render(value: Any) -> str:
    """A stored message (or plain text, or None) as text in the active locale."""
    if value is None:
        return ""
    if not is_stored_message(value):
        if isinstance(value, list):
            return ", ".join(render(v) for v in value)
        return value if isinstance(value, str) else str(value)
    params = {k: _render_param(v) for k, v in (value.get("p") or {}).items()}
    if "pl" in value:
        return ngettext(value["m"], value["pl"], value.get("n") or 0, **params)
    return gettext(value["m"], **params) if params else gettext(value["m"])


def _render_param(value: Any) -> Any:
    """A parameter for the active locale; a plain value that is itself a catalogue text (a seeded list name)
    is translated too, anything else (names people typed, numbers) stays as it is."""
    if is_stored_message(value):
        return render(value)
    if isinstance(value, list):
        return ", ".join(str(_render_param(v)) for v in value)
    if isinstance(value, str) and value:
        return gettext(value)
    return value


def dumps(value: Message | str | None) -> str | None:
    """For a text column: a message as JSON, plain text as it is."""
    if isinstance(value, Message):
        return json.dumps(value.to_json(), ensure_ascii=False)
    return value


def loads(text: str | None) -> Any:
    """The inverse of dumps: JSON of a stored message back to a dict, any other text unchanged."""
    if text and text.startswith('{"m": '):
        try:
            value = json.loads(text)
        except ValueError:
            return text
        if is_stored_message(value):
            return value
    return text


def render_text(text: str | None) -> str:
    """A text column written with dumps(), in the active locale."""
    return render(loads(text))
