"""An index for the dashboard's pieces by state: ``(status, brand_id)`` lets the count of
an organization's pieces per state read the index alone, one range per state and brand.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_pieces_status_brand_id": ("pieces", ["status", "brand_id"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
