"""A writer on any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM,
llama.cpp), through the official ``openai`` SDK.

Ideas and drafts are requested as JSON matching the pydantic models, in one of three ways
(``settings.openai_structured_output``): ``json_schema`` (OpenAI's structured outputs, with a
strict-mode schema), ``json_object_schema`` (llama.cpp's server: ``json_object`` plus a schema it
turns into a grammar) or ``json_object`` (plain JSON mode, the schema in the prompt). Transport
retries (timeouts, connection errors, 429 and 5xx, honouring ``Retry-After``) are the SDK's own;
every failure becomes a :class:`~pressroom.errors.PressroomError` with a stable provider code.
Output that is not JSON or does not fit the schema is not retried here: the error carries the
raw content and the problems so the caller's repair loop can feed them back.
"""

from __future__ import annotations

import copy
import json
import re
import time
from dataclasses import dataclass
from typing import Any, Final, Generic, Protocol, TypeVar, cast

import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pressroom.config import Settings
from pressroom.errors import (
    ConfigError,
    ErrorCode,
    PressroomError,
    provider_status_code,
    validation_problems,
)
from pressroom.ideas import hooks
from pressroom.logging import get_logger
from pressroom.platforms.channels import DRAFT_MODELS
from pressroom.platforms.drafts import HookType
from pressroom.platforms.rules import ChannelRules
from pressroom.providers.llm import prompts
from pressroom.providers.llm.protocol import (
    AnyDraft,
    IdeaDraft,
    IdeaRequest,
    PieceRequest,
    Usage,
    WriterResult,
)

__all__ = [
    "PRICES_PER_MILLION_TOKENS",
    "PROVIDER",
    "STRUCTURED_OUTPUT_MODES",
    "OpenAIChatWriter",
    "estimate_usd",
    "strict_json_schema",
]

log = get_logger(__name__)

PROVIDER: Final = "openai-chat"
STRUCTURED_OUTPUT_MODES: Final = ("json_schema", "json_object_schema", "json_object")
PLACEHOLDER_API_KEY: Final = "not-needed"
"""Sent when no key is configured: local servers ignore it, the SDK insists on one."""
IDEAS_TEMPERATURE: Final = 0.8
PIECE_TEMPERATURE: Final = 0.7
RAW_CONTENT_LIMIT: Final = 4000
"""Characters of a model's raw answer kept in error details (enough to repair from)."""

PRICES_PER_MILLION_TOKENS: dict[str, tuple[float, float]] = {
    # OpenAI list prices in USD per million (input, output) tokens, standard tier, as
    # published on openai.com/api/pricing in August 2025. Update them with the date when
    # OpenAI changes them; unknown and local models cost 0.0.
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-5": (1.25, 10.00),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5-nano": (0.05, 0.40),
}

_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")
_CODE_FENCE = re.compile(r"^\s*```(?:json)?\s*\n(?P<body>.*)\n\s*```\s*$", re.DOTALL)
_STRICT_UNSUPPORTED = (
    "minLength",
    "maxLength",
    "patternProperties",
    "unevaluatedProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "uniqueItems",
)

OutputT = TypeVar("OutputT", bound=BaseModel)


def estimate_usd(model: str, input_tokens: int, output_tokens: int) -> float:
    """What ``input_tokens`` and ``output_tokens`` cost on ``model`` at OpenAI's list prices
    (dated snapshots such as ``gpt-4o-mini-2024-07-18`` price as their model); 0.0 for models
    not in :data:`PRICES_PER_MILLION_TOKENS`, such as local ones."""
    name = model.removeprefix(f"{PROVIDER}:")
    prices = PRICES_PER_MILLION_TOKENS.get(name) or PRICES_PER_MILLION_TOKENS.get(
        _SNAPSHOT.sub("", name)
    )
    if prices is None:
        return 0.0
    return (input_tokens * prices[0] + output_tokens * prices[1]) / 1_000_000


