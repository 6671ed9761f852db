"""Shared by the features' commands: the organisations a `--org SLUG` option means."""

from __future__ import annotations

import click
from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation


def organisations_for_command(slug: str | None) -> list[Organisation]:
    """One organisation by its short name, or all of them; an unknown name is a usage error."""
    stmt = select(Organisation).order_by(Organisation.slug)
    if slug:
        stmt = stmt.where(Organisation.slug == slug)
    found = list(db.session.scalars(stmt))
    if slug and not found:
        raise click.UsageError(f"Onbekende organisatie: {slug}")
    return found
