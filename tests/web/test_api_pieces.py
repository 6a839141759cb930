"""The pieces API on a live studio: listing with filters and cursors, one piece with its
score card, versions, edits (the original is kept), review decisions through the review
service, roles and tenancy."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.ideas.models import Idea
from pressroom.review.models import Review
from pressroom.web.api.pagination import encode_cursor
from pressroom.writing.models import Piece, PieceVersion
from tests.factories import make_brand
from tests.review.checks import snapshot
from tests.review.factories import BASE_TIME, linkedin_draft, make_piece, make_score_card
from tests.web.studio import Studio

PROBLEM = "application/problem+json"
XSS = "<script>alert(1)</script>"


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["detail"]
    return body


def add_piece(studio: Studio, org: str = "acme", **overrides: Any) -> str:
    """Commit a piece of ``org``'s brand (see ``tests.review.factories.make_piece``)."""
    with transaction(studio.context.session_factory) as session:
        brand = overrides.pop("brand", None) or session.get_one(Brand, studio.brand_ids[org])
        return make_piece(session, brand=brand, **overrides).id


def unchanged(studio: Studio, piece_id: str) -> dict[str, Any]:
    return snapshot(studio.context.session_factory, piece_id)


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


# ── listing ──────────────────────────────────────────────────────────────────────────────


def test_the_list_filters_by_brand_state_channel_and_day(studio: Studio) -> None:
    with transaction(studio.context.session_factory) as session:
        second = make_brand(
            session, organization_id=studio.organization_ids["acme"], slug="acme-two", name="Two"
        )
        second_id = second.id
        other = make_piece(session, brand=second, channel="x", age_minutes=10).id
    newest = add_piece(studio, age_minutes=0)
    approved = add_piece(studio, status="approved", age_minutes=20)
    two_days_ago = add_piece(studio, channel="x", age_minutes=2 * 24 * 60)
    add_piece(studio, "globex")

    with studio.client("viewer") as client:

        def listed(**params: Any) -> list[str]:
            response = client.get("/api/v1/pieces", params=params)
            assert response.status_code == 200, response.text
            return ids(response.json())

        assert listed() == [newest, other, approved, two_days_ago]
        assert listed(brand_id=studio.brand_ids["acme"]) == [newest, approved, two_days_ago]
        assert listed(brand_id=second_id) == [other]
        assert listed(state="approved") == [approved]
        assert listed(state="generated", channel="x") == [other, two_days_ago]
        today, earlier = BASE_TIME.date(), BASE_TIME.date() - timedelta(days=2)
        assert listed(created_from=today.isoformat()) == [newest, other, approved]
        assert listed(created_to=earlier.isoformat()) == [two_days_ago]
        assert listed(created_from=earlier.isoformat(), created_to=earlier.isoformat()) == [
            two_days_ago
        ]
        assert listed(created_to=date.max.isoformat()) == [newest, other, approved, two_days_ago]
        item = client.get("/api/v1/pieces", params={"state": "approved"}).json()["items"][0]
    assert item["brand_id"] == studio.brand_ids["acme"]
    assert item["status"] == "approved"
    assert item["writer_label"] == "built-in writer"
    assert item["text"].startswith("We cupped twelve lots")


def test_the_list_shows_an_ideas_variants_by_tone_and_language(studio: Studio) -> None:
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids["acme"])
        first = make_piece(session, brand=brand, tone="humorous", age_minutes=3)
        idea = session.get_one(Idea, first.idea_id)
        serious = make_piece(session, idea=idea, tone="serious", age_minutes=2).id
        german = make_piece(session, idea=idea, tone="serious", language="de", age_minutes=1)
        german.source_piece_id = serious
        humorous, german_id = first.id, german.id
    plain = add_piece(studio, age_minutes=0)

    with studio.client("viewer") as client:

        def listed(**params: Any) -> list[str]:
            response = client.get("/api/v1/pieces", params=params)
            assert response.status_code == 200, response.text
            return ids(response.json())

        assert listed(idea_id=idea.id) == [german_id, serious, humorous]
        assert listed(tone="serious") == [german_id, serious]
        assert listed(tone="") == [plain], "an empty tone is the brand's own voice"
        assert listed(language="de") == [german_id]
        shown = client.get(f"/api/v1/pieces/{german_id}").json()
    assert (shown["tone"], shown["language"], shown["source_piece_id"]) == (
        "serious",
        "de",
        serious,
    )