class ProposedIdea(IdeaDraft):
    """An idea as the model writes it: with other ways to open it, which Pressroom scores
    with the chosen hook (its ``hook_candidates`` are Pressroom's, not the model's)."""

    alternative_hooks: list[str] = Field(
        default_factory=list,
        description="Other openings for this idea, one sentence each, of other hook types.",
    )


class _IdeaBatch(BaseModel):
    """The JSON object ideas come in (strict structured outputs need an object at the top)."""

    model_config = ConfigDict(extra="forbid")

    ideas: list[ProposedIdea] = Field(min_length=1)


def _ideas_schema(count: int, alternatives: int) -> dict[str, Any]:
    """The ideas' JSON Schema: exactly ``count`` ideas, each with ``alternatives`` other
    hooks, and without the candidates Pressroom fills in."""
    schema = _IdeaBatch.model_json_schema()
    schema["properties"]["ideas"].update(minItems=count, maxItems=count)
    idea = schema["$defs"]["ProposedIdea"]
    idea["properties"].pop("hook_candidates")
    idea["properties"]["alternative_hooks"].update(minItems=alternatives, maxItems=alternatives)
    schema["$defs"].pop("HookCandidate", None)
    return schema


def _with_candidates(
    idea: ProposedIdea, *, weights: dict[HookType, float], taken: list[str]
) -> IdeaDraft:
    """The model's idea with its hooks scored: the best of its hook type becomes the hook,
    the shortlist is kept as ``hook_candidates``."""
    scored = [
        hooks.candidate(
            idea.hook,
            hook_type=idea.hook_type,
            key_phrases=idea.key_phrases,
            weights=weights,
            taken=taken,
        ),
        *(
            hooks.candidate(text, key_phrases=idea.key_phrases, weights=weights, taken=taken)
            for text in idea.alternative_hooks
            if text.strip()
        ),
    ]
    kept = hooks.shortlist(scored, hook_type=idea.hook_type)
    data = idea.model_dump(exclude={"alternative_hooks", "hook_candidates"})
    return IdeaDraft.model_validate({**data, "hook": kept[0].text, "hook_candidates": kept})


@dataclass(frozen=True)
class _Output(Generic[OutputT]):
    """What one call asks for: the schema's name, the JSON Schema and the model to validate."""

    operation: str
    name: str
    schema: dict[str, Any]
    model: type[OutputT]


@dataclass(frozen=True)
class _Answer:
    content: str
    finish_reason: str | None
    usage: Usage


