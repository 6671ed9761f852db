"""The field classifier: the labelled corpus and the tricky cases one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from lokaal_avg.scanner import CATEGORIES, FormField, classify_field
from lokaal_avg.scanner.evaluate import evaluate, format_table, main
from lokaal_avg.scanner.html_forms import extract_forms, parse_html

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def corpus_evaluation():
    return evaluate(CORPUS)


def test_corpus_is_large_and_fully_labelled(corpus_evaluation):
    pages = list(CORPUS.glob("*.html"))
    assert len(pages) >= 40
    languages = [parse_html(p.read_bytes()).get("lang", "")[:2] for p in pages]
    assert languages.count("fr") >= 6 and languages.count("en") >= 6
    assert corpus_evaluation.missing_labels == []
    assert corpus_evaluation.unknown_labels == []
    assert {o.expected for o in corpus_evaluation.outcomes} - {None} <= set(CATEGORIES)


def test_corpus_precision_and_recall(corpus_evaluation):
    table = format_table(corpus_evaluation)
    assert corpus_evaluation.precision >= 0.98, table
    assert corpus_evaluation.recall >= 0.975, table


def test_evaluate_command_prints_the_table(capsys):
    assert main([str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert "overall (micro)" in out and "rijksregisternummer" in out


def field(label: str = "", **kwargs) -> FormField:
    return FormField(tag=kwargs.pop("tag", "input"), type=kwargs.pop("type", "text"), label=label, **kwargs)


@pytest.mark.parametrize(
    ("made", "category", "kind"),
    [
        (field("Huisnummer"), "contact", "house_number"),
        (field("Telefoonnummer"), "contact", "phone"),
        (field("Rijksregisternummer"), "rijksregisternummer", "national_number"),
        (field("Kaartnummer identiteitskaart"), "identiteitsdocument", "id_card_number"),
        (field("Ondernemingsnummer"), None, "enterprise_number"),
        (field("Nummerplaat"), "voertuig", "license_plate"),
        (field("Nr."), "contact", "house_number"),
        (field("Nummer van de machtiging"), None, "other"),
        (field("Postcode"), "contact", "postal_code"),
        (field("Kortingscode"), None, "other"),
        (field("Naam van de vereniging"), None, "organisation_name"),
        (field("Bedrijfsnaam"), None, "organisation_name"),
        (field("Datum van het evenement", type="date"), None, "date"),
        (field("Geboortedatum", type="date"), "geboortedatum", "birth_date"),
        (field("Dag", legend="Geboortedatum"), "geboortedatum", "birth_date"),
        (field("Dag", legend="Datum van de activiteit"), None, "date_part"),
        (field("Adres van het evenement"), None, "place"),
        (field("Rijksregisternummer", type="tel"), "rijksregisternummer", "national_number"),
        (field("Gsm", type="tel"), "contact", "phone"),
        (field("Bijlage", type="file"), "vrije_tekst", "attachment"),
        (field("Pasfoto", type="file"), "beeld_geluid", "photo"),
        (field("Medisch attest", type="file"), "gezondheid", "health"),
        (field("", tag="textarea", type="textarea", name="x1"), "vrije_tekst", "free_text"),
        (field("Allergieën"), "gezondheid", "health"),
        (field("Numéro de téléphone"), "contact", "phone"),
        (field("Numéro de registre national"), "rijksregisternummer", "national_number"),
        (field("Code postal"), "contact", "postal_code"),
        (field("Date de naissance"), "geboortedatum", "birth_date"),
        (field("Lieu de naissance"), "identificatie", "birth_place"),
        (field("House number"), "contact", "house_number"),
        (field("Number of participants", type="number"), None, "quantity"),
        (field("", name="txtVoornaam"), "identificatie", "given_name"),
        (field("", placeholder="E-mailadres"), "contact", "email"),
        (field("", aria_label="Familienaam"), "identificatie", "family_name"),
        (field("Huisnummer", name="telefoon"), "contact", "house_number"),  # the label wins over the id
    ],
)
def test_tricky_fields(made, category, kind):
    result = classify_field(made)
    assert (result.category, result.kind) == (category, kind)


@pytest.mark.parametrize(
    ("made", "kind"),
    [
        (field("", name="csrfmiddlewaretoken"), "csrf"),
        (field("", name="__RequestVerificationToken"), "csrf"),
        (field("", type="search", name="q"), "search"),
        (field("Zoeken", name="keys"), "search"),
        (field("Laat dit veld leeg", name="hp"), "honeypot"),
        (field("", name="website", hidden_hint=True), "honeypot"),
        (field("Hoeveel is 3 + 4?", name="antwoord"), "captcha"),
        (field("Ik ga akkoord met de privacyverklaring", type="checkbox"), "consent"),
        (field("J'accepte les conditions", type="checkbox"), "consent"),
    ],
)
def test_ignored_fields(made, kind):
    result = classify_field(made)
    assert (result.kind, result.category, result.method) == (kind, None, "ignored")


def test_autocomplete_token_comes_first():
    result = classify_field(field("Telefoon", autocomplete="section-a shipping email"))
    assert (result.kind, result.method, result.confidence) == ("email", "autocomplete", 0.95)
    assert classify_field(field("Telefoon", autocomplete="off")).kind == "phone"
    assert classify_field(field("Telefoon", autocomplete="nonsense")).method == "pattern"


def test_gender_radio_group_and_select():
    html = b"""<form><p>Geslacht</p>
    <label><input type=radio name=g value=m> Man</label><label><input type=radio name=g value=v> Vrouw</label>
    <select name=s><option>Homme</option><option>Femme</option><option>X</option></select></form>"""
    fields = extract_forms(parse_html(html), "https://x.be/").forms[0].fields
    assert [f.name for f in fields] == ["g", "s"]
    assert fields[0].options == ("Man", "Vrouw")
    assert [classify_field(f).category for f in fields] == ["geslacht", "geslacht"]
