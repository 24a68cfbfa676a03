"""progress summary drafts

Revision ID: 0e5c974ed345
Revises: 58a3d3ad22ce
Create Date: 2026-11-22 11:52:49.781520

"""
from alembic import op
import sqlalchemy as sa

import clinic.db


# revision identifiers, used by Alembic.
revision = '0e5c974ed345'
down_revision = '58a3d3ad22ce'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('summary_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('version', sa.Enum('clinical', 'client', name='summaryversion', native_enum=False, length=20), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('client_message', sa.Text(), nullable=False),
    sa.Column('client_copy_scores', sa.Boolean(), nullable=False),
    sa.Column('updated_at', clinic.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_summary_drafts_client_id_clients'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_drafts')),
    sa.UniqueConstraint('client_id', name=op.f('uq_summary_drafts_client_id'))
    )


def downgrade():
    op.drop_table('summary_drafts')
