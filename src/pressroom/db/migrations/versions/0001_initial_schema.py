"""Initial schema: the objects of the daily content loop, and an append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-21 06:01:07.947886
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


AUDIT_IMMUTABLE_SQLITE = [
    """CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""",
    """CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""",
]
AUDIT_IMMUTABLE_POSTGRESQL = [
    """CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()""",
]


def _make_audit_log_append_only() -> None:
    dialect = op.get_bind().dialect.name
    statements = AUDIT_IMMUTABLE_POSTGRESQL if dialect == "postgresql" else AUDIT_IMMUTABLE_SQLITE
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:

    op.create_table(
        "audit_events",
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("trace_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_events_entity_type"), ["entity_type"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_events_trace_id"), ["trace_id"], unique=False)

    op.create_table(
        "brands",
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("guidelines", sa.Text(), nullable=False),
        sa.Column("voice_examples", sa.JSON(), nullable=False),
        sa.Column("voice_profile", sa.JSON(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("restricted_terms", sa.JSON(), nullable=False),
        sa.Column("hashtags", sa.JSON(), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("palette", sa.JSON(), nullable=False),
        sa.Column("fonts", sa.JSON(), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("call_to_action", sa.Text(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("posting_slots", sa.JSON(), nullable=False),
        sa.Column("approval_policy", sa.String(length=32), nullable=False),
        sa.Column("score_weights", sa.JSON(), nullable=False),
        sa.Column("ideas_per_run", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brands")),
        sa.UniqueConstraint("slug", name=op.f("uq_brands_slug")),
    )
    op.create_table(
        "prompt_profiles",
        sa.Column("brand_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("previous_version", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brands.id"],
            name=op.f("fk_prompt_profiles_brand_id_brands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prompt_profiles")),
        sa.UniqueConstraint(
            "brand_id", "version", name=op.f("uq_prompt_profiles_brand_id_version")
        ),
    )
    with op.batch_alter_table("prompt_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prompt_profiles_brand_id"), ["brand_id"], unique=False)

    op.create_table(
        "runs",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("brand_id", sa.String(length=36), nullable=False),
        sa.Column("run_date", sa.Date(), nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("writer", sa.String(length=200), nullable=False),
        sa.Column("trace_id", sa.String(length=64), nullable=False),
        sa.Column("prompt_profile_version", sa.Integer(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("timings", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brands.id"], name=op.f("fk_runs_brand_id_brands"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_runs_brand_id"), ["brand_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_runs_status"), ["status"], unique=False)

    op.create_table(
        "trend_signals",
        sa.Column("brand_id", sa.String(length=36), nullable=False),
        sa.Column("topic_key", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("platform", sa.String(length=64), nullable=False),
        sa.Column("velocity", sa.Double(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("relevance", sa.Double(), nullable=False),
        sa.Column("key_phrases", sa.JSON(), nullable=False),
        sa.Column("audience_segments", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brands.id"],
            name=op.f("fk_trend_signals_brand_id_brands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_signals")),
        sa.UniqueConstraint(
            "brand_id", "topic_key", name=op.f("uq_trend_signals_brand_id_topic_key")
        ),
    )
    with op.batch_alter_table("trend_signals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trend_signals_brand_id"), ["brand_id"], unique=False)

    op.create_table(
        "trend_sources",
        sa.Column("brand_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("location", sa.String(length=1000), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("last_fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brands.id"],
            name=op.f("fk_trend_sources_brand_id_brands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_sources")),
        sa.UniqueConstraint(
            "brand_id", "location", name=op.f("uq_trend_sources_brand_id_location")
        ),
    )
    with op.batch_alter_table("trend_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trend_sources_brand_id"), ["brand_id"], unique=False)

    op.create_table(
        "cost_entries",
        sa.Column("operation_key", sa.String(length=300), nullable=False),
        sa.Column("brand_id", sa.String(length=36), nullable=True),
        sa.Column("run_id", sa.String(length=200), nullable=True),
        sa.Column("pillar", sa.String(length=32), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.Column("usd", sa.Double(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brands.id"],
            name=op.f("fk_cost_entries_brand_id_brands"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_cost_entries_run_id_runs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_entries")),
        sa.UniqueConstraint("operation_key", name=op.f("uq_cost_entries_operation_key")),
    )
    with op.batch_alter_table("cost_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cost_entries_brand_id"), ["brand_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cost_entries_run_id"), ["run_id"], unique=False)

    op.create_table(
        "ideas",
        sa.Column("brand_id", sa.String(length=36), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("hook", sa.Text(), nullable=False),
        sa.Column("hook_type", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("audience_fit", sa.Double(), nullable=False),
        sa.Column("topic_key", sa.String(length=200), nullable=False),
        sa.Column("topic_category", sa.String(length=100), nullable=False),
        sa.Column("key_phrases", sa.JSON(), nullable=False),
        sa.Column("source_trend_ids", sa.JSON(), nullable=False),
        sa.Column("writer", sa.String(length=200), nullable=False),
        sa.Column("trace_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brands.id"], name=op.f("fk_ideas_brand_id_brands"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_ideas_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ideas")),
        sa.UniqueConstraint("run_id", "slot", name=op.f("uq_ideas_run_id_slot")),
    )
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ideas_brand_id"), ["brand_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ideas_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ideas_topic_key"), ["topic_key"], unique=False)

    op.create_table(
        "trend_observations",
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("entry_key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=2000), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("signal_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["trend_signals.id"],
            name=op.f("fk_trend_observations_signal_id_trend_signals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["trend_sources.id"],
            name=op.f("fk_trend_observations_source_id_trend_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_observations")),
        sa.UniqueConstraint(
            "source_id", "entry_key", name=op.f("uq_trend_observations_source_id_entry_key")
        ),
    )
    with op.batch_alter_table("trend_observations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trend_observations_signal_id"), ["signal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_trend_observations_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "pieces",
        sa.Column("brand_id", sa.String(length=36), nullable=False),
        sa.Column("run_id", sa.String(length=200), nullable=False),
        sa.Column("idea_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("hook_type", sa.String(length=32), nullable=False),
        sa.Column("writer", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("trace_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brands.id"], name=op.f("fk_pieces_brand_id_brands"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_pieces_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_pieces_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pieces")),
        sa.UniqueConstraint("idea_id", "channel", name=op.f("uq_pieces_idea_id_channel")),
    )
    with op.batch_alter_table("pieces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pieces_brand_id"), ["brand_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pieces_idea_id"), ["idea_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pieces_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pieces_status"), ["status"], unique=False)

    op.create_table(
        "metric_snapshots",
        sa.Column("piece_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("impressions", sa.Integer(), nullable=False),
        sa.Column("reach", sa.Integer(), nullable=False),
        sa.Column("likes", sa.Integer(), nullable=False),
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.Column("saves", sa.Integer(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.Column("watch_through", sa.Double(), nullable=True),
        sa.Column("followers_delta", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["piece_id"],
            ["pieces.id"],
            name=op.f("fk_metric_snapshots_piece_id_pieces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_snapshots")),
        sa.UniqueConstraint(
            "piece_id", "collected_at", name=op.f("uq_metric_snapshots_piece_id_collected_at")
        ),
    )
    with op.batch_alter_table("metric_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_metric_snapshots_piece_id"), ["piece_id"], unique=False
        )

    op.create_table(
        "piece_versions",
        sa.Column("piece_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["piece_id"],
            ["pieces.id"],
            name=op.f("fk_piece_versions_piece_id_pieces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_piece_versions")),
        sa.UniqueConstraint("piece_id", "version", name=op.f("uq_piece_versions_piece_id_version")),
    )
    with op.batch_alter_table("piece_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_piece_versions_piece_id"), ["piece_id"], unique=False)

    op.create_table(
        "publish_jobs",
        sa.Column("piece_id", sa.String(length=36), nullable=False),
        sa.Column("brand_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("connector", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("schedule_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("next_retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("trace_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brands.id"],
            name=op.f("fk_publish_jobs_brand_id_brands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["piece_id"],
            ["pieces.id"],
            name=op.f("fk_publish_jobs_piece_id_pieces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publish_jobs")),
        sa.UniqueConstraint(
            "brand_id",
            "channel",
            "schedule_at",
            name=op.f("uq_publish_jobs_brand_id_channel_schedule_at"),
        ),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_publish_jobs_idempotency_key")),
        sa.UniqueConstraint("piece_id", name=op.f("uq_publish_jobs_piece_id")),
    )
    with op.batch_alter_table("publish_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publish_jobs_brand_id"), ["brand_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_publish_jobs_schedule_at"), ["schedule_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_publish_jobs_status"), ["status"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("piece_id", sa.String(length=36), nullable=False),
        sa.Column("piece_version", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["piece_id"], ["pieces.id"], name=op.f("fk_reviews_piece_id_pieces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviews_piece_id"), ["piece_id"], unique=False)

    op.create_table(
        "score_cards",
        sa.Column("piece_id", sa.String(length=36), nullable=False),
        sa.Column("piece_version", sa.Integer(), nullable=False),
        sa.Column("brand_alignment", sa.Double(), nullable=False),
        sa.Column("predicted_engagement", sa.Double(), nullable=False),
        sa.Column("safety", sa.Double(), nullable=False),
        sa.Column("readability", sa.Double(), nullable=False),
        sa.Column("composite", sa.Double(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("scorer_version", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["piece_id"],
            ["pieces.id"],
            name=op.f("fk_score_cards_piece_id_pieces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_cards")),
        sa.UniqueConstraint(
            "piece_id", "piece_version", name=op.f("uq_score_cards_piece_id_piece_version")
        ),
    )
    with op.batch_alter_table("score_cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_cards_piece_id"), ["piece_id"], unique=False)
    _make_audit_log_append_only()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")

    with op.batch_alter_table("score_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_cards_piece_id"))

    op.drop_table("score_cards")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_piece_id"))

    op.drop_table("reviews")
    with op.batch_alter_table("publish_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publish_jobs_status"))
        batch_op.drop_index(batch_op.f("ix_publish_jobs_schedule_at"))
        batch_op.drop_index(batch_op.f("ix_publish_jobs_brand_id"))

    op.drop_table("publish_jobs")
    with op.batch_alter_table("piece_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_piece_versions_piece_id"))

    op.drop_table("piece_versions")
    with op.batch_alter_table("metric_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metric_snapshots_piece_id"))

    op.drop_table("metric_snapshots")
    with op.batch_alter_table("pieces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pieces_status"))
        batch_op.drop_index(batch_op.f("ix_pieces_run_id"))
        batch_op.drop_index(batch_op.f("ix_pieces_idea_id"))
        batch_op.drop_index(batch_op.f("ix_pieces_brand_id"))

    op.drop_table("pieces")
    with op.batch_alter_table("trend_observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trend_observations_source_id"))
        batch_op.drop_index(batch_op.f("ix_trend_observations_signal_id"))

    op.drop_table("trend_observations")
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ideas_topic_key"))
        batch_op.drop_index(batch_op.f("ix_ideas_run_id"))
        batch_op.drop_index(batch_op.f("ix_ideas_brand_id"))

    op.drop_table("ideas")
    with op.batch_alter_table("cost_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cost_entries_run_id"))
        batch_op.drop_index(batch_op.f("ix_cost_entries_brand_id"))

    op.drop_table("cost_entries")
    with op.batch_alter_table("trend_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trend_sources_brand_id"))

    op.drop_table("trend_sources")
    with op.batch_alter_table("trend_signals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trend_signals_brand_id"))

    op.drop_table("trend_signals")
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_runs_status"))
        batch_op.drop_index(batch_op.f("ix_runs_brand_id"))

    op.drop_table("runs")
    with op.batch_alter_table("prompt_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prompt_profiles_brand_id"))

    op.drop_table("prompt_profiles")
    op.drop_table("brands")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_trace_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_entity_type"))
        batch_op.drop_index(batch_op.f("ix_audit_events_entity_id"))

    op.drop_table("audit_events")
