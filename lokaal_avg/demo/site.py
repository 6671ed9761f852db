"""Local copies of three demo web pages, served on 127.0.0.1 while the demo loads.

The demo cannot reach real websites (and Voorbeeldegem does not exist), but its scans must come
from really running the scanner. So the demo serves rebuilt pages on the loopback interface, one
over plain http and two over https with a certificate of a throw-away CA created for the occasion,
and scans those. The stored scans are labelled as demo scans.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import http.server
import ipaddress
import ssl
import tempfile
import threading
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from lokaal_avg.scanner import ScanSettings

CONTACT = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Contact - Gemeente Voorbeeldegem</title>
<script async src="https://www.googletagmanager.com/gtag/js?id=UA-1234567-1"></script></head><body>
<h1>Contacteer ons</h1><form method="post" action="/cgi-bin/formulier.php">
<p><label for="voornaam">Voornaam</label> <input id="voornaam" name="voornaam" required></p>
<p><label for="naam">Familienaam</label> <input id="naam" name="naam" required></p>
<p><label for="email">E-mailadres</label> <input id="email" name="email" type="email" required></p>
<p><label for="tel">Telefoon</label> <input id="tel" name="telefoon" type="tel"></p>
<p><label for="onderwerp">Onderwerp</label> <select id="onderwerp" name="onderwerp"><option>Afval</option>
<option>Wegen</option><option>Andere</option></select></p>
<p><label for="bericht">Uw bericht</label> <textarea id="bericht" name="bericht"></textarea></p>
<input type="hidden" name="formid" value="contact"><button type="submit">Verzenden</button></form></body></html>"""

MELDPUNT = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Meldpunt openbaar domein</title></head>
<body><h1>Meld een probleem op straat</h1>
<iframe src="https://maps.google.com/maps?q=Voorbeeldegem&amp;output=embed" title="Kaart"></iframe>
<form method="post" action="/meldpunt/verzenden" enctype="multipart/form-data">
<input type="hidden" name="csrf_token" value="demo">
<p><label for="soort">Wat wil je melden?</label> <select id="soort" name="soort"><option>Zwerfvuil</option>
<option>Kapotte straatverlichting</option><option>Put in de weg</option></select></p>
<p><label for="waar">Waar is het probleem?</label> <input id="waar" name="locatie_probleem"></p>
<p><label for="foto">Foto van het probleem</label> <input id="foto" name="foto" type="file" accept="image/*"></p>
<p><label for="omschrijving">Omschrijving</label> <textarea id="omschrijving" name="omschrijving"></textarea></p>
<p><label for="naam">Je naam</label> <input id="naam" name="naam"></p>
<p><label for="mail">Je e-mailadres (voor de opvolging)</label> <input id="mail" name="email" type="email"></p>
<button type="submit">Melding versturen</button></form></body></html>"""

ELOKET = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>E-loket - Attesten</title></head>
<body><h1>Attest of uittreksel aanvragen</h1><p>U bent aangemeld met itsme.</p>
<form method="post" action="/eloket/attesten/aanvragen">
<input type="hidden" name="csrf_token" value="demo">
<p><label for="attest">Welk attest?</label> <select id="attest" name="attest">
<option>Uittreksel uit het bevolkingsregister</option><option>Bewijs van woonst</option>
<option>Uittreksel uit het strafregister</option></select></p>
<p><label for="email">E-mailadres voor de bezorging</label>
<input id="email" name="email" type="email" autocomplete="email"></p>
<p><label for="gsm">Gsm-nummer</label> <input id="gsm" name="gsm" type="tel" autocomplete="tel"></p>
<button type="submit">Aanvragen</button></form></body></html>"""

SECURE_HEADERS = [
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Set-Cookie", "ELOKETSESSIE=verborgen; Path=/; Secure; HttpOnly; SameSite=Lax"),
]

# path → (served over https?, extra headers, body)
PAGES: dict[str, tuple[bool, list[tuple[str, str]], str]] = {
    "/contact": (False, [("Set-Cookie", "PHPSESSID=verborgen; path=/")], CONTACT),
    "/meldpunt": (True, [], MELDPUNT),
    "/eloket/attesten": (True, SECURE_HEADERS, ELOKET),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            try:
                self.request.settimeout(5)
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                return  # the scanner probing this port with plain http
        with contextlib.suppress(ConnectionError, TimeoutError, ssl.SSLError):
            super().handle()

    def do_GET(self) -> None:
        secure, headers, body = PAGES.get(self.path.split("?")[0], (None, [], ""))
        is_tls = isinstance(self.request, ssl.SSLSocket)
        status = 200 if body and secure == is_tls else 404
        data = (body or "niet gevonden").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in headers if status == 200 else []:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, context: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.context = context

    def get_request(self):
        sock, address = super().get_request()
        if self.context is not None:
            sock = self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throw-away CA and a certificate for 127.0.0.1 signed by it: (ca, cert, key) files."""
    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "lokaal_avg demo-CA (alleen voor de demo)")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=200))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


class DemoSite:
    """``with DemoSite() as site: scan_url(site.url("/contact"), site.settings)``."""

    def __enter__(self) -> DemoSite:
        self._folder = tempfile.TemporaryDirectory(prefix="lokaal-avg-demo-")
        ca, cert, key = _certificates(Path(self._folder.name))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self._servers = {False: _Server(None), True: _Server(context)}
        self._threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self._servers.values()]
        for thread in self._threads:
            thread.start()
        # Only these loopback pages are scanned with the SSRF guard lifted.
        self.settings = ScanSettings(
            allow_private=True, verify_ca=str(ca), connect_timeout=3, read_timeout=5, total_timeout=15
        )
        return self

    def url(self, path: str) -> str:
        secure = PAGES[path][0]
        port = self._servers[secure].server_address[1]
        return f"{'https' if secure else 'http'}://127.0.0.1:{port}{path}"

    def __exit__(self, *exc: object) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._folder.cleanup()


_running: DemoSite | None = None
_lock = threading.Lock()


def running_site() -> DemoSite:
    """The demo site of this process: started on first use, stopped when the process ends.

    It keeps running so that a re-scan of a demo channel (from the web app or a worker) finds
    the rebuilt page at the same kind of loopback address as the demo's first scans.
    """
    global _running
    with _lock:
        if _running is None:
            site = DemoSite().__enter__()
            atexit.register(site.__exit__, None, None, None)
            _running = site
    return _running
