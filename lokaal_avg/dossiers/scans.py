"""The evidence of a channel's latest scan, read from the stored scan JSON (docs/scan-json.md).

The dossier only summarises: what an inspector needs to see per channel is whether data
travels encrypted, whether the certificate holds, and who else receives it. Reading is
defensive: a missing key means "not known", never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lokaal_avg.scanning.models import Scan


@dataclass(frozen=True)
class ScanEvidence:
    scan_id: int
    scanned_at: datetime | None
    url: str
    final_url: str | None
    status: str
    status_message: str
    https: bool | None
    certificate_valid: bool | None
    certificate_days: int | None
    certificate_error: str | None
    redirect_to_https: bool | None
    hsts: bool | None
    form_count: int
    insecure_form: bool
    trackers: tuple[str, ...]
    third_parties: tuple[str, ...]
    counts: dict[str, int]
    demo: bool = False  # demo evidence: a rebuilt page on 127.0.0.1, a certificate of the demo's own CA

    @property
    def served_over_https(self) -> bool:
        """The page was reached over HTTPS with a certificate that holds."""
        return bool(
            not self.demo and self.final_url and self.final_url.startswith("https://") and self.certificate_valid
        )

    @classmethod
    def of(cls, scan: Scan | None) -> ScanEvidence | None:
        if scan is None:
            return None
        result: dict[str, Any] = scan.result or {}
        cert = result.get("certificate") or {}
        parties = result.get("third_parties") or []
        forms = result.get("forms") or []
        return cls(
            scan_id=scan.id,
            scanned_at=scan.finished_at or scan.started_at,
            url=scan.url,
            final_url=scan.final_url or result.get("final_url"),
            status=scan.status,
            status_message=str(result.get("status_message") or ""),
            https=(result.get("https") or {}).get("available"),
            certificate_valid=cert.get("valid") if cert else None,
            certificate_days=cert.get("days_remaining") if cert else None,
            certificate_error=cert.get("error") if cert else None,
            redirect_to_https=result.get("redirect_to_https"),
            hsts=(result.get("hsts") or {}).get("present"),
            form_count=int(result.get("form_count") or len(forms)),
            insecure_form=any(f.get("insecure_action") for f in forms),
            trackers=tuple(sorted({p["tracker"] for p in parties if p.get("tracker")})),
            third_parties=tuple(sorted({p["host"] for p in parties if p.get("host") and not p.get("tracker")})),
            counts={"kritiek": scan.critical, "hoog": scan.high, "midden": scan.medium, "laag": scan.low},
            demo=bool(scan.demo),
        )
