"""Pieces have a tone (``""``: the brand's own voice) and a language, and a translation points
at the piece it was translated from; one idea and channel may so have several pieces (its A/B
variants and translations). Brands name their tone variants and their languages. Pieces and
brands stored before are in English, in the brand's own voice.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pieces") as batch:
        batch.add_column(sa.Column("tone", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("language", sa.String(35), nullable=False, server_default="en"))
        batch.add_column(sa.Column("source_piece_id", sa.String(36), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_pieces_source_piece_id_pieces"),
            "pieces",
            ["source_piece_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index(batch.f("ix_pieces_source_piece_id"), ["source_piece_id"])
        batch.drop_constraint("uq_pieces_idea_id_channel", type_="unique")
        batch.create_unique_constraint(
            batch.f("uq_pieces_idea_id_channel_tone_language"),
            ["idea_id", "channel", "tone", "language"],
        )
    with op.batch_alter_table("brands") as batch:
        batch.add_column(sa.Column("tone_variants", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("languages", sa.JSON(), nullable=False, server_default='["en"]'))


def downgrade() -> None:
    with op.batch_alter_table("brands") as batch:
        batch.drop_column("languages")
        batch.drop_column("tone_variants")
    op.execute("DELETE FROM pieces WHERE tone != '' OR source_piece_id IS NOT NULL")
    with op.batch_alter_table("pieces") as batch:
        batch.drop_constraint("uq_pieces_idea_id_channel_tone_language", type_="unique")
        batch.create_unique_constraint(batch.f("uq_pieces_idea_id_channel"), ["idea_id", "channel"])
        batch.drop_index(batch.f("ix_pieces_source_piece_id"))
        batch.drop_constraint("fk_pieces_source_piece_id_pieces", type_="foreignkey")
        batch.drop_column("source_piece_id")
        batch.drop_column("language")
        batch.drop_column("tone")
