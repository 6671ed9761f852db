"""Which right applies given an activity's legal basis (Art. 6(1)); a suggestion to verify.

- Portability (Art. 20) only for processing based on consent or a contract, by automated means.
- Objection (Art. 21(1)) only for processing based on a public task or legitimate interest; with
  consent the person withdraws consent instead (Art. 7(3)).
- Erasure (Art. 17) does not apply as far as the processing is needed for a legal obligation or a
  public task (Art. 17(3)(b)).
- Access, rectification, restriction and the right about automated decisions apply whatever the basis.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

APPLIES, LIMITED, NOT_APPLICABLE = "ja", "beperkt", "nee"

_RULES: dict[str, dict[str, str]] = {
    "overdraagbaarheid": {"a": APPLIES, "b": APPLIES},
    "bezwaar": {"e": APPLIES, "f": APPLIES},
    "wissing": {"a": APPLIES, "b": APPLIES, "c": LIMITED, "d": APPLIES, "e": LIMITED, "f": APPLIES},
}
EXPLANATIONS = {
    ("overdraagbaarheid", NOT_APPLICABLE): _l(
        "Overdraagbaarheid geldt alleen bij toestemming of een overeenkomst (Art. 20(1) AVG)."
    ),
    ("bezwaar", NOT_APPLICABLE): _l(
        "Bezwaar geldt bij een taak van algemeen belang of een gerechtvaardigd belang (Art. 21(1) AVG); "
        "bij toestemming trekt de betrokkene die in."
    ),
    ("bezwaar", APPLIES): _l(
        "Bezwaar is mogelijk: de verwerking stopt, tenzij u dwingende gerechtvaardigde gronden aantoont (Art. 21(1))."
    ),
    ("wissing", LIMITED): _l(
        "Wissing geldt niet voor zover de verwerking nodig is voor een wettelijke verplichting of een taak van "
        "algemeen belang (Art. 17(3)(b) AVG)."
    ),
}
LABELS = {APPLIES: _l("van toepassing"), LIMITED: _l("beperkt"), NOT_APPLICABLE: _l("niet van toepassing")}
BADGES = {APPLIES: "success", LIMITED: "warning", NOT_APPLICABLE: "danger", None: "secondary"}


def applies(kind: str, legal_basis: str | None) -> str | None:
    """ja, beperkt or nee; None when the activity has no legal basis recorded."""
    if kind not in _RULES:
        return APPLIES
    if not legal_basis:
        return None
    return _RULES[kind].get(legal_basis, NOT_APPLICABLE)


def explanation(kind: str, outcome: str | None) -> str:
    if outcome is None:
        return str(_l("De rechtsgrond van deze verwerking is niet ingevuld in het register."))
    text = EXPLANATIONS.get((kind, outcome))
    return str(text) if text else ""
