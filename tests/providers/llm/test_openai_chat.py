"""The OpenAI-compatible writer over real HTTP on loopback, against the fake endpoint that
follows OpenAI's chat-completions contract."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from pressroom.brands.service import demo_spec
from pressroom.config import Settings
from pressroom.errors import ErrorCode, PressroomError
from pressroom.learning.strategy import WritingStrategy
from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.platforms.drafts import HookType, LinkedInPostDraft, ReelScriptDraft, XThreadDraft
from pressroom.platforms.rules import ChannelRules
from pressroom.platforms.validation import validate
from pressroom.providers.llm.openai_chat import OpenAIChatWriter, estimate_usd, strict_json_schema
from pressroom.providers.llm.protocol import (
    BrandContext,
    IdeaDraft,
    IdeaRequest,
    PieceRequest,
    SourceSignal,
    Writer,
)
from tests.fakes.openai_server import (
    MALFORMED_CONTENT,
    FakeOpenAI,
    RecordedRequest,
    Reply,
    default_content,
    fake_openai_fixture,  # noqa: F401 (the fake_openai fixture)
)

ROOT = Path(__file__).resolve().parents[3]
DRAFT_TYPES = {"linkedin": LinkedInPostDraft, "x": XThreadDraft, "instagram-reel": ReelScriptDraft}
SIGNALS = [
    SourceSignal(trend_id="trend-cold-brew", topic="Cold brew at home",
                 summary="Searches for cold brew ratios doubled.", key_phrases=["cold brew"]),
    SourceSignal(trend_id="trend-prices", topic="Coffee prices",
                 summary="Arabica futures hit a new high.", key_phrases=["arabica futures"]),
    SourceSignal(trend_id="trend-grinders", topic="Grinder upgrades", key_phrases=["burr"]),
]  # fmt: skip


def brand() -> BrandContext:
    spec = demo_spec()
    return BrandContext(**spec.model_dump(include=set(BrandContext.model_fields)))


def make_writer(fake: FakeOpenAI, **settings: Any) -> OpenAIChatWriter:
    values = {"openai_base_url": fake.base_url, "openai_api_key": "sk-test", "llm_max_retries": 1}
    config = Settings(_env_file=None, **{**values, "llm_timeout_seconds": 5.0, **settings})
    return OpenAIChatWriter(model="gpt-4o-mini", settings=config)


def idea_request(**overrides: Any) -> IdeaRequest:
    values = {"brand": brand(), "signals": SIGNALS, "count": 3, "run_date": date(2026, 11, 21)}
    return IdeaRequest(**{**values, "trace_id": "trace-ideas", **overrides})


AN_IDEA = IdeaDraft(
    title="A practical guide to cold brew at home",
    hook="Cold brew is easier than you think.",
    hook_type=HookType.HOW_TO,
    key_phrases=["cold brew"],
    source_trend_ids=["trend-cold-brew"],
)


def piece_request(channel: str = "linkedin", **overrides: Any) -> PieceRequest:
    values = {"brand": brand(), "idea": AN_IDEA, "channel": channel, "sources": SIGNALS[:1]}
    rules = CHANNEL_RULES[channel]
    return PieceRequest(**{**values, "rules": rules, "trace_id": "trace-piece", **overrides})


@contextmanager
def raises_code(code: ErrorCode) -> Iterator[pytest.ExceptionInfo[PressroomError]]:
    """Expect a PressroomError with ``code``."""
    with pytest.raises(PressroomError) as caught:
        yield caught
    assert caught.value.code == code, caught.value


def body_asking_for(schema_name: str, *, count: int = 3) -> dict[str, Any]:
    """A request body as the writer sends it in plain JSON mode (for the fake's answers)."""
    prompt = f"Output schema: {schema_name}\nPropose exactly {count} diverse content ideas."
    return {
        "response_format": {"type": "json_object"},
        "messages": [{"role": "user", "content": prompt}],
    }


def user_prompt(request: RecordedRequest) -> str:
    return str(request.messages[-1]["content"])


# --- the happy path ----------------------------------------------------------------------


def test_writes_the_requested_ideas_with_usage(fake_openai: FakeOpenAI) -> None:
    writer = make_writer(fake_openai)
    result = writer.write_ideas(idea_request(count=3))

    assert isinstance(writer, Writer)
    assert (writer.name, writer.label) == ("openai-chat:gpt-4o-mini", "AI model gpt-4o-mini")

    assert len(result.output) == 3
    assert len({idea.title for idea in result.output}) == 3
    known = {signal.trend_id for signal in SIGNALS}
    assert all(set(idea.source_trend_ids) <= known for idea in result.output)
    usage = result.usage
    assert (usage.provider, usage.model, usage.requests) == ("openai-chat", "gpt-4o-mini", 1)
    assert usage.input_tokens > 0
    assert usage.output_tokens > 0
    assert usage.seconds > 0


@pytest.mark.parametrize("channel", sorted(DRAFT_TYPES))
def test_writes_a_valid_draft_for_each_channel(fake_openai: FakeOpenAI, channel: str) -> None:
    result = make_writer(fake_openai).write_piece(piece_request(channel))

    assert isinstance(result.output, DRAFT_TYPES[channel])
    report = validate(channel, result.output)
    assert report.valid, report.problems
    assert result.usage.output_tokens > 0


def test_reports_the_usage_the_endpoint_counted(fake_openai: FakeOpenAI) -> None:
    content = default_content(body_asking_for("pressroom_x"))
    fake_openai.enqueue(Reply.ok(content, usage=(1234, 56)))

    usage = make_writer(fake_openai).write_piece(piece_request("x")).usage

    assert (usage.input_tokens, usage.output_tokens, usage.requests) == (1234, 56, 1)


def test_keeps_only_the_requested_count_and_known_sources(fake_openai: FakeOpenAI) -> None:
    ideas = json.loads(default_content(body_asking_for("pressroom_ideas", count=4)))["ideas"]
    ideas[0]["source_trend_ids"] = ["trend-cold-brew", "made-up-trend"]
    fake_openai.enqueue(Reply.ok(json.dumps({"ideas": ideas})))

    result = make_writer(fake_openai).write_ideas(idea_request(count=2))

    assert len(result.output) == 2
    assert result.output[0].source_trend_ids == ["trend-cold-brew"]


def test_accepts_json_in_a_code_fence(fake_openai: FakeOpenAI) -> None:
    content = default_content(body_asking_for("pressroom_linkedin"))
    fake_openai.enqueue(Reply.ok(f"```json\n{content}\n```"))

    result = make_writer(fake_openai, openai_structured_output="json_object").write_piece(
        piece_request("linkedin")
    )

    assert isinstance(result.output, LinkedInPostDraft)


def test_parallel_calls_overlap_on_one_writer() -> None:
    with FakeOpenAI(latency_ms=300) as fake:
        writer = make_writer(fake)
        channels = list(DRAFT_TYPES) * 3
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(channels)) as pool:
            drafts = list(pool.map(lambda c: writer.write_piece(piece_request(c)), channels))
        elapsed = time.monotonic() - started

    assert [draft.output.channel for draft in drafts] == channels
    assert all(validate(c, d.output).valid for c, d in zip(channels, drafts, strict=True))
    # Nine 0.3 s calls one after another take 2.7 s; overlapping, about 0.3 s.
    assert elapsed < 1.5


