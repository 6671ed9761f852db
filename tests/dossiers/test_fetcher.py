"""The dossier renderer loads nothing but the application's own fonts, stylesheet and colour profile."""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from weasyprint import HTML

from lokaal_avg.dossiers.fetcher import RefusedURL, StaticOnlyFetcher

STATIC = Path(__file__).resolve().parents[2] / "static"


@pytest.fixture
def fetcher() -> StaticOnlyFetcher:
    return StaticOnlyFetcher(STATIC)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "https://example.org/font.ttf",
        "ftp://example.org/x.css",
        "data:text/css,body{color:red}",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://evil.example/share/dossier.css",
        (STATIC / "css" / ".." / ".." / "pyproject.toml").as_uri(),
        (STATIC / "fonts" / ".." / ".." / ".." / "etc" / "passwd").as_uri(),
        (STATIC / "js" / "progress.js").as_uri(),  # ours, but not a font or stylesheet
        (STATIC / "fonts" / "LICENSE-DejaVu.txt").as_uri(),
        (STATIC / "fonts" / "missing.ttf").as_uri(),
    ],
)
def test_everything_but_our_fonts_and_stylesheets_is_refused(fetcher, url):
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_a_symlink_out_of_the_static_folder_is_refused(tmp_path):
    root = tmp_path / "static"
    (root / "css").mkdir(parents=True)
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    (root / "css" / "link.css").symlink_to(secret)
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher(root).fetch((root / "css" / "link.css").as_uri())


def test_our_fonts_stylesheet_and_colour_profile_are_served(fetcher):
    for relative, mime in (
        ("css/dossier.css", "text/css"),
        ("fonts/DejaVuSansCondensed.ttf", "font/ttf"),
        ("icc/sRGB2014.icc", "application/vnd.iccprofile"),
    ):
        response = fetcher.fetch((STATIC / relative).as_uri())
        try:
            assert response.content_type == mime
            assert response.read() == (STATIC / relative).read_bytes()
        finally:
            response.close()


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def loopback():
    _Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_rendering_never_contacts_a_server_named_in_the_document(fetcher, loopback, caplog):
    html = f"""<html><head><link rel="stylesheet" href="{loopback}/style.css">
      <style>@import url("{loopback}/import.css"); body {{ background: url({loopback}/bg.png) }}</style></head>
      <body><img src="{loopback}/pixel.png"><img src="file:///etc/passwd"><p>Tekst</p></body></html>"""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        HTML(string=html, base_url=fetcher.base_url(), url_fetcher=fetcher).write_pdf()
    assert _Recorder.hits == []
    refused = [r.getMessage() for r in caplog.records if "geweigerd" in r.getMessage()]
    assert len(refused) >= 4
