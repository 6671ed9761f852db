"""Integrity: version counters on editable records, one-time form tokens, job heartbeats, audit hash chain.

Revision ID: f11integrity01
Revises: 134dc8d081e9
Create Date: 2026-11-29 19:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f11integrity01"
down_revision = "134dc8d081e9"
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


def upgrade():
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
    with op.batch_alter_table("form_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_submission_organisation_id"))
    op.drop_table("form_submission")
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