def test_the_list_pages_newest_first_with_a_stable_cursor(studio: Studio) -> None:
    # Three pieces share one creation time: the id breaks the tie, so no page repeats or
    # skips one.
    ages = [0, 5, 5, 5, 9]
    created = [add_piece(studio, age_minutes=age) for age in ages]
    expected = [created[0], *sorted(created[1:4], reverse=True), created[4]]

    seen: list[str] = []
    cursor: str | None = None
    with studio.client("viewer") as client:
        for _ in range(3):
            params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = client.get("/api/v1/pieces", params=params).json()
            seen += ids(page)
            cursor = page["next_cursor"]
        assert cursor is None
        whole = client.get("/api/v1/pieces", params={"limit": 200}).json()
    assert seen == expected
    assert ids(whole) == expected
    assert whole["next_cursor"] is None


def test_the_list_refuses_what_it_cannot_read(studio: Studio) -> None:
    with studio.client("viewer") as client:
        for params in (
            {"state": "drafted"},
            {"cursor": "not-a-cursor"},
            {"cursor": encode_cursor("yesterday", "x")},
            {"cursor": encode_cursor("2026-11-20T07:00:00", "x")},  # no offset
            {"cursor": encode_cursor("0001-01-01T00:00:00+01:00", "x")},  # before year 1 in UTC
            {"cursor": encode_cursor("2026-11-20T07:00:00+00:00", 7)},
            {"limit": 201},
            {"limit": 0},
            {"created_from": "2026-13-01"},
            {"created_from": "2026-11-20", "created_to": "2026-11-19"},
        ):
            problem(client.get("/api/v1/pieces", params=params), 422, "INVALID_INPUT")
        foreign = client.get("/api/v1/pieces", params={"brand_id": studio.brand_ids["globex"]})
        problem(foreign, 404, "NOT_FOUND")


# ── one piece ────────────────────────────────────────────────────────────────────────────


def test_a_piece_shows_its_text_writer_and_latest_score_card(studio: Studio) -> None:
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids["acme"])
        piece = make_piece(session, brand=brand, writer="openai-chat:tiny", scored=False)
        make_score_card(
            session, piece=piece, composite=0.77, decision="auto_approve", reasons=["Clear"]
        )
        piece_id, idea_id, run_id, text = piece.id, piece.idea_id, piece.run_id, piece.text

    with studio.client("viewer") as client:
        shown = client.get(f"/api/v1/pieces/{piece_id}").json()

    assert shown["id"] == piece_id
    assert (shown["brand_id"], shown["idea_id"], shown["run_id"]) == (
        studio.brand_ids["acme"],
        idea_id,
        run_id,
    )
    assert (shown["status"], shown["channel"], shown["version"]) == ("generated", "linkedin", 1)
    assert shown["text"] == text
    assert shown["body"] == linkedin_draft()
    assert shown["writer"] == "openai-chat:tiny"
    assert shown["writer_label"] == "AI model openai-chat:tiny"
    card = shown["score_card"]
    assert (card["composite"], card["decision"], card["reasons"]) == (
        0.77,
        "auto_approve",
        ["Clear"],
    )
    assert card["safety"] == 0.95
    assert shown["problems"] == []
    assert shown["reviews"] == []
    assert "approved" in shown["next_statuses"]


# ── editing ──────────────────────────────────────────────────────────────────────────────


def test_an_edit_is_a_new_version_and_the_original_is_kept(studio: Studio) -> None:
    piece_id = add_piece(studio, writer="openai-chat:tiny")
    paragraph = " ".join(["Grind finer, then taste again."] * 12)
    new_text = "\n\n".join([paragraph] * 4) + "\n\n#espresso"

    with studio.client("editor") as client:
        original = client.get(f"/api/v1/pieces/{piece_id}").json()["text"]
        edited = client.patch(
            f"/api/v1/pieces/{piece_id}",
            json={"text": new_text, "expected_version": 1, "note": "tighter"},
        )
        assert edited.status_code == 200, edited.text
        versions = client.get(f"/api/v1/pieces/{piece_id}/versions").json()

    shown = edited.json()
    assert (shown["status"], shown["version"]) == ("edited", 2)
    assert shown["text"] == new_text
    assert shown["body"]["hashtags"] == ["espresso"]
    assert shown["body"]["hook_type"] == "story"  # kept: the text format cannot express it
    assert shown["reviews"][-1]["actor"] == "user:editor@acme.test"
    assert [(v["version"], v["kind"], v["text"]) for v in versions["items"]] == [
        (1, "ai_original", original),
        (2, "edit", new_text),
    ]
    assert versions["items"][1]["author"] == "user:editor@acme.test"
    assert versions["items"][1]["note"] == "tighter"
    assert (versions["original_version"], versions["current_version"]) == (1, 2)


