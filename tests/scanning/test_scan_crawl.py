"""The crawler: same site only, robots.txt, depth and page limits."""

from __future__ import annotations

import dataclasses
from urllib.robotparser import RobotFileParser

from lokaal_avg.scanner import crawl as crawl_module
from lokaal_avg.scanner import crawl_site


def test_crawl_follows_same_site_links_and_respects_robots(http_server, settings, unique_path, form_page):
    p = unique_path
    http_server.route("/robots.txt", f"User-agent: *\nDisallow: {p}/prive\n", content_type="text/plain")
    http_server.route(
        f"{p}/",
        f'<a href="{p}/a">a</a> <a href="b">b</a> <a href="{p}/prive/x">x</a>'
        '<a href="https://elders.example/">extern</a> <a href="/doc.pdf">pdf</a>'
        '<a href="mailto:info@voorbeeldegem.be">mail</a>',
    )
    http_server.route(f"{p}/a", form_page(body=f'<a href="{p}/c">c</a> <a href="{p}/">home</a>'))
    http_server.route(f"{p}/b", "<html><p>geen formulier</p></html>")
    http_server.route(f"{p}/c", f'<a href="{p}/d">d</a>')
    http_server.route(f"{p}/d", form_page())
    results = crawl_site(http_server.url(f"{p}/"), settings, max_pages=20, max_depth=2, delay=0)
    visited = [r.url for r in results]
    assert visited == [http_server.url(f"{p}/{x}") for x in ("", "a", "b", "c")]
    assert http_server.hits(f"{p}/prive/x") == 0  # robots.txt
    assert http_server.hits(f"{p}/d") == 0  # depth 3
    assert [r.url for r in results if r.has_personal_data_form] == [http_server.url(f"{p}/a")]


def test_crawl_stops_at_max_pages(http_server, settings, unique_path):
    links = "".join(f'<a href="{unique_path}/{i}">{i}</a>' for i in range(30))
    http_server.route(f"{unique_path}/", links)
    for i in range(30):
        http_server.route(f"{unique_path}/{i}", "<html></html>")
    results = crawl_site(http_server.url(f"{unique_path}/"), settings, max_pages=5, delay=0)
    assert len(results) == 5


def test_crawl_of_invalid_url_returns_one_result(settings):
    [result] = crawl_site("ftp://nope/", settings)
    assert result.status == "invalid_url"


def test_crawl_respects_private_address_guard(http_server, settings, unique_path):
    http_server.route(f"{unique_path}/", "<html></html>")
    [result] = crawl_site(http_server.url(f"{unique_path}/"), dataclasses.replace(settings, allow_private=False))
    assert result.status == "blocked_private_address"


def test_crawl_delay_from_robots_is_capped():
    rules = RobotFileParser()
    rules.parse(["User-agent: *", "Crawl-delay: 3600"])
    assert crawl_module._pause(rules, crawl_module.DEFAULT_SETTINGS, 0.5) == crawl_module.MAX_CRAWL_DELAY
    assert crawl_module._pause(None, crawl_module.DEFAULT_SETTINGS, 0.5) == 0.5
