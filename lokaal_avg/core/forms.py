"""Form helpers shared across features."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, widgets
from wtforms.validators import Length, ValidationError

from lokaal_avg.core.db import LONG_TEXT_MAX
from lokaal_avg.core.validators import is_valid_kbo


class CheckboxListField(SelectMultipleField):
    """A multi-select rendered as checkboxes: usable with a keyboard, no JavaScript."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def kbo_validator(form, field) -> None:
    if field.data and (len(field.data) > 20 or not is_valid_kbo(field.data)):
        raise ValidationError(
            _l("Dit is geen geldig ondernemingsnummer: 10 cijfers, bv. 0123.456.749, met kloppend controlegetal.")
        )


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


def empty_to_none(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def long_text(limit: int = LONG_TEXT_MAX) -> Length:
    """The length limit of a free-text field, with a message that says how much is too much."""
    return Length(max=limit, message=_l("Hoogstens %(max)d tekens; u typte er %(length)d. Kort de tekst in."))
