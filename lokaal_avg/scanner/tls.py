"""TLS: the SSL contexts the scanner uses and a description of the server's certificate.

Certificate details come from the DER bytes, decoded with ``cryptography`` when it is
importable. Without it the details of a *verified* certificate still come from the ssl
module; an unverified certificate is then described by its verification error only.
"""

from __future__ import annotations

import _ssl
import hashlib
import ipaddress
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

try:  # optional at run time, see module docstring
    from cryptography import x509
    from cryptography.x509.oid import ExtensionOID, NameOID
except ImportError:  # pragma: no cover - depends on the installation
    x509 = None  # type: ignore[assignment]

try:
    import certifi
except ImportError:  # pragma: no cover - httpx depends on certifi
    certifi = None  # type: ignore[assignment]

# OpenSSL verify codes (X509_V_ERR_*) we explain in Dutch.
_VERIFY_REASONS = {
    9: ("not_yet_valid", "het certificaat is nog niet geldig"),
    10: ("expired", "het certificaat is verlopen"),
    18: ("self_signed", "het certificaat is zelfondertekend"),
    19: ("self_signed", "de certificaatketen bevat een zelfondertekend certificaat"),
    20: ("untrusted_issuer", "de uitgever van het certificaat is niet vertrouwd of de keten is onvolledig"),
    21: ("untrusted_issuer", "de certificaatketen is onvolledig"),
    23: ("revoked", "het certificaat is ingetrokken"),
    62: ("hostname_mismatch", "het certificaat hoort niet bij deze domeinnaam"),
    64: ("hostname_mismatch", "het certificaat hoort niet bij dit IP-adres"),
}


@lru_cache(maxsize=8)
def verified_context(ca_file: str | None) -> ssl.SSLContext:
    """Chain and host name checked; ``ca_file`` replaces the default trust store."""
    if ca_file is None and certifi is not None:
        ca_file = certifi.where()
    context = ssl.create_default_context(cafile=ca_file)
    context.set_alpn_protocols(["http/1.1"])
    return context


@lru_cache(maxsize=1)
def unverified_context() -> ssl.SSLContext:
    """For the second fetch after a certificate error, so the page can still be analysed."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["http/1.1"])
    return context


def describe_verify_error(verify_code: int | None, message: str) -> tuple[str, str]:
    """(reason code, Dutch explanation) for an OpenSSL verification failure."""
    if verify_code in _VERIFY_REASONS:
        return _VERIFY_REASONS[verify_code]
    return "invalid", f"het certificaat kon niet worden gecontroleerd ({message})"


@dataclass
class CertificateError:
    reason: str
    message: str
    verify_code: int | None


def certificate_info(sock: Any, host: str, error: CertificateError | None) -> dict[str, Any]:
    """The ``certificate`` block of a scan result for a TLS socket to ``host``."""
    info: dict[str, Any] = {
        "valid": error is None,
        "error": error.message if error else None,
        "error_reason": error.reason if error else None,
        "subject": None,
        "issuer": None,
        "not_after": None,
        "days_remaining": None,
        "hostname_matches": True if error is None else None,
        "tls_version": sock.version() if sock is not None else None,
        "sha256_fingerprint": None,
        "serial_number": None,
        "chain": [],
    }
    if sock is None:
        return info
    der = sock.getpeercert(binary_form=True)
    if der:
        info["sha256_fingerprint"] = _fingerprint(der)
        info["chain"] = peer_chain(sock)
    if der and x509 is not None:
        info.update(_from_der(der, host))
    elif error is None:
        info.update(_from_peer_dict(sock.getpeercert()))
    if error is not None and error.reason == "hostname_mismatch":
        info["hostname_matches"] = False
    elif error is None:
        info["hostname_matches"] = True
    return info


def _from_der(der: bytes, host: str) -> dict[str, Any]:
    cert = x509.load_der_x509_certificate(der)
    not_after = cert.not_valid_after_utc
    return {
        "serial_number": _serial(cert.serial_number),
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "not_after": not_after.isoformat(),
        "days_remaining": _days_until(not_after),
        "hostname_matches": _matches_host(cert, host),
    }


def _fingerprint(der: bytes) -> str:
    """SHA-256 over the DER bytes, as browsers show it: 'AB:CD:…'."""
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def _serial(number: int) -> str:
    text = f"{number:X}"
    text = "0" + text if len(text) % 2 else text
    return ":".join(text[i : i + 2] for i in range(0, len(text), 2))


def peer_chain(sock: Any) -> list[dict[str, Any]]:
    """The certificates the server sent, leaf first: subject, issuer, serial, fingerprint, expiry.

    Python 3.13 has SSLSocket.get_unverified_chain(); 3.10-3.12 only on the internal object.
    """
    getter = getattr(sock, "get_unverified_chain", None) or getattr(
        getattr(sock, "_sslobj", None), "get_unverified_chain", None
    )
    try:
        certificates = getter() if getter is not None else None
    except (ssl.SSLError, ValueError):
        certificates = None
    if not certificates:
        return []
    chain = []
    for certificate in certificates:
        der = certificate if isinstance(certificate, bytes) else certificate.public_bytes(_ssl.ENCODING_DER)
        chain.append(_chain_entry(der))
    return chain


def _chain_entry(der: bytes) -> dict[str, Any]:
    entry: dict[str, Any] = {"sha256_fingerprint": _fingerprint(der)}
    if x509 is not None:
        cert = x509.load_der_x509_certificate(der)
        entry.update(
            subject=cert.subject.rfc4514_string(),
            issuer=cert.issuer.rfc4514_string(),
            serial_number=_serial(cert.serial_number),
            not_after=cert.not_valid_after_utc.isoformat(),
        )
    return entry


def _from_peer_dict(peer: dict[str, Any]) -> dict[str, Any]:
    if not peer or "notAfter" not in peer:
        return {}
    not_after = datetime.fromtimestamp(ssl.cert_time_to_seconds(peer["notAfter"]), UTC)
    return {
        "subject": _rdn_string(peer.get("subject", ())),
        "issuer": _rdn_string(peer.get("issuer", ())),
        "not_after": not_after.isoformat(),
        "days_remaining": _days_until(not_after),
    }


def _rdn_string(rdns: Any) -> str:
    short = {
        "commonName": "CN",
        "organizationName": "O",
        "countryName": "C",
        "organizationalUnitName": "OU",
        "localityName": "L",
    }
    parts = [f"{short.get(k, k)}={v}" for rdn in rdns for k, v in rdn]
    return ",".join(reversed(parts))


def _days_until(moment: datetime) -> int:
    return int((moment - datetime.now(UTC)).total_seconds() // 86400)


def _matches_host(cert: Any, host: str) -> bool:
    """RFC 6125 style check: SAN DNS names (one leading wildcard label) or SAN IP addresses."""
    host = host.lower().rstrip(".")
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    except x509.ExtensionNotFound:
        names = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
        return any(_dns_match(str(n), host) for n in names)
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return any(_dns_match(n, host) for n in san.get_values_for_type(x509.DNSName))
    return ip in san.get_values_for_type(x509.IPAddress)


def _dns_match(pattern: str, host: str) -> bool:
    pattern = pattern.lower().rstrip(".")
    if pattern.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == pattern[2:]
    return pattern == host
