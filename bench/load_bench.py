"""Load test: the application under gunicorn on PostgreSQL with an RQ worker, 20 clients at once.

Usage:
    python bench/load_bench.py --database-url postgresql://postgres@127.0.0.1:5432/lokaal_avg_bench \\
        [--redis-url redis://127.0.0.1:6379/9] [--requests 5000] [--clients 20] [--workers 3]

The database named in --database-url is created (dropped first if it exists: use a name of its
own). A local web site on 127.0.0.1 stands in for the municipality's site, so scans stay on this
machine. Every client signs in and runs a mixed workload until the shared request budget is spent:
reading the register, an activity and the action plan; editing an activity through its form (a
409 conflict page, when two clients edit the same activity, is a correct answer); creating a
processor; scanning a channel; and a few dossiers. Reported: throughput, latency p50/p95/p99 per
kind and overall, the error count (anything 5xx, a dropped connection or an unexpected status;
must be 0), and whether the audit chain of the organisation verifies afterwards.
"""

from __future__ import annotations

import argparse
import http.server
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-" + secrets.token_hex(8)
ORG = "lastdorp"
CONTACT = (
    b'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Contact</title></head><body>'
    b'<form method="post" action="/verzenden"><label for="n">Naam</label><input id="n" name="naam">'
    b'<label for="e">E-mailadres</label><input id="e" name="email" type="email">'
    b'<button type="submit">Verzenden</button></form></body></html>'
)
# Kind of request -> relative weight in the mix; dossiers are heavy and capped separately.
MIX = {"register": 30, "activity": 20, "actions": 10, "edit": 20, "create": 10, "scan": 4, "dossier": 1}
MAX_DOSSIERS = 5


class Site(http.server.ThreadingHTTPServer):
    daemon_threads = True


class SiteHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path.startswith("/contact") else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(CONTACT)))
        self.end_headers()
        self.wfile.write(CONTACT)

    def log_message(self, *args) -> None:
        pass


