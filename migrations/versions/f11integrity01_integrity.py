"""Integrity: version counters on editable records, one-time form tokens, job heartbeats, audit hash chain.

Revision ID: f11integrity01
Revises: c10scanner01
Create Date: 2026-11-29 19:45:00

"""

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "f11integrity01"
down_revision = "e14i18n01"
branch_labels = None
depends_on = None

VERSIONED_TABLES = (
    "organisation",
    "processor",
    "processing_activity",
    "data_category",
    "subject_category",
    "recipient_category",
    "channel",
    "action",
)

# Free-text columns get the length the forms allow (core.db.LONG_TEXT_MAX); PostgreSQL enforces it.
LONG_TEXT_MAX = 10_000
LONG_TEXT_COLUMNS = {
    "processing_activity": (
        "description",
        "joint_controllers",
        "purposes",
        "legal_reference",
        "special_category_exception",
        "criminal_data_basis",
        "national_number_basis",
        "source",
        "recipients_details",
        "transfer_details",
        "retention",
        "security_measures",
        "systems",
        "dpia_decision",
    ),
    "data_category": ("description",),
    "subject_category": ("description",),
    "recipient_category": ("description",),
    "channel": ("description",),
    "processor": ("services", "third_country_details"),
    "action": ("description", "justification"),
    "action_comment": ("body",),
    "organisation": ("notes",),
}


def refuse_oversized_texts():
    """Stop with the rows to shorten rather than cut anybody's text."""
    bind = op.get_bind()
    too_long = []
    for table, columns in LONG_TEXT_COLUMNS.items():
        for column in columns:
            rows = bind.execute(
                sa.text(f"SELECT id FROM {table} WHERE length({column}) > :limit"), {"limit": LONG_TEXT_MAX}
            ).scalars().all()
            too_long += [f"{table}.{column} id={row}" for row in rows]
    if too_long:
        raise RuntimeError(
            f"These texts are longer than {LONG_TEXT_MAX} characters; shorten them first: " + ", ".join(too_long)
        )


GENESIS = "0" * 64


def canonical(row, seq):
    """The entry's content as lokaal_avg.audit.chain.content_of hashes it (kept here as it was written)."""
    created = row.created_at
    if isinstance(created, str):
        created = datetime.fromisoformat(created)
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    changes = json.loads(row.changes) if isinstance(row.changes, str) else row.changes
    return json.dumps(
        {
            "seq": seq,
            "organisation_id": row.organisation_id,
            "actor_id": row.actor_id,
            "action": row.action,
            "target_type": row.target_type,
            "target_id": row.target_id,
            "target_label": row.target_label,
            "changes": changes,
            "created_at": created.astimezone(UTC).isoformat(timespec="microseconds"),
            "address": row.address,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )


def chain_existing_entries():
    """Entries written before the chain get linked in their order of writing, per organisation."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, organisation_id, actor_id, action, target_type, target_id, target_label, changes, created_at, "
            "address FROM audit_entry ORDER BY id"
        )
    ).all()
    heads = {}
    for row in rows:
        key = row.organisation_id if row.organisation_id is not None else 0
        seq, prev = heads.get(key, (0, GENESIS))
        seq += 1
        digest = hashlib.sha256(f"{prev}\n{canonical(row, seq)}".encode("utf-8", "surrogatepass")).hexdigest()
        bind.execute(
            sa.text("UPDATE audit_entry SET seq = :seq, prev_hash = :prev, entry_hash = :hash WHERE id = :id"),
            {"seq": seq, "prev": prev, "hash": digest, "id": row.id},
        )
        heads[key] = (seq, digest)
    for key, (seq, digest) in heads.items():
        bind.execute(
            sa.text("INSERT INTO audit_chain_head (chain_key, seq, entry_hash) VALUES (:key, :seq, :hash)"),
            {"key": key, "seq": seq, "hash": digest},
        )


def upgrade():
    refuse_oversized_texts()
    op.create_table(
        "audit_chain_head",
        sa.Column("chain_key", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain_key", name=op.f("pk_audit_chain_head")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_audit_entry_chain", ["organisation_id", "seq"], unique=False)
    chain_existing_entries()
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("runner", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("retry_of_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_job_retry_of_id_job"), "job", ["retry_of_id"], ["id"])
    for table, columns in LONG_TEXT_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column, existing_type=sa.Text(), type_=sa.String(length=LONG_TEXT_MAX), existing_nullable=column != "body"
                )
    op.create_table(
        "form_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("result_url", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_submission")),
        sa.UniqueConstraint("token", name=op.f("uq_form_submission_token")),
    )
    with op.batch_alter_table("form_submission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_submission_organisation_id"), ["organisation_id"], unique=False)
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))


def downgrade():
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_chain")
        batch_op.drop_column("entry_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_job_retry_of_id_job"), type_="foreignkey")
        batch_op.drop_column("retry_of_id")
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("runner")
    for table, columns in LONG_TEXT_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column, existing_type=sa.String(length=LONG_TEXT_MAX), type_=sa.Text(), existing_nullable=column != "body"
                )
    with op.batch_alter_table("form_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_submission_organisation_id"))
    op.drop_table("form_submission")
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
