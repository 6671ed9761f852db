"""The English catalogue is complete, up to date with the code, and compiled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "lokaal_avg" / "translations" / "en" / "LC_MESSAGES"


def extracted_msgids(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "N_",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def english_catalogue():
    with (CATALOGUE / "messages.po").open("rb") as fh:
        return read_po(fh)


def test_every_marked_string_is_in_the_english_catalogue(tmp_path):
    catalogue_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in english_catalogue() if m.id}
    missing = extracted_msgids(tmp_path) - catalogue_ids
    assert not missing, f"{len(missing)} strings not in the English catalogue (run `make translations`): " + "; ".join(
        sorted(missing)[:10]
    )


def test_every_english_message_is_translated():
    untranslated = [
        m.id
        for m in english_catalogue()
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:10]}"


def _hashable(value):
    # Plural messages carry their ids and strings as lists (from .mo) or tuples (from .po).
    return value if isinstance(value, str) else tuple(value)


def test_compiled_catalogue_matches_the_po_file():
    with (CATALOGUE / "messages.mo").open("rb") as fh:
        compiled = {_hashable(m.id): _hashable(m.string) for m in read_mo(fh) if m.id}
    source = {_hashable(m.id): _hashable(m.string) for m in english_catalogue() if m.id and m.string and not m.fuzzy}
    assert compiled == source, "run `make translations` to recompile messages.mo"
