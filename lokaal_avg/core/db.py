"""Declarative base, column types and mixins shared by every model."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import DateTime, MetaData, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The longest free text one field holds, in the forms and in the schema: about four pages.
LONG_TEXT_MAX = 10_000


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return utcnow().date()


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes only; naive values are a bug and are refused.

    SQLite drops the offset, so values are normalised to UTC on the way in and
    marked UTC on the way out; both databases then behave the same.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused; use lokaal_avg.core.db.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """An edit counter: SQLAlchemy adds `WHERE version = n` to every UPDATE and raises StaleDataError
    when another transaction saved first, so no save silently overwrites someone else's."""

    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


@event.listens_for(Session, "before_flush")
def _bump_version_for_collection_changes(session, flush_context, instances) -> None:
    # A change to a many-to-many list alone (categories, processors) writes no row of the owner,
    # so its version would not move; touching updated_at makes it one UPDATE with the version check.
    # Only many-to-many lists count: adding a child row (a department) must not lock its parent.
    for obj in session.dirty:
        if isinstance(obj, VersionedMixin) and hasattr(obj, "updated_at") and _lists_changed(obj):
            obj.updated_at = utcnow()


def _lists_changed(obj) -> bool:
    state = inspect(obj)
    return any(
        rel.secondary is not None and state.attrs[rel.key].history.has_changes() for rel in state.mapper.relationships
    )


SQLITE_BUSY_TIMEOUT_MS = 15_000


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:
    """Make SQLite behave for a web server with background jobs.

    - SQLAlchemy owns transactions: pysqlite's own BEGIN handling breaks SAVEPOINTs, which the
      tests (and nested transactions in services) rely on; see SQLAlchemy's pysqlite notes.
    - Foreign keys are enforced, as on PostgreSQL.
    - WAL lets readers work while a job writes; a busy timeout makes writers queue instead of
      failing at once.
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    if cursor.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    # IMMEDIATE takes the write lock up front (waiting up to the busy timeout): a transaction
    # that read first and writes later would otherwise fail at once when a job wrote meanwhile.
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
