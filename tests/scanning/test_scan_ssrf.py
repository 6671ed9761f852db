"""The SSRF guard: private addresses are refused before any connection, at every hop.

Safety net: ``open_socket`` is wrapped so that a connection attempt to anything outside
127.0.0.0/8 fails the test instead of leaving the machine.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket

import pytest

from lokaal_avg.scanner import ScanSettings, is_address_allowed, netguard, scan_url


@pytest.fixture()
def connections(monkeypatch) -> list[str]:
    """Every address the scanner connects to; anything not loopback is refused loudly."""
    seen: list[str] = []
    real_open = netguard.open_socket

    def guarded_open(family, address, port, timeout):
        seen.append(address)
        if not ipaddress.ip_address(address).is_loopback:
            raise AssertionError(f"scanner tried to connect to {address}")
        return real_open(family, address, port, timeout)

    monkeypatch.setattr(netguard, "open_socket", guarded_open)
    return seen


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address under test, nothing binds to it
        "224.0.0.1",
        "239.255.255.250",
        "255.255.255.255",
        "240.0.0.1",
        "192.0.2.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
        "2002:a00:1::1",
        "64:ff9b::a00:1",
    ],
)
def test_private_and_special_addresses_are_refused(address):
    assert is_address_allowed(address) is False


@pytest.mark.parametrize("address", ["8.8.8.8", "193.191.245.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert is_address_allowed(address) is True


def test_allowed_networks_let_a_range_through():
    assert is_address_allowed("10.1.2.3", ["10.1.0.0/16"]) is True
    assert is_address_allowed("10.2.0.1", ["10.1.0.0/16"]) is False


def test_loopback_url_is_blocked_without_any_request(http_server, unique_path, connections):
    url = http_server.route(unique_path, "<html></html>")
    result = scan_url(url, ScanSettings(total_timeout=5))
    assert result.status == "blocked_private_address"
    assert http_server.hits(unique_path) == 0
    assert connections == []


def test_localhost_name_is_blocked(http_server, unique_path, connections):
    url = http_server.route(unique_path, "<html></html>").replace("127.0.0.1", "localhost")
    result = scan_url(url, ScanSettings(total_timeout=5))
    assert result.status == "blocked_private_address"
    assert connections == []


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/",
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/",
    ],
)
def test_redirect_to_private_address_is_blocked_at_the_hop(http_server, settings, unique_path, target, connections):
    # The first hop is allowed explicitly; the redirect target is not.
    location = target.format(port=http_server.port)
    http_server.redirect(unique_path, location)
    guarded = dataclasses.replace(settings, allow_private=False, allowed_networks=("127.0.0.1/32",))
    result = scan_url(http_server.url(unique_path), guarded)
    assert result.status == "blocked_private_address"
    assert result.redirect_chain == [{"url": http_server.url(unique_path), "status": 301}]
    assert set(connections) == {"127.0.0.1"}


def test_connection_goes_to_the_checked_address(http_server, settings, unique_path, monkeypatch, connections):
    """A name that answers loopback once and a private address next (DNS rebinding)."""
    http_server.route(unique_path, "<html><p>ok</p></html>")
    answers = iter(["127.0.0.1"] + ["10.0.0.1"] * 10)
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    guarded = dataclasses.replace(settings, allow_private=False, allowed_networks=("127.0.0.1/32",))
    result = scan_url(f"http://rebind.test:{http_server.port}{unique_path}", guarded)
    assert result.status == "ok"
    assert set(connections) == {"127.0.0.1"}  # the later 10.0.0.1 answers were refused, not used