class OpenAIChatWriter:
    """The :class:`~pressroom.providers.llm.protocol.Writer` for ``openai-chat:<model>``.

    ``max_tokens`` caps each answer (not sent when ``None``); ``temperature`` overrides the
    per-operation defaults (0.8 for ideas, 0.7 for drafts). One writer is safe to call from
    several threads at once: it holds one SDK client, which is thread-safe.
    """

    def __init__(
        self,
        *,
        model: str,
        settings: Settings,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> None:
        mode = settings.openai_structured_output
        if mode not in STRUCTURED_OUTPUT_MODES:
            raise ConfigError(
                f"unknown structured output mode {mode!r}",
                hint="Set PRESSROOM_OPENAI_STRUCTURED_OUTPUT to one of: "
                + ", ".join(STRUCTURED_OUTPUT_MODES),
            )
        api_key = settings.openai_api_key
        self.model = model
        self._mode = mode
        self._max_tokens = max_tokens
        self._temperature = temperature
        self._base_url = settings.openai_base_url
        self._max_retries = settings.llm_max_retries
        self._hook_candidates = settings.model_hook_candidates
        self._client = openai.OpenAI(
            api_key=api_key.get_secret_value() if api_key else PLACEHOLDER_API_KEY,
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout_seconds,
            max_retries=settings.llm_max_retries,
        )

    @property
    def name(self) -> str:
        """``openai-chat:<model>``."""
        return f"{PROVIDER}:{self.model}"

    @property
    def label(self) -> str:
        """How output is labelled to people."""
        return f"AI model {self.model}"

    def close(self) -> None:
        """Close the HTTP connections (the writer is unusable afterwards)."""
        self._client.close()

    def __enter__(self) -> OpenAIChatWriter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def write_ideas(self, request: IdeaRequest) -> WriterResult[list[IdeaDraft]]:
        """Propose ``request.count`` ideas. A model that proposes more is cut to the count;
        source trend ids the request did not give are dropped (models invent them)."""
        alternatives = self._hook_candidates - 1
        schema = _ideas_schema(request.count, alternatives)
        output = _Output("ideas", prompts.IDEAS_SCHEMA_NAME, schema, _IdeaBatch)
        messages = prompts.idea_messages(
            request, schema=self._prompt_schema(output), alternatives=alternatives
        )
        temperature = self._temperature if self._temperature is not None else IDEAS_TEMPERATURE
        batch, usage = self._generate(output, messages, temperature, request.trace_id)
        known = {signal.trend_id for signal in request.signals}
        ideas: list[IdeaDraft] = []
        for idea in batch.ideas[: request.count]:
            grounded = idea.model_copy(
                update={"source_trend_ids": [t for t in idea.source_trend_ids if t in known]}
            )
            taken = [chosen.hook for chosen in ideas]
            ideas.append(
                _with_candidates(grounded, weights=request.strategy.hook_weights, taken=taken)
            )
        return WriterResult(output=ideas, usage=usage)

    def write_piece(self, request: PieceRequest) -> WriterResult[AnyDraft]:
        """Write one channel draft, or repair one when ``request.problems`` is set."""
        output = _draft_output(request.channel, request.rules)
        messages = prompts.piece_messages(request, schema=self._prompt_schema(output))
        temperature = self._temperature if self._temperature is not None else PIECE_TEMPERATURE
        draft, usage = self._generate(output, messages, temperature, request.trace_id)
        # The model class came from DRAFT_MODELS, which holds exactly the AnyDraft types.
        return WriterResult(output=cast("AnyDraft", draft), usage=usage)

    def _prompt_schema(self, output: _Output[Any]) -> dict[str, Any] | None:
        # Plain JSON mode has no other way to learn the shape; the other modes send the schema.
        if self._mode != "json_object":
            return None
        # Titles repeat the field names; in a prompt they only cost tokens.
        return cast("dict[str, Any]", _without_keywords(output.schema, frozenset({"title"})))

    def _generate(
        self,
        output: _Output[OutputT],
        messages: prompts.Messages,
        temperature: float,
        trace_id: str,
    ) -> tuple[OutputT, Usage]:
        answer = self._complete(output, messages, temperature, trace_id)
        try:
            return _validate(output.model, _parse_json(answer), answer), answer.usage
        except PressroomError as error:
            log.warning(
                "llm.openai_chat.output_rejected",
                trace_id=trace_id,
                model=self.model,
                operation=output.operation,
                code=str(error.code),
                problems=len(error.details.get("problems", [])),
            )
            raise

    def _complete(
        self, output: _Output[Any], messages: prompts.Messages, temperature: float, trace_id: str
    ) -> _Answer:
        started = time.monotonic()
        params: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": temperature,
            "response_format": self._response_format(output),
        }
        if self._max_tokens is not None:
            params["max_tokens"] = self._max_tokens
        try:
            raw = self._client.chat.completions.with_raw_response.create(**params)
            completion = _chat_completion(raw)
        except (openai.APIError, _NotACompletionError) as exc:
            error = self._transport_error(exc)
            log.warning(
                "llm.openai_chat.call_failed",
                trace_id=trace_id,
                model=self.model,
                operation=output.operation,
                code=str(error.code),
                status=error.details.get("status"),
                seconds=round(time.monotonic() - started, 3),
            )
            raise error from exc
        usage = self._usage(completion, retries=raw.retries_taken, started=started)
        answer = _read_answer(completion, usage)
        log.info(
            "llm.openai_chat.call_completed",
            trace_id=trace_id,
            model=self.model,
            operation=output.operation,
            requests=usage.requests,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            seconds=usage.seconds,
            finish_reason=answer.finish_reason,
        )
        return answer

    def _response_format(self, output: _Output[Any]) -> dict[str, Any]:
        if self._mode == "json_schema":
            strict = strict_json_schema(output.schema)
            return {
                "type": "json_schema",
                "json_schema": {"name": output.name, "schema": strict, "strict": True},
            }
        if self._mode == "json_object_schema":
            # llama.cpp spells maxLength out as that many nested grammar rules; long limits
            # exceed its grammar parser, and the server then dies on the request. Lengths are
            # still checked when the answer is validated.
            lengths = frozenset({"minLength", "maxLength"})
            return {"type": "json_object", "schema": _without_keywords(output.schema, lengths)}
        return {"type": "json_object"}

    def _usage(self, completion: ChatCompletion, *, retries: int, started: float) -> Usage:
        counts = getattr(completion, "usage", None)
        return Usage(
            provider=PROVIDER,
            model=self.model,
            requests=retries + 1,
            input_tokens=getattr(counts, "prompt_tokens", 0) or 0,
            output_tokens=getattr(counts, "completion_tokens", 0) or 0,
            seconds=round(time.monotonic() - started, 3),
        )

    def _transport_error(self, exc: Exception) -> PressroomError:
        code = _transport_code(exc)
        status = getattr(exc, "status_code", None)
        body = getattr(exc, "body", None)
        said = body.get("message") if isinstance(body, dict) else None
        reason = f"HTTP {status}: {said or exc}" if status is not None else str(exc)
        if isinstance(exc, _NotACompletionError):
            reason = f"the answer is not a chat completion: {exc}"
        retried = ""
        if _RETRYABLE[code] and self._max_retries:
            retried = f" (after up to {self._max_retries} retries)"
        return _provider_error(
            code,
            f"{self.name} at {self._base_url} failed{retried}: {reason}",
            hint=_TRANSPORT_HINTS[code].format(base_url=self._base_url),
            details={
                "model": self.model,
                "base_url": self._base_url,
                "status": status,
                "provider_message": said,
                "request_id": getattr(exc, "request_id", None),
            },
        )


