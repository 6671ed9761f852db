"""The checks of DOMAIN.md ("What a scan of a URL records") turned into findings.

Every finding carries a stable ``key`` so that the same problem found by a later scan
deduplicates onto the same action: the host for site-wide problems, the form's resolved
action for form problems, the third-party host, the cookie name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lokaal_avg.scanner.result import Cookie, Finding, ScanResult
from lokaal_avg.scanner.texts import FINDING_TEXTS
from lokaal_avg.scanner.vocabulary import CATEGORY_NAMES

HSTS_MIN_AGE = 31_536_000  # one year
EXPIRING_DAYS = 30

SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "strict-transport-security",
)


def parse_hsts(value: str | None) -> dict[str, Any]:
    """The ``hsts`` block from a Strict-Transport-Security header value."""
    if not value:
        return {"present": False, "max_age": None, "include_subdomains": False, "preload": False}
    directives = [d.strip().lower() for d in value.split(";")]
    max_age = None
    for directive in directives:
        match = re.fullmatch(r"max-age\s*=\s*\"?(\d+)\"?", directive)
        if match:
            max_age = int(match.group(1))
    return {
        "present": True,
        "max_age": max_age,
        "include_subdomains": "includesubdomains" in directives,
        "preload": "preload" in directives,
    }


def security_headers(headers: dict[str, str | None]) -> dict[str, Any]:
    """The ``headers`` block: raw values plus whether CSP limits framing (frame-ancestors)."""
    block: dict[str, Any] = {name: headers.get(name) for name in SECURITY_HEADERS}
    csp = block["content-security-policy"] or ""
    block["frame_ancestors"] = "frame-ancestors" in csp.lower()
    return block


def parse_set_cookie(value: str) -> Cookie | None:
    """Name and security flags of one Set-Cookie header (the value itself is never kept)."""
    first, _, rest = value.partition(";")
    name = first.partition("=")[0].strip()
    if not name:
        return None
    flags: dict[str, str] = {}
    for attribute in rest.split(";"):
        key, _, attr_value = attribute.strip().partition("=")
        flags[key.strip().lower()] = attr_value.strip()
    return Cookie(
        name=name[:100],
        secure="secure" in flags,
        httponly="httponly" in flags,
        samesite=flags.get("samesite") or None,
        domain=flags.get("domain") or None,
    )


@dataclass
class CheckContext:
    """What the findings need beyond the result itself."""

    https_conclusive: bool  # False when the https probe ran out of time: absence is not proven


def build_findings(result: ScanResult, context: CheckContext) -> list[Finding]:
    """All findings for one scanned page, in the order of the DOMAIN.md table."""
    host = urlsplit(result.final_url or result.url).hostname or ""
    findings: list[Finding] = []
    findings += _transport_findings(result, context, host)
    findings += _form_findings(result)
    findings += _content_findings(result, host)
    return findings


def _transport_findings(result: ScanResult, context: CheckContext, host: str) -> list[Finding]:
    found: list[Finding] = []
    if not result.https["available"] and context.https_conclusive:
        found.append(_finding("no_https", host, {"url": result.final_url, "error": result.https["error"]}))
    cert = result.certificate
    if cert and not cert["valid"]:
        found.append(_finding("cert_invalid", host, _cert_evidence(cert, host)))
    elif cert and cert["days_remaining"] is not None and cert["days_remaining"] < EXPIRING_DAYS:
        found.append(
            _finding(
                "cert_expiring",
                host,
                _cert_evidence(cert, host),
                not_after=cert["not_after"],
                days=cert["days_remaining"],
            )
        )
    if result.redirect_to_https is False:
        found.append(_finding("no_http_redirect", host, {"url": result.url, "final_url": result.final_url}))
    if result.https["available"] and cert is not None:
        hsts = result.hsts
        if not hsts["present"]:
            found.append(_finding("hsts_missing", host, {"strict-transport-security": None}))
        elif (hsts["max_age"] or 0) < HSTS_MIN_AGE:
            found.append(
                _finding(
                    "hsts_short",
                    host,
                    {
                        "strict-transport-security": result.headers.get("strict-transport-security"),
                        "max_age": hsts["max_age"],
                    },
                )
            )
    return found


def _cert_evidence(cert: dict[str, Any], host: str) -> dict[str, Any]:
    keys = ("error", "error_reason", "subject", "issuer", "not_after", "days_remaining", "hostname_matches")
    return {"host": host, **{k: cert.get(k) for k in keys}}


def _form_findings(result: ScanResult) -> list[Finding]:
    found: list[Finding] = []
    for form in result.forms:
        categories = sorted(form.categories)
        if not categories:
            continue
        if form.insecure_action:
            found.append(
                _finding(
                    "form_posts_http",
                    form.resolved_action,
                    {
                        "page_url": result.final_url,
                        "form_index": form.index,
                        "action": form.action,
                        "resolved_action": form.resolved_action,
                        "categories": categories,
                    },
                    categories=", ".join(CATEGORY_NAMES.get(c, c).lower() for c in categories),
                )
            )
        missing = {
            f.name or f.id or f"veld {i + 1}": f.autocomplete_suggestion
            for i, f in enumerate(form.fields)
            if f.category and f.autocomplete_suggestion and f.method != "autocomplete"
        }
        if missing:
            found.append(
                _finding(
                    "autocomplete_missing",
                    form.resolved_action,
                    {
                        "page_url": result.final_url,
                        "form_index": form.index,
                        "fields": missing,
                    },
                    tokens=", ".join(f"{k} → {v}" for k, v in missing.items()),
                )
            )
    return found


def _content_findings(result: ScanResult, host: str) -> list[Finding]:
    found: list[Finding] = []
    page = result.final_url or result.url
    if result.mixed_content["active"]:
        found.append(_finding("mixed_content_active", page, {"urls": result.mixed_content["active"]}))
    if result.mixed_content["passive"]:
        found.append(_finding("mixed_content_passive", page, {"urls": result.mixed_content["passive"]}))
    if result.has_personal_data_form:
        for party in result.third_parties:
            evidence = {
                "page_url": page,
                "host": party.host,
                "kinds": party.kinds,
                "tracker": party.tracker,
                "company": party.tracker_company,
                "country": party.tracker_country,
                "tracker_list_version": party.tracker_list_version,
                # A form posting there: the categories that leave with it.
                "sent_categories": sorted(
                    {c for form in result.forms if form.third_party_host == party.host for c in form.sent_categories}
                ),
            }
            if party.tracker:
                found.append(
                    _finding(
                        "tracker_on_form_page",
                        party.host,
                        evidence,
                        name=party.tracker,
                        company=party.tracker_company,
                        country=party.tracker_country,
                    )
                )
            else:
                found.append(_finding("third_party_on_form_page", party.host, evidence, name=party.host))
    https_page = page.startswith("https://")
    for cookie in result.cookies:
        missing = [
            flag
            for flag, ok in (
                ("Secure", cookie.secure or not https_page),
                ("HttpOnly", cookie.httponly),
                ("SameSite", cookie.samesite),
            )
            if not ok
        ]
        if missing:
            found.append(
                _finding(
                    "cookie_flags",
                    cookie.name,
                    {"cookie": cookie.name, "missing": missing, "domain": cookie.domain},
                    name=cookie.name,
                    missing=", ".join(missing),
                )
            )
    if result.status == "ok":
        missing_headers = _missing_headers(result.headers)
        if missing_headers:
            found.append(
                _finding(
                    "missing_security_headers",
                    host,
                    {
                        "missing": missing_headers,
                        "present": {k: v for k, v in result.headers.items() if v and k != "frame_ancestors"},
                    },
                    headers=", ".join(missing_headers),
                )
            )
    return found


def _missing_headers(headers: dict[str, Any]) -> list[str]:
    missing = []
    if not headers.get("content-security-policy"):
        missing.append("Content-Security-Policy")
    if (headers.get("x-content-type-options") or "").strip().lower() != "nosniff":
        missing.append("X-Content-Type-Options: nosniff")
    if not headers.get("x-frame-options") and not headers.get("frame_ancestors"):
        missing.append("frame-ancestors (of X-Frame-Options)")
    if not headers.get("referrer-policy"):
        missing.append("Referrer-Policy")
    return missing


def _finding(code: str, key: str, evidence: dict[str, Any], **values: Any) -> Finding:
    severity, title, risk, fix = FINDING_TEXTS[code]
    values = {k: ("?" if v is None else v) for k, v in values.items()}
    return Finding(
        code=code,
        severity=severity,
        title=title.format(**values),
        risk=risk.format(**values),
        fix=fix.format(**values),
        key=key,
        evidence=evidence,
    )
