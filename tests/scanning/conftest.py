"""Real HTTP and HTTPS servers on 127.0.0.1 for the scanner tests, with trustme certificates.

Servers are session-scoped; each test registers its own paths with ``server.route(...)``.
No traffic leaves the loopback interface.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import re
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from lokaal_avg.scanner import ScanSettings

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]
STOP = threading.Event()  # tells dripping handlers to give up when the session ends


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def handle(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            try:
                self.request.settimeout(5)
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                return  # e.g. the scanner's plain-http probe of a TLS port
        with contextlib.suppress(ConnectionError, TimeoutError, ssl.SSLError):
            super().handle()

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.server.hits[path] = self.server.hits.get(path, 0) + 1
        self.server.requests.append((path, dict(self.headers)))
        route = self.server.routes.get(path)
        if route is None:
            self.send_plain(404, b"not found")
        elif callable(route):
            route(self)
        else:
            status, headers, body = route
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def send_plain(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    ssl_context: ssl.SSLContext | None = None

    def __init__(self, host: str, ssl_context: ssl.SSLContext | None) -> None:
        super().__init__((host, 0), _RequestHandler)
        self.ssl_context = ssl_context
        self.routes: dict[str, Any] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []

    def get_request(self) -> tuple[Any, Any]:
        sock, address = super().get_request()
        if self.ssl_context is not None:
            # Handshake later, in the handler thread, so a bad client cannot block accept().
            sock = self.ssl_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address


class TestServer:
    """A running server: ``route(path, ...)`` to serve something, ``url(path)`` to reach it."""

    __test__ = False  # not a test class for pytest

    def __init__(self, ssl_context: ssl.SSLContext | None = None, host: str = "127.0.0.1") -> None:
        self._server = _Server(host, ssl_context)
        self.host = host
        self.port = self._server.server_address[1]
        self.scheme = "https" if ssl_context else "http"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def route(
        self,
        path: str,
        body: bytes | str | Handler = b"",
        status: int = 200,
        headers: list[tuple[str, str]] | None = None,
        content_type: str = "text/html; charset=utf-8",
    ) -> str:
        """Serve ``body`` (or call a handler) at ``path``; returns the full URL."""
        if callable(body):
            self._server.routes[path] = body
        else:
            data = body.encode() if isinstance(body, str) else body
            all_headers = [("Content-Type", content_type), *(headers or [])]
            self._server.routes[path] = (status, all_headers, data)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 301) -> str:
        return self.route(path, b"", status=status, headers=[("Location", location)])

    def hits(self, path: str) -> int:
        return self._server.hits.get(path, 0)

    def request_headers(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self._server.requests if p == path]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _server_context(cert: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    return context


def _self_signed_context(tmp: Path) -> ssl.SSLContext:
    """A certificate signed by its own key (not by any CA): OpenSSL's 'self-signed' error."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=300))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp / "self.pem", tmp / "self.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture(scope="session")
def servers(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, TestServer]]:
    """http, https (valid), expired, expiring (10 days), wrong_host, self_signed, untrusted."""
    now = dt.datetime.now(dt.UTC)
    other_ca = trustme.CA()
    contexts = {
        "https": _server_context(ca.issue_cert("localhost", "127.0.0.1")),
        "expired": _server_context(
            ca.issue_cert(
                "localhost", "127.0.0.1", not_before=now - dt.timedelta(days=90), not_after=now - dt.timedelta(days=2)
            )
        ),
        "expiring": _server_context(
            ca.issue_cert("localhost", "127.0.0.1", not_after=now + dt.timedelta(days=10, hours=1))
        ),
        "wrong_host": _server_context(ca.issue_cert("www.example.org")),
        "self_signed": _self_signed_context(tmp_path_factory.mktemp("selfsigned")),
        "untrusted": _server_context(other_ca.issue_cert("localhost", "127.0.0.1")),
    }
    started = {"http": TestServer()}
    started.update({name: TestServer(context) for name, context in contexts.items()})
    yield started
    STOP.set()
    for server in started.values():
        server.close()


@pytest.fixture(scope="session")
def stop_event() -> threading.Event:
    """Set when the session ends, so that dripping handlers stop."""
    return STOP


@pytest.fixture()
def http_server(servers: dict[str, TestServer]) -> TestServer:
    return servers["http"]


@pytest.fixture()
def https_server(servers: dict[str, TestServer]) -> TestServer:
    return servers["https"]


@pytest.fixture(scope="session")
def settings(ca_file: str) -> ScanSettings:
    """Loopback allowed, our test CA trusted, short limits so failures stay fast."""
    return ScanSettings(allow_private=True, verify_ca=ca_file, connect_timeout=2.0, read_timeout=2.0, total_timeout=6.0)


@pytest.fixture()
def unique_path(request: pytest.FixtureRequest) -> str:
    """A path no other test uses (servers are shared by the whole session)."""
    return "/" + re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)


FORM_PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Formulier</title>{head}</head>
<body><form method="post" action="{action}">
<label for="vn">Voornaam</label><input id="vn" name="voornaam">
<label for="em">E-mail</label><input id="em" name="email" type="email">
<button>Verzenden</button></form>{body}</body></html>"""


@pytest.fixture(scope="session")
def form_page() -> Callable[..., str]:
    """Build a small page with one form that collects personal data."""

    def build(action: str = "/verzenden", head: str = "", body: str = "") -> str:
        return FORM_PAGE.format(action=action, head=head, body=body)

    return build
