"""Backup and restore of one organisation: every table, generically, in a versioned zip.

Format (docs/organisation-backup.md): `manifest.json` (format, version, source schema, per
member its SHA-256 and row count) and `tables/<table>.json` (rows as JSON objects). Rows are
selected by `organisation_id`, or — for tables without one (link tables) — by their foreign
keys to rows already selected. People are shared between organisations: only the referenced
accounts travel, without secrets (password hash, calendar token, lockouts), and are matched by
e-mail on restore; an account that does not exist yet is created without a usable password.
On restore every id is new: primary keys are left to the database and foreign keys remapped,
so a backup restores next to other organisations, on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Date, DateTime, LargeBinary, Table, func, insert, select, update

from lokaal_avg.audit import chain
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation

FORMAT = "lokaal-avg-organisation-backup"
FORMAT_VERSION = 1
USERS = "user_account"
ORGANISATIONS = "organisation"
USER_FIELDS = ("email", "name", "active", "locale", "created_at", "updated_at")  # never secrets
UNUSABLE_PASSWORD = "!"  # noqa: S105 - not an argon2 hash: no password matches it until one is set
MAX_BACKUP_BYTES = 2 * 1024 * 1024 * 1024
# Used one-time form tokens are unique across the installation and only guard a page just sent.
NOT_BACKED_UP = ("form_submission",)


class BackupError(ValueError):
    """A backup cannot be restored (message in Dutch); nothing was changed."""


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def _encode(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decode(column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(column.type, DateTime) or isinstance(getattr(column.type, "impl", None), DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def _fk_targets(table: Table) -> dict[str, str]:
    return {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}


def _rows_of(org: Organisation) -> dict[str, list[dict[str, Any]]]:
    """Every row that belongs to the organisation, table by table, parents before children."""
    selected: dict[str, set] = {ORGANISATIONS: {org.id}}
    out: dict[str, list[dict[str, Any]]] = {}
    for table in _tables():
        if table.name in (USERS, *NOT_BACKED_UP):
            continue
        if table.name == ORGANISATIONS:
            stmt = select(table).where(table.c.id == org.id)
        elif "organisation_id" in table.c:
            stmt = select(table).where(table.c.organisation_id == org.id)
        else:
            parents = {c: t for c, t in _fk_targets(table).items() if t in selected and t != USERS}
            if not parents:
                continue  # not about an organisation (e.g. a person's own e-mail digests)
            stmt = select(table)
            for column, target in parents.items():
                stmt = stmt.where(table.c[column].in_(selected[target]))
        if "id" in table.c:
            stmt = stmt.order_by(table.c.id)  # the audit trail is restored (and re-chained) in its order
        rows = [dict(r._mapping) for r in db.session.execute(stmt)]
        out[table.name] = rows
        if "id" in table.c:
            selected[table.name] = {r["id"] for r in rows}
    out[USERS] = _users(out)
    return out


def _users(rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    ids = set()
    for table in _tables():
        for column, target in _fk_targets(table).items():
            if target == USERS:
                ids |= {r[column] for r in rows.get(table.name, []) if r.get(column)}
    users = db.metadata.tables[USERS]
    return [
        {"id": r.id, **{f: getattr(r, f) for f in USER_FIELDS if f in users.c}}
        for r in db.session.execute(select(users).where(users.c.id.in_(ids)))
    ]


def _schema_revision() -> str | None:
    try:
        return db.session.execute(db.text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # a database made by create_all (tests, first start) has no Alembic table
        db.session.rollback()
        return None


def export_org(org: Organisation) -> bytes:
    """The organisation as a zip with a manifest of SHA-256 sums."""
    rows = _rows_of(org)
    members: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for name, table_rows in rows.items():
        encoded = [{k: _encode(v) for k, v in r.items()} for r in table_rows]
        members[f"tables/{name}.json"] = json.dumps(encoded, ensure_ascii=False, indent=1, sort_keys=True).encode()
        counts[name] = len(table_rows)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": utcnow().isoformat(timespec="seconds"),
        "organisation": {"slug": org.slug, "name": org.name},
        "schema_revision": _schema_revision(),
        "files": {
            path: {"sha256": hashlib.sha256(content).hexdigest(), "rows": counts[path[7:-5]]}
            for path, content in sorted(members.items())
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for path, content in sorted(members.items()):
            archive.writestr(path, content)
    return buffer.getvalue()


def _read(data: bytes) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Manifest and tables, every member checked against its SHA-256 before anything is used."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(i.file_size for i in archive.infolist()) > MAX_BACKUP_BYTES:
            raise BackupError(_("Deze back-up pakt uit tot een onredelijke grootte."))
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        if isinstance(exc, BackupError):
            raise
        raise BackupError(_("Dit is geen back-up van een organisatie uit lokaal_avg.")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Dit is geen back-up van een organisatie uit lokaal_avg."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _(
                "Deze back-up heeft formaatversie %(v)s; deze installatie leest versie %(ours)s.",
                v=manifest.get("format_version"),
                ours=FORMAT_VERSION,
            )
        )
    tables = {}
    for path, info in manifest["files"].items():
        content = archive.read(path)
        if hashlib.sha256(content).hexdigest() != info["sha256"]:
            raise BackupError(_("Het bestand %(path)s in de back-up is beschadigd (SHA-256 klopt niet).", path=path))
        tables[path.removeprefix("tables/").removesuffix(".json")] = json.loads(content)
    unknown = [name for name in tables if name not in db.metadata.tables]
    if unknown:
        raise BackupError(
            _(
                "Deze back-up bevat tabellen die deze installatie niet kent (%(names)s): werk de "
                "installatie eerst bij.",
                names=", ".join(sorted(unknown)),
            )
        )
    return manifest, tables


def import_org(data: bytes, slug: str | None = None) -> Organisation:
    """Restore a backup as a new organisation (optionally under another slug); the caller commits."""
    manifest, tables = _read(data)
    slug = slug or manifest["organisation"]["slug"]
    organisations = db.metadata.tables[ORGANISATIONS]
    if db.session.scalar(select(func.count()).select_from(organisations).where(organisations.c.slug == slug)):
        raise BackupError(
            _("Er bestaat al een organisatie met de korte naam %(slug)s. Kies een andere met --slug.", slug=slug)
        )
    ids: dict[str, dict[Any, Any]] = {USERS: _restore_users(tables.get(USERS, []))}
    deferred: list[tuple[Table, Any, str, Any]] = []
    for table in _tables():
        if table.name in (USERS, *NOT_BACKED_UP) or table.name not in tables:
            continue
        ids[table.name] = {}
        for row in tables[table.name]:
            values = _remap(table, row, ids, deferred)
            if table.name == ORGANISATIONS:
                values["slug"] = slug
            old_id = values.pop("id", None) if "id" in table.c else None
            result = db.session.execute(insert(table).values(**values))
            if old_id is not None:
                ids[table.name][old_id] = result.inserted_primary_key[0]
    for table, new_id, column, old_target in deferred:  # references within one table (replaced_by)
        target = _fk_targets(table)[column]
        db.session.execute(
            update(table).where(table.c.id == ids[table.name][new_id]).values(**{column: ids[target].get(old_target)})
        )
    db.session.flush()
    restored = db.session.get(Organisation, ids[ORGANISATIONS][next(iter(ids[ORGANISATIONS]))])
    chain.relink_restored(restored.id)
    return restored


def _remap(table: Table, row: dict[str, Any], ids, deferred) -> dict[str, Any]:
    values = {}
    targets = _fk_targets(table)
    for name, value in row.items():
        if name not in table.c:
            continue  # a column this installation dropped
        column = table.c[name]
        value = _decode(column, value)
        if name in targets and value is not None:
            target = targets[name]
            if target == table.name:
                deferred.append((table, row["id"], name, value))
                value = None
            else:
                value = ids.get(target, {}).get(value)
        values[name] = value
    return values


def _restore_users(rows: list[dict[str, Any]]) -> dict[int, int]:
    """Old user id -> id of the account with the same e-mail here (created when missing)."""
    users = db.metadata.tables[USERS]
    mapping = {}
    for row in rows:
        email = row["email"].strip().lower()
        existing = db.session.scalar(select(users.c.id).where(func.lower(users.c.email) == email))
        if existing is None:
            values = {f: _decode(users.c[f], row.get(f)) for f in USER_FIELDS if f in row and f in users.c}
            values["password_hash"] = UNUSABLE_PASSWORD  # other columns take their defaults
            existing = db.session.execute(insert(users).values(**values)).inserted_primary_key[0]
        mapping[row["id"]] = existing
    return mapping