def prepare_database(url: str, site_url: str) -> dict:
    """A fresh database with one organisation, its users, activities and channels."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from lokaal_avg.config import normalise_database_url

    target = make_url(normalise_database_url(url))
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()

    from flask_migrate import upgrade

    from lokaal_avg import create_app
    from lokaal_avg.accounts import services as accounts
    from lokaal_avg.channels import services as channels
    from lokaal_avg.core.extensions import db
    from lokaal_avg.organisations import services as organisations
    from lokaal_avg.register import services as register

    app = create_app({"SQLALCHEMY_DATABASE_URI": str(normalise_database_url(url)), "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        org = organisations.create_organisation(ORG, "Gemeente Lastdorp", departments=("Burgerzaken", "Vrije tijd"))
        emails = []
        for n in range(20):
            user = accounts.create_user(f"bench{n}@lastdorp.be", f"Bench {n}", PASSWORD)
            organisations.add_member(org, None, user.email, None, "beheerder" if n % 2 else "functionaris", [])
            emails.append(user.email)
        activities = [
            register.create_activity(org, None, {"name": f"Verwerking {n}", "purposes": "Dienstverlening."}).id
            for n in range(40)
        ]
        channel_ids = [
            channels.create_channel(
                org,
                None,
                {
                    "name": f"Formulier {n}",
                    "kind": "webformulier",
                    "url": f"{site_url}/contact{n}",
                    "activities": [activities[n]],
                },
            ).id
            for n in range(5)
        ]
        db.session.commit()
        db.engine.dispose()
    return {"emails": emails, "activities": activities, "channels": channel_ids}


def start_servers(args, env: dict) -> list[subprocess.Popen]:
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--timeout",
            "120",
            "app:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return [gunicorn, worker]


def wait_until_up(base: str, seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not come up")


class Budget:
    """The shared number of requests left; every client takes one before each request."""

    def __init__(self, total: int) -> None:
        self.left, self.dossiers, self.lock = total, 0, threading.Lock()

    def take(self) -> bool:
        with self.lock:
            self.left -= 1
            return self.left >= 0

    def take_dossier(self) -> bool:
        with self.lock:
            self.dossiers += 1
            return self.dossiers <= MAX_DOSSIERS


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.conflicts = 0

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1


def form_of(html: str, containing: str) -> dict:
    import lxml.html

    for form in lxml.html.fromstring(html).forms:
        if containing in set(form.fields.keys()):
            return dict(form.form_values())
    raise LookupError(containing)


class BenchClient:
    def __init__(self, base: str, email: str, data: dict, stats: Stats, budget: Budget) -> None:
        import httpx

        self.http = httpx.Client(base_url=base, timeout=120, follow_redirects=False)
        self.data, self.stats, self.budget = data, stats, budget
        self.org = f"/o/{ORG}"
        self.random = random.Random(email)
        login = form_of(self.http.get("/login").text, "csrf_token")
        self.http.post("/login", data={**login, "email": email, "password": PASSWORD})

    def request(self, kind: str, method: str, url: str, expected: tuple[int, ...] = (200,), **kwargs):
        if not self.budget.take():
            raise StopIteration
        started = time.perf_counter()
        try:
            response = self.http.request(method, url, **kwargs)
        except Exception as exc:  # a dropped connection is an error like a 500
            self.stats.error(f"{kind}: {type(exc).__name__}")
            return None
        self.stats.add(kind, time.perf_counter() - started)
        if response.status_code not in expected:
            self.stats.error(f"{kind}: {response.status_code}")
        return response

    def run(self) -> None:
        kinds, weights = zip(*MIX.items(), strict=True)
        try:
            while True:
                getattr(self, f"do_{self.random.choices(kinds, weights)[0]}")()
        except StopIteration:
            self.http.close()

    def do_register(self) -> None:
        self.request("register", "GET", f"{self.org}/register/")

    def do_activity(self) -> None:
        self.request("activity", "GET", f"{self.org}/register/{self.random.choice(self.data['activities'])}")

    def do_actions(self) -> None:
        self.request("actions", "GET", f"{self.org}/acties/")

    def do_edit(self) -> None:
        url = f"{self.org}/register/{self.random.choice(self.data['activities'][:10])}/stap/doel"
        page = self.request("edit", "GET", url)
        if page is None or page.status_code != 200:
            return
        values = form_of(page.text, "loaded_version")
        values["purposes"] = f"Dienstverlening, bijgewerkt door een bench-client ({secrets.token_hex(4)})."
        saved = self.request("edit", "POST", url, expected=(302, 409), data=values)
        if saved is not None and saved.status_code == 409:
            self.stats.conflicts += 1

    def do_create(self) -> None:
        page = self.request("create", "GET", f"{self.org}/verwerkers/nieuw")
        if page is None or page.status_code != 200:
            return
        values = {**form_of(page.text, "form_token"), "name": f"Verwerker {secrets.token_hex(3)}"}
        self.request("create", "POST", f"{self.org}/verwerkers/nieuw", expected=(302,), data=values)

    def do_scan(self) -> None:
        channel = self.random.choice(self.data["channels"])
        page = self.request("scan", "GET", f"{self.org}/kanalen/{channel}")
        if page is None or page.status_code != 200:
            return
        token = form_of(page.text, "csrf_token")["csrf_token"]
        self.request(
            "scan", "POST", f"{self.org}/kanalen/{channel}/scannen", expected=(302,), data={"csrf_token": token}
        )

    def do_dossier(self) -> None:
        if not self.budget.take_dossier():
            return self.do_register()
        page = self.request("dossier", "GET", f"{self.org}/dossiers/")
        if page is None or page.status_code != 200:
            return None
        values = {**form_of(page.text, "scope"), "scope": "organisatie"}
        self.request("dossier", "POST", f"{self.org}/dossiers/", expected=(302,), data=values)
        return None


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def wait_for_jobs_and_verify(url: str, seconds: float = 300) -> tuple[int, object]:
    from sqlalchemy import func, select

    from lokaal_avg import create_app
    from lokaal_avg.audit import chain
    from lokaal_avg.config import normalise_database_url
    from lokaal_avg.core.extensions import db
    from lokaal_avg.jobs.models import Job
    from lokaal_avg.organisations.models import Organisation

    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url), "SECRET_KEY": "bench"})
    with app.app_context():
        deadline = time.monotonic() + seconds
        unfinished = 1
        while unfinished and time.monotonic() < deadline:
            unfinished = db.session.scalar(
                select(func.count()).select_from(Job).where(Job.state.in_(("wachtend", "bezig")))
            )
            db.session.rollback()
            time.sleep(1)
        failed = db.session.scalar(select(func.count()).select_from(Job).where(Job.state == "mislukt"))
        org_id = db.session.scalar(select(Organisation.id).where(Organisation.slug == ORG))
        verdict = chain.verify(org_id)
        db.session.remove()
        db.engine.dispose()
    return unfinished + failed, verdict


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="PostgreSQL URL of a database of the bench alone")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=18611)
    args = parser.parse_args()
    if not args.database_url.startswith(("postgresql", "postgres")):
        parser.error("the load bench runs on PostgreSQL")

    site = Site(("127.0.0.1", 0), SiteHandler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    data = prepare_database(args.database_url, f"http://127.0.0.1:{site.server_address[1]}")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "SECRET_KEY": secrets.token_hex(16),
        "LOKAAL_AVG_SCAN_ALLOW_PRIVATE": "1",
        "LOKAAL_AVG_SCAN_CRAWL_DELAY": "0",
    }
    from redis import Redis
    from rq import Queue

    from lokaal_avg.jobs.runner import QUEUE_NAME

    Queue(QUEUE_NAME, connection=Redis.from_url(args.redis_url)).empty()
    processes = start_servers(args, env)
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_until_up(base)
        stats, budget = Stats(), Budget(args.requests)
        clients = [BenchClient(base, email, data, stats, budget) for email in data["emails"][: args.clients]]
        started = time.perf_counter()
        threads = [threading.Thread(target=c.run) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        unfinished_jobs, verdict = wait_for_jobs_and_verify(args.database_url)
    finally:
        for process in processes:  # only what this script started
            process.terminate()
        for process in processes:
            process.wait(30)
        site.shutdown()
    report(stats, elapsed, unfinished_jobs, verdict, args)
    return 0 if not stats.errors and verdict.intact and not unfinished_jobs else 1


def report(stats: Stats, elapsed: float, bad_jobs: int, verdict, args) -> None:
    everything = [v for values in stats.latencies.values() for v in values]
    print(f"{len(everything)} requests by {args.clients} clients in {elapsed:.1f} s: {len(everything) / elapsed:.1f}/s")
    print(f"{'kind':<10}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for kind, values in [*sorted(stats.latencies.items()), ("all", everything)]:
        print(
            f"{kind:<10}{len(values):>7}{percentile(values, 50):>10.0f}{percentile(values, 95):>10.0f}"
            f"{percentile(values, 99):>10.0f}"
        )
    print(f"edit conflicts answered with 409 (correct): {stats.conflicts}")
    print(f"errors: {sum(stats.errors.values())} {dict(stats.errors) if stats.errors else ''}")
    print(f"jobs failed or unfinished: {bad_jobs}")
    state = "intact" if verdict.intact else f"BROKEN at entry {verdict.broken_entry_id}: {verdict.reason}"
    print(f"audit chain: {state} ({verdict.checked} entries, head {verdict.short_hash})")
    print(f"(median of all: {statistics.median(everything) * 1000:.0f} ms)")


if __name__ == "__main__":
    raise SystemExit(main())
