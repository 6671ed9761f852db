"""A speed fix for pydyf (WeasyPrint's PDF writer) that large tagged dossiers need.

pydyf 0.13 computes `PDF.page_references` afresh on every access: a tuple of every page's
reference. WeasyPrint's PDF tagging reads it once per tagged element, so a tagged document
costs O(elements x pages): for a 300-activity dossier (325 pages, ~75,000 reads) that was
15 of its 60 seconds. The replacement returns the same tuple, cached until a page is added
(`PDF.add_page` only ever appends to /Kids, so its length identifies its content).

Applied once on import of lokaal_avg.dossiers.render, and only to the pydyf versions whose
property was checked to behave like this; other versions are left alone.
"""

from __future__ import annotations

from importlib.metadata import version

import pydyf

PATCHED_VERSIONS = ("0.13.",)
_CACHE = "_lokaal_avg_page_references"


def _cached_page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get(_CACHE)
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__[_CACHE] = cached
    return cached[1]


ORIGINAL = pydyf.PDF.page_references


def apply() -> bool:
    """Install the cached property; returns whether it is active."""
    if pydyf.PDF.page_references is not ORIGINAL and isinstance(pydyf.PDF.page_references, property):
        return True  # applied before
    if not version("pydyf").startswith(PATCHED_VERSIONS) or not isinstance(ORIGINAL, property):
        return False
    pydyf.PDF.page_references = property(_cached_page_references)
    return True
