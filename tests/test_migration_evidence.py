"""Migration c10evidence01 keeps existing data: transfers become structured, stale approvals go."""

from __future__ import annotations

import json

from flask_migrate import upgrade
from sqlalchemy import text

from lokaal_avg import create_app
from lokaal_avg.core.extensions import db

ORG = (
    "INSERT INTO organisation (id, slug, name, kind, supervisory_authority, created_at, updated_at) "
    "VALUES (1, 'mig', 'Gemeente Mig', 'gemeente', 'vtc', :now, :now)"
)


def test_existing_transfers_and_approvals_are_migrated(fresh_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_database_url, "SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        upgrade(revision="134dc8d081e9")
        with db.engine.begin() as conn:
            now = "2026-01-01 00:00:00"
            conn.execute(text(ORG), {"now": now})
            conn.execute(
                text(
                    "INSERT INTO user_account (id, email, name, password_hash, active, locale, failed_logins, "
                    "created_at, updated_at) VALUES (7, 'dpo@mig.be', 'Dora', 'x', true, 'nl', 0, :now, :now)"
                ),
                {"now": now},
            )
            insert = text(
                "INSERT INTO processing_activity (id, organisation_id, name, role, collection_channels, dpia_criteria, "
                "status, status_changed_at, approved_by_id, third_country_transfers, transfer_details, minors, "
                "created_at, updated_at) VALUES (:id, 1, :name, 'verwerkingsverantwoordelijke', '[]', '[]', :status, "
                ":now, 7, :transfers, :details, false, :now, :now)"
            )
            conn.execute(
                insert,
                {
                    "id": 1,
                    "name": "A",
                    "status": "concept",
                    "transfers": True,
                    "details": "Verenigde Staten en India, modelcontractbepalingen",
                    "now": now,
                },
            )
            conn.execute(
                insert,
                {
                    "id": 2,
                    "name": "B",
                    "status": "goedgekeurd",
                    "transfers": True,
                    "details": "VS: EU-VS Data Privacy Framework of standaardcontractbepalingen",
                    "now": now,
                },
            )
            conn.execute(
                insert, {"id": 3, "name": "C", "status": "goedgekeurd", "transfers": False, "details": None, "now": now}
            )
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, approved_by_id, transfer_countries, transfer_mechanism, transfer_details, "
                    "retention_by_category FROM processing_activity ORDER BY id"
                )
            ).all()
        db.engine.dispose()
    by_id = {row[0]: row for row in rows}

    def as_list(value):  # JSON comes back as text on SQLite
        return value if isinstance(value, list) else json.loads(value)

    # Concept keeps no approver; an approved entry keeps its own.
    assert by_id[1][1] is None and by_id[2][1] == 7
    assert sorted(as_list(by_id[1][2])) == ["IN", "US"] and by_id[1][3] == "modelcontractbepalingen"
    # Two mechanisms named: the owner must choose; the text stays as the explanation.
    assert as_list(by_id[2][2]) == ["US"] and by_id[2][3] is None and "Data Privacy Framework" in by_id[2][4]
    assert as_list(by_id[3][2]) == [] and by_id[3][3] is None