# --- what is sent ------------------------------------------------------------------------


def test_sends_the_key_the_model_and_the_prompts(fake_openai: FakeOpenAI) -> None:
    strategy = WritingStrategy(instructions=["Open with a question to the reader."])
    make_writer(fake_openai).write_piece(piece_request("linkedin", strategy=strategy))

    [sent] = fake_openai.completions
    assert sent.headers["authorization"] == "Bearer sk-test"
    assert sent.model == "gpt-4o-mini"
    assert [m["role"] for m in sent.messages] == ["system", "user"]
    assert "Northwind Coffee Roasters" in sent.messages[0]["content"]
    prompt = user_prompt(sent)
    assert "Length: 150–300 words." in prompt
    assert "hashtags: at most 5" in prompt
    assert "miracle" in prompt  # the brand's restricted terms
    assert "Open with a question to the reader." in prompt
    assert "A practical guide to cold brew at home" in prompt
    assert sent.body["temperature"] == 0.7
    assert "max_tokens" not in sent.body


def test_sends_a_placeholder_key_when_none_is_set(fake_openai: FakeOpenAI) -> None:
    make_writer(fake_openai, openai_api_key=None).write_piece(piece_request("x"))

    assert fake_openai.completions[0].headers["authorization"] == "Bearer not-needed"


