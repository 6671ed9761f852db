"""An app on a database it really commits to, for tests with several threads or processes."""

from __future__ import annotations

import pytest

from lokaal_avg import create_app
from lokaal_avg.core.extensions import db
from tests.fixtures.clients import CSRFClient


@pytest.fixture
def committed_app(fresh_database_url, monkeypatch):
    """Its own database, with Flask-SQLAlchemy's own per-context session instead of the suite's rolled-back one."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": fresh_database_url,
            "SECRET_KEY": "integrity-tests",
            "TESTING": True,
            "ARGON2_PROFILE": "CHEAPEST",
            "SCAN_ALLOW_PRIVATE": True,
            "JOBS_MODE": "eager",
        }
    )
    app.test_client_class = CSRFClient
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def committed_team(committed_app):
    """An organisation with a beheerder, committed; returns (org slug, org id, the user's e-mail)."""
    from lokaal_avg.accounts import members
    from lokaal_avg.accounts import services as accounts
    from lokaal_avg.organisations import services as organisations
    from tests.conftest import TEST_PASSWORD

    with committed_app.app_context():
        org = organisations.create_organisation("parallelgem", "Gemeente Parallelgem", departments=("Burgerzaken",))
        user = accounts.create_user("beheer@parallelgem.be", "Beheerder", TEST_PASSWORD)
        members.add_member(org, None, user.email, None, "beheerder", [])
        db.session.commit()
        return org.slug, org.id, user.email


def signed_in_client(app, email: str):
    from tests.conftest import TEST_PASSWORD

    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": TEST_PASSWORD}).status_code == 302
    return client