def _draft_output(channel: str, rules: ChannelRules) -> _Output[BaseModel]:
    model = DRAFT_MODELS.get(channel)
    if model is None:
        known = ", ".join(sorted(DRAFT_MODELS))
        raise PressroomError(
            f"no draft format for channel {channel!r}",
            code=ErrorCode.UNKNOWN_CHANNEL,
            hint=f"Use one of: {known}.",
            details={"channel": channel, "known_channels": sorted(DRAFT_MODELS)},
        )
    schema = _bounded_schema(model.model_json_schema(), rules)
    return _Output[BaseModel](channel, prompts.draft_schema_name(channel), schema, model)


def _bounded_schema(schema: dict[str, Any], rules: ChannelRules) -> dict[str, Any]:
    """The draft schema with the channel's countable limits added, so constrained decoding
    (llama.cpp's grammar, OpenAI's strict mode for item counts) enforces them too."""
    properties = schema["properties"]
    limits: dict[str, dict[str, int | None]] = {
        "hashtags": {"maxItems": rules.max_hashtags},
        "posts": {"minItems": rules.thread_min_posts, "maxItems": rules.thread_max_posts},
        "scenes": {"minItems": rules.min_scenes},
        "caption": {"maxLength": rules.caption_max_chars},
        # Code points bound characters and graphemes alike (a link may count less on Mastodon).
        "text": {"maxLength": rules.max_chars or rules.max_graphemes},
    }
    for field, bounds in limits.items():
        if field in properties:
            properties[field].update({k: v for k, v in bounds.items() if v is not None})
    if "posts" in properties and rules.max_weighted_length is not None:
        properties["posts"]["items"]["maxLength"] = rules.max_weighted_length
    return schema


