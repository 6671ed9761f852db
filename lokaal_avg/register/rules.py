"""The register rules of DOMAIN.md: completeness, warnings, DPIA screening, review.

Everything here is pure: it reads an activity (with its relations loaded) and returns
facts for the UI, the dossier and the remediation checks. Nothing is legal advice; the
texts say "controleer" where a human must decide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from lokaal_avg.core.db import utcnow
from lokaal_avg.core.transfers import transfer_complete
from lokaal_avg.register.choices import DPIA_CRITERIA, DPIA_THRESHOLD
from lokaal_avg.register.models import ProcessingActivity, Status

REVIEW_INTERVAL = timedelta(days=365)
MANDATORY_WEIGHT = 3
RECOMMENDED_WEIGHT = 1


@dataclass(frozen=True)
class FieldRule:
    field: str
    label: object  # lazy string
    mandatory: bool
    is_filled: Callable[[ProcessingActivity], bool]
    step: str  # wizard step where the field is edited


def _text(field: str) -> Callable[[ProcessingActivity], bool]:
    return lambda a: bool((getattr(a, field) or "").strip())


def _nonempty(field: str) -> Callable[[ProcessingActivity], bool]:
    return lambda a: bool(getattr(a, field))


def _transfers_answered(a: ProcessingActivity) -> bool:
    if a.third_country_transfers is None:
        return False
    return not a.third_country_transfers or transfer_complete(
        a.transfer_countries, a.transfer_mechanism, a.transfer_document
    )


def _joint_controllers_ok(a: ProcessingActivity) -> bool:
    return a.role != "gezamenlijk_verantwoordelijke" or bool((a.joint_controllers or "").strip())


FIELD_RULES: tuple[FieldRule, ...] = (
    FieldRule(
        "joint_controllers", _l("Gezamenlijk verwerkingsverantwoordelijken"), True, _joint_controllers_ok, "basis"
    ),
    FieldRule("purposes", _l("Doeleinden"), True, _text("purposes"), "doel"),
    FieldRule(
        "subject_categories", _l("Categorieën van betrokkenen"), True, _nonempty("subject_categories"), "gegevens"
    ),
    FieldRule(
        "data_categories", _l("Categorieën van persoonsgegevens"), True, _nonempty("data_categories"), "gegevens"
    ),
    FieldRule(
        "recipient_categories", _l("Categorieën van ontvangers"), True, _nonempty("recipient_categories"), "ontvangers"
    ),
    FieldRule("third_country_transfers", _l("Doorgifte naar derde landen"), True, _transfers_answered, "ontvangers"),
    FieldRule("retention", _l("Bewaartermijn"), True, _text("retention"), "bewaring"),
    FieldRule("security_measures", _l("Beveiligingsmaatregelen"), True, _text("security_measures"), "bewaring"),
    FieldRule("reference", _l("Referentie"), False, _text("reference"), "basis"),
    FieldRule("department", _l("Dienst"), False, _nonempty("department_id"), "basis"),
    FieldRule("responsible_person", _l("Verantwoordelijke persoon"), False, _text("responsible_person"), "basis"),
    FieldRule("description", _l("Omschrijving"), False, _text("description"), "basis"),
    FieldRule("legal_basis", _l("Rechtsgrond"), False, _text("legal_basis"), "doel"),
    FieldRule("legal_reference", _l("Wettelijke referentie"), False, _text("legal_reference"), "doel"),
    FieldRule("source", _l("Bron van de gegevens"), False, _text("source"), "gegevens"),
    FieldRule("collection_channels", _l("Inzamelkanalen"), False, _nonempty("collection_channels"), "gegevens"),
    FieldRule("estimated_subjects", _l("Geschat aantal betrokkenen"), False, _text("estimated_subjects"), "gegevens"),
    FieldRule(
        "retention_end_action",
        _l("Wat gebeurt er na de bewaartermijn"),
        False,
        _text("retention_end_action"),
        "bewaring",
    ),
    FieldRule("systems", _l("Systemen en opslag"), False, _text("systems"), "bewaring"),
    FieldRule("dpia_status", _l("DPIA-screening"), False, _text("dpia_status"), "bewaring"),
)


@dataclass(frozen=True)
class Completeness:
    score: int  # 0-100
    missing_mandatory: list[FieldRule]
    missing_recommended: list[FieldRule]

    @property
    def mandatory_complete(self) -> bool:
        return not self.missing_mandatory


def completeness(activity: ProcessingActivity) -> Completeness:
    """Score an entry: mandatory Art. 30 fields weigh three times a recommended one."""
    total = earned = 0
    missing_mandatory: list[FieldRule] = []
    missing_recommended: list[FieldRule] = []
    for rule in FIELD_RULES:
        weight = MANDATORY_WEIGHT if rule.mandatory else RECOMMENDED_WEIGHT
        total += weight
        if rule.is_filled(activity):
            earned += weight
        elif rule.mandatory:
            missing_mandatory.append(rule)
        else:
            missing_recommended.append(rule)
    return Completeness(round(100 * earned / total), missing_mandatory, missing_recommended)


def register_score(activities: list[ProcessingActivity]) -> int | None:
    """The register's score: the mean of its active entries, None for an empty register."""
    active = [a for a in activities if a.status != Status.ENDED]  # queries.is_in_register (no import circle)
    if not active:
        return None
    return round(sum(completeness(a).score for a in active) / len(active))


