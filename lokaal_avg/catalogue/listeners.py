"""A new organisation starts with the catalogue's default lists (data categories, data subjects, recipients)."""

from __future__ import annotations

from lokaal_avg.catalogue.services import seed_lists
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.organisations.signals import organisation_created


def connect() -> None:
    organisation_created.connect(on_organisation_created)


def on_organisation_created(org_id: int) -> None:
    seed_lists(db.session.get(Organisation, org_id))
