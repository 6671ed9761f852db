"""Extract, update, merge and compile the message catalogues: one definition for `make translations` and tests.

Babel skips directories whose names start with "_" or "." unless told otherwise; our templates live partly in
`_macros/` and `_partials/`, so the ignore list is spelled out here (only dot-directories such as .venv and Python's
`__pycache__`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from lokaal_avg.translations.merge import MergeReport, PendingFileError, merge_pending

TRANSLATIONS = Path(__file__).resolve().parent
ROOT = TRANSLATIONS.parent.parent
POT = TRANSLATIONS / "messages.pot"
PENDING = TRANSLATIONS / "pending"
# Dutch is the source language; these are the catalogues we translate into.
TARGET_LOCALES = ("en", "fr")
KEYWORDS = ("_l", "lazy_gettext", "lazy_ngettext:1,2", "N_", "deferred_gettext", "deferred_ngettext:1,2")
IGNORED_DIRECTORIES = ".* __pycache__"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(output: Path = POT) -> Path:
    """Every marked message of every Python file and template (underscore folders included) into a .pot file."""
    keyword_args = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    _pybabel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        *keyword_args,
        "--ignore-dirs",
        IGNORED_DIRECTORIES,
        "--no-location",
        "--sort-output",
        "-o",
        str(output),
        str(ROOT),
    )
    add_data_sentences(output)
    return output


def data_msgids() -> list[str]:
    """Dutch text that lives in data, not in code, and is translated when shown.

    The scan engine writes finished sentences from its own templates (scanning/texts.py, no gettext there;
    remediation/finding_texts.py reads them back), and the seeded lists (catalogue/lists.json: data
    categories, data subjects, recipients) give every organisation Dutch names and descriptions
    (register/models.py shows them through the catalogue; names an organisation types stay as typed).
    """
    from lokaal_avg.catalogue.services import seeded_list_texts
    from lokaal_avg.remediation.finding_texts import scan_msgids

    return sorted({*scan_msgids(), *seeded_list_texts()})


def add_data_sentences(template: Path) -> None:
    with template.open("rb") as fh:
        catalogue = read_po(fh)
    for msgid in data_msgids():
        if msgid not in catalogue:
            catalogue.add(msgid, flags=("python-format",) if "%(" in msgid else ())
    with template.open("wb") as fh:
        write_po(fh, catalogue, sort_output=True)


def catalogue_path(locale: str, directory: Path = TRANSLATIONS) -> Path:
    return directory / locale / "LC_MESSAGES" / "messages.po"


def update(template: Path = POT, directory: Path = TRANSLATIONS) -> None:
    for locale in TARGET_LOCALES:
        command = "update" if catalogue_path(locale, directory).exists() else "init"
        options = ["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []
        _pybabel(command, "-i", str(template), "-d", str(directory), "-l", locale, *options)


def compile_all(directory: Path = TRANSLATIONS) -> None:
    _pybabel("compile", "-d", str(directory))


def build(directory: Path = TRANSLATIONS, pending: Path = PENDING) -> MergeReport:
    """What `make translations` does: extract, update every catalogue, fill it from pending files, compile."""
    template = extract(directory / "messages.pot")
    update(template, directory)
    report = merge_pending(pending, {locale: catalogue_path(locale, directory) for locale in TARGET_LOCALES})
    compile_all(directory)
    return report


def main() -> int:
    try:
        report = build()
    except PendingFileError as exc:
        print(f"{PENDING.name}/{exc}", file=sys.stderr)
        return 1
    for locale, count in report.filled.items():
        if count:
            print(f"{locale}: {count} vertalingen uit {PENDING.name}/ overgenomen")
    for entry in report.rejected:
        print(f"niet overgenomen (vorm of plaatshouders kloppen niet): {entry}", file=sys.stderr)
    if report.unknown:
        print(f"{len(report.unknown)} vertalingen in {PENDING.name}/ voor teksten die de code niet (meer) gebruikt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