def test_sends_max_tokens_and_temperature_when_given(fake_openai: FakeOpenAI) -> None:
    settings = Settings(_env_file=None, openai_base_url=fake_openai.base_url)
    writer = OpenAIChatWriter(model="m", settings=settings, max_tokens=321, temperature=0.2)
    writer.write_ideas(idea_request())

    [sent] = fake_openai.completions
    assert (sent.body["max_tokens"], sent.body["temperature"]) == (321, 0.2)


def test_json_schema_mode_sends_a_strict_schema(fake_openai: FakeOpenAI) -> None:
    make_writer(fake_openai, openai_structured_output="json_schema").write_piece(piece_request("x"))

    response_format = fake_openai.completions[0].response_format
    assert response_format is not None
    assert response_format["type"] == "json_schema"
    spec = response_format["json_schema"]
    assert (spec["name"], spec["strict"]) == ("pressroom_x", True)
    posts = spec["schema"]["properties"]["posts"]
    assert (posts["minItems"], posts["maxItems"]) == (1, 5)
    assert_strict(spec["schema"])


def test_json_object_schema_mode_sends_the_schema_for_a_grammar(fake_openai: FakeOpenAI) -> None:
    make_writer(fake_openai, openai_structured_output="json_object_schema").write_piece(
        piece_request("linkedin")
    )

    response_format = fake_openai.completions[0].response_format
    assert response_format is not None
    assert set(response_format) == {"type", "schema"}
    assert response_format["type"] == "json_object"
    schema = response_format["schema"]
    assert schema["properties"]["hashtags"]["maxItems"] == 5
    assert schema["additionalProperties"] is False
    assert "Respond with the JSON object only." in user_prompt(fake_openai.completions[0])


def test_grammar_schema_leaves_out_string_lengths(fake_openai: FakeOpenAI) -> None:
    # llama.cpp's server dies on grammars for long maxLength limits (an idea's 2,000).
    writer = make_writer(fake_openai, openai_structured_output="json_object_schema")
    writer.write_ideas(idea_request(count=2))

    response_format = fake_openai.completions[0].response_format
    assert response_format is not None
    schema_text = json.dumps(response_format["schema"])
    assert "maxLength" not in schema_text
    assert "minLength" not in schema_text
    ideas = response_format["schema"]["properties"]["ideas"]
    assert (ideas["minItems"], ideas["maxItems"]) == (2, 2)
    assert "title" in response_format["schema"]["$defs"]["ProposedIdea"]["properties"]


def test_json_object_mode_puts_the_schema_in_the_prompt(fake_openai: FakeOpenAI) -> None:
    make_writer(fake_openai, openai_structured_output="json_object").write_piece(
        piece_request("instagram-reel")
    )

    [sent] = fake_openai.completions
    assert sent.response_format == {"type": "json_object"}
    prompt = user_prompt(sent)
    schema_text = prompt.split("matching this JSON Schema:\n", 1)[1]
    schema = json.loads(schema_text)
    assert schema["properties"]["scenes"]["minItems"] == 3
    assert "title" not in schema["properties"]["hook"]


