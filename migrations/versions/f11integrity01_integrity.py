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
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))


def downgrade():
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
