"""The data a scan produces, as plain dataclasses with a stable JSON form.

The JSON form (``ScanResult.to_dict``) is stored by the caller and shown to users, so its keys
are part of the public contract: see docs/scan-json.md. ``schema_version`` goes up on any
incompatible change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1
# Goes up with every change to what the scanner checks or how it classifies; kept with each scan.
SCANNER_VERSION = "1.2.0"

SEVERITIES = ("kritiek", "hoog", "midden", "laag")

# Every status a scan can end with, with its message for the UI. "internal_error" is the
# safety net for a bug in the scanner itself: a scan never raises to its caller.
STATUS_MESSAGES: dict[str, str] = {
    "ok": "De pagina werd opgehaald en geanalyseerd.",
    "http_error": "De server antwoordde met een foutcode (HTTP {http_status}).",
    "dns_error": "De domeinnaam kon niet worden opgezocht (DNS). Controleer of het adres klopt.",
    "connect_error": "Er kon geen verbinding worden gemaakt met de server, of de verbinding werd onverwacht verbroken.",
    "timeout": "De server antwoordde niet binnen de tijdslimiet van de scan.",
    "tls_error": "Er kon geen beveiligde (HTTPS-)verbinding met de server worden opgezet.",
    "too_large": "De pagina is groter dan de limiet van de scanner en werd niet geanalyseerd.",
    "too_many_redirects": "Het adres verwijst te vaak door naar een ander adres.",
    "redirect_loop": "De doorverwijzingen van dit adres vormen een lus: de pagina is nooit bereikbaar.",
    "not_html": "Het adres levert geen webpagina (HTML) op; er zijn geen formulieren geanalyseerd.",
    "blocked_private_address": "Het adres verwijst naar een intern of privé-netwerkadres. De scanner "
    "weigert zulke adressen om misbruik te voorkomen.",
    "invalid_url": "Het adres is geen geldige http- of https-URL.",
    "incomplete": "De pagina werd maar gedeeltelijk geanalyseerd; wat niet gelezen werd, kan formulieren "
    "of velden bevatten die hier ontbreken.",
    "internal_error": "Er liep iets onverwachts mis in de scanner; de fout werd gelogd.",
}

STATUSES = tuple(STATUS_MESSAGES)


def status_message(status: str, http_status: int | None = None, detail: str | None = None) -> str:
    """The Dutch UI message for a status, with the technical detail appended when known."""
    message = STATUS_MESSAGES.get(status, STATUS_MESSAGES["internal_error"])
    message = message.format(http_status=http_status if http_status is not None else "?")
    return f"{message} ({detail})" if detail else message


@dataclass
class Finding:
    """One problem found by a scan. ``(code, key)`` identifies it across re-scans."""

    code: str
    severity: str
    title: str
    risk: str
    fix: str
    key: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            **{k: data[k] for k in ("code", "severity", "title", "risk", "fix", "key")},
            evidence=dict(data.get("evidence") or {}),
        )


@dataclass
class FieldResult:
    """A classified form field as it appears in the result."""

    name: str | None
    id: str | None
    type: str
    tag: str
    label: str | None
    autocomplete: str | None
    placeholder: str | None
    aria_label: str | None
    kind: str
    category: str | None
    method: str
    confidence: float
    required: bool
    autocomplete_suggestion: str | None = None
    upload: bool = False  # a file upload: what it holds is the visitor's choice
    document_type: str | None = None  # for an upload, the kind of document its label asks for (photo, health, …)


@dataclass
class FormResult:
    index: int
    method: str
    action: str | None
    resolved_action: str
    insecure_action: bool
    fields: list[FieldResult] = field(default_factory=list)
    fields_without_autocomplete: int = 0
    fields_truncated: bool = False
    third_party_host: str | None = None  # the form posts to another site: this host receives the data
    sent_categories: list[str] = field(default_factory=list)  # what it receives there

    @property
    def categories(self) -> set[str]:
        """The personal data categories this form collects."""
        return {f.category for f in self.fields if f.category}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FormResult:
        values = {k: v for k, v in data.items() if k != "fields"}
        return cls(**values, fields=[FieldResult(**f) for f in data.get("fields", [])])


@dataclass
class ThirdParty:
    host: str
    kinds: list[str]
    tracker: str | None = None
    tracker_company: str | None = None
    tracker_country: str | None = None
    tracker_list_version: str | None = None  # the version of data/trackers.json that named it


@dataclass
class Cookie:
    name: str
    secure: bool
    httponly: bool
    samesite: str | None
    domain: str | None


@dataclass
class ScanResult:
    """Everything one scan of one URL found. Build it with the engine; store it with to_dict()."""

    url: str
    status: str
    status_message: str
    scanned_at: str
    final_url: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    duration_ms: int = 0
    https: dict[str, Any] = field(default_factory=lambda: {"available": False, "error": None})
    redirect_to_https: bool | None = None
    redirect_chain: list[dict[str, Any]] = field(default_factory=list)
    hsts: dict[str, Any] = field(default_factory=lambda: dict(EMPTY_HSTS))
    certificate: dict[str, Any] | None = None
    forms: list[FormResult] = field(default_factory=list)
    form_count: int = 0
    forms_truncated: bool = False
    mixed_content: dict[str, list[str]] = field(default_factory=lambda: {"active": [], "passive": []})
    third_parties: list[ThirdParty] = field(default_factory=list)
    cookies: list[Cookie] = field(default_factory=list)
    headers: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    javascript_executed: bool = False
    evidence: dict[str, Any] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    @property
    def has_personal_data_form(self) -> bool:
        """True when at least one analysed form collects personal data."""
        return any(form.categories for form in self.forms)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict with a fixed key order (see docs/scan-json.md)."""
        data = asdict(self)
        order = (
            "schema_version",
            "url",
            "final_url",
            "status",
            "status_message",
            "http_status",
            "content_type",
            "scanned_at",
            "duration_ms",
            "https",
            "redirect_to_https",
            "redirect_chain",
            "hsts",
            "certificate",
            "forms",
            "form_count",
            "forms_truncated",
            "mixed_content",
            "third_parties",
            "cookies",
            "headers",
            "findings",
            "javascript_executed",
            "evidence",
        )
        return {key: data[key] for key in order}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScanResult:
        """Load a result stored with to_dict(); unknown keys from newer versions are ignored."""
        simple = {k: data[k] for k in _SIMPLE_KEYS if k in data}
        return cls(
            **simple,
            forms=[FormResult.from_dict(f) for f in data.get("forms", [])],
            third_parties=[ThirdParty(**t) for t in data.get("third_parties", [])],
            cookies=[Cookie(**c) for c in data.get("cookies", [])],
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
        )


EMPTY_HSTS: dict[str, Any] = {"present": False, "max_age": None, "include_subdomains": False, "preload": False}

_SIMPLE_KEYS = (
    "url",
    "status",
    "status_message",
    "scanned_at",
    "final_url",
    "http_status",
    "content_type",
    "duration_ms",
    "https",
    "redirect_to_https",
    "redirect_chain",
    "hsts",
    "certificate",
    "form_count",
    "forms_truncated",
    "mixed_content",
    "headers",
    "javascript_executed",
    "evidence",
    "schema_version",
)
