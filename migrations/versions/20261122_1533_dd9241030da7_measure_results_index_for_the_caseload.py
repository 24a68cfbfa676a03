"""measure results index for the caseload

Revision ID: dd9241030da7
Revises: b9b19b132c43
Create Date: 2026-11-22 15:33:19.854719

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'dd9241030da7'
down_revision = 'b9b19b132c43'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('measure_results', schema=None) as batch_op:
        batch_op.create_index('ix_measure_results_client_taken', ['client_id', 'taken_on', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('measure_results', schema=None) as batch_op:
        batch_op.drop_index('ix_measure_results_client_taken')

