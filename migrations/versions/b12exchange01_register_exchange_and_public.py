"""Register import uploads, the public register setting and its exclusions.

Revision ID: b12exchange01
Revises: d13dpia01
"""

import sqlalchemy as sa
from alembic import op


revision = "b12exchange01"
down_revision = "d13registers01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "register_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.Column("updated_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], name=op.f("fk_register_import_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_register_import_user_id_user_account"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_import")),
    )
    with op.batch_alter_table("register_import", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_register_import_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_register_import_user_id"), ["user_id"], unique=False)

    op.create_table(
        "public_register",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], name=op.f("fk_public_register_organisation_id_organisation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_register")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_public_register_organisation_id")),
    )
    with op.batch_alter_table("public_register", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_public_register_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "public_exclusion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["processing_activity.id"], name=op.f("fk_public_exclusion_activity_id_processing_activity"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], name=op.f("fk_public_exclusion_organisation_id_organisation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_exclusion")),
        sa.UniqueConstraint("organisation_id", "activity_id", name=op.f("uq_public_exclusion_organisation_id_activity_id")),
    )
    with op.batch_alter_table("public_exclusion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_public_exclusion_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_public_exclusion_organisation_id"), ["organisation_id"], unique=False)


def downgrade():
    with op.batch_alter_table("public_exclusion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_exclusion_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_public_exclusion_activity_id"))
    op.drop_table("public_exclusion")
    with op.batch_alter_table("public_register", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_register_organisation_id"))
    op.drop_table("public_register")
    with op.batch_alter_table("register_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_import_user_id"))
        batch_op.drop_index(batch_op.f("ix_register_import_organisation_id"))
    op.drop_table("register_import")