def test_an_edit_on_a_stale_version_is_a_conflict_and_changes_nothing(studio: Studio) -> None:
    piece_id = add_piece(studio)
    with studio.client("editor") as client:
        first = client.patch(
            f"/api/v1/pieces/{piece_id}",
            json={"body": linkedin_draft(paragraphs=3), "expected_version": 1},
        )
        assert first.status_code == 200, first.text
        before = unchanged(studio, piece_id)
        stale = client.patch(
            f"/api/v1/pieces/{piece_id}",
            json={"body": linkedin_draft(paragraphs=5), "expected_version": 1},
        )
    body = problem(stale, 409, "VERSION_CONFLICT")
    assert body["details"] == {"expected": 1, "current": 2}
    assert unchanged(studio, piece_id) == before


def test_an_edit_needs_text_or_body_and_a_real_change(studio: Studio) -> None:
    piece_id = add_piece(studio)
    before = unchanged(studio, piece_id)
    with studio.client("editor") as client:
        url = f"/api/v1/pieces/{piece_id}"
        for payload in (
            {"expected_version": 1},
            {"expected_version": 1, "text": "a", "body": linkedin_draft()},
            {"text": "no version"},
            {"expected_version": 1, "body": linkedin_draft(), "extra": True},
            {"expected_version": 1, "body": linkedin_draft()},  # the same draft: no change
            {"expected_version": 1, "body": {"posts": ["an X thread"]}},  # not a LinkedIn draft
        ):
            problem(client.patch(url, json=payload), 422, "INVALID_INPUT")
    assert unchanged(studio, piece_id) == before


def test_markup_is_stored_and_returned_verbatim_as_json_data(studio: Studio) -> None:
    piece_id = add_piece(studio)
    draft = linkedin_draft(text=f"{XSS}\n\n" + linkedin_draft()["text"])
    with studio.client("editor") as client:
        saved = client.patch(
            f"/api/v1/pieces/{piece_id}",
            json={"body": draft, "expected_version": 1, "note": XSS},
        )
        shown = client.get(f"/api/v1/pieces/{piece_id}")
        versions = client.get(f"/api/v1/pieces/{piece_id}/versions").json()
        listed = client.get("/api/v1/pieces").json()

    assert saved.status_code == 200, saved.text
    for response in (saved, shown):
        assert response.headers["content-type"] == "application/json"
        assert response.json()["body"]["text"].startswith(XSS)
        assert response.json()["text"].startswith(XSS)
    assert versions["items"][-1]["note"] == XSS
    assert listed["items"][0]["text"].startswith(XSS)
    with transaction(studio.context.session_factory) as session:
        assert session.get_one(Piece, piece_id).text.startswith(XSS)


# ── decisions ────────────────────────────────────────────────────────────────────────────


def reviews_of(studio: Studio, piece_id: str) -> list[tuple[str, str, str]]:
    with transaction(studio.context.session_factory) as session:
        rows = session.scalars(select(Review).where(Review.piece_id == piece_id)).all()
        return [(r.actor, r.decision, r.feedback) for r in rows]


def test_a_reviewer_approves_rejects_and_asks_for_revisions(studio: Studio) -> None:
    approved, rejected, revised = (add_piece(studio) for _ in range(3))
    with studio.client("reviewer") as client:
        approval = client.post(f"/api/v1/pieces/{approved}/approve", json={"note": "great"})
        rejection = client.post(f"/api/v1/pieces/{rejected}/reject", json={"reason": "off-brand"})
        revision = client.post(
            f"/api/v1/pieces/{revised}/revision", json={"feedback": "shorter, please"}
        )
        now = client.get(f"/api/v1/pieces/{approved}").json()

    for response, piece_id, status in (
        (approval, approved, "approved"),
        (rejection, rejected, "rejected"),
        (revision, revised, "revision_requested"),
    ):
        assert response.status_code == 200, response.text
        assert response.json() == {
            "piece_id": piece_id,
            "decision": status,
            "status": status,
            "version": 1,
            "problems": [],
        }
    assert now["status"] == "approved"
    assert now["reviews"][0]["feedback"] == "great"
    actor = "user:reviewer@acme.test"
    assert reviews_of(studio, rejected) == [(actor, "rejected", "off-brand")]
    assert reviews_of(studio, revised) == [(actor, "revision_requested", "shorter, please")]


def test_approval_with_no_body_and_of_a_flagged_piece(studio: Studio) -> None:
    plain = add_piece(studio)
    flagged = add_piece(studio, problems=[{"code": "too_long", "message": "Too long."}])
    with studio.client("reviewer") as client:
        assert client.post(f"/api/v1/pieces/{plain}/approve").json()["status"] == "approved"
        before = unchanged(studio, flagged)
        refused = client.post(f"/api/v1/pieces/{flagged}/approve", json={})
        problem(refused, 422, "INVALID_INPUT")
        assert unchanged(studio, flagged) == before
        forced = client.post(f"/api/v1/pieces/{flagged}/approve", json={"force": True})
    assert forced.json()["status"] == "approved"


