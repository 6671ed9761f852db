"""Backup and restore of one organisation: the round trip object by object, across databases."""

from __future__ import annotations

import io
import json
import zipfile
from contextlib import contextmanager

import pytest
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import select
from sqlalchemy.orm import scoped_session, sessionmaker

from lokaal_avg import create_app
from lokaal_avg.audit import chain
from lokaal_avg.core.extensions import db
from lokaal_avg.exchange import backup
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation.models import Action, ActionComment
from tests.fixtures.dossiers import build_register


def _source(app, create_org, create_user) -> bytes:
    org = create_org(slug="bron", departments=("Burgerzaken", "Vrije tijd"), dpo_name="Dora DPO")
    author = create_user(org=org, role="functionaris", email="dora@bron.be", name="Dora DPO")
    with app.app_context():
        fresh = db.session.get(Organisation, org.id)
        build_register(fresh)
        action = db.session.scalars(select(Action).where(Action.organisation_id == org.id)).first()
        db.session.add(
            ActionComment(organisation_id=org.id, action_id=action.id, author_id=author.id, body="Opgelost?")
        )
        db.session.commit()
        return backup.export_org(db.session.get(Organisation, org.id))


def _fingerprints(data: bytes) -> dict[str, list[str]]:
    """Each table's rows without ids, every reference replaced by what it refers to."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    tables = {p[7:-5]: json.loads(archive.read(p)) for p in manifest["files"]}
    prints: dict[str, dict] = {}
    out: dict[str, list[str]] = {}
    order = [t.name for t in db.metadata.sorted_tables if t.name in tables]
    for name in ["user_account", *[n for n in order if n != "user_account"]]:
        targets = {fk.parent.name: fk.column.table.name for fk in db.metadata.tables[name].foreign_keys}
        prints[name] = {}
        rows = []
        for row in tables[name]:
            content = {}
            for key, value in row.items():
                if key == "id" or (name == "organisation" and key == "slug"):  # restored under another slug
                    continue
                if name == "audit_entry" and key in ("prev_hash", "entry_hash"):  # re-chained on restore (new ids)
                    continue
                if key in targets and value is not None:
                    value = prints.get(targets[key], {}).get(value, "self" if targets[key] == name else None)
                content[key] = value
            text = json.dumps(content, sort_keys=True)
            if "id" in row:
                prints[name][row["id"]] = text
            rows.append(text)
        out[name] = sorted(rows)
    return out


@pytest.fixture
def other_installation(tmp_path):
    """A second, empty installation on its own SQLite database."""
    other = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.sqlite'}",
            "SECRET_KEY": "x",
            "ARGON2_PROFILE": "CHEAPEST",
            "TESTING": True,
        }
    )
    with other.app_context():
        db.create_all(bind_key=None)
    yield other
    with other.app_context():
        db.engine.dispose()


@contextmanager
def own_session(installation):
    """The other installation's own database (the test session is bound to the first one's)."""
    with installation.app_context():
        saved = db.session
        db.session = scoped_session(sessionmaker(bind=db.engine), scopefunc=_app_ctx_id)
        try:
            yield
        finally:
            db.session.remove()
            db.session = saved


def _round_trip(installation, data: bytes) -> bytes:
    with own_session(installation):
        restored = backup.import_org(data)
        db.session.commit()
        return backup.export_org(restored)


def test_backup_restores_object_by_object_in_another_installation(app, create_org, create_user, other_installation):
    data = _source(app, create_org, create_user)
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
    assert manifest["format"] == backup.FORMAT and manifest["format_version"] == 1
    for table in (
        "processing_activity",
        "activity_data_category",
        "channel",
        "channel_field",
        "scan",
        "finding",
        "action",
        "action_comment",
        "audit_entry",
        "processor",
        "data_category",
        "membership",
    ):
        assert manifest["files"][f"tables/{table}.json"]["rows"] > 0, table
    restored = _round_trip(other_installation, data)
    original, copy = _fingerprints(data), _fingerprints(restored)
    assert copy.keys() == original.keys()
    for table in original:
        assert copy[table] == original[table], table
    with own_session(other_installation):
        user = db.session.execute(
            select(db.metadata.tables["user_account"]).where(
                db.metadata.tables["user_account"].c.email == "dora@bron.be"
            )
        ).one()
        assert user.password_hash == backup.UNUSABLE_PASSWORD  # secrets never travel


def test_restore_back_into_the_first_database_under_another_slug(app, create_org, create_user, other_installation):
    data = _source(app, create_org, create_user)
    moved = _round_trip(other_installation, data)
    with app.app_context():
        with pytest.raises(backup.BackupError, match="al een organisatie"):
            backup.import_org(moved)
        restored = backup.import_org(moved, slug="bron-terug")
        db.session.commit()
        # The restored trail is a chain of its own that verifies, and the source's chain is untouched.
        assert chain.verify(restored.id).intact
        assert chain.verify(db.session.scalar(select(Organisation.id).where(Organisation.slug == "bron"))).intact
        back = backup.export_org(restored)
    original, returned = _fingerprints(data), _fingerprints(back)
    for table in original:
        assert returned[table] == original[table], table


def test_damaged_or_foreign_backups_are_refused(app):
    with app.app_context():
        with pytest.raises(backup.BackupError, match="geen back-up"):
            backup.import_org(b"not a zip")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(
                "manifest.json",
                json.dumps(
                    {
                        "format": backup.FORMAT,
                        "format_version": 1,
                        "organisation": {"slug": "x"},
                        "files": {"tables/organisation.json": {"sha256": "0" * 64, "rows": 1}},
                    }
                ),
            )
            archive.writestr("tables/organisation.json", "[]")
        with pytest.raises(backup.BackupError, match="SHA-256"):
            backup.import_org(buffer.getvalue())


def test_cli_export_and_import(app, create_org, tmp_path):
    create_org(slug="cli-bron")
    runner = app.test_cli_runner()
    out = tmp_path / "bron.zip"
    result = runner.invoke(args=["export-org", "cli-bron", "--out", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["import-org", str(out)])
    assert result.exit_code != 0 and "al een organisatie" in result.output
    result = runner.invoke(args=["import-org", str(out), "--slug", "cli-kopie"])
    assert result.exit_code == 0, result.output
