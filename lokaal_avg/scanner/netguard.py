"""Network layer of the scanner: the SSRF guard and a deadline-aware httpcore backend.

Why a custom backend rather than checking the URL before each request: the backend resolves
the host name itself, checks *every* address it got, and then connects to exactly those
checked addresses. A DNS answer that changes between the check and the connection (DNS
rebinding) therefore cannot smuggle the scanner onto an internal address, and every redirect
hop goes through the same code path. The backend also clamps every socket operation to the
scan's wall-clock deadline, so a server that drips one byte per second cannot keep a worker
busy beyond ``total_timeout``.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# getaddrinfo() has no timeout of its own; lookups run here so that we can stop waiting.
_resolver_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="lokaal-avg-dns")


class ScanProblem(Exception):
    """A fetch problem that maps directly onto a scan status."""

    status = "connect_error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BlockedAddress(ScanProblem):
    status = "blocked_private_address"


class DnsFailure(ScanProblem):
    status = "dns_error"


class TlsFailure(ScanProblem):
    status = "tls_error"


class DeadlineExceeded(ScanProblem):
    status = "timeout"


class CertificateRejected(ScanProblem):
    """Certificate verification failed; the caller may retry without verification."""

    status = "tls_error"

    def __init__(self, detail: str, verify_code: int | None) -> None:
        super().__init__(detail)
        self.verify_code = verify_code


def is_address_allowed(address: str | IPAddress, allowed_networks: Iterable[str] = ()) -> bool:
    """True when the scanner may connect to ``address`` with the SSRF guard on.

    Refuses loopback, private, link-local, multicast, reserved, unspecified and shared
    (carrier-grade NAT) addresses, IPv4 and IPv6, including IPv4 addresses wrapped in IPv6
    (mapped, 6to4, Teredo). ``allowed_networks`` (CIDR strings) are let through regardless.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if any(ip in ipaddress.ip_network(net, strict=False) for net in allowed_networks):
        return True
    return all(_is_public(candidate) for candidate in _embedded_addresses(ip))


def _embedded_addresses(ip: IPAddress) -> list[IPAddress]:
    """The address itself plus any IPv4 address tunnelled inside an IPv6 one."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return [ip.ipv4_mapped]  # ::ffff:a.b.c.d is a.b.c.d on a dual-stack socket
    found: list[IPAddress] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.sixtofour:
            found.append(ip.sixtofour)
        if ip.teredo:
            found.extend(ip.teredo)
    return found


def _is_public(ip: IPAddress) -> bool:
    # is_global alone lets multicast through, hence the explicit list.
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


@dataclass
class ConnectionLog:
    """What the backend saw, for evidence: the addresses it actually connected to."""

    peers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GuardPolicy:
    allow_private: bool
    allowed_networks: tuple[str, ...] = ()

    def check(self, host: str, addresses: list[str]) -> None:
        if self.allow_private:
            return
        for addr in addresses:
            if not is_address_allowed(addr, self.allowed_networks):
                raise BlockedAddress(f"{host} → {addr}")


def resolve(host: str, port: int, timeout: float) -> list[tuple[int, str]]:
    """(family, address) pairs for host, in getaddrinfo order, without duplicates."""
    future = _resolver_pool.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=max(timeout, 0.01))
    except FutureTimeout as exc:
        raise DnsFailure(f"geen antwoord van DNS voor {host}") from exc
    except (socket.gaierror, UnicodeError) as exc:
        raise DnsFailure(f"{host}: {exc}") from exc
    seen: list[tuple[int, str]] = []
    for family, _type, _proto, _name, sockaddr in infos:
        item = (family, str(sockaddr[0]).split("%")[0])
        if item not in seen:
            seen.append(item)
    return seen


def open_socket(family: int, address: str, port: int, timeout: float) -> socket.socket:
    """Connect a TCP socket to one already-checked address (module level so tests can watch it)."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect((address, port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except BaseException:
        sock.close()
        raise
    return sock


class Deadline:
    """A wall-clock budget shared by every request of one scan."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def clamp(self, timeout: float | None) -> float:
        """The timeout to use for one socket operation; raises once the budget is spent."""
        left = self.remaining()
        if left <= 0:
            raise DeadlineExceeded(f"totale tijdslimiet van {self.seconds:g} s bereikt")
        return left if timeout is None else min(timeout, left)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore backend: resolve, check every address, connect to the checked address."""

    def __init__(self, policy: GuardPolicy, deadline: Deadline, log: ConnectionLog) -> None:
        self.policy = policy
        self.deadline = deadline
        self.log = log

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve(host, port, self.deadline.clamp(timeout))
        self.policy.check(host, [addr for _family, addr in addresses])
        last_error: OSError | None = None
        for family, addr in addresses:
            try:
                sock = open_socket(family, addr, port, self.deadline.clamp(timeout))
            except TimeoutError as exc:
                raise httpcore.ConnectTimeout(f"{host}:{port}") from exc
            except OSError as exc:
                last_error = exc
                continue
            self.log.peers.append(addr)
            return DeadlineStream(sock, self.deadline)
        raise httpcore.ConnectError(f"{host}:{port}: {last_error}")

    def sleep(self, seconds: float) -> None:  # pragma: no cover - part of the interface only
        time.sleep(seconds)


class DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation ends by the scan's deadline."""

    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        self._sock = sock
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            self._sock.settimeout(self._clamp(timeout, httpcore.ReadTimeout))
            return self._sock.recv(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ReadError(str(exc)) from exc

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            while buffer:
                self._sock.settimeout(self._clamp(timeout, httpcore.WriteTimeout))
                sent = self._sock.send(buffer)
                buffer = buffer[sent:]
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.WriteError(str(exc)) from exc

    def close(self) -> None:
        self._sock.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        try:
            self._sock.settimeout(self._clamp(timeout, httpcore.ConnectTimeout))
            tls_sock = ssl_context.wrap_socket(self._sock, server_hostname=server_hostname)
        except ssl.SSLCertVerificationError as exc:
            self._sock.close()
            raise CertificateRejected(exc.verify_message or str(exc), exc.verify_code) from exc
        except TimeoutError as exc:
            self._sock.close()
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except (ssl.SSLError, ConnectionResetError) as exc:
            self._sock.close()
            raise TlsFailure(getattr(exc, "reason", None) or str(exc)) from exc
        except OSError as exc:
            self._sock.close()
            raise httpcore.ConnectError(str(exc)) from exc
        except BaseException:
            self._sock.close()
            raise
        return DeadlineStream(tls_sock, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object" and isinstance(self._sock, ssl.SSLSocket):
            return self._sock
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "socket":
            return self._sock
        if info == "is_readable":
            return _is_readable(self._sock)
        return None

    def _clamp(self, timeout: float | None, error: type[Exception]) -> float:
        try:
            return self._deadline.clamp(timeout)
        except DeadlineExceeded as exc:
            # Raise httpcore's own timeout so the connection pool cleans up as usual.
            raise error(exc.detail) from exc


def _is_readable(sock: socket.socket) -> bool:
    """httpcore asks this before reusing a kept-alive connection: readable means closed."""
    import select

    if sock.fileno() < 0:
        return True
    readable, _w, _x = select.select([sock], [], [], 0)
    return bool(readable)
