"""Scan settings: limits that keep a scan of a hostile or broken site bounded."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScanSettings:
    """Limits and options for one scan. The caller maps configuration onto these fields.

    ``allow_private`` switches the SSRF guard off (the caller reads
    ``LOKAAL_AVG_SCAN_ALLOW_PRIVATE=1``); ``allowed_networks`` lets specific CIDR ranges
    through while the guard stays on (for example an intranet the organisation owns).
    """

    allow_private: bool = False
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0  # wall clock for the whole scan of one URL, probes included
    max_bytes: int = 2_000_000  # per response, after decompression
    max_redirects: int = 10
    max_forms: int = 50  # forms analysed per page; the rest are counted
    max_fields: int = 500  # fields analysed per page
    max_evidence_copy: int = 300_000  # the gzip'ed copy of the page kept as evidence; larger: hash only
    user_agent: str = "lokaal_avg-scanner/1.2 (+AVG-controle lokaal bestuur)"
    verify_ca: str | None = None  # CA bundle path; None = certifi's bundle
    allowed_networks: tuple[str, ...] = ()
