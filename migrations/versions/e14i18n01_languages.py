"""Languages: an organisation's working language, a dossier's language, a finding's texts as messages.

Revision ID: e14i18n01
Revises: c10scanner01
Create Date: 2026-11-29 19:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e14i18n01'
down_revision = 'c10scanner01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), server_default='nl_BE', nullable=False))
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), server_default='nl_BE', nullable=False))
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('texts', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_column('texts')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('language')
