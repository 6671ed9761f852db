"""Hostile and broken servers: every case ends as a clear status, never a crash or a hang."""

from __future__ import annotations

import dataclasses
import gzip
import logging
import socket
import time

import pytest

from lokaal_avg.scanner import STATUSES, scan_url
from lokaal_avg.scanner import engine as engine_module


def test_redirect_loop(http_server, settings, unique_path):
    http_server.redirect(unique_path + "/a", unique_path + "/b", status=302)
    http_server.redirect(unique_path + "/b", unique_path + "/a", status=302)
    result = scan_url(http_server.url(unique_path + "/a"), settings)
    assert result.status == "redirect_loop"
    assert [hop["status"] for hop in result.redirect_chain] == [302, 302]
    assert result.status_message.startswith("De doorverwijzingen")


def test_too_many_redirects(http_server, settings, unique_path):
    for i in range(10):
        http_server.redirect(f"{unique_path}/{i}", f"{unique_path}/{i + 1}")
    result = scan_url(http_server.url(f"{unique_path}/0"), dataclasses.replace(settings, max_redirects=3))
    assert result.status == "too_many_redirects"
    assert len(result.redirect_chain) == 4


def _drip(body_first: bool, stop):
    """1 byte every 0.2 s, for up to 20 s: the status line and headers, or the body."""

    def handler(request):
        try:
            if body_first:
                request.send_response(200)
                request.send_header("Content-Type", "text/html")
                request.end_headers()
                request.wfile.flush()
            data = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" if not body_first else b"<html>"
            deadline = time.monotonic() + 20
            while not stop.is_set() and time.monotonic() < deadline:
                for byte in data:
                    request.wfile.write(bytes([byte]))
                    request.wfile.flush()
                    time.sleep(0.2)
                data = b"X-Drip: 1\r\n" if not body_first else b"<p>drip</p>"
        except OSError:
            return  # the scanner hung up: exactly what we want

    return handler


@pytest.mark.slow
@pytest.mark.parametrize("body_first", [True, False], ids=["dripping-body", "dripping-headers"])
def test_slow_drip_server_ends_at_total_timeout(http_server, settings, unique_path, body_first, stop_event):
    url = http_server.route(unique_path, _drip(body_first, stop_event))
    limits = dataclasses.replace(settings, read_timeout=1.0, total_timeout=1.5)
    started = time.monotonic()
    result = scan_url(url, limits)
    elapsed = time.monotonic() - started
    assert result.status == "timeout"
    assert elapsed < 3.0
    assert "1.5 s" in result.status_message


def test_huge_response_with_content_length(http_server, settings, unique_path):
    url = http_server.route(unique_path, b"<html>" + b"a" * 300_000)
    result = scan_url(url, dataclasses.replace(settings, max_bytes=100_000))
    assert result.status == "too_large"
    assert result.forms == [] and result.http_status == 200


def test_endless_response_without_length(http_server, settings, unique_path, stop_event):
    def endless(request):
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Connection", "close")
        request.end_headers()
        try:
            for _ in range(10_000):
                if stop_event.is_set():
                    return
                request.wfile.write(b"<p>" + b"x" * 8000 + b"</p>")
        except OSError:
            return
        request.close_connection = True

    url = http_server.route(unique_path, endless)
    result = scan_url(url, dataclasses.replace(settings, max_bytes=200_000))
    assert result.status == "too_large"


def test_gzip_bomb_is_capped_after_decompression(http_server, settings, unique_path):
    bomb = gzip.compress(b"<html>" + b" " * 5_000_000)
    url = http_server.route(unique_path, bomb, headers=[("Content-Encoding", "gzip")])
    result = scan_url(url, dataclasses.replace(settings, max_bytes=1_000_000))
    assert len(bomb) < 100_000
    assert result.status == "too_large"