def strict_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` in the subset OpenAI's strict structured outputs accept: every object closed
    with all properties required, no ``title``/``default``, unsupported keywords moved into
    the description (pydantic still enforces them), ``$ref`` without siblings. Free-form
    objects become empty closed objects."""
    return _strict(copy.deepcopy(schema))


def _strict(node: dict[str, Any]) -> dict[str, Any]:
    out = {key: value for key, value in node.items() if key not in ("title", "default")}
    notes = [f"{key}={out.pop(key)}" for key in _STRICT_UNSUPPORTED if key in out]
    if notes:
        out["description"] = f"{out.get('description', '')} ({', '.join(notes)})".strip()
    if "$defs" in out:
        out["$defs"] = {name: _strict(sub) for name, sub in out["$defs"].items()}
    if out.get("type") == "object" or "properties" in out:
        properties = {name: _strict(sub) for name, sub in out.get("properties", {}).items()}
        out.update(properties=properties, required=list(properties), additionalProperties=False)
    if isinstance(out.get("items"), dict):
        out["items"] = _strict(out["items"])
    for key in ("anyOf", "allOf"):
        if key in out:
            out[key] = [_strict(sub) for sub in out[key]]
    if "$ref" in out and len(out) > 1:
        out["anyOf"] = [{"$ref": out.pop("$ref")}]
    return out


def _without_keywords(node: Any, keywords: frozenset[str]) -> Any:
    """``node`` without the schema ``keywords``. Walks the schema's structure, so a property
    that happens to be named like a keyword (an idea's ``title``) stays."""
    if isinstance(node, list):
        return [_without_keywords(item, keywords) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "$defs"):
            out[key] = {name: _without_keywords(sub, keywords) for name, sub in value.items()}
        elif key not in keywords:
            out[key] = _without_keywords(value, keywords)
    return out


class _RawResponse(Protocol):
    """The SDK's raw response: ``parse()`` reads the body."""

    def parse(self) -> object: ...


class _NotACompletionError(Exception):
    """A 200 whose body is no chat completion (a web page at a wrong base URL, say)."""


def _chat_completion(raw: _RawResponse) -> ChatCompletion:
    try:
        parsed = raw.parse()
    except ValueError as exc:  # the body is not JSON
        raise _NotACompletionError(str(exc)) from exc
    # The SDK builds its models without validation, so a JSON body of any shape "parses".
    if not isinstance(parsed, ChatCompletion) or "choices" not in parsed.model_fields_set:
        raise _NotACompletionError("the body has no 'choices'")
    return parsed


def _read_answer(completion: ChatCompletion, usage: Usage) -> _Answer:
    # Servers that merely resemble OpenAI's omit fields, so nothing is assumed present.
    choices = getattr(completion, "choices", None) or []
    if not choices:
        raise _output_error(
            ErrorCode.PROVIDER_MALFORMED_OUTPUT,
            "the answer has no choices",
            content="",
            finish_reason=None,
            usage=usage,
        )
    choice = choices[0]
    message = getattr(choice, "message", None)
    finish_reason = getattr(choice, "finish_reason", None)
    refusal = getattr(message, "refusal", None)
    content = getattr(message, "content", None)
    if refusal:
        raise _output_error(
            ErrorCode.PROVIDER_MALFORMED_OUTPUT,
            f"the model refused: {refusal}",
            content=str(refusal),
            finish_reason=finish_reason,
            usage=usage,
        )
    if not isinstance(content, str) or not content.strip():
        raise _output_error(
            ErrorCode.PROVIDER_MALFORMED_OUTPUT,
            "the answer is empty",
            content="",
            finish_reason=finish_reason,
            usage=usage,
        )
    return _Answer(content=content, finish_reason=finish_reason, usage=usage)


def _parse_json(answer: _Answer) -> Any:
    fenced = _CODE_FENCE.match(answer.content)
    text = fenced.group("body") if fenced else answer.content
    try:
        # strict=False: grammar-constrained strings may hold raw newlines.
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        problem = f"the answer is not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        if answer.finish_reason == "length":
            problem += "; it was cut off at the token limit, so write a shorter answer"
        raise _output_error(
            ErrorCode.PROVIDER_MALFORMED_OUTPUT,
            problem,
            content=answer.content,
            finish_reason=answer.finish_reason,
            usage=answer.usage,
        ) from exc


def _validate(model: type[OutputT], data: Any, answer: _Answer) -> OutputT:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, root="the answer")
        raise _output_error(
            ErrorCode.PROVIDER_SCHEMA_MISMATCH,
            "the answer does not match the schema",
            content=answer.content,
            finish_reason=answer.finish_reason,
            usage=answer.usage,
            problems=problems,
        ) from exc


def _output_error(
    code: ErrorCode,
    message: str,
    *,
    content: str,
    finish_reason: str | None,
    usage: Usage,
    problems: list[str] | None = None,
) -> PressroomError:
    """An unusable answer: not retried here, but carrying what a repair attempt needs."""
    listed = problems if problems is not None else [message]
    return _provider_error(
        code,
        f"{PROVIDER}:{usage.model} gave an unusable answer: {message}"
        + (f" ({'; '.join(listed[:5])})" if problems else ""),
        hint=_OUTPUT_HINT,
        details={
            "raw_content": content[:RAW_CONTENT_LIMIT],
            "truncated": len(content) > RAW_CONTENT_LIMIT,
            "problems": listed,
            "finish_reason": finish_reason,
            "usage": usage.model_dump(),
        },
    )


def _transport_code(exc: Exception) -> ErrorCode:
    if isinstance(exc, openai.APITimeoutError):
        return ErrorCode.PROVIDER_TIMEOUT
    status = getattr(exc, "status_code", None)
    if not isinstance(exc, openai.APIStatusError) or status is None:
        return ErrorCode.PROVIDER_UNAVAILABLE
    return provider_status_code(status)


_RETRYABLE: dict[ErrorCode, bool] = {
    ErrorCode.PROVIDER_TIMEOUT: True,
    ErrorCode.PROVIDER_RATE_LIMITED: True,
    ErrorCode.PROVIDER_UNAVAILABLE: True,
    ErrorCode.PROVIDER_AUTH_FAILED: False,
    ErrorCode.PROVIDER_BAD_REQUEST: False,
    ErrorCode.PROVIDER_MALFORMED_OUTPUT: False,
    ErrorCode.PROVIDER_SCHEMA_MISMATCH: False,
}

# The HTTP status each failure maps to when it reaches our own API: the upstream's fault is a
# gateway error, never the caller's 4xx.
_STATUS: dict[ErrorCode, int] = {
    ErrorCode.PROVIDER_TIMEOUT: 504,
    ErrorCode.PROVIDER_RATE_LIMITED: 503,
    ErrorCode.PROVIDER_UNAVAILABLE: 503,
}

_TRANSPORT_HINTS: dict[ErrorCode, str] = {
    ErrorCode.PROVIDER_TIMEOUT: "The model did not answer in time. Raise "
    "PRESSROOM_LLM_TIMEOUT_SECONDS, lower max tokens, or use a faster model.",
    ErrorCode.PROVIDER_RATE_LIMITED: "The provider kept rate-limiting. Lower "
    "PRESSROOM_LLM_CONCURRENCY, raise PRESSROOM_LLM_MAX_RETRIES, or try again later.",
    ErrorCode.PROVIDER_UNAVAILABLE: "Check that the endpoint at {base_url} is running and "
    "reachable. llama.cpp's server answers HTTP 500 to json_schema: set "
    "PRESSROOM_OPENAI_STRUCTURED_OUTPUT=json_object_schema for it.",
    ErrorCode.PROVIDER_AUTH_FAILED: "Check PRESSROOM_OPENAI_API_KEY: the endpoint at "
    "{base_url} refused it.",
    ErrorCode.PROVIDER_BAD_REQUEST: "The endpoint at {base_url} rejected the request: check "
    "the model name and PRESSROOM_OPENAI_STRUCTURED_OUTPUT (see docs/MODELS.md).",
}

_OUTPUT_HINT = (
    "Write the draft again with the listed problems as instructions; a larger model or "
    "structured output (json_schema, or json_object_schema for llama.cpp) makes this rarer."
)


def _provider_error(
    code: ErrorCode, message: str, *, hint: str, details: dict[str, Any]
) -> PressroomError:
    return PressroomError(
        message,
        code=code,
        hint=hint,
        retryable=_RETRYABLE[code],
        status=_STATUS.get(code, 502),
        details=details,
    )
