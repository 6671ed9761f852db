"""The evidence block of a scan: what was asked, where it went, and what came back.

An authority must be able to check a scan without trusting the scanner: every request with
the address it connected to and all response headers, the SHA-256 of the page as received
and a compressed copy of it (so the hash can be recomputed), the certificate details (in the
``certificate`` block) and the versions of the scanner and of the tracker list.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from typing import Any

from lokaal_avg.scanner.fetch import Response
from lokaal_avg.scanner.result import SCANNER_VERSION
from lokaal_avg.scanner.sites import tracker_list_version


def body_evidence(response: Response | None, copy_limit: int) -> dict[str, Any] | None:
    """Hashes of the page body and a gzip+base64 copy when it fits within ``copy_limit`` bytes."""
    if response is None or response.body is None:
        return None
    body = response.body
    packed = gzip.compress(body, compresslevel=9, mtime=0)
    fits = len(packed) <= copy_limit
    return {
        "sha256": hashlib.sha256(body).hexdigest(),
        "bytes": len(body),
        "wire_sha256": response.wire_sha256,
        "wire_bytes": response.wire_bytes,
        "content_encoding": response.header("content-encoding"),
        "copy": base64.b64encode(packed).decode("ascii") if fits else None,
        "copy_encoding": "gzip+base64" if fits else None,
        "copy_omitted": None if fits else f"gecomprimeerd {len(packed)} bytes > limiet {copy_limit}",
    }


def scan_evidence(requests: list[dict[str, Any]], response: Response | None, copy_limit: int) -> dict[str, Any]:
    return {
        "scanner_version": SCANNER_VERSION,
        "tracker_list_version": tracker_list_version(),
        "requests": requests,
        "page_ip": response.peer_ip if response else None,
        "body": body_evidence(response, copy_limit),
    }


def restore_copy(body: dict[str, Any]) -> bytes | None:
    """The stored copy of the page, for checking it against its SHA-256."""
    if not body or not body.get("copy"):
        return None
    return gzip.decompress(base64.b64decode(body["copy"]))
