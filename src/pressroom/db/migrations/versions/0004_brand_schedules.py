"""Each brand's schedule (daily run and nightly learning times, on or off); brands without
a row keep the defaults. And the reviews' index for their history, newest first.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "brand_schedules",
        sa.Column("brand_id", sa.String(length=36), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("run_time", sa.String(length=5), nullable=False),
        sa.Column("learn_time", sa.String(length=5), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brands.id"],
            name=op.f("fk_brand_schedules_brand_id_brands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brand_schedules")),
        sa.UniqueConstraint("brand_id", name=op.f("uq_brand_schedules_brand_id")),
    )
    op.create_index("ix_reviews_created_at_id", "reviews", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_reviews_created_at_id", table_name="reviews")
    op.drop_table("brand_schedules")
