"""Scanning one URL: fetch safely, check the transport, analyse the page, produce findings.

Public entry points: ``scan_url`` here, ``crawl_site`` in crawl.py, ``classify_field`` in
classify.py. Nothing in this package touches Flask or the database.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from lokaal_avg.scanner.checks import CheckContext, build_findings, parse_hsts, parse_set_cookie, security_headers
from lokaal_avg.scanner.evidence import scan_evidence
from lokaal_avg.scanner.fetch import FetchOutcome, Response, SafeFetcher
from lokaal_avg.scanner.netguard import Deadline
from lokaal_avg.scanner.page import PageAnalysis, analyse_html
from lokaal_avg.scanner.result import ScanResult, status_message
from lokaal_avg.scanner.settings import ScanSettings

log = logging.getLogger(__name__)

DEFAULT_SETTINGS = ScanSettings()


class InvalidUrl(ValueError):
    pass


def normalise_url(url: str) -> str:
    """An absolute http(s) URL without credentials or fragment; a bare host gets ``http://``."""
    url = (url or "").strip()
    if "://" not in url and not url.startswith("//"):
        url = "http://" + url
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port  # .port raises on a malformed port
    except ValueError as exc:
        raise InvalidUrl(str(exc)) from exc
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise InvalidUrl(url)
    if any(c.isspace() for c in url):
        raise InvalidUrl(url)
    host_part = f"[{host}]" if ":" in host else host
    netloc = f"{host_part}:{port}" if port is not None else host_part
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def counterpart(url: str, scheme: str) -> str:
    """The same address with the other scheme; default ports swap (80 ↔ 443), others stay."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.port in (80, 443):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((scheme, netloc, parts.path, parts.query, ""))


def scan_url(url: str, settings: ScanSettings = DEFAULT_SETTINGS) -> ScanResult:
    """Scan one URL. Never raises: every problem ends as a ``status`` with a Dutch message."""
    result, _links = scan_page(url, settings)
    return result


def scan_page(
    url: str, settings: ScanSettings, transport_cache: dict[str, Any] | None = None
) -> tuple[ScanResult, list[str]]:
    """scan_url plus the page's same-site links (for the crawler); never raises."""
    started = time.monotonic()
    scanned_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    try:
        result, links = _scan(url, settings, scanned_at, transport_cache)
    except Exception:
        log.exception("scan of %s failed unexpectedly", url)
        result, links = _failed(_display_url(url), scanned_at, "internal_error"), []
    result.duration_ms = int((time.monotonic() - started) * 1000)
    return result, links


def _display_url(url: object) -> str:
    """The URL as stored in a result: normalised (no credentials) when possible."""
    try:
        return normalise_url(str(url))
    except InvalidUrl:
        return str(url)[:2000]


def _failed(
    url: str, scanned_at: str, status: str, detail: str | None = None, outcome: FetchOutcome | None = None
) -> ScanResult:
    result = ScanResult(
        url=url, status=status, status_message=status_message(status, detail=detail), scanned_at=scanned_at
    )
    if outcome is not None:
        result.redirect_chain = outcome.chain
        result.final_url = outcome.chain[-1]["url"] if outcome.chain else None
    return result


def _scan(
    url: str, settings: ScanSettings, scanned_at: str, cache: dict[str, Any] | None
) -> tuple[ScanResult, list[str]]:
    try:
        target = normalise_url(url)
    except InvalidUrl:
        return _failed(_display_url(url), scanned_at, "invalid_url"), []
    # From here on the result names the normalised URL: credentials never reach storage.
    deadline = Deadline(settings.total_timeout)
    with SafeFetcher(settings, deadline) as fetcher:
        outcome = fetcher.fetch(target)
        response = outcome.response
        if response is None:
            failed = _failed(target, scanned_at, outcome.status, outcome.detail, outcome)
            failed.evidence = scan_evidence(fetcher.requests, None, settings.max_evidence_copy)
            return failed, []
        result = _base_result(target, scanned_at, outcome, response)
        context = _check_transport(fetcher, target, outcome, result, cache)
        result.evidence = scan_evidence(fetcher.requests, response, settings.max_evidence_copy)
    analysis = PageAnalysis()
    if response.body is not None:
        analysis = analyse_html(
            response.body, _charset(response), response.url, settings.max_forms, settings.max_fields
        )
    _apply_analysis(result, analysis)
    _mark_incomplete(result, analysis)
    result.findings = build_findings(result, context)
    return result, analysis.resources.links


