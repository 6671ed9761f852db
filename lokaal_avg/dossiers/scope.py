"""What a dossier covers: the whole organisation, one department, or one activity."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

ORGANISATION = "organisatie"
DEPARTMENT = "dienst"
ACTIVITY = "activiteit"

SCOPE_LABELS = {
    ORGANISATION: _l("Hele organisatie"),
    DEPARTMENT: _l("Eén dienst"),
    ACTIVITY: _l("Registerfiche van één verwerking"),
}


@dataclass(frozen=True)
class DossierScope:
    kind: str = ORGANISATION
    department_id: int | None = None
    activity_id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_LABELS:
            raise ValueError(f"unknown dossier scope {self.kind!r}")
        if (self.kind == DEPARTMENT) != (self.department_id is not None):
            raise ValueError("a department dossier needs a department, and only it")
        if (self.kind == ACTIVITY) != (self.activity_id is not None):
            raise ValueError("a record sheet needs an activity, and only it")

    @property
    def is_sheet(self) -> bool:
        return self.kind == ACTIVITY

    def to_params(self) -> dict[str, int | str | None]:
        return {"scope": self.kind, "department_id": self.department_id, "activity_id": self.activity_id}

    @classmethod
    def from_params(cls, params: dict) -> DossierScope:
        return cls(params.get("scope", ORGANISATION), params.get("department_id"), params.get("activity_id"))