def test_asks_for_exactly_the_requested_number_of_ideas(fake_openai: FakeOpenAI) -> None:
    make_writer(fake_openai).write_ideas(idea_request(count=4))

    response_format = fake_openai.completions[0].response_format
    assert response_format is not None
    ideas = response_format["json_schema"]["schema"]["properties"]["ideas"]
    assert (ideas["minItems"], ideas["maxItems"]) == (4, 4)
    assert "Propose exactly 4 diverse content ideas" in user_prompt(fake_openai.completions[0])


def test_a_models_hooks_are_classified_scored_and_shortlisted(fake_openai: FakeOpenAI) -> None:
    ideas = make_writer(fake_openai, model_hook_candidates=5).write_ideas(idea_request()).output

    response_format = fake_openai.completions[0].response_format
    assert response_format is not None
    schema = response_format["json_schema"]["schema"]
    alternatives = schema["$defs"]["ProposedIdea"]["properties"]["alternative_hooks"]
    assert (alternatives["minItems"], alternatives["maxItems"]) == (4, 4)
    assert "hook_candidates" not in schema["$defs"]["ProposedIdea"]["properties"]
    assert "alternative_hooks: 4 other opening line(s)" in user_prompt(fake_openai.completions[0])
    for idea in ideas:
        kept = idea.hook_candidates
        assert len(kept) == 3
        assert kept[0].text == idea.hook
        assert kept[0].hook_type == idea.hook_type
        assert len({c.hook_type for c in kept}) == 3  # the others are of other types
        assert all(0 <= c.score <= 1 and c.rationale for c in kept)
        assert [c.score for c in kept[1:]] == sorted((c.score for c in kept[1:]), reverse=True)


def test_idea_prompt_carries_avoided_topics_and_hook_weights(fake_openai: FakeOpenAI) -> None:
    strategy = WritingStrategy(hook_weights={HookType.QUESTION: 1.6, HookType.LIST: 0.4})
    result = make_writer(fake_openai).write_ideas(
        idea_request(avoid_topics=["Coffee prices"], strategy=strategy)
    )

    prompt = user_prompt(fake_openai.completions[0])
    assert 'Topics used in the last 30 days (JSON):\n["Coffee prices"]' in prompt
    assert "favouring the stronger ones: question (1.60)" in prompt
    assert prompt.index("statement (1.00)") < prompt.index("list (0.40)")
    assert '"trend_id": "trend-cold-brew"' in prompt
    assert all(idea.topic_category != "Coffee prices" for idea in result.output)


def test_repair_prompt_carries_problems_previous_draft_and_feedback(
    fake_openai: FakeOpenAI,
) -> None:
    previous = {"channel": "x", "hook_type": "statement", "posts": ["x" * 300]}
    make_writer(fake_openai).write_piece(
        piece_request(
            "x",
            attempt=2,
            problems=["posts[0]: 300 weighted characters; X allows 280. Cut about 20."],
            previous=previous,
            reviewer_feedback="Mention our Huila lot.",
        )
    )

    prompt = user_prompt(fake_openai.completions[0])
    assert "This is attempt 2. The previous draft failed these checks:" in prompt
    assert "- posts[0]: 300 weighted characters; X allows 280. Cut about 20." in prompt
    assert f"Previous draft (JSON):\n{json.dumps(previous)}" in prompt
    assert "A reviewer asked for this revision; follow it:\nMention our Huila lot." in prompt


def test_reel_prompt_gives_time_limits_in_words(fake_openai: FakeOpenAI) -> None:
    make_writer(fake_openai).write_piece(piece_request("instagram-reel", words_per_second=2.0))

    prompt = user_prompt(fake_openai.completions[0])
    assert "Spoken length 15–60 seconds at 2 words per second: 30–120 words" in prompt
    assert "hook: 3–5 seconds spoken, 6–10 words." in prompt
    assert "cta: 5–10 seconds spoken, 10–20 words." in prompt


