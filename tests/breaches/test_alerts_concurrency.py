"""Two alert runs at the same moment (cron and the scheduler) send each alert once.

A database of its own (committed for real) and two threads, each with its own session.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from aiosmtpd.controller import Controller

from lokaal_avg import create_app
from lokaal_avg.accounts import members
from lokaal_avg.accounts import services as accounts
from lokaal_avg.breaches import alerts, services
from lokaal_avg.breaches.models import Breach
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations import services as organisations
from tests.fixtures.remediation import Mailbox, free_port


def test_two_runs_at_once_send_each_alert_once(fresh_database_url, monkeypatch):
    mailbox = Mailbox(free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": fresh_database_url,
            "SECRET_KEY": "x",
            "TESTING": True,
            "ARGON2_PROFILE": "CHEAPEST",
            "SERVER_NAME": "lokaal-avg.test",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": mailbox.port,
            "MAIL_USE_TLS": False,
        }
    )
    # Flask-SQLAlchemy's own scoped session (per app context), as in production, not the suite's rolled-back one.
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    try:
        with app.app_context():
            db.create_all()
            org = organisations.create_organisation("tweegem", "Gemeente Tweegem")
            for email, role in (("dpo@tweegem.be", "functionaris"), ("admin@tweegem.be", "beheerder")):
                accounts.create_user(email, email.split("@")[0], "correct horse battery staple")
                members.add_member(org, None, email, None, role, [])
            breach = services.create_breach(
                org,
                None,
                {
                    "title": "Lek",
                    "description": "Iets",
                    "kinds": ["integriteit"],
                    "discovered_at": datetime.now(UTC) - timedelta(hours=50),
                    "discovered_by": "Ik",
                },
                notify=False,
            )
            db.session.commit()
            breach_id = breach.id
        barrier = threading.Barrier(2)
        sent: list[int] = []
        errors: list[BaseException] = []

        def run() -> None:
            try:
                with app.app_context():
                    barrier.wait()
                    sent.append(alerts.send_due_alerts())
                    db.session.remove()
            except BaseException as exc:  # reported below, not lost in the thread
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, errors
        assert sorted(sent) == [0, 2]
        assert sorted(m["To"].addresses[0].addr_spec for m in mailbox.received) == [
            "admin@tweegem.be",
            "dpo@tweegem.be",
        ]
        with app.app_context():
            assert db.session.get(Breach, breach_id).alert_24h_at is not None
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    finally:
        controller.stop()
