"""Checking a dossier file someone hands back: is it, byte for byte, a dossier of this organisation?

The SHA-256 of the uploaded bytes is looked up among the organisation's dossiers. A file that
matches none may still call itself a dossier (its PDF title): then it was changed after it was
made, and the reader is told so. Only this organisation's dossiers are searched, so the page never
reveals what another organisation made.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO

from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.dossiers.models import Dossier
from lokaal_avg.organisations.models import Organisation

CHUNK = 1 << 16
# Far above the largest dossier (a 300-activity register is a few MB); set DOSSIER_VERIFY_MAX_BYTES to change.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class TooLarge(ValueError):
    """The upload is larger than any dossier this application makes."""


@dataclass(frozen=True)
class Verification:
    sha256: str
    size: int
    dossier: Dossier | None
    claimed_title: str | None  # the PDF's own title when no dossier matches

    @property
    def matches(self) -> bool:
        return self.dossier is not None


def digest(stream: IO[bytes], max_bytes: int) -> tuple[str, bytes]:
    """SHA-256 and content of stream, refusing more than max_bytes (read in chunks)."""
    sha = hashlib.sha256()
    content = io.BytesIO()
    while chunk := stream.read(CHUNK):
        if content.tell() + len(chunk) > max_bytes:
            raise TooLarge
        sha.update(chunk)
        content.write(chunk)
    return sha.hexdigest(), content.getvalue()


def pdf_title(content: bytes) -> str | None:
    """The document title a PDF claims, if it is a readable PDF at all."""
    import pikepdf  # only when a file is checked: the application starts without the PDF libraries

    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            title = pdf.docinfo.get("/Title")
            return str(title) if title else None
    except (pikepdf.PdfError, ValueError, OSError):
        return None


def verify(org: Organisation, stream: IO[bytes], max_bytes: int) -> Verification:
    sha, content = digest(stream, max_bytes)
    dossier = db.session.scalars(
        select(Dossier).where(Dossier.organisation_id == org.id, Dossier.sha256 == sha).order_by(Dossier.version)
    ).first()
    claimed = None if dossier is not None else pdf_title(content)
    return Verification(sha, len(content), dossier, claimed)
