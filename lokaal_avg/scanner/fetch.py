"""The scanner's HTTP client: redirects followed by hand, byte cap, certificate fallback.

Redirects are followed here rather than by httpx so that every hop is recorded as evidence,
loops are detected, and each hop's connection goes through the SSRF guard of netguard.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from lokaal_avg.scanner.decoding import BoundedDecoder, DecodedTooLarge, DecodingProblem
from lokaal_avg.scanner.netguard import (
    CertificateRejected,
    ConnectionLog,
    Deadline,
    DeadlineExceeded,
    GuardedBackend,
    GuardPolicy,
    ScanProblem,
)
from lokaal_avg.scanner.tls import (
    CertificateError,
    certificate_info,
    describe_verify_error,
    unverified_context,
    verified_context,
)

log = logging.getLogger(__name__)

# Cookie values are secrets of the visitor's session: kept out of the evidence, names and flags kept.
_COOKIE_VALUE = re.compile(r"^([^=;]*)=([^;]*)")


def redact_header(name: str, value: str) -> str:
    if name.lower() == "set-cookie":
        return _COOKIE_VALUE.sub(lambda m: f"{m.group(1)}=…", value, count=1)
    return value


REDIRECT_CODES = {301, 302, 303, 307, 308}
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Response:
    """One HTTP response (headers always, body only for an HTML page we were asked to read)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    content_type: str | None
    body: bytes | None = None
    certificate: dict[str, Any] | None = None  # the certificate block, https responses only
    too_large: bool = False  # the body passed max_bytes and was dropped
    peer_ip: str | None = None  # the address the connection actually went to
    wire_sha256: str | None = None  # SHA-256 of the body bytes as received, before content decoding
    wire_bytes: int | None = None

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    def header_values(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k == name]

    @property
    def is_html(self) -> bool:
        return self.content_type is None or self.content_type in HTML_TYPES


@dataclass
class FetchOutcome:
    """The result of fetching one URL with its redirects."""

    status: str = "ok"
    detail: str | None = None
    chain: list[dict[str, Any]] = field(default_factory=list)
    response: Response | None = None
    https_response: Response | None = None  # the last https response of the chain
    set_cookies: list[str] = field(default_factory=list)  # Set-Cookie headers of every hop

    @property
    def final_url(self) -> str | None:
        return self.response.url if self.response else None


