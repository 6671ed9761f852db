"""Jinja globals and filters shared by every template."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, g
from flask_babel import format_date, format_datetime, get_locale, gettext, to_user_timezone
from markupsafe import Markup, escape

from lokaal_avg.core import transfers
from lokaal_avg.core.messages import render
from lokaal_avg.core.roles import Role


def init_templating(app: Flask) -> None:
    app.jinja_env.globals.update(
        Role=Role,
        html_lang=html_lang,
        data_lang=data_lang,
        endpoint_exists=lambda name: name in app.view_functions,
        label=label,
        TRANSFER_MECHANISMS=transfers.TRANSFER_MECHANISMS,
        has_role=lambda *roles: g.get("membership") is not None and g.membership.role in roles,
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    # stored: a stored message (core/messages.py) or plain text, in the reader's language
    app.jinja_env.filters.update(
        d=format_day,
        dt=format_moment,
        nl2br=nl2br,
        yesno=yesno,
        show=show_value,
        countries=transfers.countries_text,
        stored=render,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def html_lang() -> str:
    """BCP 47 language tag for <html lang>: nl-BE, fr-BE or en."""
    return language_tag(str(get_locale()))


def data_lang() -> str:
    """BCP 47 tag for what the organisation's people typed: written in its working language, shown as it is."""
    org = g.get("org")
    return language_tag(getattr(org, "language", None) or "nl_BE")


def language_tag(code: str) -> str:
    """BCP 47 tag of an interface language code (nl_BE -> nl-BE), for <html lang> and a PDF's /Lang."""
    return code.replace("_", "-")


def format_day(value: date | datetime | None) -> str:
    """A day in Belgian time: a moment at 23:30 UTC is already the next day in Brussels."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return format_date(value, "d MMM yyyy")


def format_moment(value: datetime | None) -> str:
    if value is None:
        return "—"
    return format_datetime(value, "d MMM yyyy HH:mm")


def nl2br(value: str | None) -> Markup:
    """Escape first, then keep the user's line breaks."""
    if not value:
        return Markup("")
    return Markup("<br>").join(escape(value).split("\n"))


def yesno(value: bool | None) -> str:
    from flask_babel import gettext as _

    if value is None:
        return _("niet ingevuld")
    return _("ja") if value else _("nee")


def show_value(value: Any) -> str:
    """A stored audit value for people: lists joined, nothing as a dash.

    Values are shown as they were stored; a value that is a catalogue text (a seeded list name) is
    shown in the reader's language.
    """
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value)
    if isinstance(value, bool):
        return yesno(value)
    return gettext(value) if isinstance(value, str) and value else str(value)


def label(mapping: dict, key: str | None) -> str:
    """The label for a stored value; unknown values are shown as they are."""
    if key is None:
        return ""
    return str(mapping.get(key, key))
