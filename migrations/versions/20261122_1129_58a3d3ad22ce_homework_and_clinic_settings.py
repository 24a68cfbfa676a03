"""homework and clinic settings

Revision ID: 58a3d3ad22ce
Revises: 14e7348cb74d
Create Date: 2026-11-22 11:29:52.096034

"""
from alembic import op
import sqlalchemy as sa

import clinic.db


# revision identifiers, used by Alembic.
revision = '58a3d3ad22ce'
down_revision = '14e7348cb74d'
branch_labels = None
depends_on = None


INITIAL_CRISIS_TEXT = (
    "If you are in danger or thinking about harming yourself, call your local emergency "
    "number now, or go to the nearest emergency department. You can also contact a crisis "
    "line at any time of day or night. This page is not watched around the clock, so please "
    "do not use it to ask for urgent help."
)


def upgrade():
    settings = op.create_table('clinic_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_name', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('crisis_text', sa.Text(), nullable=False),
    sa.Column('paper_size', sa.Enum('A4', 'letter', name='papersize', native_enum=False, length=20), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_settings'))
    )
    op.bulk_insert(settings, [
        {"id": 1, "clinic_name": "Clinic", "address": "", "crisis_text": INITIAL_CRISIS_TEXT,
         "paper_size": "A4"},
    ])
    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('exercise_slug', sa.String(length=80), nullable=False),
    sa.Column('exercise_version', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('instructions', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('assigned', 'in_progress', 'submitted', 'reviewed', 'cancelled', name='assignmentstatus', native_enum=False, length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', clinic.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', clinic.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_assignments_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_assignments_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index('ix_assignments_client_status', ['client_id', 'status'], unique=False)

    op.create_table('responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', name='responsestatus', native_enum=False, length=20), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.Column('submitted_at', clinic.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', clinic.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', clinic.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_responses_assignment_id_assignments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responses')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_responses_assignment_id'))
    )
    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('shared_with_client', sa.Boolean(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', clinic.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_reviews_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_reviews_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_reviews_assignment_id'))
    )
    op.create_table('share_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', clinic.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', clinic.db.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', clinic.db.UTCDateTime(), nullable=True),
    sa.Column('first_opened_at', clinic.db.UTCDateTime(), nullable=True),
    sa.Column('last_opened_at', clinic.db.UTCDateTime(), nullable=True),
    sa.Column('open_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_share_links_assignment_id_assignments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_share_links_token_hash'))
    )
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_links_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index('uq_share_links_live_assignment', ['assignment_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))



def downgrade():
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.drop_index('uq_share_links_live_assignment', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_share_links_assignment_id'))

    op.drop_table('share_links')
    op.drop_table('reviews')
    op.drop_table('responses')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_assignments_client_status')

    op.drop_table('assignments')
    op.drop_table('clinic_settings')
