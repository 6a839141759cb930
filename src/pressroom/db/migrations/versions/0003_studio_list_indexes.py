"""Indexes for the studio's lists: pieces newest first by state or brand, publish jobs by
time per brand (each ends in ``id``, the cursor's tie-breaker).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_pieces_status_created_at_id": ("pieces", ["status", "created_at", "id"]),
    "ix_pieces_brand_id_created_at_id": ("pieces", ["brand_id", "created_at", "id"]),
    "ix_pieces_created_at_id": ("pieces", ["created_at", "id"]),
    "ix_publish_jobs_brand_id_schedule_at_id": ("publish_jobs", ["brand_id", "schedule_at", "id"]),
    "ix_publish_jobs_schedule_at_id": ("publish_jobs", ["schedule_at", "id"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
