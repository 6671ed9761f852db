"""A real web server on 127.0.0.1 whose pages a test can change between scans.

Used by the application-side scanner tests (channels, jobs, command line). Plain http by
default; give it an ssl.SSLContext (trustme) for https. Nothing leaves the loopback interface.
"""

from __future__ import annotations

import contextlib
import http.server
import ssl
import threading
import time
from typing import Any

CONTACT_FORM = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Contact</title>{head}</head>
<body><h1>Contactformulier</h1>
<form method="post" action="{action}">
<label for="vn">Voornaam</label><input id="vn" name="voornaam"{ac_given}>
<label for="fn">Familienaam</label><input id="fn" name="familienaam"{ac_family}>
<label for="em">E-mailadres</label><input id="em" name="email" type="email"{ac_email}>
<label for="rr">Rijksregisternummer</label><input id="rr" name="rijksregisternummer">
{extra}
<label for="vraag">Uw vraag</label><textarea id="vraag" name="vraag"></textarea>
<input type="hidden" name="csrf_token" value="abc">
<button type="submit">Verzenden</button></form></body></html>"""

TRACKER = '<script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>'


def contact_page(action: str = "/verzenden", tracker: bool = False, autocomplete: bool = False, extra: str = "") -> str:
    """The municipality's contact form; each flag adds or fixes one problem."""
    tokens = {
        "ac_given": ' autocomplete="given-name"' if autocomplete else "",
        "ac_family": ' autocomplete="family-name"' if autocomplete else "",
        "ac_email": ' autocomplete="email"' if autocomplete else "",
    }
    return CONTACT_FORM.format(action=action, head=TRACKER if tracker else "", extra=extra, **tokens)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def handle(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            try:
                self.request.settimeout(5)
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                return  # e.g. the scanner probing this TLS port with plain http
        with contextlib.suppress(ConnectionError, TimeoutError, ssl.SSLError):
            super().handle()

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        status, headers, body = self.server.pages.get(path, (404, [("Content-Type", "text/plain")], b"not found"))
        with self.server.lock:
            self.server.active += 1
            self.server.peak = max(self.server.peak, self.server.active)
        try:
            time.sleep(self.server.delays.get(path, 0))
            self._respond(status, headers, body)
        finally:
            with self.server.lock:
                self.server.active -= 1

    def _respond(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, ssl_context: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.ssl_context = ssl_context
        self.pages: dict[str, tuple[int, list[tuple[str, str]], bytes]] = {}
        self.delays: dict[str, float] = {}
        # Requests being answered right now, and the most at once: proves bounded concurrency.
        self.lock = threading.Lock()
        self.active = 0
        self.peak = 0

    def get_request(self):
        sock, address = super().get_request()
        if self.ssl_context is not None:  # handshake in the handler thread, never in accept()
            sock = self.ssl_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address


class LocalSite:
    """``site.page(path, html)`` serves a page; ``site.url(path)`` is its address."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self._server = _Server(ssl_context)
        self.scheme = "https" if ssl_context else "http"
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def page(
        self,
        path: str,
        body: str | bytes,
        status: int = 200,
        headers: list[tuple[str, str]] | None = None,
        delay: float = 0.0,
        content_type: str = "text/html; charset=utf-8",
    ) -> str:
        data = body.encode() if isinstance(body, str) else body
        self._server.pages[path] = (status, [("Content-Type", content_type), *(headers or [])], data)
        self._server.delays[path] = delay
        return self.url(path)

    def reset_peak(self) -> None:
        with self._server.lock:
            self._server.peak = 0

    @property
    def peak(self) -> int:
        return self._server.peak

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
