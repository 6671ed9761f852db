"""Labels of data-subject requests (Dutch first)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "inzage": _l("Inzage (Art. 15)"),
    "rectificatie": _l("Rectificatie (Art. 16)"),
    "wissing": _l("Wissing (Art. 17)"),
    "beperking": _l("Beperking van de verwerking (Art. 18)"),
    "overdraagbaarheid": _l("Overdraagbaarheid (Art. 20)"),
    "bezwaar": _l("Bezwaar (Art. 21)"),
    "geautomatiseerd": _l("Geautomatiseerde besluitvorming (Art. 22)"),
}
KIND_SHORT = {
    "inzage": _l("Inzage"),
    "rectificatie": _l("Rectificatie"),
    "wissing": _l("Wissing"),
    "beperking": _l("Beperking"),
    "overdraagbaarheid": _l("Overdraagbaarheid"),
    "bezwaar": _l("Bezwaar"),
    "geautomatiseerd": _l("Geautomatiseerd besluit"),
}
STATUS_LABELS = {"open": _l("Lopend"), "beantwoord": _l("Beantwoord"), "geweigerd": _l("Geweigerd")}
REFUSAL_GROUND_LABELS = {
    "ongegrond_buitensporig": _l("Kennelijk ongegrond of buitensporig, bv. herhaald (Art. 12(5) AVG)"),
    "identiteit": _l("Identiteit niet aangetoond na redelijke twijfel (Art. 12(6) AVG)"),
    "recht_geldt_niet": _l("Het recht geldt niet voor deze verwerking (bv. Art. 17(3), 20 of 21 AVG)"),
    "wettelijke_beperking": _l("Beperking bij wet (Art. 23 AVG), vermeld de wet"),
    "andere": _l("Andere reden"),
}
STATUS_BADGES = {"open": "primary", "beantwoord": "success", "geweigerd": "dark"}
# The standard sentence of a refusal (Art. 12(4)), shown in the form and kept in the answer.
COMPLAINT_NOTICE = _l(
    "U kunt klacht indienen bij de toezichthouder en beroep instellen bij de rechter (Art. 12(4) AVG)."
)
AUDIT_LABELS = {
    "create": _l("geregistreerd"),
    "update": _l("gewijzigd"),
    "extend": _l("termijn verlengd"),
    "answer": _l("afgehandeld"),
    "reopen": _l("heropend"),
    "purge": _l("gegevens van de aanvrager verwijderd"),
}