@dataclass(frozen=True)
class Warning:
    code: str
    level: str  # "danger" (a legal requirement is likely unmet) or "warning" (verify)
    message: str
    field: str

    @property
    def short(self) -> str:
        """A few words for badges in lists; the full message goes in the title and on the entry."""
        return str(SHORT_LABELS.get(self.code, self.code))


SHORT_LABELS = {
    "legitimate_interest": _l("Rechtsgrond f"),
    "special_without_exception": _l("Art. 9 zonder uitzondering"),
    "criminal_without_basis": _l("Art. 10 zonder grondslag"),
    "national_number_without_basis": _l("Rijksregisternr. zonder basis"),
    "dpia_needed": _l("DPIA te beslissen"),
    "review_due": _l("Review te laat"),
    "transfer_without_safeguards": _l("Doorgifte zonder waarborg"),
}


ENDED_READABLE_YEARS = 5


def readable_until(activity: ProcessingActivity) -> date | None:
    """Ended entries stay readable for five years after their end date (DOMAIN.md)."""
    if activity.end_date is None:
        return None
    end = activity.end_date
    if end.year + ENDED_READABLE_YEARS > date.max.year:  # stored before dates were checked: never expires
        return date.max
    try:
        return end.replace(year=end.year + ENDED_READABLE_YEARS)
    except ValueError:  # 29 February
        return end.replace(year=end.year + ENDED_READABLE_YEARS, day=28)


# Subject categories (catalogue codes) that make the data subjects vulnerable in the WP248 sense.
VULNERABLE_SUBJECT_CODES = ("minderjarigen", "clienten_sociale_dienst")


@dataclass(frozen=True)
class DpiaCriterion:
    """One criterion that counts, with every reason it counts (ticked, or shown by the entry itself)."""

    code: str
    label: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class DpiaScreening:
    """The one DPIA rule: every screen, the dossier, the export and the checks read this."""

    criteria: tuple[DpiaCriterion, ...]
    likely: bool
    decided: bool

    @property
    def count(self) -> int:
        return len(self.criteria)

    @property
    def open(self) -> bool:
        """Likely required, but no decision recorded yet."""
        return self.likely and not self.decided

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.criteria]


def _derived_criteria(activity: ProcessingActivity) -> dict[str, list[str]]:
    """Criteria the entry itself shows, whether or not they were ticked, with the reason in words."""
    derived: dict[str, list[str]] = {}
    if activity.minors:
        derived.setdefault("kwetsbare_betrokkenen", []).append(str(_l("er worden gegevens van minderjarigen verwerkt")))
    for subject in activity.subject_categories:
        if subject.code in VULNERABLE_SUBJECT_CODES:
            derived.setdefault("kwetsbare_betrokkenen", []).append(str(_l("betrokkenen: %(name)s", name=subject.name)))
    for category in activity.data_categories:
        if category.special:
            derived.setdefault("gevoelige_gegevens", []).append(
                str(_l("bijzondere categorie: %(name)s (art. 9)", name=category.name))
            )
        if category.criminal:
            derived.setdefault("gevoelige_gegevens", []).append(
                str(_l("strafrechtelijke gegevens: %(name)s (art. 10)", name=category.name))
            )
    return derived


def dpia_screening(activity: ProcessingActivity) -> DpiaScreening:
    """Ticked criteria plus the derived ones, in the order of the guidelines, and the verdict."""
    ticked = set(activity.dpia_criteria or [])
    derived = _derived_criteria(activity)
    criteria = []
    for code, label in DPIA_CRITERIA.items():
        sources = [str(_l("aangevinkt"))] if code in ticked else []
        sources += derived.get(code, [])
        if sources:
            criteria.append(DpiaCriterion(code, str(label), tuple(sources)))
    # A ticked code the list no longer knows still counts; it is shown as stored.
    for code in sorted(ticked - set(DPIA_CRITERIA)):
        criteria.append(DpiaCriterion(code, code, (str(_l("aangevinkt")),)))
    return DpiaScreening(tuple(criteria), len(criteria) >= DPIA_THRESHOLD, dpia_decided(activity))


