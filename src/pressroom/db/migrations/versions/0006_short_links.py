"""Short links Pressroom serves at ``/l/{code}``, each counting the clicks it redirects
(docs/LINKS.md).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "short_links",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("link_key", sa.String(length=64), nullable=False),
        sa.Column("target_url", sa.Text(), nullable=False),
        sa.Column("brand_id", sa.String(length=36), nullable=False),
        sa.Column("piece_id", sa.String(length=36), nullable=True),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.Column("last_clicked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brands.id"],
            name=op.f("fk_short_links_brand_id_brands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["piece_id"],
            ["pieces.id"],
            name=op.f("fk_short_links_piece_id_pieces"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_short_links")),
        sa.UniqueConstraint("code", name=op.f("uq_short_links_code")),
        sa.UniqueConstraint("link_key", name=op.f("uq_short_links_link_key")),
    )
    op.create_index("ix_short_links_brand_id", "short_links", ["brand_id"])
    op.create_index("ix_short_links_piece_id", "short_links", ["piece_id"])
    op.create_index(
        "ix_short_links_brand_id_created_at_id", "short_links", ["brand_id", "created_at", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_short_links_brand_id_created_at_id", table_name="short_links")
    op.drop_index("ix_short_links_piece_id", table_name="short_links")
    op.drop_index("ix_short_links_brand_id", table_name="short_links")
    op.drop_table("short_links")
