"""Two finishing touches to the tag tree of WeasyPrint 70, applied before the PDF is serialised.

1. Header cells get a /Scope (/Column, or /Row for a header beside data cells in the same row).
   WeasyPrint links data cells to their headers (/Headers) but writes no /Scope, which screen
   readers and accessibility checkers use to read a table.
2. Running headers and footers (the page-margin boxes: organisation, section, entry, "pagina X van
   Y") become artifacts. WeasyPrint marks their text with an MCID and builds structure elements for
   it that it then leaves out of the tree (PDF 1.7 has no artifact element); a reader following the
   tags would skip them, but the content itself still claims to be structured. Here their marked
   content becomes /Artifact and their parent-tree slots point nowhere.

Both work on pydyf objects only and leave the document untouched when it does not look as
expected: a tagging nicety must never cost a dossier.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pydyf

log = logging.getLogger(__name__)
_REFERENCE = re.compile(rb"^(\d+) 0 R$")


def _number(reference: Any) -> int | None:
    if isinstance(reference, str):
        reference = reference.encode()
    if isinstance(reference, bytes):
        match = _REFERENCE.match(reference.strip())
        return int(match.group(1)) if match else None
    return None


def _get(pdf: pydyf.PDF, reference: Any) -> Any:
    number = _number(reference)
    return pdf.objects[number] if number is not None and 0 < number < len(pdf.objects) else None


def _is_elem(obj: Any, tag: str | None = None) -> bool:
    return (
        isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem" and (tag is None or obj.get("S") == tag)
    )


def header_scopes(pdf: pydyf.PDF) -> int:
    """Set /Scope on every /TH element; returns how many."""
    count = 0
    for obj in pdf.objects:
        if not _is_elem(obj, "/TH"):
            continue
        row = _get(pdf, obj.get("P"))
        siblings = [_get(pdf, kid) for kid in (row.get("K") or [])] if _is_elem(row) else []
        scope = "/Row" if any(_is_elem(s, "/TD") for s in siblings) else "/Column"
        attributes = obj.get("A")
        if not isinstance(attributes, pydyf.Dictionary):
            attributes = pydyf.Dictionary({"O": "/Table"})
            obj["A"] = attributes
        attributes["Scope"] = scope
        count += 1
    return count


def _linked(pdf: pydyf.PDF, root: Any) -> set[int]:
    """Object numbers of every structure element reachable from the structure tree root."""
    seen: set[int] = set()
    todo = list(root.get("K") or [])
    while todo:
        number = _number(todo.pop())
        if number is None or number in seen:
            continue
        seen.add(number)
        element = pdf.objects[number]
        if isinstance(element, pydyf.Dictionary):
            todo.extend(k for k in (element.get("K") or []) if _number(k) is not None)
    return seen


def _page_streams(pdf: pydyf.PDF) -> list[Any]:
    kids = pdf.pages["Kids"]
    streams = []
    for number in kids[::3]:  # pydyf keeps /Kids as number, 0, R triplets
        page = pdf.objects[int(number)]
        streams.append(_get(pdf, page.get("Contents")))
    return streams


def margin_artifacts(pdf: pydyf.PDF) -> int:
    """Turn the marked content of unlinked structure elements into artifacts; returns how many."""
    root = _get(pdf, pdf.catalog.get("StructTreeRoot"))
    parent_tree = _get(pdf, root.get("ParentTree")) if isinstance(root, pydyf.Dictionary) else None
    if not isinstance(parent_tree, pydyf.Dictionary):
        return 0
    linked = _linked(pdf, root)
    nums = parent_tree.get("Nums") or []
    streams = _page_streams(pdf)
    changed = 0
    for index in range(0, len(nums) - 1, 2):
        page, slots = nums[index], nums[index + 1]
        if not isinstance(slots, pydyf.Array) or not isinstance(page, int) or page >= len(streams):
            continue
        orphans = {mcid for mcid, ref in enumerate(slots) if _number(ref) not in linked}
        if not orphans or not isinstance(streams[page], pydyf.Stream):
            continue
        changed += _as_artifacts(streams[page], orphans)
        for mcid in orphans:
            slots[mcid] = "null"
    return changed


def _as_artifacts(stream: pydyf.Stream, mcids: set[int]) -> int:
    """Rewrite `/Tag <</MCID n>> BDC` as `/Artifact BMC` for the given MCIDs."""
    ops = stream.stream
    changed = 0
    for i in range(len(ops) - 2):
        properties = ops[i + 1]
        if (
            ops[i + 2] == b"BDC"
            and isinstance(properties, pydyf.Dictionary)
            and properties.get("MCID") in mcids
            and isinstance(ops[i], str)
        ):
            ops[i], ops[i + 1], ops[i + 2] = "/Artifact", b"", b"BMC"
            changed += 1
    return changed


def finish_tags(pdf: pydyf.PDF) -> None:
    """Apply both; any surprise leaves the tag tree as WeasyPrint wrote it."""
    try:
        header_scopes(pdf)
        margin_artifacts(pdf)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        log.exception("tag tree left as WeasyPrint wrote it")
