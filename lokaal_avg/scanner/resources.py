"""What a page makes the visitor's browser load: mixed content, third parties, links to crawl."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html

from lokaal_avg.scanner.result import ThirdParty
from lokaal_avg.scanner.sites import match_tracker, same_site, tracker_list_version

# (tag, attribute, kind, active?) — "active" content can take over the page when tampered with.
_LOADS = (
    ("script", "src", "script", True),
    ("iframe", "src", "iframe", True),
    ("frame", "src", "iframe", True),
    ("object", "data", "object", True),
    ("embed", "src", "object", True),
    ("img", "src", "img", False),
    ("video", "src", "media", False),
    ("audio", "src", "media", False),
    ("source", "src", "media", False),
    ("input", "src", "img", False),
    ("form", "action", "form", False),
)
_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "preconnect", "dns-prefetch", "manifest", "prefetch"}
_SKIP_SCHEMES = ("data:", "javascript:", "blob:", "about:", "mailto:", "tel:", "#")
_DOMAIN_IN_SCRIPT = re.compile(r"(?<![\w.-])((?:[a-z0-9-]+\.)+[a-z]{2,})(?![\w-])", re.I)
_NOT_A_PAGE = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar|7z|jpe?g|png|gif|svg|webp|mp[34]|"
    r"avi|mov|ics|xml|json|css|js|ico|woff2?|ttf|eot|exe|dmg|msi)$",
    re.I,
)


@dataclass
class PageResources:
    mixed_active: list[str] = field(default_factory=list)
    mixed_passive: list[str] = field(default_factory=list)
    third_parties: list[ThirdParty] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def analyse_resources(root: lxml.html.HtmlElement, page_url: str, max_items: int = 200) -> PageResources:
    """Loads and links of a page; lists are capped at ``max_items`` each (hostile pages)."""
    found = PageResources()
    base = _base_url(root, page_url)
    page_host = urlsplit(page_url).hostname or ""
    https_page = page_url.startswith("https://")
    hosts: dict[str, set[str]] = {}
    for url, kind, active in _loaded_urls(root, base):
        parts = urlsplit(url)
        if https_page and parts.scheme == "http" and kind != "form":
            target = found.mixed_active if active else found.mixed_passive
            if url not in target and len(target) < max_items:
                target.append(url)
        host = (parts.hostname or "").lower()
        if host and not same_site(host, page_host) and (host in hosts or len(hosts) < max_items):
            hosts.setdefault(host, set()).add(kind)
    for host in _trackers_in_inline_scripts(root):
        if not same_site(host, page_host):
            hosts.setdefault(host, set()).add("inline-script")
    found.third_parties = [_third_party(host, kinds) for host, kinds in sorted(hosts.items())]
    found.links = _same_site_links(root, base, page_host, max_items * 5)
    return found


def _base_url(root: lxml.html.HtmlElement, page_url: str) -> str:
    base = root.find(".//base[@href]")
    return urljoin(page_url, base.get("href", "").strip()) if base is not None else page_url


def _loaded_urls(root: lxml.html.HtmlElement, base: str) -> Iterator[tuple[str, str, bool]]:
    """(absolute url, kind, active) for everything the page loads or posts to."""
    for tag, attribute, kind, active in _LOADS:
        for element in root.iter(tag):
            if tag == "input" and (element.get("type") or "").lower() != "image":
                continue
            url = _absolute(base, element.get(attribute))
            if url:
                yield url, kind, active
    for element in root.iter("link"):
        rels = set((element.get("rel") or "").lower().split())
        if rels & _LINK_RELS:
            url = _absolute(base, element.get("href"))
            if url:
                yield url, "link", "stylesheet" in rels


def _absolute(base: str, value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if not value or value.lower().startswith(_SKIP_SCHEMES):
        return None
    try:
        url = urljoin(base, value)
    except ValueError:
        return None
    return url if url.startswith(("http://", "https://")) else None


def _trackers_in_inline_scripts(root: lxml.html.HtmlElement) -> set[str]:
    """Known tracker domains named in inline scripts (the usual Google Tag Manager snippet)."""
    found: set[str] = set()
    for script in root.iter("script"):
        if script.get("src") or not script.text:
            continue
        for match in _DOMAIN_IN_SCRIPT.finditer(script.text[:200_000]):
            host = match.group(1).lower()
            if match_tracker(host):
                found.add(host)
    return found


def _third_party(host: str, kinds: set[str]) -> ThirdParty:
    tracker = match_tracker(host)
    return ThirdParty(
        host=host,
        kinds=sorted(kinds),
        tracker=tracker.name if tracker else None,
        tracker_company=tracker.company if tracker else None,
        tracker_country=tracker.country if tracker else None,
        tracker_list_version=tracker_list_version() if tracker else None,
    )


def _same_site_links(root: lxml.html.HtmlElement, base: str, page_host: str, limit: int) -> list[str]:
    links: list[str] = []
    seen: set[str] = set()
    for anchor in root.iter("a", "area"):
        url = _absolute(base, anchor.get("href"))
        if not url:
            continue
        url = urldefrag(url)[0]
        parts = urlsplit(url)
        if url in seen or not parts.hostname or not same_site(parts.hostname, page_host):
            continue
        if _NOT_A_PAGE.search(parts.path) or anchor.get("download") is not None:
            continue
        seen.add(url)
        links.append(url)
        if len(links) >= limit:
            break
    return links
