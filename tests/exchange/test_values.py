"""Reading cell values: legal bases, dates, lists and column titles in three languages."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lokaal_avg.exchange import values
from lokaal_avg.exchange.fields import recognise


@pytest.mark.parametrize(
    ("cell", "basis"),
    [
        ("c", "c"),
        ("C)", "c"),
        ("6.1.c", "c"),
        ("art. 6(1)(e) AVG", "e"),
        ("Wettelijke verplichting", "c"),
        ("obligation légale", "c"),
        ("Mission d'intérêt public", "e"),
        ("public task", "e"),
        ("Toestemming", "a"),
        ("Gerechtvaardigd belang", "f"),
        ("b) Uitvoering van een overeenkomst", "b"),
    ],
)
def test_legal_basis_in_every_notation(app, cell, basis):
    with app.test_request_context():
        assert values.parse_legal_basis(cell) == (basis, None)


def test_several_or_unknown_legal_bases_are_reported(app):
    with app.test_request_context():
        first, note = values.parse_legal_basis("Wettelijke verplichting\nTaak van algemeen belang")
        assert first == "c" and "Meerdere rechtsgronden" in note
        assert values.parse_legal_basis("volgens de wet")[0] is None


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("31/12/2024", date(2024, 12, 31)),
        ("1-2-2025", date(2025, 2, 1)),
        ("2025-02-01", date(2025, 2, 1)),
        (45657, date(2024, 12, 31)),  # an Excel serial number
        (datetime(2024, 12, 31, 0, 0), date(2024, 12, 31)),
    ],
)
def test_dates(app, cell, day):
    with app.test_request_context():
        assert values.parse_date(cell) == (day, None)


def test_unreadable_date(app):
    with app.test_request_context():
        assert "Onleesbare datum" in values.parse_date("31/02/2024")[1]


def test_lists_in_one_cell():
    assert values.split_list("Inwoners\nMinderjarigen; Personeel") == ["Inwoners", "Minderjarigen", "Personeel"]
    assert values.split_list("Inwoners, Personeel") == ["Inwoners", "Personeel"]
    assert values.split_list("• Inwoners\n• Inwoners") == ["Inwoners"]


@pytest.mark.parametrize(
    ("title", "field"),
    [
        ("NAAM VAN DE\nVERWERKING", "name"),
        ("Dénomination", "name"),
        ("Finalité(s)", "purposes"),
        ("Doeleinde(n)", "purposes"),
        ("Fondement juridique", "legal_basis"),
        ("Lawful basis", "legal_basis"),
        ("Personnes concernées", "subject_categories"),
        ("Catégories de destinataires", "recipient_categories"),
        ("Durée de conservation", "retention"),
        ("Mesures de sécurité", "security_measures"),
        ("Numéro de registre national", "national_number"),
        ("Sous-traitant(s)", "processors"),
        ("Pays tiers", "third_country_transfers"),
        ("Date de fin", "end_date"),
        ("Traitement de remplacement", "replaced_by"),
        ("AIPD", "dpia"),
        ("Opmerkingen", None),
    ],
)
def test_titles_in_three_languages(title, field):
    assert recognise(title) == field
