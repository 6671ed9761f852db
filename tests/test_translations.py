"""Every interface language is complete, up to date with the code, and compiled.

The extraction is the very one `make translations` runs (lokaal_avg.translations.catalogues), so the test and the
Makefile cannot disagree about which folders count (Babel skips `_macros/` and `_partials/` unless told not to).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from lokaal_avg.config import default_config
from lokaal_avg.translations import catalogues

# Interface language codes (nl_BE, fr_BE, en) -> catalogue folders (fr, en); Dutch is the source language.
INTERFACE_LOCALES = sorted({code.split("_")[0] for code in default_config(Path("/nonexistent"))["LANGUAGES"]} - {"nl"})


def _key(message_id) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = catalogues.extract(tmp_path_factory.mktemp("pot") / "messages.pot")
    with pot.open("rb") as fh:
        return {_key(m.id): m for m in read_po(fh) if m.id}


def read_catalogue(locale: str):
    with catalogues.catalogue_path(locale).open("rb") as fh:
        return read_po(fh, locale=locale)


def test_every_interface_language_has_a_catalogue():
    assert set(INTERFACE_LOCALES) == set(catalogues.TARGET_LOCALES)
    assert "fr" in INTERFACE_LOCALES and "en" in INTERFACE_LOCALES


def test_extraction_reaches_underscore_folders(extracted):
    # The pager and the diff table live in templates/_macros/ui.html.
    assert {"Paginering", "Voor", "Na"} <= set(extracted)


@pytest.mark.parametrize("locale", INTERFACE_LOCALES)
def test_every_marked_string_is_in_the_catalogue(extracted, locale):
    catalogue = {_key(m.id): m for m in read_catalogue(locale) if m.id}
    missing = set(extracted) - set(catalogue)
    assert not missing, f"{len(missing)} strings not in the {locale} catalogue (run `make translations`): " + "; ".join(
        sorted(missing)[:10]
    )
    # A message that became a plural (or stopped being one) needs its catalogue entry rebuilt too.
    changed_shape = [k for k, m in extracted.items() if k in catalogue and m.id != catalogue[k].id]
    assert not changed_shape, f"run `make translations`: {changed_shape[:10]}"


@pytest.mark.parametrize("locale", INTERFACE_LOCALES)
def test_every_message_is_translated(locale):
    untranslated = [
        m.id
        for m in read_catalogue(locale)
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert not untranslated, f"{len(untranslated)} untranslated in {locale}: {untranslated[:10]}"


def _hashable(value):
    # Plural messages carry their ids and strings as lists (from .mo) or tuples (from .po).
    return value if isinstance(value, str) else tuple(value)


@pytest.mark.parametrize("locale", INTERFACE_LOCALES)
def test_compiled_catalogue_matches_the_po_file(locale):
    with catalogues.catalogue_path(locale).with_suffix(".mo").open("rb") as fh:
        compiled = {_hashable(m.id): _hashable(m.string) for m in read_mo(fh) if m.id}
    source = {_hashable(m.id): _hashable(m.string) for m in read_catalogue(locale) if m.id and m.string and not m.fuzzy}
    assert compiled == source, "run `make translations` to recompile messages.mo"