def dpia_criteria_met(activity: ProcessingActivity) -> set[str]:
    return set(dpia_screening(activity).codes)


def dpia_likely(activity: ProcessingActivity) -> bool:
    return dpia_screening(activity).likely


# Statuses that record a decision; "te_beoordelen" (still to assess) is none.
DPIA_DECIDED = ("gepland", "lopend", "uitgevoerd")


def dpia_decided(activity: ProcessingActivity) -> bool:
    """A DPIA is planned or done, or judged unnecessary with the reasons written down."""
    if activity.dpia_status in DPIA_DECIDED:
        return True
    return activity.dpia_status == "niet_nodig" and bool((activity.dpia_decision or "").strip())


def review_due(activity: ProcessingActivity, now: datetime | None = None) -> bool:
    """Approved entries not reviewed (or approved) for twelve months are due."""
    if activity.status != Status.APPROVED:
        return False
    reviewed = activity.last_reviewed_at or activity.status_changed_at
    return reviewed is not None and (now or utcnow()) - reviewed > REVIEW_INTERVAL


def warnings(activity: ProcessingActivity, is_government: bool = True) -> list[Warning]:
    """The rule warnings shown beside the fields and in the register list."""
    found: list[Warning] = []
    if activity.legal_basis == "f" and is_government:
        found.append(
            Warning(
                "legitimate_interest",
                "danger",
                str(
                    _l(
                        "Een overheid kan zich voor de uitvoering van haar taken niet beroepen op het "
                        "gerechtvaardigd belang (laatste zin van art. 6.1 AVG). Kies meestal c) of e)."
                    )
                ),
                "legal_basis",
            )
        )
    categories = activity.data_categories
    if any(c.special for c in categories) and not (activity.special_category_exception or "").strip():
        found.append(
            Warning(
                "special_without_exception",
                "danger",
                str(
                    _l(
                        "Er worden bijzondere categorieën van persoonsgegevens verwerkt (art. 9 AVG), maar "
                        "er is geen uitzondering van art. 9.2 AVG vastgelegd."
                    )
                ),
                "special_category_exception",
            )
        )
    if any(c.criminal for c in categories) and not (activity.criminal_data_basis or "").strip():
        found.append(
            Warning(
                "criminal_without_basis",
                "danger",
                str(
                    _l(
                        "Er worden strafrechtelijke gegevens verwerkt (art. 10 AVG), maar er is geen "
                        "wettelijke grondslag vastgelegd."
                    )
                ),
                "criminal_data_basis",
            )
        )
    if any(c.national_number for c in categories) and not (activity.national_number_basis or "").strip():
        found.append(
            Warning(
                "national_number_without_basis",
                "danger",
                str(
                    _l(
                        "Het rijksregisternummer wordt gebruikt zonder vastgelegde wettelijke basis, "
                        "machtiging of protocol."
                    )
                ),
                "national_number_basis",
            )
        )
    screening = dpia_screening(activity)
    if screening.open:
        found.append(
            Warning(
                "dpia_needed",
                "warning",
                str(
                    _l(
                        "%(n)s DPIA-criteria zijn van toepassing (%(criteria)s): een gegevensbeschermingseffect"
                        "beoordeling is waarschijnlijk verplicht. Leg de beslissing en de motivering vast.",
                        n=screening.count,
                        criteria="; ".join(c.label for c in screening.criteria),
                    )
                ),
                "dpia_status",
            )
        )
    if review_due(activity):
        found.append(
            Warning(
                "review_due",
                "warning",
                str(_l("Deze verwerking is al meer dan twaalf maanden niet nagekeken.")),
                "status",
            )
        )
    if activity.third_country_transfers and not transfer_complete(
        activity.transfer_countries, activity.transfer_mechanism, activity.transfer_document
    ):
        found.append(
            Warning(
                "transfer_without_safeguards",
                "danger",
                str(
                    _l(
                        "Er is doorgifte naar een derde land, maar de landen, de waarborg (bv. "
                        "adequaatheidsbesluit, modelcontractbepalingen) of de referentie van het document "
                        "ontbreken."
                    )
                ),
                "transfer_mechanism",
            )
        )
    return found
