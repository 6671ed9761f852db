"""Scans made of the demo's locally served pages are marked as demo evidence.

Revision ID: c10scanner01
Revises: a17accounts01
Create Date: 2026-11-29 20:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c10scanner01"
down_revision = "c10evidence01"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.drop_column("demo")
