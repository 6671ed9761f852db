"""Field classifier: which personal data category a form field collects.

Order (DOMAIN.md): fields that are no data at all (CSRF, honeypot, captcha, search, consent)
→ a valid HTML autocomplete token → the input type (cross-checked with the label, because
developers put ``type="tel"`` on a rijksregisternummer for the numeric keyboard) →
Dutch/French/English patterns over label, aria-label, placeholder and title, then over name
and id → the section legend for special categories → generic words → a textarea or upload
is free text.

Deliberate choices (a DPO's reading, documented in docs/scan-json.md): the name, address or
number of an *organisation* is not personal data; the place or date of an event or of a
reported problem is not personal data; a consent checkbox is not personal data; a file
upload is free text unless its label says what it holds (photo, medical certificate, …).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lokaal_avg.scanner.html_forms import FormField
from lokaal_avg.scanner.patterns import (
    BIRTH,
    CAPTCHA,
    CONSENT,
    CSRF,
    DATE_PART,
    HONEYPOT,
    HONEYPOT_NAMES,
    SEARCH,
    STRONG_RULES,
    WEAK_RULES,
    Rule,
)
from lokaal_avg.scanner.vocabulary import (
    AUTOCOMPLETE_KINDS,
    AUTOCOMPLETE_MODIFIERS,
    COUNTRY_OPTIONS,
    EMPLOYMENT_OPTIONS,
    GENDER_OPTIONS,
    HOUSING_OPTIONS,
    KIND_CATEGORY,
    NATIONALITY_OPTIONS,
    SALUTATION_OPTIONS,
    SUGGESTED_TOKEN,
    YES_NO_OPTIONS,
)

SPECIAL_CATEGORIES = {
    "gezondheid",
    "etnische_afkomst",
    "politieke_opvattingen",
    "religie",
    "vakbondslidmaatschap",
    "genetisch",
    "biometrisch",
    "seksuele_geaardheid",
    "strafrechtelijk",
    "gas_sancties",
}
# What an upload can be recognised as; anything else uploaded is "vrije_tekst".
FILE_CATEGORIES = SPECIAL_CATEGORIES | {
    "beeld_geluid",
    "identiteitsdocument",
    "financieel",
    "opleiding_beroep",
    "woning",
    "rijksregisternummer",
    "voertuig",
}
# What a visitor types freely; a tick box or a choice from a fixed list cannot hold these.
FREE_FORM_KINDS = {
    "given_name",
    "family_name",
    "full_name",
    "email",
    "phone",
    "street",
    "house_number",
    "box",
    "postal_code",
    "username",
    "password",
    "member_number",
    "national_number",
    "id_card_number",
    "iban",
    "card_number",
    "birth_place",
    "photo",
    "reference",
    "free_text",
    "subject",
}
CHOICE_TYPES = {"checkbox", "radio", "select"}
# A yes or a no can reveal that someone owns a car or is ill, but never a name, a number or a date.
ANSWER_NOT_DATA = FREE_FORM_KINDS | {"birth_date", "city", "country", "email", "phone"}
TEXT_TYPES = {"text", "textarea", "number", "url"}
# Kinds a label may impose on a type="tel" field instead of "phone".
NOT_PHONE_KINDS = {
    "national_number",
    "id_card_number",
    "iban",
    "card_number",
    "postal_code",
    "house_number",
    "license_plate",
    "enterprise_number",
    "member_number",
    "age",
    "reference",
    "quantity",
    "birth_date",
    "box",
}
DATE_TYPES = {"date", "datetime-local", "month", "week"}
# What a date input can stand for.
DATE_KINDS = {"birth_date"}
# What no number field can hold.
TEXT_ONLY_KINDS = {
    "given_name",
    "family_name",
    "full_name",
    "email",
    "street",
    "birth_place",
    "subject",
    "free_text",
    "username",
    "password",
    "place",
    "organisation_name",
}
NEUTRAL_TYPES = {"color", "range", "time"}


@dataclass(frozen=True)
class Classification:
    """kind: fine-grained purpose; category: personal data category or None; method: which step decided."""

    kind: str
    category: str | None
    method: str
    confidence: float

    @property
    def is_personal(self) -> bool:
        return self.category is not None

    @property
    def suggested_autocomplete(self) -> str | None:
        return SUGGESTED_TOKEN.get(self.kind)


def _result(kind: str, method: str, confidence: float) -> Classification:
    return Classification(kind, KIND_CATEGORY.get(kind), method, confidence)


def normalise(text: str | None, identifier: bool = False) -> str:
    """Accent-free lower case words: 'Né(e) le' → 'ne e le'; identifiers: 'firstName' → 'first name'."""
    if not text:
        return ""
    if identifier:
        text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9°@]+", " ", text).split())


@dataclass(frozen=True)
class _Texts:
    human: str  # everything the visitor reads, joined (for the checks that want any mention)
    ranked: tuple[str, ...]  # the visitor's texts from the most to the least telling (see _texts)
    ident: str  # what the developer named it: name and id
    legend: str
    options: tuple[str, ...]
    heading: str  # the nearest heading: only when nothing closer says anything
    own: str  # the field's own label or aria-label, nothing else


def _without_help(text: str) -> str:
    """'Klantnummer (zie uw aanslagbiljet)' → 'Klantnummer': help text in brackets names other things."""
    return re.sub(r"\([^)]*\)", " ", text)


def _texts(field: FormField) -> _Texts:
    """The text sources of a field, ranked: own label, aria-label, placeholder, title, nearby text.

    They are tried one by one rather than joined, so a heading or the help text of another
    source can never outvote what the field's own label says.
    """
    sources = [field.label, field.aria_label, field.placeholder, field.title]
    if not field.label and not field.aria_label:
        sources.append(field.context)
    present = [t for t in sources if t]
    ranked = []
    for text in present:
        ranked.extend((normalise(_without_help(text)), normalise(text)))
    return _Texts(
        human=" | ".join(normalise(t) for t in present),
        ranked=tuple(t for t in ranked if t),
        ident=" | ".join(normalise(t, identifier=True) for t in (field.name, field.id) if t),
        legend=normalise(field.legend),
        options=tuple(normalise(o) for o in field.options),
        heading=normalise(field.heading),
        own=" | ".join(normalise(t) for t in (field.label, field.aria_label) if t),
    )


def classify_field(field: FormField) -> Classification:
    """Classify one form field into (kind, category, method, confidence)."""
    texts = _texts(field)
    ignored = _ignored(field, texts)
    if ignored:
        return Classification(ignored, None, "ignored", 0.9)
    token = autocomplete_kind(field.autocomplete)
    if token:
        return _result(token, "autocomplete", 0.95)
    if field.tag == "textarea":
        return _free_text_area(field, texts)
    matched = _match(field, texts)
    found = _by_type(field, matched) or matched
    if found is None:
        return _result("other", "default", 0.5)
    return _yes_no(field, texts, found)


def _free_text_area(field: FormField, texts: _Texts) -> Classification:
    """A text area holds whatever the visitor writes, unless its own label says what that is."""
    own = _own_variants(field)
    for text in (t for t in texts.ranked if t in own):
        kind = _first(STRONG_RULES, text) or _first(WEAK_RULES, text)
        if kind and KIND_CATEGORY.get(kind):
            return _result(kind, "pattern", 0.8)
    legend_kind = _first(STRONG_RULES, texts.legend)
    if legend_kind and KIND_CATEGORY.get(legend_kind) in SPECIAL_CATEGORIES:
        return _result(legend_kind, "pattern", 0.6)  # a text area under "Medische gegevens"
    return _result("free_text", "fallback", 0.6)


def _own_variants(field: FormField) -> set[str]:
    """The field's own label and aria-label (or, without those, the text right before it), normalised."""
    own = [field.label, field.aria_label] if field.label or field.aria_label else [field.context]
    return {normalise(v) for t in own if t for v in (t, _without_help(t))}


