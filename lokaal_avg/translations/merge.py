"""Fill empty catalogue entries from the pending translation files other engineers leave behind.

A pending file (translations/pending/<name>.json) maps a Dutch msgid to its translations:

    {"Dutch msgid": {"en": "...", "fr": "..."},
     "Dutch singular": {"plural": "Dutch plural", "en": ["one", "other"], "fr": ["one", "other"]}}

Only entries the code actually uses (present after `pybabel update`) and that are still empty or fuzzy are
filled: a translation someone already reviewed in the catalogue wins over a pending file. The pending files
themselves are left untouched; the lead deletes them once merged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


class PendingFileError(ValueError):
    """A pending file that cannot be merged as written (bad JSON or shape); names the file and the entry."""


@dataclass
class MergeReport:
    filled: dict[str, int] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)  # msgids no code uses (yet): nothing to fill
    rejected: list[str] = field(default_factory=list)  # entries whose shape or placeholders do not fit


def load_pending(directory: Path) -> dict[str, dict]:
    """All pending entries, file by file in name order; a later file does not overwrite an earlier one."""
    merged: dict[str, dict] = {}
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PendingFileError(f"{path.name}: geen geldige JSON ({exc})") from exc
        if not isinstance(entries, dict):
            raise PendingFileError(f"{path.name}: verwacht een object {{msgid: vertalingen}}")
        for msgid, value in entries.items():
            if not isinstance(value, dict):
                raise PendingFileError(f"{path.name}: {msgid!r} heeft geen object met vertalingen")
            merged.setdefault(msgid, value)
    return merged


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def _is_empty(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return message.fuzzy or not all(strings)


def _translation_for(message: Message, entry: dict, locale: str, plural_count: int) -> str | tuple[str, ...] | None:
    """The pending translation in the shape the catalogue message needs, or None when it does not fit."""
    value = entry.get(locale)
    if message.pluralizable:
        if entry.get("plural") != message.id[1] or not isinstance(value, list) or len(value) != plural_count:
            return None
        if not all(isinstance(v, str) and v.strip() for v in value):
            return None
        sources = (message.id[0], message.id[1])
        if any(_placeholders(v) - _placeholders(" ".join(sources)) for v in value):
            return None
        return tuple(value)
    if not isinstance(value, str) or not value.strip() or "plural" in entry:
        return None
    if _placeholders(value) != _placeholders(message.id):
        return None
    return value


def merge_into_catalogue(catalogue: Catalog, pending: dict[str, dict], report: MergeReport) -> int:
    locale = str(catalogue.locale)
    filled = 0
    for msgid, entry in pending.items():
        if locale not in entry:
            continue
        message = catalogue.get(msgid)
        if message is None:
            report.unknown.add(msgid)
            continue
        if not _is_empty(message):
            continue
        translation = _translation_for(message, entry, locale, catalogue.num_plurals)
        if translation is None:
            report.rejected.append(f"{locale}: {msgid!r}")
            continue
        message.string = translation
        message.flags.discard("fuzzy")
        filled += 1
    return filled


def merge_pending(directory: Path, catalogue_paths: dict[str, Path]) -> MergeReport:
    """Merge every pending file into each catalogue that exists; rewrite a catalogue only when it changed."""
    pending = load_pending(directory)
    report = MergeReport()
    for locale, path in catalogue_paths.items():
        if not path.exists():
            continue
        with path.open("rb") as fh:
            catalogue = read_po(fh, locale=locale)
        report.filled[locale] = merge_into_catalogue(catalogue, pending, report)
        if report.filled[locale]:
            with path.open("wb") as fh:
                write_po(fh, catalogue, omit_header=False, ignore_obsolete=True, include_previous=False)
    return report
