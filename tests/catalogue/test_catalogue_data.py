"""The shipped catalogue data: default lists and activity templates are complete and consistent.

Other code adopts these templates into an organisation's register, so a broken code, a missing
legal basis for the national register number or a missing "te verifiëren" label would reach users.
"""

import json
import re
from collections import Counter
from importlib import resources

import pytest

PACKAGE = "lokaal_avg.catalogue"
SUGGESTION = "(suggestie — te verifiëren)"

DEPARTMENTS = [
    "Burgerzaken",
    "Sociale dienst",
    "Personeel",
    "Financiën",
    "Omgeving",
    "Milieu en afval",
    "Mobiliteit",
    "Veiligheid",
    "Vrije tijd",
    "Onderwijs",
    "Communicatie en onthaal",
    "Secretariaat",
    "ICT",
    "Begraafplaatsen",
    "Lokale economie",
]
SPECIAL = {
    "gezondheid",
    "etnische_afkomst",
    "politieke_opvattingen",
    "religie",
    "vakbondslidmaatschap",
    "genetisch",
    "biometrisch",
    "seksuele_geaardheid",
}
DATA_CODES = SPECIAL | {
    "identificatie",
    "contact",
    "rijksregisternummer",
    "identiteitsdocument",
    "geboortedatum",
    "geslacht",
    "nationaliteit",
    "gezinssamenstelling",
    "financieel",
    "elektronische_identificatie",
    "locatie",
    "beeld_geluid",
    "opleiding_beroep",
    "woning",
    "voertuig",
    "vrije_tekst",
    "strafrechtelijk",
    "gas_sancties",
}
SUBJECT_CODES = {
    "inwoners",
    "aanvragers",
    "minderjarigen",
    "personeel",
    "sollicitanten",
    "mandatarissen",
    "leveranciers",
    "clienten_sociale_dienst",
    "leerlingen",
    "websitebezoekers",
    "vrijwilligers",
    "verenigingsleden",
    "bezoekers",
}
RECIPIENT_CODES = {
    "interne_diensten",
    "federale_overheid",
    "vlaamse_overheid",
    "politie",
    "andere_lokale_besturen",
    "verwerkers",
    "rechtbanken",
    "publiek",
    "banken",
    "verzekeraars",
}
ACTIVITY_KEYS = {
    "code",
    "department",
    "name",
    "description",
    "purposes",
    "legal_basis",
    "legal_reference",
    "subject_categories",
    "data_categories",
    "recipient_categories",
    "third_country_transfers",
    "retention",
    "retention_end_action",
    "security_measures",
    "special_category_exception",
    "criminal_data_basis",
    "national_number_basis",
    "minors",
    "source",
    "channels",
    "dpia_criteria",
}
LEGAL_BASES = {"a", "b", "c", "d", "e", "f"}
END_ACTIONS = {"vernietigen", "archiveren", "anonimiseren"}
CHANNELS = {"webformulier", "e_loket", "email", "papier", "telefoon", "balie", "app"}
DPIA_CRITERIA = {
    "evaluatie_scoring",
    "geautomatiseerde_besluiten",
    "systematische_monitoring",
    "gevoelige_gegevens",
    "grote_schaal",
    "koppeling_datasets",
    "kwetsbare_betrokkenen",
    "innovatieve_technologie",
    "verhindert_recht",
}


def _load(name: str) -> dict:
    return json.loads(resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8"))


LISTS = _load("lists.json")
CATALOGUE = _load("activities.json")
ACTIVITIES = CATALOGUE["activities"]


def _codes(kind: str) -> list[str]:
    return [item["code"] for item in LISTS[kind]]


def _by_code(kind: str) -> dict[str, dict]:
    return {item["code"]: item for item in LISTS[kind]}


# ------------------------------------------------------------------------------------ lists.json


def test_lists_schema_and_departments_in_order():
    assert LISTS["schema_version"] == 1
    assert LISTS["departments"] == DEPARTMENTS


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("data_categories", DATA_CODES),
        ("subject_categories", SUBJECT_CODES),
        ("recipient_categories", RECIPIENT_CODES),
    ],
)
def test_list_codes_are_exactly_the_agreed_ones(kind, expected):
    codes = _codes(kind)
    assert len(codes) == len(set(codes)), f"duplicate codes in {kind}"
    assert set(codes) == expected
    for item in LISTS[kind]:
        assert item["name"].strip(), item["code"]
        assert item["description"].strip(), item["code"]


