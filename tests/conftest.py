"""Test setup: one schema per session, every test inside a rolled-back transaction.

The suite runs on SQLite by default and on PostgreSQL when LOKAAL_AVG_TEST_DATABASE_URL is
set. Tests do not hold an application context while they make requests, so every request
gets its own session exactly as in production; factories open a short context of their own.
"""

from __future__ import annotations

import os

import pytest
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from lokaal_avg import create_app
from lokaal_avg.config import normalise_database_url
from lokaal_avg.core.extensions import db

pytest_plugins = [
    "tests.fixtures.factories",
    "tests.fixtures.clients",
    "tests.fixtures.databases",
    "tests.fixtures.channels",
    "tests.fixtures.remediation",
    "tests.fixtures.dossiers",
    "tests.fixtures.accounts",
    "tests.fixtures.dpia",
    "tests.fixtures.registers",
    "tests.fixtures.exchange",
]

TEST_PASSWORD = "correct horse battery staple"


def test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("LOKAAL_AVG_TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def pytest_report_header(config):
    url = os.environ.get("LOKAAL_AVG_TEST_DATABASE_URL")
    return f"lokaal_avg test database: {'PostgreSQL ' + url if url else 'SQLite (temporary file)'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": test_database_url(tmp_path_factory),
            "JOBS_MODE": "eager",
            "ARGON2_PROFILE": "CHEAPEST",
            "SCAN_ALLOW_PRIVATE": True,
            "SERVER_NAME": "lokaal-avg.test",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()  # close pooled connections: unclosed ones are ResourceWarnings


@pytest.fixture(autouse=True)
def _transaction(app):
    """Run the test in a transaction that is rolled back; commits become savepoints."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
    original_session = db.session
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    db.session = scoped_session(factory, scopefunc=_app_ctx_id)
    try:
        yield
    finally:
        db.session = original_session
        outer.rollback()
        connection.close()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
