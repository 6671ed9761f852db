"""Browser tests: the real app, served by a real HTTP server on loopback, driven in Chromium.

Each test module gets its own fresh database (SQLite file, or a new PostgreSQL database when
LOKAAL_AVG_TEST_DATABASE_URL is set) and its own app bound to it, served by a threaded
werkzeug server. The suite's savepoint-per-test fixture cannot be used here: it swaps the
shared `db.session` for one bound to the test's connection, which the server's threads would
then use too. So `_transaction` is switched off for this package and data is really
committed (and thrown away with the module's database). The usual factories (`create_org`,
`create_user`, ...) work unchanged because they take the `app` fixture overridden below.

Chromium comes from Debian's package (/usr/bin/chromium, `make check-system`); Playwright
never downloads a browser. One browser for the whole session, one context per test.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_sqlalchemy.session import Session, _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker
from werkzeug.serving import WSGIRequestHandler, make_server

from lokaal_avg import create_app
from lokaal_avg.core.extensions import db
from tests.browser.pages import _world, populated  # noqa: F401 - fixtures for the page-by-page tests
from tests.fixtures.databases import fresh_database
from tests.test_tenancy import objects_in, plain_args  # noqa: F401 - fixtures: one object of every kind

CHROMIUM = os.environ.get("LOKAAL_AVG_CHROMIUM", "/usr/bin/chromium")
# As the machine notes prescribe: no sandbox as root, and no background traffic to Google.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
DESKTOP = {"width": 1280, "height": 900}


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args) -> None:
        pass  # hundreds of page loads: the access log would bury a failure's output


class LiveServer:
    """The app on 127.0.0.1:<free port>, each request in its own thread as in production."""

    def __init__(self, app) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator:
    """This module's app, on a database of its own that the live server uses too."""
    with fresh_database(tmp_path_factory.mktemp("browserdb")) as url:
        live_app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "browser-test-secret-key",
                "SQLALCHEMY_DATABASE_URI": url,
                "JOBS_MODE": "thread",  # as in production: the job page shows real progress
                "ARGON2_PROFILE": "CHEAPEST",
                "SCAN_ALLOW_PRIVATE": True,
            }
        )
        with live_app.app_context():
            db.create_all()
        yield live_app
        with live_app.app_context():
            db.engine.dispose()


@pytest.fixture
def _transaction():
    """Instead of the savepoint: the server's threads must see committed data (see above).

    The factories read attributes of the objects they committed, as in the rest of the suite;
    so the test's own thread keeps them loaded after a commit. The server's threads keep the
    production behaviour (expire on commit).
    """
    for_test = sessionmaker(class_=Session, db=db, expire_on_commit=False)
    for_server = sessionmaker(class_=Session, db=db)

    def session_for_this_thread():
        return (for_test if threading.current_thread() is threading.main_thread() else for_server)()

    original = db.session
    db.session = scoped_session(session_for_this_thread, scopefunc=_app_ctx_id)
    try:
        yield
    finally:
        db.session = original


@pytest.fixture(scope="module")
def live_server(app) -> Iterator[LiveServer]:
    server = LiveServer(app)
    app.config["SERVER_NAME"] = f"127.0.0.1:{server.port}"  # links in e-mails and exports
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium ontbreekt ({CHROMIUM}): installeer het met `sudo apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(width=..., height=...): a page in a fresh context (own cookies) on the live server."""
    contexts = []

    def make(width: int = DESKTOP["width"], height: int = DESKTOP["height"], javascript: bool = True):
        context = browser.new_context(
            base_url=live_server.url(""),
            viewport={"width": width, "height": height},
            locale="nl-BE",
            reduced_motion="reduce",
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in(page, user, password: str | None = None) -> None:
    """Sign in through the login form, as a person would."""
    from tests.conftest import TEST_PASSWORD

    page.goto("/login")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password or TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(re.compile(r"^(?!.*/login)"))


def screenshot(page, name: str) -> Path:
    """Keep a full-page screenshot as a test artefact (artifacts/browser/, ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
