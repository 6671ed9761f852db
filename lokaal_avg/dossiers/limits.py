"""What one dossier may hold: past these limits the PDF takes minutes and gigabytes to make.

The answer says what to split: an organisation-wide dossier into one per department, a
department's into shorter texts (the longest entries are named).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import inspect

from lokaal_avg.dossiers.collect import DossierData
from lokaal_avg.dossiers.scope import ORGANISATION

MAX_ACTIVITIES = 400
# About 600 pages of running text; every single field is capped at 10,000 characters already.
MAX_TEXT_CHARACTERS = 1_500_000
CONTENT_FIELDS = ("activities", "ended", "channels", "processors", "findings", "open_actions", "closed_actions")


class DossierTooLarge(ValueError):
    """The message (in Dutch) says what is too much and how to split it."""


def check_contents(data: DossierData) -> None:
    count = len(data.activities) + len(data.ended)
    if count > MAX_ACTIVITIES:
        raise DossierTooLarge(
            _(
                "Dit dossier zou %(count)d verwerkingen bevatten; één dossier kan er hoogstens %(max)d aan. %(advice)s",
                count=count,
                max=MAX_ACTIVITIES,
                advice=_advice(data),
            )
        )
    size = sum(text_size(getattr(data, name)) for name in CONTENT_FIELDS)
    if size > MAX_TEXT_CHARACTERS:
        raise DossierTooLarge(
            _(
                "Dit dossier zou %(size)s tekens tekst bevatten; één dossier kan er hoogstens %(max)s aan. %(advice)s",
                size=format_decimal(size),
                max=format_decimal(MAX_TEXT_CHARACTERS),
                advice=_advice(data),
            )
        )


def _advice(data: DossierData) -> str:
    longest = sorted(data.activities + data.ended, key=lambda view: -text_size(view.activity))[:3]
    names = ", ".join(view.activity.name for view in longest)
    if data.scope.kind == ORGANISATION:
        return _(
            "Maak een dossier per dienst (kies 'Eén dienst'), of kort de langste fiches in: %(names)s.", names=names
        )
    return _("Kort de langste fiches in: %(names)s.", names=names)


def text_size(value: Any, depth: int = 0) -> int:
    """Characters of text in value: strings, lists, dataclasses and the columns of database rows."""
    if isinstance(value, str):
        return len(value)
    if value is None or depth > 3:
        return 0
    if isinstance(value, list | tuple):
        return sum(text_size(item, depth + 1) for item in value)
    if dataclasses.is_dataclass(value):
        return sum(text_size(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    state = inspect(value, raiseerr=False)
    if state is not None and hasattr(state, "mapper"):
        return sum(text_size(getattr(value, column.key), depth + 1) for column in state.mapper.column_attrs)
    return 0
