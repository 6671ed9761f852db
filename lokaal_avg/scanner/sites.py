"""Which site a host belongs to, and which known tracker or third party it is."""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# A small stand-in for the Public Suffix List: the multi-label suffixes a Flemish
# municipality's pages are likely to meet. Hosting platforms are listed because two
# customers of the same platform are two different sites.
_MULTI_LABEL_SUFFIXES = frozenset(
    {
        "co.uk",
        "org.uk",
        "ac.uk",
        "gov.uk",
        "com.au",
        "net.au",
        "org.au",
        "co.nz",
        "co.jp",
        "com.br",
        "com.cn",
        "co.za",
        "com.tr",
        "gv.at",
        "ac.be",
        "github.io",
        "gitlab.io",
        "azurewebsites.net",
        "cloudfront.net",
        "herokuapp.com",
        "netlify.app",
        "pages.dev",
        "web.app",
        "firebaseapp.com",
        "blogspot.com",
        "wixsite.com",
        "appspot.com",
        "amazonaws.com",
    }
)


def registrable_domain(host: str) -> str:
    """The part of ``host`` a registrant controls: ``e-loket.gemeente.be`` → ``gemeente.be``."""
    host = host.lower().rstrip(".").strip("[]")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host
    labels = host.split(".")
    if len(labels) <= 2:
        return host
    for size in (3, 2):
        suffix = ".".join(labels[-size:])
        if suffix in _MULTI_LABEL_SUFFIXES and len(labels) > size:
            return ".".join(labels[-size - 1 :])
    return ".".join(labels[-2:])


def same_site(host_a: str, host_b: str) -> bool:
    return registrable_domain(host_a) == registrable_domain(host_b)


@dataclass(frozen=True)
class Tracker:
    domain: str
    name: str
    company: str
    country: str
    category: str


@lru_cache(maxsize=1)
def _tracker_data() -> dict:
    return json.loads(resources.files("lokaal_avg.scanner").joinpath("data/trackers.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _tracker_table() -> dict[str, Tracker]:
    return {entry["domain"]: Tracker(**entry) for entry in _tracker_data()["trackers"]}


def tracker_list_version() -> str:
    """The version of the shipped tracker list, kept with every scan that names a tracker."""
    data = _tracker_data()
    return f"{data['version']} ({len(data['trackers'])} domeinen)"


def match_tracker(host: str) -> Tracker | None:
    """The known tracker for ``host``: equal to, or a subdomain of, a listed domain (longest wins)."""
    table = _tracker_table()
    labels = host.lower().rstrip(".").split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in table:
            return table[candidate]
    return None