def _yes_no(field: FormField, texts: _Texts, found: Classification) -> Classification:
    """A yes/no answer is no data of its own; only a sensitive question makes the answer sensitive."""
    options = {o.strip() for o in texts.options if o.strip()}
    single_tick = field.type == "checkbox" and not options
    yes_no = bool(options) and options <= YES_NO_OPTIONS
    if (single_tick or yes_no) and found.kind in ANSWER_NOT_DATA:
        return Classification("yes_no", None, found.method, 0.6)
    return found


def autocomplete_kind(value: str | None) -> str | None:
    """The kind named by a valid autocomplete attribute, or None ("off", typos, no attribute)."""
    if not value:
        return None
    tokens = [t for t in value.lower().split() if not t.startswith("section-")]
    tokens = [t for t in tokens if t not in AUTOCOMPLETE_MODIFIERS]
    return AUTOCOMPLETE_KINDS.get(tokens[-1]) if tokens else None


def _ignored(field: FormField, texts: _Texts) -> str | None:
    """Why a field holds no data about the visitor, or None."""
    if field.type == "search":
        return "search"
    if texts.ident and CSRF.search(texts.ident):
        return "csrf"
    everything = f"{texts.human} | {texts.ident}"
    if CAPTCHA.search(everything):
        return "captcha"
    if field.trap or HONEYPOT.search(everything):
        return "honeypot"
    if field.hidden_hint and (any(HONEYPOT_NAMES.search(i) for i in texts.ident.split(" | ")) or not texts.human):
        return "honeypot"
    searchable = field.type == "text"
    if searchable and (SEARCH.search(texts.ident) or (texts.human and SEARCH.search(texts.human))):
        return "search"
    yes_no = bool(texts.options) and {o.strip() for o in texts.options} <= YES_NO_OPTIONS | {""}
    if (field.type in ("checkbox", "radio") or yes_no) and CONSENT.search(texts.human or texts.ident):
        return "consent"
    return None