def test_data_category_flags():
    categories = _by_code("data_categories")
    for code, item in categories.items():
        assert item["special"] is (code in SPECIAL), code
        assert item["criminal"] is (code == "strafrechtelijk"), code
        assert item["national_number"] is (code == "rijksregisternummer"), code
    assert categories["seksuele_geaardheid"]["name"] == "Seksueel gedrag of seksuele gerichtheid"


def test_sensitive_categories_explain_themselves():
    categories = _by_code("data_categories")
    assert "bijzondere categorieën" in categories["vrije_tekst"]["description"]
    gas = categories["gas_sancties"]["description"]
    assert "artikel 10" in gas
    assert SUGGESTION in gas


# ------------------------------------------------------------------------------- activities.json


def test_catalogue_header():
    assert CATALOGUE["schema_version"] == 1
    assert CATALOGUE["note"].startswith("Suggesties — te verifiëren")


def test_enough_activities_across_departments():
    assert len(ACTIVITIES) >= 48
    assert len({a["department"] for a in ACTIVITIES}) >= 12


def test_every_department_has_an_activity():
    counts = Counter(a["department"] for a in ACTIVITIES)
    assert set(counts) <= set(DEPARTMENTS)
    assert [d for d in DEPARTMENTS if not counts[d]] == []


def test_codes_are_unique_and_one_prefix_per_department():
    codes = [a["code"] for a in ACTIVITIES]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    prefixes: dict[str, set[str]] = {}
    for activity in ACTIVITIES:
        assert re.fullmatch(r"[A-Z]{2,3}-\d{2}", activity["code"]), activity["code"]
        prefixes.setdefault(activity["department"], set()).add(activity["code"].split("-")[0])
    assert all(len(p) == 1 for p in prefixes.values()), prefixes
    assert len({next(iter(p)) for p in prefixes.values()}) == len(prefixes)


@pytest.mark.parametrize("activity", ACTIVITIES, ids=[a["code"] for a in ACTIVITIES])
class TestActivity:
    def test_has_exactly_the_agreed_keys(self, activity):
        assert set(activity) == ACTIVITY_KEYS

    def test_texts_are_filled_in(self, activity):
        for key in ("name", "description", "purposes", "legal_reference", "retention", "security_measures", "source"):
            assert isinstance(activity[key], str), key
            assert activity[key].strip(), key
        for key in ("subject_categories", "data_categories", "recipient_categories"):
            assert activity[key], key

    def test_categories_exist_in_lists(self, activity):
        for kind in ("subject_categories", "data_categories", "recipient_categories"):
            values = activity[kind]
            assert len(values) == len(set(values)), f"duplicates in {kind}"
            assert set(values) <= set(_codes(kind)), kind

    def test_enum_values_are_valid(self, activity):
        assert activity["legal_basis"] in LEGAL_BASES
        assert activity["retention_end_action"] in END_ACTIONS
        assert set(activity["channels"]) <= CHANNELS
        assert len(activity["channels"]) == len(set(activity["channels"]))
        assert set(activity["dpia_criteria"]) <= DPIA_CRITERIA
        assert len(activity["dpia_criteria"]) == len(set(activity["dpia_criteria"]))
        assert isinstance(activity["minors"], bool)
        assert isinstance(activity["third_country_transfers"], str)

    def test_public_tasks_do_not_rely_on_legitimate_interest(self, activity):
        # Art. 6(1) last sentence: public authorities cannot use (f) for their tasks.
        assert activity["legal_basis"] != "f"

    def test_legal_reference_and_retention_are_labelled_as_suggestion(self, activity):
        assert activity["legal_reference"].endswith(SUGGESTION)
        assert activity["retention"].endswith(SUGGESTION)

    def test_national_number_has_a_basis(self, activity):
        uses_it = "rijksregisternummer" in activity["data_categories"]
        assert bool(activity["national_number_basis"].strip()) is uses_it
        if uses_it:
            assert activity["national_number_basis"].endswith(SUGGESTION)

    def test_special_categories_have_an_exception(self, activity):
        uses_them = bool(SPECIAL & set(activity["data_categories"]))
        assert bool(activity["special_category_exception"].strip()) is uses_them
        if uses_them:
            assert activity["special_category_exception"].endswith(SUGGESTION)
            assert "9.2" in activity["special_category_exception"]

    def test_criminal_data_has_a_basis(self, activity):
        uses_it = "strafrechtelijk" in activity["data_categories"]
        assert bool(activity["criminal_data_basis"].strip()) is uses_it
        if uses_it:
            assert activity["criminal_data_basis"].endswith(SUGGESTION)

    def test_minors_flag_matches_subjects(self, activity):
        assert activity["minors"] is ("minderjarigen" in activity["subject_categories"])