class FetchAbort(ScanProblem):
    """Raised inside this module to end a fetch with a status."""

    def __init__(self, status: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status


class _GuardedTransport(httpx.BaseTransport):
    """httpx transport over an httpcore pool that uses the guarded network backend."""

    def __init__(self, backend: GuardedBackend, ssl_context: Any) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, network_backend=backend, max_connections=4, retries=0
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,  # type: ignore[arg-type]
            extensions=request.extensions,
        )
        core_response = self._pool.handle_request(core_request)
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_CoreStream(core_response.stream),  # type: ignore[arg-type]
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class _CoreStream(httpx.SyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield from self._stream

    def close(self) -> None:
        if hasattr(self._stream, "close"):
            self._stream.close()


class SafeFetcher:
    """Fetches URLs for one scan: shared deadline, guard and connection pools. Use as a context."""

    def __init__(self, settings: Any, deadline: Deadline) -> None:
        self.settings = settings
        self.deadline = deadline
        self.connections = ConnectionLog()
        policy = GuardPolicy(settings.allow_private, tuple(settings.allowed_networks))
        backend = GuardedBackend(policy, deadline, self.connections)
        self._clients = {
            verify: httpx.Client(
                transport=_GuardedTransport(backend, context),
                timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
                headers={
                    "User-Agent": settings.user_agent,
                    "Accept-Encoding": "gzip, deflate",
                    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                },
                follow_redirects=False,
                trust_env=False,  # never route scans through an environment proxy
            )
            for verify, context in ((True, verified_context(settings.verify_ca)), (False, unverified_context()))
        }
        # Origins whose certificate failed: the fallback (unverified) client serves them.
        self.certificate_errors: dict[str, CertificateError] = {}
        # Every request this scan sent, in order (evidence: also the probes and the failures).
        self.requests: list[dict[str, Any]] = []

    def __enter__(self) -> SafeFetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for client in self._clients.values():
            client.close()

    def fetch(self, url: str, read_body: bool = True, any_type: bool = False) -> FetchOutcome:
        """GET ``url`` and its redirects; read the final body if asked (HTML only unless any_type)."""
        outcome = FetchOutcome()
        seen: set[str] = set()
        current = url
        try:
            while True:
                if current in seen:
                    raise FetchAbort("redirect_loop", current)
                if len(outcome.chain) > self.settings.max_redirects:
                    raise FetchAbort("too_many_redirects", f"meer dan {self.settings.max_redirects}")
                seen.add(current)
                response, location = self._get(current, read_body, any_type)
                outcome.chain.append({"url": current, "status": response.status})
                outcome.set_cookies.extend(response.header_values("set-cookie"))
                if response.certificate is not None:  # the last https response: the page's own
                    outcome.https_response = response
                if location is None:
                    outcome.response = response
                    return outcome
                current = location
        except ScanProblem as exc:
            outcome.status, outcome.detail = exc.status, exc.detail
        except (httpx.TimeoutException, httpcore.TimeoutException) as exc:
            outcome.status, outcome.detail = "timeout", _timeout_detail(self.deadline, exc)
        except (
            httpx.TransportError,
            httpcore.ProtocolError,
            httpcore.NetworkError,
            httpcore.UnsupportedProtocol,
        ) as exc:
            outcome.status, outcome.detail = _network_status(exc)
        except httpx.InvalidURL as exc:
            outcome.status, outcome.detail = "invalid_url", str(exc)
        return outcome

    def _get(self, url: str, read_body: bool, any_type: bool) -> tuple[Response, str | None]:
        parsed = httpx.URL(url)
        origin = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"
        cert_error = self.certificate_errors.get(origin)
        if cert_error is None:
            try:
                return self._send(self._clients[True], url, read_body, any_type, None)
            except CertificateRejected as exc:
                reason, message = describe_verify_error(exc.verify_code, exc.detail)
                cert_error = CertificateError(reason, message, exc.verify_code)
                self.certificate_errors[origin] = cert_error
        return self._send(self._clients[False], url, read_body, any_type, cert_error)

    def _send(
        self, client: httpx.Client, url: str, read_body: bool, any_type: bool, cert_error: CertificateError | None
    ) -> tuple[Response, str | None]:
        record: dict[str, Any] = {"url": url, "status": None, "ip": None, "error": None, "headers": []}
        self.requests.append(record)
        try:
            response, location = self._exchange(client, url, read_body, any_type, cert_error)
        except Exception as exc:
            record["error"] = _error_status(exc)
            raise
        record.update(
            status=response.status,
            ip=response.peer_ip,
            headers=[[n, redact_header(n, v)] for n, v in response.headers],
        )
        return response, location

    def _exchange(
        self, client: httpx.Client, url: str, read_body: bool, any_type: bool, cert_error: CertificateError | None
    ) -> tuple[Response, str | None]:
        raw = client.send(client.build_request("GET", url), stream=True)
        try:
            response = _response_from(raw, cert_error)
            location = _redirect_target(raw)
            if location is None and read_body and (response.is_html or any_type):
                try:
                    response.body = self._read_capped(raw, response)
                except FetchAbort as exc:
                    if exc.status != "too_large":
                        raise
                    response.too_large = True
            return response, location
        finally:
            raw.close()

    def _read_capped(self, raw: httpx.Response, response: Response) -> bytes:
        """The decoded body; every content-encoding layer counts against ``max_bytes`` (see decoding.py)."""
        cap = self.settings.max_bytes
        declared = raw.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > cap:
            raise FetchAbort("too_large", f"Content-Length {declared} > {cap} bytes")
        try:
            decoder = BoundedDecoder(raw.headers.get("content-encoding"), cap)
        except DecodingProblem as exc:
            raise FetchAbort("connect_error", str(exc)) from exc
        received = hashlib.sha256()
        chunks: list[bytes] = []
        size = wire_size = 0
        try:
            for raw_chunk in raw.iter_raw():
                wire_size += len(raw_chunk)
                if wire_size > cap:
                    raise FetchAbort("too_large", f"meer dan {cap} bytes")
                received.update(raw_chunk)
                chunk = decoder.feed(raw_chunk)
                size += len(chunk)
                if size > cap:
                    raise FetchAbort("too_large", f"meer dan {cap} bytes")
                chunks.append(chunk)
                if self.deadline.expired():
                    raise DeadlineExceeded(f"totale tijdslimiet van {self.deadline.seconds:g} s bereikt")
            chunks.append(decoder.finish())
        except DecodedTooLarge as exc:
            raise FetchAbort("too_large", str(exc)) from exc
        except DecodingProblem as exc:
            raise FetchAbort("connect_error", str(exc)) from exc
        finally:
            raw.close()
        response.wire_sha256 = received.hexdigest()
        response.wire_bytes = wire_size
        return b"".join(chunks)


def _response_from(raw: httpx.Response, cert_error: CertificateError | None) -> Response:
    # Read the certificate now: once the response is closed the socket may be gone.
    stream = raw.extensions.get("network_stream")
    tls_socket = stream.get_extra_info("ssl_object") if stream is not None else None
    certificate = None
    if tls_socket is not None:
        certificate = certificate_info(tls_socket, raw.url.host, cert_error)
    content_type = raw.headers.get("content-type")
    mime = content_type.split(";")[0].strip().lower() if content_type else None
    return Response(
        url=str(raw.url),
        status=raw.status_code,
        headers=[(k.lower(), v) for k, v in raw.headers.multi_items()],
        content_type=mime or None,
        certificate=certificate,
        peer_ip=_peer_ip(stream),
    )


def _error_status(exc: Exception) -> str:
    """The scan status a failed request stands for, as kept in the evidence."""
    if isinstance(exc, ScanProblem):
        return exc.status
    if isinstance(exc, httpx.TimeoutException | httpcore.TimeoutException):
        return "timeout"
    return _network_status(exc)[0]


def _peer_ip(stream: Any) -> str | None:
    try:
        address = stream.get_extra_info("server_addr") if stream is not None else None
    except OSError:
        return None
    return str(address[0]) if address else None


def _redirect_target(raw: httpx.Response) -> str | None:
    """The absolute URL of the next hop, or None when this response is not a redirect."""
    if raw.status_code not in REDIRECT_CODES or "location" not in raw.headers:
        return None
    try:
        target = raw.url.join(raw.headers["location"]).copy_with(fragment=None)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchAbort("invalid_url", f"ongeldige doorverwijzing: {exc}") from exc
    if target.scheme not in ("http", "https"):
        raise FetchAbort("invalid_url", f"doorverwijzing naar {target.scheme}:")
    return str(target)


def _timeout_detail(deadline: Deadline, exc: Exception) -> str:
    if deadline.expired():
        return f"totale tijdslimiet van {deadline.seconds:g} s bereikt"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _network_status(exc: Exception) -> tuple[str, str]:
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, ScanProblem):
        return cause.status, cause.detail
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "invalid_url", str(exc)
    return "connect_error", f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