def _match(field: FormField, texts: _Texts) -> Classification | None:
    """Patterns, from the most to the least telling source, within what the control can hold."""
    found = _match_any(field, texts)
    if found and field.type in CHOICE_TYPES and found.kind in FREE_FORM_KINDS:
        return _result("other", "pattern", 0.5)
    return found


def _match_any(field: FormField, texts: _Texts) -> Classification | None:
    if _is_date_part(texts):
        where = " ".join((texts.legend, texts.ident, normalise(field.context), texts.heading))
        birth = BIRTH.search(where)
        return _result("birth_date" if birth else "date_part", "pattern", 0.8 if birth else 0.5)
    for text in texts.ranked:
        found = _first(STRONG_RULES, text)
        if found:
            return _result(found, "pattern", 0.85)
    # The choices a visitor sees say more than the name a developer gave the field.
    by_options = _from_options(texts.options)
    if by_options:
        return _result(by_options, "pattern", 0.8)
    found = _first(STRONG_RULES, texts.ident)
    if found:
        return _result(found, "pattern", 0.7)
    legend_kind = _first(STRONG_RULES, texts.legend)
    if legend_kind and KIND_CATEGORY.get(legend_kind) in SPECIAL_CATEGORIES:
        return _result(legend_kind, "pattern", 0.6)
    for source in (*texts.ranked, *texts.ident.split(" | ")):
        weak = _first(WEAK_RULES, source) if source else None
        if weak and _weak_applies(weak, field, source):
            return _result(weak, "pattern", 0.5)
    if not texts.ranked and not texts.ident:
        found = _first(STRONG_RULES, texts.heading)
        if found:
            return _result(found, "pattern", 0.5)
    return None


def _weak_applies(kind: str, field: FormField, text: str) -> bool:
    """Generic words are trusted only where they are unambiguous."""
    if kind == "free_text":
        return field.type in TEXT_TYPES
    if kind == "house_number":
        return len(text.split()) <= 2  # "Nr." in an address block, not "nummer van de machtiging"
    return True


def _first(rules: tuple[Rule, ...], text: str) -> str | None:
    if not text:
        return None
    return next((rule.kind for rule in rules if rule.pattern.search(text)), None)


def _is_date_part(texts: _Texts) -> bool:
    first = texts.ranked[0] if texts.ranked else texts.ident.split(" | ")[0]
    return bool(first) and bool(DATE_PART.match(first))


def _from_options(options: tuple[str, ...]) -> str | None:
    """What a select or radio group asks, judged by its choices (man/vrouw → gender)."""
    if not options:
        return None
    values = {o.strip() for o in options if o.strip()}
    if len(values & SALUTATION_OPTIONS) >= 2:
        return "salutation"
    if len(values & GENDER_OPTIONS) >= 2 and len(values - GENDER_OPTIONS) <= 1:
        return "gender"
    if len(values & NATIONALITY_OPTIONS) >= 2:
        return "nationality"
    if len(values & EMPLOYMENT_OPTIONS) >= 2:
        return "occupation"
    if len(values & HOUSING_OPTIONS) >= 2:
        return "housing"
    if len(values & COUNTRY_OPTIONS) >= 3:
        return "country"
    return None


def _by_type(field: FormField, matched: Classification | None) -> Classification | None:
    """The input type's say, checked against what the label says."""
    kind = field.type
    if kind == "email":
        return _result("email", "type", 0.9)
    if kind == "password":
        return _result("password", "type", 0.9)
    if kind == "tel":
        if matched and matched.kind in NOT_PHONE_KINDS:
            return matched
        return _result("phone", "type", 0.9)
    if kind in DATE_TYPES:
        # A date picker holds a date: never an address or a name, whatever the label says.
        if matched and matched.kind in DATE_KINDS:
            return matched
        return _result("date", "type", 0.7)
    if kind in ("number", "range") and matched and matched.kind in TEXT_ONLY_KINDS:
        return _result("other", "type", 0.6)
    if kind == "url" and matched and matched.kind not in ("website", "other"):
        return _result("other", "type", 0.6)
    if kind == "file":
        if matched and matched.category in FILE_CATEGORIES:
            return matched
        return _result("attachment", "type", 0.8)
    if kind in NEUTRAL_TYPES:
        return _result("other", "type", 0.7)
    return None
