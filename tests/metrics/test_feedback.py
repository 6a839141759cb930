from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from pressroom.contracts import CONTRACTS
from pressroom.errors import ErrorCode, PressroomError
from pressroom.metrics import service
from pressroom.metrics.schemas import PerformanceFeedback
from pressroom.platforms.drafts import HookType
from tests.factories import make_brand
from tests.metrics.factories import T0, make_piece, make_publish_job, make_snapshot


def test_engagement_rate_counts_interactions_per_impression() -> None:
    rate = service.engagement_rate(impressions=200, likes=10, comments=4, shares=3, saves=3)
    assert rate == pytest.approx(0.1)
    assert service.engagement_rate(impressions=0, likes=1, comments=0, shares=0, saves=0) is None


def test_feedback_uses_latest_snapshot_and_benchmarks_against_channel_peers(
    session: Session,
) -> None:
    brand = make_brand(session)
    piece = make_piece(session, brand, channel="instagram-reel", hook_type="story")
    make_publish_job(session, piece, external_id="1789")
    make_snapshot(session, piece, impressions=100, likes=1)
    make_snapshot(
        session,
        piece,
        collected_at=T0 + timedelta(days=1),
        impressions=1000,
        reach=800,
        likes=50,
        comments=5,
        shares=3,
        saves=2,
        clicks=20,
        watch_through=0.5,
    )
    for likes, watched in ((20, 0.3), (40, 0.4)):
        peer = make_piece(session, brand, channel="instagram-reel")
        make_snapshot(session, peer, impressions=1000, likes=likes, watch_through=watched)
    make_snapshot(session, make_piece(session, brand, channel="x"), impressions=10, likes=9)

    feedback = service.performance_feedback(session, piece_id=piece.id, trace_id="trace-fb")

    payload = feedback.payload
    assert (payload.platform_post_id, payload.concept_id) == ("1789", piece.idea_id)
    assert (payload.brand, payload.channel, payload.hook_type) == (
        brand.slug,
        "instagram-reel",
        "story",
    )
    assert payload.collected_at == T0 + timedelta(days=1)
    assert payload.metrics.engagement_rate == pytest.approx(0.06)
    assert payload.metrics.click_through_rate == pytest.approx(0.02)
    assert payload.metrics.watch_through_rate == pytest.approx(0.5)
    assert payload.benchmark_delta.engagement_rate == pytest.approx(0.06 - 0.03)
    assert payload.benchmark_delta.watch_through_rate == pytest.approx(0.5 - 0.35)
    assert payload.benchmark_delta.baseline_pieces == 2
    assert CONTRACTS["PerformanceFeedback"] is PerformanceFeedback
    again = PerformanceFeedback.parse(feedback.model_dump_json())
    assert again == feedback


def test_feedback_without_peers_has_no_delta(session: Session) -> None:
    brand = make_brand(session)
    piece = make_piece(session, brand)
    make_snapshot(session, piece, impressions=0)
    payload = service.performance_feedback(session, piece_id=piece.id, trace_id="t").payload
    assert payload.platform_post_id is None
    assert payload.metrics.engagement_rate is None
    assert payload.benchmark_delta.engagement_rate is None
    assert payload.benchmark_delta.baseline_pieces == 0


def test_feedback_for_unknown_or_unmeasured_piece_is_not_found(session: Session) -> None:
    brand = make_brand(session)
    piece = make_piece(session, brand)
    with pytest.raises(PressroomError) as caught:
        service.performance_feedback(session, piece_id="missing", trace_id="t")
    assert caught.value.code == ErrorCode.NOT_FOUND
    with pytest.raises(PressroomError) as caught:
        service.performance_feedback(session, piece_id=piece.id, trace_id="t")
    assert caught.value.code == ErrorCode.NOT_FOUND
    assert "no metrics yet" in caught.value.message


def test_brand_feedback_covers_every_measured_piece(session: Session) -> None:
    brand = make_brand(session)
    pieces = [make_piece(session, brand, channel="x") for _ in range(3)]
    for index, piece in enumerate(pieces):
        make_snapshot(session, piece, impressions=100, likes=index)
    make_piece(session, brand, channel="x")  # never measured
    batch = service.brand_feedback(session, brand=brand)
    assert sorted(item.piece_id for item in batch) == sorted(p.id for p in pieces)
    by_piece = {item.piece_id: item for item in batch}
    assert by_piece[pieces[2].id].benchmark_delta.engagement_rate == pytest.approx(0.02 - 0.005)
    assert service.brand_feedback(session, brand=brand, as_of=T0 - timedelta(seconds=1)) == []


def test_engagement_history_per_channel_and_hook(session: Session) -> None:
    brand = make_brand(session)
    other_brand = make_brand(session, slug="elsewhere", name="Elsewhere")
    rows = [
        ("x", "question", 100, 10),
        ("x", "question", 100, 20),
        ("x", "statistic", 100, 4),
        ("linkedin", "question", 200, 2),
        ("linkedin", "", 100, 3),  # no hook type: counts overall only
        ("linkedin", "story", 0, 0),  # no impressions: no rate
    ]
    for channel, hook, impressions, likes in rows:
        piece = make_piece(session, brand, channel=channel, hook_type=hook)
        make_snapshot(session, piece, collected_at=T0 - timedelta(days=1), impressions=1)
        make_snapshot(session, piece, impressions=impressions, likes=likes)
    make_snapshot(session, make_piece(session, other_brand), impressions=10, likes=10)

    history = service.engagement_history(session, brand_id=brand.id)

    assert history.overall_count == 5
    assert history.overall_rate == pytest.approx((0.1 + 0.2 + 0.04 + 0.01 + 0.03) / 5)
    question_x = history.segment("x", HookType.QUESTION)
    assert question_x is not None
    assert (question_x.count, question_x.mean_rate) == (2, pytest.approx(0.15))
    assert [(s.channel, s.hook_type, s.count) for s in history.segments] == [
        ("linkedin", HookType.QUESTION, 1),
        ("x", HookType.QUESTION, 2),
        ("x", HookType.STATISTIC, 1),
    ]
    assert service.engagement_history(session, brand_id="nobody").overall_count == 0
