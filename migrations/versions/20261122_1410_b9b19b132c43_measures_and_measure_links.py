"""measures and measure links

Revision ID: b9b19b132c43
Revises: 7a6e39a8de07
Create Date: 2026-11-22 14:05:49.765846

"""
from alembic import op
import sqlalchemy as sa

import clinic.db


# revision identifiers, used by Alembic.
revision = 'b9b19b132c43'
down_revision = '7a6e39a8de07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('measure_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('measure_slug', sa.String(length=80), nullable=False),
    sa.Column('measure_version', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', clinic.db.UTCDateTime(), nullable=False),
    sa.Column('cancelled_at', clinic.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_measure_requests_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_measure_requests_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_measure_requests_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_requests'))
    )
    with op.batch_alter_table('measure_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_requests_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_requests_client_id'), ['client_id'], unique=False)

    op.create_table('measure_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('measure_slug', sa.String(length=80), nullable=False),
    sa.Column('measure_version', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('band', sa.String(length=40), nullable=True),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('source', sa.Enum('session', 'link', name='resultsource', native_enum=False, length=20), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('safety_item_positive', sa.Boolean(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.Column('created_at', clinic.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_measure_results_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_measure_results_entered_by_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['measure_requests.id'], name=op.f('fk_measure_results_request_id_measure_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_results')),
    sa.UniqueConstraint('request_id', name=op.f('uq_measure_results_request_id'))
    )
    with op.batch_alter_table('measure_results', schema=None) as batch_op:
        batch_op.create_index('ix_measure_results_client_slug', ['client_id', 'measure_slug'], unique=False)

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure_safety_flag', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure_request_id', sa.Integer(), nullable=True))
        batch_op.alter_column('assignment_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_share_links_measure_request_id'), ['measure_request_id'], unique=False)
        batch_op.create_index('uq_share_links_live_measure_request', ['measure_request_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.create_foreign_key(batch_op.f('fk_share_links_measure_request_id_measure_requests'), 'measure_requests', ['measure_request_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(op.f('ck_share_links_one_target'), '(assignment_id IS NULL) <> (measure_request_id IS NULL)')



def downgrade():
    op.execute(sa.text('DELETE FROM share_links WHERE assignment_id IS NULL'))
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_share_links_one_target'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_share_links_measure_request_id_measure_requests'), type_='foreignkey')
        batch_op.drop_index('uq_share_links_live_measure_request', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_share_links_measure_request_id'))
        batch_op.alter_column('assignment_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('measure_request_id')

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('measure_safety_flag')

    with op.batch_alter_table('measure_results', schema=None) as batch_op:
        batch_op.drop_index('ix_measure_results_client_slug')

    op.drop_table('measure_results')
    with op.batch_alter_table('measure_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_requests_client_id'))
        batch_op.drop_index(batch_op.f('ix_measure_requests_assignment_id'))

    op.drop_table('measure_requests')