def _mark_incomplete(result: ScanResult, analysis: PageAnalysis) -> None:
    """A page only partly read never passes for "ok": what was skipped could hold personal data."""
    if result.status != "ok":
        return
    reasons = []
    if analysis.too_deep:
        reasons.append("de pagina is te diep genest (meer dan 256 niveaus); de rest werd niet gelezen")
    if analysis.forms_truncated:
        reasons.append(f"alleen de eerste {len(analysis.forms)} van {analysis.form_count} formulieren")
    truncated = [str(form.index + 1) for form in analysis.forms if form.fields_truncated]
    if truncated:
        reasons.append(f"niet alle velden van formulier {', '.join(truncated)}")
    if reasons:
        result.status = "incomplete"
        result.status_message = status_message("incomplete", detail="; ".join(reasons))


def _base_result(url: str, scanned_at: str, outcome: FetchOutcome, response: Response) -> ScanResult:
    status = _page_status(response)
    detail = response.content_type if status == "not_html" else None
    headers = {
        name: response.header(name)
        for name in (
            "content-security-policy",
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
            "strict-transport-security",
        )
    }
    cookies = [c for c in (parse_set_cookie(v) for v in outcome.set_cookies) if c is not None]
    return ScanResult(
        url=url,
        status=status,
        status_message=status_message(status, response.status, detail),
        scanned_at=scanned_at,
        final_url=response.url,
        http_status=response.status,
        content_type=response.content_type,
        redirect_chain=outcome.chain,
        headers=security_headers(headers),
        cookies=_unique_cookies(cookies),
    )


def _page_status(response: Response) -> str:
    if not response.is_html:
        return "not_html"
    if response.too_large:
        return "too_large"
    if response.status >= 400:
        return "http_error"
    return "ok"


def _unique_cookies(cookies: list[Any]) -> list[Any]:
    by_name = {}
    for cookie in cookies:
        by_name[cookie.name] = cookie  # the last Set-Cookie of a name is what the browser keeps
    return list(by_name.values())


def _charset(response: Response) -> str | None:
    header = response.header("content-type") or ""
    for part in header.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            return value.strip() or None
    return None


@dataclass
class _Transport:
    https: dict[str, Any]
    certificate: dict[str, Any] | None
    hsts: dict[str, Any]
    hsts_header: str | None
    redirect_to_https: bool | None
    conclusive: bool


def _check_transport(
    fetcher: SafeFetcher, target: str, outcome: FetchOutcome, result: ScanResult, cache: dict[str, Any] | None
) -> CheckContext:
    """HTTPS availability, certificate, HSTS and the http → https redirect, probing as needed."""
    final = outcome.response.url if outcome.response else target
    cache_key = f"{urlsplit(target).scheme}://{urlsplit(final).netloc}"
    transport = cache.get(cache_key) if cache is not None else None
    if transport is None:
        transport = _probe_transport(fetcher, target, outcome)
        if cache is not None:
            cache[cache_key] = transport
    result.https = transport.https
    result.certificate = transport.certificate
    result.hsts = transport.hsts
    result.redirect_to_https = transport.redirect_to_https
    if transport.hsts_header and not result.headers.get("strict-transport-security"):
        result.headers["strict-transport-security"] = transport.hsts_header
    return CheckContext(https_conclusive=transport.conclusive)


def _probe_transport(fetcher: SafeFetcher, target: str, outcome: FetchOutcome) -> _Transport:
    https_response = outcome.https_response
    conclusive = True
    error = None
    if https_response is None:
        final = outcome.response.url if outcome.response else target
        probe = fetcher.fetch(counterpart(final, "https"), read_body=False)
        https_response = probe.https_response
        if https_response is None:
            error = status_message(probe.status if probe.status != "ok" else "tls_error", detail=probe.detail)
            conclusive = not fetcher.deadline.expired() and probe.status not in ("timeout", "blocked_private_address")
    if target.startswith("http://"):
        redirect = bool(outcome.response and outcome.response.url.startswith("https://"))
    else:
        redirect = _http_redirects(fetcher, target)
    hsts_header = https_response.header("strict-transport-security") if https_response else None
    return _Transport(
        https={"available": https_response is not None, "error": error},
        certificate=https_response.certificate if https_response else None,
        hsts=parse_hsts(hsts_header),
        hsts_header=hsts_header,
        redirect_to_https=redirect,
        conclusive=conclusive,
    )


def _http_redirects(fetcher: SafeFetcher, https_url: str) -> bool | None:
    """Does the http version of an https address end on https? None when nothing answers on http."""
    probe = fetcher.fetch(counterpart(https_url, "http"), read_body=False)
    if probe.response is None:
        return None
    if probe.response.url.startswith("https://"):
        return True
    return False if probe.response.status < 400 else None


def _apply_analysis(result: ScanResult, analysis: PageAnalysis) -> None:
    result.forms = analysis.forms
    result.form_count = analysis.form_count
    result.forms_truncated = analysis.forms_truncated
    result.mixed_content = {"active": analysis.resources.mixed_active, "passive": analysis.resources.mixed_passive}
    result.third_parties = analysis.resources.third_parties
