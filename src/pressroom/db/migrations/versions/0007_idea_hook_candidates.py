"""Each idea keeps its shortlisted hooks (text, type, score, rationale), the chosen first;
ideas stored before have none.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ideas") as batch:
        batch.add_column(
            sa.Column("hook_candidates", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("ideas") as batch:
        batch.drop_column("hook_candidates")
