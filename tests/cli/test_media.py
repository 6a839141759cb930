"""``pressroom media`` run as a person runs it (a process of its own on a real data folder):
render a carousel's slides, list them, reject and approve them (audited; the piece's waiting
workflow acts on each decision), export them under their posting names; and the clear
errors for a text-only piece, for video shapes that cannot be rendered, and for a piece with
no media yet."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from pressroom.config import Settings
from pressroom.db.migrate import upgrade
from pressroom.db.session import make_engine, make_session_factory, transaction
from pressroom.providers.llm.builtin import BuiltinWriter
from tests.cli.process import Pressroom, expect_error
from tests.factories import make_brand
from tests.providers.llm.builtin.builders import piece_request
from tests.review.factories import make_piece

pytestmark = pytest.mark.slow


def seed(cli: Pressroom, *channels: str, status: str = "generated") -> list[str]:
    """A brand whose media a person approves, and one piece per channel written by the
    built-in writer, in the command's data folder; returns the piece ids."""
    settings = Settings(data_dir=cli.data_dir, _env_file=None)  # type: ignore[call-arg]
    cli.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.app_database_url)
    engine = make_engine(settings.app_database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            brand = make_brand(session, slug="manual-media", media_approval="manual")
            return [
                make_piece(
                    session, brand=brand, channel=channel, draft=draft(channel), status=status
                ).id
                for channel in channels
            ]
    finally:
        engine.dispose()


def draft(channel: str) -> dict[str, Any]:
    return BuiltinWriter().write_piece(piece_request(channel)).output.model_dump(mode="json")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_render_list_decide_and_export_a_carousel(pressroom: Pressroom) -> None:
    [piece_id] = seed(pressroom, "instagram-carousel", status="approved")
    short = piece_id[:8]
    before = pressroom("media", "list", short)
    assert before.code == 0, before.explain()
    assert "media pending" in before.out
    assert f"No media rendered yet: pressroom media render {short}" in before.out

    rendered = pressroom("media", "render", short, "--json")
    assert rendered.code == 0, rendered.explain()
    result = rendered.json()
    slides = result["assets"]
    assert (result["piece_id"], result["media_state"]) == (piece_id, "ready")
    assert len(slides) == len(draft("instagram-carousel")["slides"]) >= 3
    assert [r["status"] for r in result["rendered"]] == ["ready"] * len(slides)
    assert [(a["role"], a["position"], a["aspect"]) for a in slides] == [
        ("slide", n, "4:5") for n in range(1, len(slides) + 1)
    ]
    for slide in slides:
        assert (slide["width"], slide["height"], slide["mime"]) == (1080, 1350, "image/png")
        assert sha256(Path(slide["path"])) == slide["sha256"]
    # The brand approves media by hand: the approved piece waits for its media's approval.
    assert result["settled"]["media"] == "needs_review"

    listed = pressroom("media", "list", piece_id, "--json")
    assert listed.code == 0, listed.explain()
    assert listed.json()["assets"] == slides
    table = pressroom("media", "list", piece_id)
    assert "media ready" in table.out
    assert "slide 1" in table.out
    assert f"Media ({len(slides)})" in table.out

    rejected = pressroom("media", "reject", short, "--note", "too dark", "--as", "ana")
    assert rejected.code == 0, rejected.explain()
    assert f"Rejected {len(slides)} asset(s) of piece {piece_id} (version 1)." in rejected.out
    assert "waits for new media: a person rejected these" in rejected.out
    assert not pressroom.rows("SELECT id FROM publish_jobs WHERE piece_id = ?", piece_id)

    approved = pressroom("media", "approve", short, "--note", "on brand")
    assert approved.code == 0, approved.explain()
    assert f"Approved {len(slides)} asset(s)" in approved.out
    assert "Scheduled for" in approved.out
    assert pressroom.rows("SELECT id FROM publish_jobs WHERE piece_id = ?", piece_id)
    statuses = pressroom.rows("SELECT review_status FROM assets WHERE piece_id = ?", piece_id)
    assert {row[0] for row in statuses} == {"approved"}
    events = pressroom.rows(
        "SELECT action, actor FROM audit_events WHERE entity_type = 'asset' ORDER BY created_at"
    )
    assert sorted(set(events)) == [("media_approved", "tester"), ("media_rejected", "ana")]
    assert len(events) == 2 * len(slides)

    exported = pressroom("media", "export", short, "to-post")
    assert exported.code == 0, exported.explain()
    folder = pressroom.folder / "to-post"
    names = [f"slide-{n:02d}-4x5.png" for n in range(1, len(slides) + 1)]
    assert sorted(p.name for p in folder.iterdir()) == names
    assert [sha256(folder / name) for name in names] == [s["sha256"] for s in slides]
    assert all(f"to-post/{name}" in exported.out for name in names)

    shown = pressroom("review", "show", short)
    assert shown.code == 0, shown.explain()
    assert f"Media ({len(slides)})" in shown.out
    assert "Media: ready" in shown.out


def test_a_text_only_piece_has_no_media_to_render(pressroom: Pressroom) -> None:
    text_only, feed, reel = seed(pressroom, "linkedin", "instagram-feed", "instagram-reel")

    refused = pressroom("media", "render", text_only)
    expect_error(refused, "INVALID_INPUT")
    assert "text-only channel" in refused.err
    assert "instagram-carousel, instagram-feed, instagram-reel" in refused.err

    no_video = pressroom("media", "render", feed, "--aspect", "1:1")
    expect_error(no_video, "INVALID_INPUT")
    assert "posts no video" in no_video.err
    expect_error(pressroom("media", "render", reel, "--aspect", "4:5"), "INVALID_INPUT")
    expect_error(pressroom("media", "render", "nosuchpiece"), "NOT_FOUND")

    listed = pressroom("media", "list", text_only, "--json")
    assert listed.code == 0, listed.explain()
    assert (listed.json()["media_state"], listed.json()["assets"]) == ("none", [])
    assert pressroom.count("assets") == 0


def test_a_piece_without_rendered_media_cannot_be_decided_or_exported(
    pressroom: Pressroom,
) -> None:
    [feed] = seed(pressroom, "instagram-feed")

    expect_error(pressroom("media", "approve", feed), "INVALID_INPUT")
    expect_error(pressroom("media", "reject", feed, "--note", "no"), "INVALID_INPUT")
    exported = pressroom("media", "export", feed, "out")
    expect_error(exported, "INVALID_INPUT")
    assert f"pressroom media render {feed[:8]}" in exported.err
    assert not (pressroom.folder / "out").exists()
    assert not pressroom.rows("SELECT id FROM audit_events WHERE entity_type = 'asset'")
