"""Form helpers shared across features."""

from __future__ import annotations

from datetime import date

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


# Dates people type stay within a span software and calendars handle (9999-12-31 broke pages and feeds).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def is_plausible_date(value: date | None) -> bool:
    return value is None or EARLIEST_DATE <= value <= LATEST_DATE


def implausible_date_message() -> str:
    return str(
        _l(
            "Kies een datum tussen %(first)s en %(last)s.",
            first=EARLIEST_DATE.strftime("%d/%m/%Y"),
            last=LATEST_DATE.strftime("%d/%m/%Y"),
        )
    )


def plausible_date(form, field) -> None:
    """Refuse dates before 1900 or after 2199: typing errors, and beyond what date arithmetic allows."""
    if not is_plausible_date(field.data):
        raise ValidationError(implausible_date_message())


def check_transfer(countries, mechanism, document) -> bool:
    """A transfer outside the EEA needs its countries, a mechanism and (mostly) the document: add errors."""
    from lokaal_avg.core.transfers import EEA_COUNTRIES, MECHANISMS_NEEDING_DOCUMENT

    ok = True
    if not countries.data:
        countries.errors = [*countries.errors, _l("Kies de landen buiten de EER waar de gegevens naartoe gaan.")]
        ok = False
    elif set(countries.data) & EEA_COUNTRIES:
        countries.errors = [
            *countries.errors,
            _l("Een land van de EER is geen doorgifte; kies alleen landen buiten de EER."),
        ]
        ok = False
    if not mechanism.data:
        mechanism.errors = [*mechanism.errors, _l("Kies de waarborg waarop de doorgifte steunt.")]
        ok = False
    elif mechanism.data in MECHANISMS_NEEDING_DOCUMENT and not (document.data or "").strip():
        document.errors = [*document.errors, _l("Vermeld waar het document met de waarborg te vinden is.")]
        ok = False
    return ok
