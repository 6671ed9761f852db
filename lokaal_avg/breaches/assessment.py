"""The guided risk assessment: questions, a suggested level with its reasons, and what follows.

The EDPB guidelines 9/2022 weigh the type of breach, the nature and volume of the data, how easily
people can be identified, the severity of the consequences, vulnerable people and whether the data
were unintelligible. The software suggests a level and says why; the person assessing decides
and writes down their reasoning (which the register keeps).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

YES_NO = ("ja", "nee")
CONSEQUENCES = ("beperkt", "aanzienlijk", "ernstig")

QUESTIONS = {
    "onleesbaar": _l("Waren de gegevens onleesbaar voor onbevoegden (degelijke versleuteling, sleutel niet gelekt)?"),
    "ingeperkt": _l(
        "Is het lek met zekerheid ingeperkt (bv. de verkeerde ontvanger bevestigde dat hij alles wiste) "
        "of waren de gegevens snel en volledig terug beschikbaar?"
    ),
    "gevoelig": _l(
        "Gaat het om bijzondere of strafrechtelijke gegevens, het rijksregisternummer of financiële gegevens?"
    ),
    "kwetsbaar": _l("Zijn er kwetsbare betrokkenen bij (kinderen, cliënten van de sociale dienst)?"),
    "kwaadwillig": _l("Was er kwaad opzet (diefstal, hacking, afpersing)?"),
    "grote_schaal": _l("Gaat het om veel mensen (meer dan 100) of om veel gegevens per persoon?"),
}
CONSEQUENCE_LABELS = {
    "beperkt": _l("Beperkt: wat ongemak, snel op te lossen"),
    "aanzienlijk": _l("Aanzienlijk: kosten, stress, een beslissing die mensen treft, te herstellen"),
    "ernstig": _l("Ernstig: identiteitsfraude, discriminatie, financieel verlies, gevaar, blijvende schade"),
}

# Art. 34(3): no individual communication despite a high risk.
EXCEPTION_LABELS = {
    "onleesbaar": _l("De gegevens zijn onleesbaar gemaakt voor onbevoegden, bv. door versleuteling (Art. 34(3)(a))"),
    "maatregelen": _l(
        "Latere maatregelen maken dat het hoge risico zich waarschijnlijk niet meer voordoet (Art. 34(3)(b))"
    ),
    "onevenredig": _l(
        "Iedereen persoonlijk verwittigen vergt onevenredige inspanning: dan een openbare mededeling (Art. 34(3)(c))"
    ),
}


@dataclass
class Suggestion:
    level: str
    reasons: list[str] = field(default_factory=list)


def suggest(answers: Mapping[str, str]) -> Suggestion:
    """The level the answers point to, with the reasons in plain Dutch."""
    yes = {key for key in QUESTIONS if answers.get(key) == "ja"}
    consequence = answers.get("gevolgen", "beperkt")
    if "onleesbaar" in yes:
        return Suggestion("geen", [str(_l("De gegevens waren onleesbaar voor onbevoegden."))])
    reasons = []
    aggravating = yes & {"gevoelig", "kwetsbaar", "kwaadwillig", "grote_schaal"}
    for key in ("gevoelig", "kwetsbaar", "kwaadwillig", "grote_schaal"):
        if key in aggravating:
            reasons.append(str(_AGGRAVATING[key]))
    if consequence == "ernstig":
        reasons.insert(0, str(_l("De mogelijke gevolgen voor de betrokkenen zijn ernstig.")))
        return Suggestion("hoog", reasons)
    if consequence == "aanzienlijk" and aggravating:
        reasons.insert(0, str(_l("Aanzienlijke gevolgen, verzwaard door de omstandigheden hieronder.")))
        return Suggestion("hoog", reasons)
    if "gevoelig" in aggravating and aggravating & {"kwaadwillig", "kwetsbaar", "grote_schaal"}:
        return Suggestion("hoog", reasons)
    if consequence == "beperkt" and "ingeperkt" in yes and not aggravating:
        return Suggestion("geen", [str(_l("Het lek is ingeperkt en de gevolgen zijn beperkt."))])
    if not reasons:
        reasons.append(str(_l("Een risico voor de betrokkenen is niet uitgesloten.")))
    return Suggestion("risico", reasons)


_AGGRAVATING = {
    "gevoelig": _l("Er zijn gevoelige gegevens bij."),
    "kwetsbaar": _l("Er zijn kwetsbare betrokkenen bij."),
    "kwaadwillig": _l("Er was kwaad opzet."),
    "grote_schaal": _l("Het gaat om veel mensen of veel gegevens."),
}


@dataclass
class Decision:
    notify_authority: bool
    inform_subjects: bool
    public_communication: bool


def decide(level: str, exception: str | None) -> Decision:
    """Art. 33(1): notify unless no risk is likely. Art. 34: tell people when the risk is high, unless an
    exception of Art. 34(3) applies; with disproportionate effort a public communication replaces it."""
    high = level == "hoog"
    return Decision(
        notify_authority=level != "geen",
        inform_subjects=high and not exception,
        public_communication=high and exception == "onevenredig",
    )
