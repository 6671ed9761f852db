"""The audit trail is a hash chain: rows changed, deleted or reordered directly in the database are
found, at the right entry, by `flask audit verify`, the audit page and the dossier's colophon."""

from __future__ import annotations

import io
import threading

import pytest
from sqlalchemy import func, select, text, update

from lokaal_avg.audit import chain
from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors import services as processors
from tests.integrity.browser import submit
from tests.integrity.conftest import signed_in_client


@pytest.fixture
def trail(app, create_org, create_processor):
    """An organisation with a chain of seven entries (creation, three processors, three edits)."""
    org = create_org(slug="ketendorp")
    for n in range(3):
        processor = create_processor(org, name=f"Verwerker {n}")
        with app.app_context():
            fresh = db.session.get(Organisation, org.id)
            processors.update_processor(
                fresh, None, db.session.get(type(processor), processor.id), {"services": f"Dienst {n}"}
            )
            db.session.commit()
    with app.app_context():
        ids = db.session.scalars(
            select(AuditEntry.id).where(AuditEntry.organisation_id == org.id).order_by(AuditEntry.seq)
        ).all()
    assert len(ids) >= 7
    return org, ids


def verdict(app, org) -> chain.Verdict:
    with app.app_context():
        return chain.verify(org.id)


def tamper(app, sql: str, **params) -> None:
    """Straight to the database, past the application."""
    with app.app_context():
        db.session.execute(text(sql), params)
        db.session.commit()


def test_an_untouched_chain_verifies(app, trail):
    org, ids = trail
    result = verdict(app, org)
    assert result.intact and result.checked == len(ids) and result.head_seq == len(ids)


def test_a_changed_entry_is_named(app, trail):
    org, ids = trail
    tamper(app, "UPDATE audit_entry SET target_label = 'Iets anders' WHERE id = :id", id=ids[3])
    result = verdict(app, org)
    assert not result.intact
    assert (result.broken_entry_id, result.broken_seq) == (ids[3], 4)
    assert "inhoud" in result.reason


def test_changed_changes_and_moment_are_found_too(app, trail):
    org, ids = trail
    tamper(app, "UPDATE audit_entry SET changes = '{}' WHERE id = :id", id=ids[2])
    assert verdict(app, org).broken_entry_id == ids[2]


def test_a_changed_client_address_is_found(app, client, login, create_user, trail):
    """Who, when and from where: the request's address is part of what the chain protects."""
    org, _ids = trail
    login(create_user(org=org, role="beheerder"))
    url = f"/o/{org.slug}/verwerkers/nieuw"
    assert submit(client, url, changes={"name": "Via het scherm BV"}).status_code == 302
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.organisation_id == org.id).order_by(AuditEntry.seq.desc())
        ).first()
        assert entry.address == "127.0.0.1"
    assert verdict(app, org).intact
    tamper(app, "UPDATE audit_entry SET address = '203.0.113.9' WHERE id = :id", id=entry.id)
    assert verdict(app, org).broken_entry_id == entry.id


def test_a_deleted_entry_is_found_at_the_next_one(app, trail):
    org, ids = trail
    tamper(app, "DELETE FROM audit_entry WHERE id = :id", id=ids[2])
    result = verdict(app, org)
    assert not result.intact and result.broken_entry_id == ids[3]
    assert "ontbreken" in result.reason


def test_a_deleted_last_entry_is_found_against_the_head(app, trail):
    org, ids = trail
    tamper(app, "DELETE FROM audit_entry WHERE id = :id", id=ids[-1])
    result = verdict(app, org)
    assert not result.intact and result.broken_seq == len(ids)


def test_reordered_entries_are_found(app, trail):
    org, ids = trail
    tamper(app, "UPDATE audit_entry SET seq = -1 WHERE id = :id", id=ids[1])
    tamper(app, "UPDATE audit_entry SET seq = 2 WHERE id = :id", id=ids[2])
    tamper(app, "UPDATE audit_entry SET seq = 3 WHERE id = :id", id=ids[1])
    result = verdict(app, org)
    assert not result.intact and result.broken_entry_id == ids[2]


def test_a_rewritten_entry_with_a_recomputed_own_hash_breaks_the_next_link(app, trail):
    """Whoever knows the recipe can fix one hash, but then the next entry no longer points at it."""
    org, ids = trail
    with app.app_context():
        entry = db.session.get(AuditEntry, ids[4])
        entry.target_label = "Vervalst"
        forged = chain.hash_of(entry, entry.prev_hash)
        db.session.expunge(entry)
    tamper(app, "UPDATE audit_entry SET target_label = 'Vervalst', entry_hash = :h WHERE id = :id", h=forged, id=ids[4])
    assert verdict(app, org).broken_entry_id == ids[5]