# --- strict schemas ----------------------------------------------------------------------


def assert_strict(node: Any) -> None:
    """Every object closed with all properties required; no keywords strict mode rejects."""
    if isinstance(node, list):
        for item in node:
            assert_strict(item)
        return
    if not isinstance(node, dict):
        return
    assert not {"default", "minLength", "maxLength", "title"} & set(node)
    if node.get("type") == "object":
        assert node["additionalProperties"] is False
        assert node["required"] == list(node["properties"])
    if "$ref" in node:
        assert len(node) == 1
    for key, value in node.items():
        if key in ("properties", "$defs"):
            for sub in value.values():
                assert_strict(sub)
        elif key not in ("enum", "const", "required"):
            assert_strict(value)


@pytest.mark.parametrize(
    "name", ["pressroom_ideas", *(f"pressroom_{c}" for c in ("linkedin", "x", "instagram_reel"))]
)
def test_strict_schemas_accept_valid_output(fake_openai: FakeOpenAI, name: str) -> None:
    writer = make_writer(fake_openai)
    if name == "pressroom_ideas":
        writer.write_ideas(idea_request())
    else:
        channel = name.removeprefix("pressroom_").replace("_", "-")
        writer.write_piece(piece_request(channel))
    [sent] = fake_openai.completions
    assert sent.response_format is not None
    schema = sent.response_format["json_schema"]["schema"]

    jsonschema.validate(json.loads(default_content(sent.body)), schema)
    assert strict_json_schema(schema) == schema


# --- retries -----------------------------------------------------------------------------


