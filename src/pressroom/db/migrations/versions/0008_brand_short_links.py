"""A brand may have the links of its new pieces replaced by short links Pressroom serves;
existing brands do not.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("brands") as batch:
        batch.add_column(
            sa.Column("short_links", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("brands") as batch:
        batch.drop_column("short_links")
