"""clients, intake versions, goals, session notes

Revision ID: 14e7348cb74d
Revises: 0151f526861f
Create Date: 2026-11-22 11:20:03.028520

"""
from alembic import op
import sqlalchemy as sa

import clinic.db


# revision identifiers, used by Alembic.
revision = '14e7348cb74d'
down_revision = '0151f526861f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('clients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('preferred_name', sa.String(length=80), nullable=False),
    sa.Column('full_name', sa.String(length=160), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('pronouns', sa.String(length=40), nullable=True),
    sa.Column('status', sa.Enum('active', 'discharged', name='clientstatus', native_enum=False, length=20), nullable=False),
    sa.Column('discharged_on', sa.Date(), nullable=True),
    sa.Column('discharge_reason', sa.Text(), nullable=True),
    sa.Column('safety_flag', sa.Boolean(), nullable=False),
    sa.Column('created_at', clinic.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', clinic.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['therapist_id'], ['users.id'], name=op.f('fk_clients_therapist_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clients'))
    )
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index('ix_clients_therapist_status', ['therapist_id', 'status'], unique=False)

    op.create_table('goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'met', 'dropped', name='goalstatus', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', clinic.db.UTCDateTime(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_goals_client_id_clients'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goals'))
    )
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goals_client_id'), ['client_id'], unique=False)

    op.create_table('intake_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('taxonomy_version', sa.Integer(), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=False),
    sa.Column('saved_at', clinic.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_intake_versions_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'], name=op.f('fk_intake_versions_saved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_versions')),
    sa.UniqueConstraint('client_id', 'number', name=op.f('uq_intake_versions_client_id'))
    )
    op.create_table('session_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('attendance', sa.Enum('attended', 'cancelled', 'no_show', name='attendance', native_enum=False, length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', clinic.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('duration_minutes BETWEEN 0 AND 600', name=op.f('ck_session_notes_duration_range')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_session_notes_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_session_notes_written_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_notes'))
    )
    with op.batch_alter_table('session_notes', schema=None) as batch_op:
        batch_op.create_index('ix_session_notes_client_date', ['client_id', 'session_date'], unique=False)

    op.create_table('goal_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('rated_on', sa.Date(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.CheckConstraint('score BETWEEN 0 AND 10', name=op.f('ck_goal_ratings_score_range')),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_ratings_goal_id_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_ratings'))
    )
    with op.batch_alter_table('goal_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_ratings_goal_id'), ['goal_id'], unique=False)



def downgrade():
    with op.batch_alter_table('goal_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_ratings_goal_id'))

    op.drop_table('goal_ratings')
    with op.batch_alter_table('session_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_session_notes_client_date')

    op.drop_table('session_notes')
    op.drop_table('intake_versions')
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goals_client_id'))

    op.drop_table('goals')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index('ix_clients_therapist_status')

    op.drop_table('clients')