def test_a_rejection_and_a_revision_need_their_reason(studio: Studio) -> None:
    piece_id = add_piece(studio)
    before = unchanged(studio, piece_id)
    with studio.client("reviewer") as client:
        for route, payload in (
            ("reject", {"reason": "   "}),
            ("reject", {}),
            ("revision", {"feedback": ""}),
            ("revision", None),
        ):
            response = client.post(f"/api/v1/pieces/{piece_id}/{route}", json=payload)
            problem(response, 422, "INVALID_INPUT")
    assert unchanged(studio, piece_id) == before


def test_an_illegal_transition_is_a_conflict_and_changes_nothing(studio: Studio) -> None:
    piece_id = add_piece(studio, status="rejected")
    before = unchanged(studio, piece_id)
    with studio.client("editor") as client:
        url = f"/api/v1/pieces/{piece_id}"
        for response in (
            client.post(f"{url}/approve"),
            client.post(f"{url}/reject", json={"reason": "again"}),
            client.post(f"{url}/revision", json={"feedback": "again"}),
            client.patch(url, json={"body": linkedin_draft(paragraphs=3), "expected_version": 1}),
        ):
            body = problem(response, 409, "INVALID_STATE_TRANSITION")
            assert body["details"]["from"] == "rejected"
    assert unchanged(studio, piece_id) == before


def test_a_decision_wakes_the_review_gate_after_commit_only_with_the_engine(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pressroom.workflows import review_gate, runtime

    woken: list[tuple[str, str, str, str]] = []
    done = threading.Event()

    def notify_decision(piece_id: str, decision: str, *, model: str, trace_id: str) -> None:
        with transaction(studio.context.session_factory) as session:
            committed = session.get_one(Piece, piece_id).status
        woken.append((piece_id, decision, model, committed))
        done.set()

    monkeypatch.setattr(review_gate, "notify_decision", notify_decision)
    first, second = add_piece(studio), add_piece(studio, writer="openai-chat:tiny")
    with studio.client("reviewer") as client:
        assert client.post(f"/api/v1/pieces/{first}/approve").status_code == 200
        assert woken == []  # no engine in this process: the decision is only committed
        monkeypatch.setattr(runtime, "is_launched", lambda: True)
        response = client.post(f"/api/v1/pieces/{second}/reject", json={"reason": "no"})
        assert response.status_code == 200, response.text
    assert done.wait(10)
    assert woken == [(second, "rejected", "openai-chat:tiny", "rejected")]


# ── roles and tenancy ────────────────────────────────────────────────────────────────────


def mutations(piece_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    url = f"/api/v1/pieces/{piece_id}"
    return [
        ("PATCH", url, {"body": linkedin_draft(paragraphs=3), "expected_version": 1}),
        ("POST", f"{url}/approve", {}),
        ("POST", f"{url}/reject", {"reason": "no"}),
        ("POST", f"{url}/revision", {"feedback": "again"}),
    ]


def test_a_viewer_may_read_but_not_change_a_piece(studio: Studio) -> None:
    piece_id = add_piece(studio)
    before = unchanged(studio, piece_id)
    with studio.client("viewer") as client:
        assert client.get(f"/api/v1/pieces/{piece_id}").status_code == 200
        for method, url, payload in mutations(piece_id):
            problem(client.request(method, url, json=payload), 403, "FORBIDDEN")
    with studio.client("reviewer") as client:  # reviews, but does not edit
        method, url, payload = mutations(piece_id)[0]
        problem(client.request(method, url, json=payload), 403, "FORBIDDEN")
    assert unchanged(studio, piece_id) == before


def test_another_organizations_piece_is_not_found_on_every_route(studio: Studio) -> None:
    piece_id = add_piece(studio, "globex")
    before = unchanged(studio, piece_id)
    with studio.client("owner", "acme") as client:
        for target in (piece_id, piece_id[:8], "no-such-piece"):
            url = f"/api/v1/pieces/{target}"
            problem(client.get(url), 404, "NOT_FOUND")
            problem(client.get(f"{url}/versions"), 404, "NOT_FOUND")
            for method, mutation, payload in mutations(target):
                problem(client.request(method, mutation, json=payload), 404, "NOT_FOUND")
        assert piece_id not in ids(client.get("/api/v1/pieces").json())
    assert unchanged(studio, piece_id) == before
    with transaction(studio.context.session_factory) as session:
        versions = session.scalars(select(PieceVersion).where(PieceVersion.piece_id == piece_id))
        assert [v.kind for v in versions] == ["builtin_original"]
