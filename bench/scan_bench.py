"""Benchmark of the scanner: scan N generated form pages served on 127.0.0.1.

Usage: ``python bench/scan_bench.py [--pages 500] [--concurrency 8] [--tracemalloc]``

Prints pages per second and peak memory (ru_maxrss of the process; with --tracemalloc also
the peak of Python allocations, which slows the run down). Every scan does what a real scan
does: fetch the page, probe https on the same port (refused quickly here), classify the forms.
Traffic stays on the loopback interface.
"""

from __future__ import annotations

import argparse
import http.server
import random
import resource
import sys
import threading
import time
import tracemalloc
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lokaal_avg.scanner import ScanSettings, scan_url

FIELDS = [
    '<label for="f{i}">Voornaam</label><input id="f{i}" name="voornaam{i}">',
    '<label for="f{i}">Familienaam</label><input id="f{i}" name="naam{i}">',
    '<label>E-mail <input type="email" name="email{i}"></label>',
    '<input name="tel{i}" placeholder="Telefoonnummer">',
    '<label for="f{i}">Rijksregisternummer</label><input id="f{i}" name="rrn{i}">',
    '<label for="f{i}">Straat</label><input id="f{i}" name="straat{i}"><input name="nr{i}" placeholder="Nr">',
    '<label for="f{i}">Geboortedatum</label><input type="date" id="f{i}" name="geb{i}">',
    '<label for="f{i}">Opmerking</label><textarea id="f{i}" name="opm{i}"></textarea>',
    '<label><input type="checkbox" name="ok{i}"> Ik ga akkoord met de privacyverklaring</label>',
    '<label for="f{i}">Nummerplaat</label><input id="f{i}" name="plaat{i}">',
]


def make_page(number: int, rng: random.Random) -> bytes:
    """A plausible municipal page: header search, one or two forms, some third-party tags."""
    parts = [f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>Formulier {number}</title>"]
    if rng.random() < 0.4:
        parts.append('<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>')
    parts.append("</head><body><header><form action='/zoeken'><input type='search' name='q'></form></header>")
    parts.append("<main>" + "<p>Uitleg bij het formulier. " * 40 + "</p>")
    for form in range(rng.choice((1, 1, 2))):
        action = "http://oud.voorbeeldegem.be/post" if rng.random() < 0.2 else f"/verzend/{number}/{form}"
        parts.append(f"<form method='post' action='{action}'><input type='hidden' name='csrf' value='x'>")
        for i, snippet in enumerate(rng.sample(FIELDS, rng.randint(4, len(FIELDS)))):
            parts.append(snippet.format(i=f"{form}_{i}"))
        parts.append("<button>Verzenden</button></form>")
    parts.append("</main></body></html>")
    return "".join(parts).encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    pages: dict[str, bytes] = {}

    def do_GET(self) -> None:
        body = self.pages.get(self.path, b"not found")
        self.send_response(200 if self.path in self.pages else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--tracemalloc", action="store_true", help="also measure Python allocations (slower)")
    args = parser.parse_args()

    rng = random.Random(1)
    _Handler.pages = {f"/formulier/{n}": make_page(n, rng) for n in range(args.pages)}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings = ScanSettings(allow_private=True)

    if args.tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        results = list(pool.map(lambda path: scan_url(base + path, settings), _Handler.pages))
    elapsed = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    server.shutdown()
    server.server_close()

    statuses = Counter(r.status for r in results)
    fields = sum(len(f.fields) for r in results for f in r.forms)
    findings = sum(len(r.findings) for r in results)
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(f"pages scanned      {len(results)} (statuses: {dict(statuses)})")
    print(f"concurrency        {args.concurrency}")
    print(f"fields classified  {fields}, findings {findings}")
    print(f"elapsed            {elapsed:.2f} s")
    print(f"pages per second   {len(results) / elapsed:.1f}")
    print(f"peak RSS           {max_rss_mib:.1f} MiB")
    if traced_peak is not None:
        print(f"peak traced        {traced_peak / 1024 / 1024:.1f} MiB (tracemalloc)")
    return 0 if statuses == {"ok": len(results)} else 1


if __name__ == "__main__":
    sys.exit(main())
