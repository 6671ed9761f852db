"""Jinja globals and filters shared by every template."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, g
from flask_babel import format_date, format_datetime, get_locale, to_user_timezone
from markupsafe import Markup, escape

from lokaal_avg.core import transfers
from lokaal_avg.core.roles import Role


def init_templating(app: Flask) -> None:
    app.jinja_env.globals.update(
        Role=Role,
        html_lang=html_lang,
        endpoint_exists=lambda name: name in app.view_functions,
        label=label,
        TRANSFER_MECHANISMS=transfers.TRANSFER_MECHANISMS,
        has_role=lambda *roles: g.get("membership") is not None and g.membership.role in roles,
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        d=format_day, dt=format_moment, nl2br=nl2br, yesno=yesno, show=show_value, countries=transfers.countries_text
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def html_lang() -> str:
    """BCP 47 language tag for <html lang>: nl-BE or en."""
    return str(get_locale()).replace("_", "-")


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
    """A stored audit value for people: lists joined, nothing as a dash."""
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return yesno(value)
    return str(value)


def label(mapping: dict, key: str | None) -> str:
    """The label for a stored value; unknown values are shown as they are."""
    if key is None:
        return ""
    return str(mapping.get(key, key))
