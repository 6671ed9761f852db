"""`make translations` merges the pending translation files other engineers leave in translations/pending/."""

from __future__ import annotations

import gettext
import json
import shutil

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from lokaal_avg.translations import catalogues
from lokaal_avg.translations.merge import PendingFileError, load_pending, merge_pending


def write_catalogue(path, locale, messages):
    catalogue = Catalog(locale=locale)
    # As in our catalogues: French with the two gettext forms (CLDR's third form is for 1,000,000s).
    catalogue.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n > 1);")]
    for msgid, string in messages:
        catalogue.add(msgid, string)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalogue)
    return path


def read(path, locale):
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


@pytest.fixture
def pending(tmp_path):
    folder = tmp_path / "pending"
    folder.mkdir()

    def add(name, entries):
        path = folder / f"{name}.json"
        path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        return path

    add.folder = folder
    return add


def test_fills_only_empty_entries_and_leaves_reviewed_ones(tmp_path, pending):
    po = write_catalogue(
        tmp_path / "fr.po",
        "fr",
        [
            ("Nieuwe dienst", ""),
            ("Opslaan", "Enregistrer (relu)"),
            (("%(num)s verwerking", "%(num)s verwerkingen"), ("", "")),
        ],
    )
    pending(
        "jan",
        {
            "Nieuwe dienst": {"en": "New department", "fr": "Nouveau service"},
            "Opslaan": {"en": "Save", "fr": "Sauver"},
            "%(num)s verwerking": {
                "plural": "%(num)s verwerkingen",
                "en": ["%(num)s activity", "%(num)s activities"],
                "fr": ["%(num)s traitement", "%(num)s traitements"],
            },
            "Bestaat (nog) niet in de code": {"en": "Not in the code", "fr": "Pas dans le code"},
        },
    )
    report = merge_pending(pending.folder, {"fr": po})
    catalogue = read(po, "fr")
    assert catalogue["Nieuwe dienst"].string == "Nouveau service"
    assert catalogue["Opslaan"].string == "Enregistrer (relu)"
    assert catalogue["%(num)s verwerking"].string == ("%(num)s traitement", "%(num)s traitements")
    assert catalogue.get("Bestaat (nog) niet in de code") is None
    assert report.filled == {"fr": 2}
    assert report.unknown == {"Bestaat (nog) niet in de code"}


def test_refuses_translations_whose_placeholders_or_plural_forms_do_not_fit(tmp_path, pending):
    po = write_catalogue(
        tmp_path / "en.po",
        "en",
        [("Dienst %(name)s", ""), (("%(num)s actie", "%(num)s acties"), ("", "")), ("Wachtwoord", "")],
    )
    pending(
        "piet",
        {
            "Dienst %(name)s": {"en": "Department %(naam)s"},
            "%(num)s actie": {"plural": "%(num)s acties", "en": ["%(num)s action"]},
            "Wachtwoord": {"en": ""},
        },
    )
    report = merge_pending(pending.folder, {"en": po})
    catalogue = read(po, "en")
    assert not catalogue["Dienst %(name)s"].string
    assert catalogue["%(num)s actie"].string == ("", "")
    assert not catalogue["Wachtwoord"].string
    assert len(report.rejected) == 3
    assert report.filled == {"en": 0}


def test_the_first_file_wins_and_files_stay_untouched(tmp_path, pending):
    po = write_catalogue(tmp_path / "en.po", "en", [("Kanaal", "")])
    first = pending("a_first", {"Kanaal": {"en": "Channel"}})
    second = pending("b_second", {"Kanaal": {"en": "Chanel"}})
    before = (first.read_bytes(), second.read_bytes())
    merge_pending(pending.folder, {"en": po})
    assert read(po, "en")["Kanaal"].string == "Channel"
    assert (first.read_bytes(), second.read_bytes()) == before


def test_a_broken_file_is_named(pending):
    pending("kapot", {"Kanaal": "Channel"})
    with pytest.raises(PendingFileError, match=r"kapot\.json"):
        load_pending(pending.folder)
    (pending.folder / "kapot.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(PendingFileError, match=r"kapot\.json"):
        load_pending(pending.folder)


def test_no_pending_folder_means_nothing_to_merge(tmp_path):
    assert load_pending(tmp_path / "does-not-exist") == {}


def test_make_translations_merges_and_compiles(tmp_path, pending):
    """The whole build on a copy of the real catalogues: a blanked entry comes back from a pending file."""
    directory = tmp_path / "translations"
    for locale in catalogues.TARGET_LOCALES:
        shutil.copytree(catalogues.TRANSLATIONS / locale, directory / locale)
    french = catalogues.catalogue_path("fr", directory)
    catalogue = read(french, "fr")
    catalogue["Paginering"].string = ""
    with french.open("wb") as fh:
        write_po(fh, catalogue)
    pending("lead", {"Paginering": {"en": "Paging", "fr": "Pagination des résultats"}})

    report = catalogues.build(directory, pending.folder)

    assert report.filled["fr"] == 1
    assert report.filled["en"] == 0  # English already had it
    compiled = gettext.translation("messages", str(directory), languages=["fr"])
    assert compiled.gettext("Paginering") == "Pagination des résultats"
    assert compiled.ngettext("%(count)s actie", "%(count)s acties", 2) == "%(count)s actions"