def test_non_html_content(http_server, settings, unique_path):
    url = http_server.route(unique_path, b"%PDF-1.4 ...", content_type="application/pdf")
    result = scan_url(url, settings)
    assert result.status == "not_html"
    assert result.content_type == "application/pdf"
    assert "application/pdf" in result.status_message
    assert result.forms == []


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><form><input name='voornaam'><select><option>a</form></table></div></span>",
        b"\x00\xff\xfe<form action='x'><input name=\x00email>\x89PNG\r\n",
        b"",
        b"<?xml version='1.0' encoding='utf-8'?><!DOCTYPE html><html><form><input name='naam'></form></html>",
        "<form><label>Prénom <input name=p></label></form>".encode("cp1252"),
    ],
    ids=["unclosed", "binary", "empty", "xml-declaration", "cp1252"],
)
def test_broken_html_does_not_crash(http_server, settings, unique_path, body):
    result = scan_url(http_server.route(unique_path, body), settings)
    assert result.status == "ok"
    result.to_dict()


def test_ten_thousand_forms_are_counted_not_analysed(http_server, settings, unique_path):
    form = "<form action='/f'>" + "".join(f"<input name='voornaam{i}'>" for i in range(10)) + "</form>"
    page = "<html><body>" + form * 10_000 + "</body></html>"
    started = time.monotonic()
    result = scan_url(http_server.route(unique_path, page), dataclasses.replace(settings, max_bytes=20_000_000))
    assert result.status == "incomplete"  # never "ok" while forms went unread
    assert "50 van 10000 formulieren" in result.status_message
    assert result.form_count == 10_000 and result.forms_truncated is True
    assert len(result.forms) == 50
    assert sum(len(f.fields) for f in result.forms) == 500  # 50 forms × 10 fields, within max_fields
    assert time.monotonic() - started < 15


def test_hundred_thousand_fields_are_capped(http_server, settings, unique_path):
    page = "<form>" + "<input name='naam'>" * 100_000 + "</form>"
    result = scan_url(http_server.route(unique_path, page), dataclasses.replace(settings, max_bytes=5_000_000))
    assert result.status == "incomplete"
    assert "niet alle velden van formulier 1" in result.status_message
    assert len(result.forms[0].fields) == 500 and result.forms[0].fields_truncated is True


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/",
        "javascript:alert(1)",
        "http://",
        "http://exa mple.org/",
        "https://[::1",
        "http://host:99999/",
        "",
    ],
)
def test_invalid_urls(url, settings):
    result = scan_url(url, settings)
    assert result.status == "invalid_url"
    assert result.status_message == "Het adres is geen geldige http- of https-URL."


def test_connection_refused(settings):
    with socket.socket() as sock:  # a port that was free a moment ago
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = scan_url(f"http://127.0.0.1:{port}/", settings)
    assert result.status == "connect_error"


def test_dns_failure(monkeypatch, settings):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    result = scan_url("https://bestaat-niet.voorbeeldegem.be/", settings)
    assert result.status == "dns_error"
    assert "DNS" in result.status_message


def test_http_error_status(http_server, settings, unique_path):
    result = scan_url(http_server.route(unique_path, "<html><form><input name='naam'></form>", status=404), settings)
    assert result.status == "http_error" and result.http_status == 404
    assert "404" in result.status_message


def test_unexpected_exception_becomes_internal_error(http_server, settings, unique_path, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("bug in the analyser")

    monkeypatch.setattr(engine_module, "analyse_html", broken)
    with caplog.at_level(logging.ERROR, logger="lokaal_avg.scanner.engine"):
        result = scan_url(http_server.route(unique_path, "<html></html>"), settings)
    assert result.status == "internal_error"
    assert "bug in the analyser" in caplog.text
    assert result.status in STATUSES


def test_sends_user_agent_and_strips_credentials(http_server, settings, unique_path):
    url = http_server.route(unique_path, "<html></html>").replace("http://", "http://jan:geheim@")
    result = scan_url(url, settings)
    headers = http_server.request_headers(unique_path)[0]
    assert headers["User-Agent"] == settings.user_agent
    assert "Authorization" not in headers
    assert "geheim" not in result.url and "geheim" not in str(result.to_dict())