def test_honours_retry_after_on_429(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(Reply.rate_limited(retry_after=1))

    result = make_writer(fake_openai).write_piece(piece_request("x"))

    first, second = fake_openai.completions
    assert second.received_at - first.received_at >= 1.0
    assert second.headers["x-stainless-retry-count"] == "1"
    assert result.usage.requests == 2
    assert isinstance(result.output, XThreadDraft)


def test_retries_a_500_then_succeeds(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(Reply.error(500))

    result = make_writer(fake_openai).write_ideas(idea_request())

    assert len(fake_openai.completions) == 2
    assert result.usage.requests == 2
    assert len(result.output) == 3


STATUS_CASES = [
    # (the endpoint's answers, the error code, requests made): 429 and 5xx are retried once.
    ([Reply.rate_limited(retry_after_ms=50)] * 2, ErrorCode.PROVIDER_RATE_LIMITED, 2),
    ([Reply.error(500)] * 2, ErrorCode.PROVIDER_UNAVAILABLE, 2),
    ([Reply.error(503)] * 2, ErrorCode.PROVIDER_UNAVAILABLE, 2),
    ([Reply.error(403)], ErrorCode.PROVIDER_AUTH_FAILED, 1),
    (
        [Reply.error(400, message="Invalid schema for response_format")],
        ErrorCode.PROVIDER_BAD_REQUEST,
        1,
    ),
    ([Reply.error(404)], ErrorCode.PROVIDER_BAD_REQUEST, 1),
]


@pytest.mark.parametrize(("replies", "code", "requests"), STATUS_CASES)
def test_http_errors_become_stable_codes(
    fake_openai: FakeOpenAI, replies: list[Reply], code: ErrorCode, requests: int
) -> None:
    fake_openai.enqueue(*replies)
    writer = make_writer(fake_openai)

    with raises_code(code) as caught:
        writer.write_piece(piece_request())
    error = caught.value

    assert error.retryable == (requests > 1)
    assert error.details["status"] == replies[0].status
    assert replies[0].error_body is not None
    assert error.details["provider_message"] == replies[0].error_body["message"]
    assert len(fake_openai.completions) == requests
    # Nothing sticks: the writer's next call succeeds.
    assert isinstance(writer.write_piece(piece_request()).output, LinkedInPostDraft)


def test_unreachable_endpoint_is_unavailable() -> None:
    with FakeOpenAI() as fake:
        writer = make_writer(fake, llm_max_retries=0)
    # The fake has stopped: nothing listens on its port any more.
    with raises_code(ErrorCode.PROVIDER_UNAVAILABLE) as caught:
        writer.write_ideas(idea_request())
    error = caught.value

    assert error.retryable
    assert error.details["status"] is None
    assert fake.base_url in error.message


def test_times_out_after_retries(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(Reply.stall(3), Reply.stall(3))
    writer = make_writer(fake_openai, llm_timeout_seconds=0.3, llm_max_retries=1)

    started = time.monotonic()
    with raises_code(ErrorCode.PROVIDER_TIMEOUT) as caught:
        writer.write_piece(piece_request())
    error = caught.value

    assert error.retryable
    assert error.status == 504
    assert len(fake_openai.completions) == 2
    assert 0.6 <= time.monotonic() - started < 3


# --- errors that are not retried --------------------------------------------------------


def test_wrong_key_is_auth_failed_without_retry() -> None:
    with FakeOpenAI(api_key="sk-right") as fake:
        writer = make_writer(fake, openai_api_key="sk-wrong")

        with raises_code(ErrorCode.PROVIDER_AUTH_FAILED) as caught:
            writer.write_ideas(idea_request())
        error = caught.value

        assert not error.retryable
        assert error.details["status"] == 401
        assert "Incorrect API key" in error.details["provider_message"]
        assert "sk-wrong" not in str(error.to_dict())
        assert len(fake.completions) == 1


def test_an_answer_that_is_no_chat_completion_is_unavailable(fake_openai: FakeOpenAI) -> None:
    # A base URL pointing at a web page rather than the API answers 200 with HTML.
    fake_openai.enqueue(Reply.raw(200, b"<html><body>Welcome</body></html>"))

    with raises_code(ErrorCode.PROVIDER_UNAVAILABLE) as caught:
        make_writer(fake_openai).write_ideas(idea_request())
    error = caught.value

    assert "not a chat completion" in error.message


CUT_OFF = '{"hook_type": "story", "posts": ["Once'
MALFORMED_CASES = [
    # (the endpoint's answer, the raw content kept, what the problem says)
    (Reply.malformed(), MALFORMED_CONTENT, "the answer is not JSON"),
    (Reply.ok(CUT_OFF, finish_reason="length"), CUT_OFF, "cut off at the token limit"),
    (Reply.ok("not json " * 1000), ("not json " * 1000)[:4000], "the answer is not JSON"),
    (Reply.refused("I can't help with that."), "I can't help with that.", "the model refused"),
    (Reply.ok("  "), "", "the answer is empty"),
]


@pytest.mark.parametrize(("reply", "raw", "problem"), MALFORMED_CASES)
def test_unusable_answers_are_malformed_output(
    fake_openai: FakeOpenAI, reply: Reply, raw: str, problem: str
) -> None:
    fake_openai.enqueue(reply)
    writer = make_writer(fake_openai)

    with raises_code(ErrorCode.PROVIDER_MALFORMED_OUTPUT) as caught:
        writer.write_piece(piece_request("x"))
    details = caught.value.details

    assert not caught.value.retryable
    assert details["raw_content"] == raw
    assert details["truncated"] is (len(raw) == 4000)
    assert problem in details["problems"][0]
    assert details["finish_reason"] == reply.finish_reason
    assert details["usage"]["output_tokens"] > 0  # spent tokens still reach the ledger
    assert len(fake_openai.completions) == 1  # not retried at the transport level
    assert isinstance(writer.write_piece(piece_request("x")).output, XThreadDraft)


def test_json_that_breaks_the_schema_is_a_schema_mismatch(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(Reply.schema_invalid())
    writer = make_writer(fake_openai)

    with raises_code(ErrorCode.PROVIDER_SCHEMA_MISMATCH) as caught:
        writer.write_piece(piece_request("instagram-reel"))
    error = caught.value

    assert not error.retryable
    problems = error.details["problems"]
    assert any(p.startswith("hook_type:") for p in problems)
    assert any(p.startswith("mood:") for p in problems)
    assert '"clickbait"' in error.details["raw_content"]
    assert error.details["usage"]["requests"] == 1
    assert isinstance(writer.write_piece(piece_request("instagram-reel")).output, ReelScriptDraft)


def test_ideas_that_break_the_schema_name_the_idea(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(Reply.schema_invalid())

    with raises_code(ErrorCode.PROVIDER_SCHEMA_MISMATCH) as caught:
        make_writer(fake_openai).write_ideas(idea_request())
    error = caught.value

    assert any(p.startswith("ideas.0.hook_type:") for p in error.details["problems"])


def test_provider_errors_survive_pickling(fake_openai: FakeOpenAI) -> None:
    # The workflow engine pickles step errors; the repair material must come through.
    fake_openai.enqueue(Reply.schema_invalid())
    with raises_code(ErrorCode.PROVIDER_SCHEMA_MISMATCH) as caught:
        make_writer(fake_openai).write_piece(piece_request())
    error = caught.value

    copy = pickle.loads(pickle.dumps(error))

    assert (copy.code, copy.details, copy.retryable) == (error.code, error.details, False)


def test_unknown_channel_is_refused_before_any_request(fake_openai: FakeOpenAI) -> None:
    rules = ChannelRules(channel="myspace", display_name="Myspace post", format="post")

    with raises_code(ErrorCode.UNKNOWN_CHANNEL) as caught:
        make_writer(fake_openai).write_piece(
            piece_request("x", rules=rules).model_copy(update={"channel": "myspace"})
        )
    error = caught.value

    assert "myspace" in error.message
    assert fake_openai.requests == []


def test_unknown_structured_output_mode_is_a_config_error(fake_openai: FakeOpenAI) -> None:
    with raises_code(ErrorCode.CONFIG_INVALID) as caught:
        make_writer(fake_openai, openai_structured_output="grammar")
    error = caught.value

    assert "json_object_schema" in (error.hint or "")


# --- prices ------------------------------------------------------------------------------


def test_estimates_usd_from_list_prices() -> None:
    assert estimate_usd("gpt-4o-mini", 1_000_000, 1_000_000) == pytest.approx(0.75)
    assert estimate_usd("gpt-4o-mini-2024-07-18", 2_000, 1_000) == pytest.approx(0.0009)
    assert estimate_usd("openai-chat:gpt-4o", 1_000, 0) == pytest.approx(0.0025)
    assert estimate_usd("llama3.2:3b", 10_000, 10_000) == 0.0
    assert estimate_usd("gpt-4o-audio-preview", 10_000, 10_000) == 0.0


# --- the fake itself ---------------------------------------------------------------------


def test_the_fake_runs_standalone() -> None:
    with FakeOpenAI() as probe:
        port = probe.port  # a port that was free a moment ago
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.openai_server", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert f"http://127.0.0.1:{port}/v1" in process.stdout.readline()
        models = httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=5).json()
        assert models["object"] == "list"
        answer = httpx.post(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            json={"model": "m", "messages": [{"role": "user", "content": "hi"}]},
            timeout=5,
        ).json()
        assert answer["object"] == "chat.completion"
        assert answer["usage"]["total_tokens"] > 0
    finally:
        process.terminate()
        process.wait(timeout=5)


def test_the_fake_answers_errors_in_openais_shape(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(Reply.rate_limited(retry_after=2))

    response = httpx.post(f"{fake_openai.base_url}/chat/completions", json={"model": "m"})

    assert response.status_code == 429
    assert response.headers["retry-after"] == "2"
    assert response.headers["x-ratelimit-remaining-requests"] == "0"
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}
    assert response.json()["error"]["code"] == "rate_limit_exceeded"
