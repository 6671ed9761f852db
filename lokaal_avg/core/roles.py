"""Roles a member can hold in an organisation."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ADMIN = "beheerder"
    DPO = "functionaris"
    STAFF = "medewerker"
    READER = "lezer"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ADMIN: _l("Beheerder"),
    Role.DPO: _l("Functionaris voor gegevensbescherming"),
    Role.STAFF: _l("Medewerker"),
    Role.READER: _l("Lezer"),
}

# Roles that may change the register as a whole (medewerkers only their departments).
REGISTER_EDITORS = (Role.ADMIN, Role.DPO)
