"""A polite crawl of one site to discover its forms: same site only, robots.txt, a delay."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import deque
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from lokaal_avg.scanner.engine import DEFAULT_SETTINGS, InvalidUrl, normalise_url, scan_page
from lokaal_avg.scanner.fetch import SafeFetcher
from lokaal_avg.scanner.netguard import Deadline
from lokaal_avg.scanner.result import ScanResult
from lokaal_avg.scanner.settings import ScanSettings
from lokaal_avg.scanner.sites import same_site

log = logging.getLogger(__name__)

MAX_CRAWL_DELAY = 10.0  # a robots.txt Crawl-delay above this is capped, not obeyed blindly
ROBOTS_MAX_BYTES = 500_000


def crawl_site(
    start_url: str,
    settings: ScanSettings = DEFAULT_SETTINGS,
    max_pages: int = 20,
    max_depth: int = 2,
    delay: float = 0.5,
) -> list[ScanResult]:
    """Scan ``start_url`` and the same-site pages it links to, breadth first.

    Follows links within the start page's registrable domain up to ``max_depth`` clicks and
    ``max_pages`` pages, skips what robots.txt forbids for our user agent, and waits ``delay``
    seconds (or the site's Crawl-delay, capped) between pages. Returns a result per page
    visited, in visiting order; the caller keeps the pages that have forms. Never raises.
    """
    try:
        start = normalise_url(start_url)
    except InvalidUrl:
        return [scan_page(start_url, settings)[0]]
    start_host = urlsplit(start).hostname or ""
    robots: dict[str, RobotFileParser | None] = {}
    transport_cache: dict[str, Any] = {}
    queue: deque[tuple[str, int]] = deque([(start, 0)])
    queued = {start}
    results: list[ScanResult] = []
    while queue and len(results) < max_pages:
        url, depth = queue.popleft()
        rules = _robots_for(url, settings, robots)
        if rules is not None and not rules.can_fetch(settings.user_agent, url):
            log.info("robots.txt forbids %s", url)
            continue
        if results:
            time.sleep(_pause(rules, settings, delay))
        result, links = scan_page(url, settings, transport_cache)
        results.append(result)
        if depth >= max_depth:
            continue
        for link in links:
            host = urlsplit(link).hostname or ""
            if link not in queued and same_site(host, start_host):
                queued.add(link)
                queue.append((link, depth + 1))
    return results


def _pause(rules: RobotFileParser | None, settings: ScanSettings, delay: float) -> float:
    crawl_delay = rules.crawl_delay(settings.user_agent) if rules is not None else None
    return max(delay, min(float(crawl_delay or 0), MAX_CRAWL_DELAY))


def _robots_for(url: str, settings: ScanSettings, cache: dict[str, RobotFileParser | None]) -> RobotFileParser | None:
    """robots.txt of the URL's origin, fetched through the guarded client (never urllib)."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin not in cache:
        cache[origin] = _fetch_robots(origin, settings)
    return cache[origin]


def _fetch_robots(origin: str, settings: ScanSettings) -> RobotFileParser | None:
    robots_url = urlunsplit((*urlsplit(origin)[:2], "/robots.txt", "", ""))
    limits = dataclasses.replace(settings, max_bytes=ROBOTS_MAX_BYTES)
    with SafeFetcher(limits, Deadline(min(settings.total_timeout, 15.0))) as fetcher:
        outcome = fetcher.fetch(robots_url, any_type=True)
    response = outcome.response
    if response is None or response.status >= 400 or response.body is None:
        return None  # no robots.txt (or unreachable, or absurdly large): everything is allowed
    parser = RobotFileParser(robots_url)
    parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
    return parser
