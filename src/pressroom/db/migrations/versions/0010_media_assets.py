"""Rendered media: one ``assets`` row per file of a piece (or the error that kept it from
being rendered); brands get a logo, a media approval policy, a media budget tier and a
visual style; cost entries say how many units (images, seconds) they bought.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assets",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("brand_id", sa.String(36), nullable=False),
        sa.Column("piece_id", sa.String(36), nullable=False),
        sa.Column("piece_version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("aspect", sa.String(8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("store", sa.String(16), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("mime", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("duration_seconds", sa.Double(), nullable=True),
        sa.Column("provider", sa.String(64), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("cost_usd", sa.Double(), nullable=False),
        sa.Column("rights", sa.String(300), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_status", sa.String(16), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brands.id"], name=op.f("fk_assets_brand_id_brands"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["piece_id"], ["pieces.id"], name=op.f("fk_assets_piece_id_pieces"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint(
            "piece_id",
            "role",
            "aspect",
            "position",
            name=op.f("uq_assets_piece_id_role_aspect_position"),
        ),
    )
    op.create_index(op.f("ix_assets_brand_id"), "assets", ["brand_id"])
    op.create_index(op.f("ix_assets_piece_id"), "assets", ["piece_id"])
    with op.batch_alter_table("cost_entries") as batch:
        batch.add_column(sa.Column("units", sa.Double(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("unit", sa.String(16), nullable=False, server_default=""))
    with op.batch_alter_table("brands") as batch:
        batch.add_column(sa.Column("logo", sa.String(500), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("media_approval", sa.String(16), nullable=False, server_default="with_piece")
        )
        batch.add_column(
            sa.Column("media_tier", sa.String(16), nullable=False, server_default="free")
        )
        batch.add_column(
            sa.Column("visual_style", sa.String(60), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("brands") as batch:
        batch.drop_column("visual_style")
        batch.drop_column("media_tier")
        batch.drop_column("media_approval")
        batch.drop_column("logo")
    with op.batch_alter_table("cost_entries") as batch:
        batch.drop_column("unit")
        batch.drop_column("units")
    op.drop_index(op.f("ix_assets_piece_id"), table_name="assets")
    op.drop_index(op.f("ix_assets_brand_id"), table_name="assets")
    op.drop_table("assets")