def test_the_application_never_changes_or_deletes_an_entry(app, trail):
    org, ids = trail
    with app.app_context():
        entry = db.session.get(AuditEntry, ids[0])
        entry.target_label = "Stil aangepast"
        with pytest.raises(chain.AuditEntryIsFinal):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(chain.AuditEntryIsFinal):
            db.session.execute(update(AuditEntry).where(AuditEntry.id == ids[0]).values(action="x"))
        db.session.rollback()
        db.session.delete(db.session.get(AuditEntry, ids[0]))
        with pytest.raises(chain.AuditEntryIsFinal):
            db.session.flush()
        db.session.rollback()
    assert verdict(app, org).intact


def test_command_line_verification(app, runner, trail):
    org, ids = trail
    intact = runner.invoke(args=["audit", "verify", "--org", org.slug])
    assert intact.exit_code == 0 and "keten intact" in intact.output
    tamper(app, "UPDATE audit_entry SET actor_id = NULL, action = 'delete' WHERE id = :id", id=ids[5])
    broken = runner.invoke(args=["audit", "verify", "--org", org.slug])
    assert broken.exit_code == 1
    assert f"KETEN VERBROKEN, eerste foute regel: nr. 6 (id {ids[5]})" in broken.output
    assert runner.invoke(args=["audit", "verify", "--org", "bestaat-niet"]).exit_code == 2


def test_audit_page_shows_whether_the_chain_is_intact(app, client, login, create_user, trail):
    org, ids = trail
    login(create_user(org=org, role="functionaris"))
    assert "Keten intact" in client.get(f"/o/{org.slug}/audit/").get_data(as_text=True)
    tamper(app, "UPDATE audit_entry SET target_label = 'x' WHERE id = :id", id=ids[1])
    page = client.get(f"/o/{org.slug}/audit/").get_data(as_text=True)
    assert "Keten verbroken" in page and f"nr. 2 (id {ids[1]})" in page


@pytest.mark.slow
def test_the_dossier_prints_the_chain_head_it_was_made_at(app, client, login, create_user, trail):
    from pypdf import PdfReader

    from lokaal_avg.dossiers.models import Dossier

    org, _ids = trail
    login(create_user(org=org, role="functionaris"))
    with app.app_context():
        head = chain.head_of(org.id)
        seq, digest = head.seq, head.entry_hash
    assert client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie"}).status_code == 302
    with app.app_context():
        pdf = db.session.scalars(select(Dossier.pdf).where(Dossier.organisation_id == org.id)).one()
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    assert f"nr. {seq}," in " ".join(words)
    assert any(digest[:24] in word for word in words)


@pytest.mark.slow
def test_many_writers_at_once_keep_one_unbroken_chain(committed_app, committed_team):
    """Parallel requests (threads against a committed database) each add entries to one chain."""
    app = committed_app
    slug, org_id, email = committed_team
    clients = [signed_in_client(app, email) for _ in range(8)]
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def write(n: int, client) -> None:
        start.wait()
        for k in range(4):
            response = submit(client, f"/o/{slug}/verwerkers/nieuw", changes={"name": f"Verwerker {n}-{k}"})
            statuses.append(response.status_code)

    threads = [threading.Thread(target=write, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert statuses == [302] * 32
    with app.app_context():
        result = chain.verify(org_id)
        count = db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.organisation_id == org_id)
        )
        seqs = db.session.scalars(select(AuditEntry.seq).where(AuditEntry.organisation_id == org_id)).all()
    assert result.intact, result.reason
    assert result.checked == count and sorted(seqs) == list(range(1, count + 1))


@pytest.fixture
def keep_loggers():
    """Alembic's env.py calls logging.config.fileConfig, which disables every logger already made:
    later tests that read the log (caplog) would find it empty."""
    import logging

    loggers = [lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    states = {lg: lg.disabled for lg in loggers}
    yield
    for lg, disabled in states.items():
        lg.disabled = disabled


def test_migration_chains_entries_written_before_it(fresh_database_url, monkeypatch, keep_loggers):
    from flask_migrate import upgrade

    from lokaal_avg import create_app

    monkeypatch.setattr(db, "session", db._make_scoped_session({}))  # this database, not the suite's
    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_database_url, "SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        upgrade(revision="134dc8d081e9")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO organisation (id, slug, name, kind, supervisory_authority, created_at, updated_at) "
                    "VALUES (1, 'oud', 'Gemeente Oud', 'gemeente', 'VTC', :t, :t)"
                ),
                {"t": "2026-01-02 03:04:05.678901"},
            )
            for n in range(3):
                conn.execute(
                    text(
                        "INSERT INTO audit_entry (organisation_id, action, target_type, target_id, target_label, "
                        "changes, created_at) VALUES (1, 'update', 'Organisation', 1, 'Gemeente Oud', :c, :t)"
                    ),
                    {"c": '{"naam": ["Oud", "Ouder é"]}', "t": f"2026-01-0{n + 2} 03:04:05.678901"},
                )
        upgrade()
        result = chain.verify(1)
        db.session.remove()
        db.engine.dispose()
    assert result.intact and result.checked == 3
