"""``BuiltinWriter``: the offline writer behind the ``Writer`` protocol."""

from __future__ import annotations

import math
from collections.abc import Callable

from pressroom.errors import ConfigError, ErrorCode, InvalidInputError, PressroomError
from pressroom.logging import get_logger
from pressroom.platforms.channels import DRAFT_MODELS
from pressroom.platforms.drafts import map_draft_text
from pressroom.platforms.rules import DEFAULT_WORDS_PER_SECOND
from pressroom.providers.llm.builtin.compose import Plan, plan_piece
from pressroom.providers.llm.builtin.ideas import compose_ideas
from pressroom.providers.llm.builtin.instagram_posts import compose_carousel, compose_feed_post
from pressroom.providers.llm.builtin.linkedin import compose_post
from pressroom.providers.llm.builtin.reel import compose_reel, compose_short, compose_tiktok
from pressroom.providers.llm.builtin.short_post import (
    compose_bluesky_post,
    compose_facebook_post,
    compose_mastodon_status,
    compose_threads_post,
)
from pressroom.providers.llm.builtin.text import Restrictions, calm, rhythm
from pressroom.providers.llm.builtin.voice import voice_of
from pressroom.providers.llm.builtin.xthread import compose_thread
from pressroom.providers.llm.protocol import (
    DEFAULT_LANGUAGE,
    AnyDraft,
    IdeaDraft,
    IdeaRequest,
    PieceRequest,
    Usage,
    WriterResult,
)
from pressroom.writing.variants import language_needs_model

log = get_logger(__name__)

NAME = "builtin"
LABEL = "built-in writer (no AI)"

COMPOSERS: dict[str, Callable[[Plan], AnyDraft]] = {
    "linkedin": compose_post,
    "x": compose_thread,
    "instagram-reel": compose_reel,
    "tiktok": compose_tiktok,
    "youtube-short": compose_short,
    "instagram-feed": compose_feed_post,
    "instagram-carousel": compose_carousel,
    "threads": compose_threads_post,
    "mastodon": compose_mastodon_status,
    "bluesky": compose_bluesky_post,
    "facebook": compose_facebook_post,
}
"""One composer per channel the built-in writer knows."""


class BuiltinWriter:
    """Composes ideas and channel drafts from the source material's key phrases, the brand's
    voice and a library of hook and structure patterns — no model, no network.

    Deterministic: the same request always gives the same output. Stateless, so safe to call
    from several threads at once. ``words_per_second`` is the configured speaking rate: reels
    are timed at the request's rate and, where both windows allow, fit this one too.
    """

    def __init__(self, *, words_per_second: float = DEFAULT_WORDS_PER_SECOND) -> None:
        if not (math.isfinite(words_per_second) and words_per_second > 0):
            raise ConfigError(
                f"the speaking rate must be a positive number of words per second, not "
                f"{words_per_second!r}",
                hint="Set PRESSROOM_WORDS_PER_SECOND to a positive number such as 2.5.",
            )
        self._words_per_second = words_per_second

    @property
    def name(self) -> str:
        return NAME

    @property
    def label(self) -> str:
        return LABEL

    @property
    def words_per_second(self) -> float:
        """The configured speaking rate."""
        return self._words_per_second

    def write_ideas(self, request: IdeaRequest) -> WriterResult[list[IdeaDraft]]:
        """Propose ``request.count`` diverse ideas from the signals (and the brand's topics
        when signals run out). Nothing to write about at all: ``INVALID_INPUT``."""
        ideas = compose_ideas(request, voice_of(request.brand))
        log.info(
            "writer.builtin.ideas_written",
            trace_id=request.trace_id,
            count=len(ideas),
            hook_types=[idea.hook_type.value for idea in ideas],
        )
        return WriterResult[list[IdeaDraft]](output=ideas, usage=_usage())

    def write_piece(self, request: PieceRequest) -> WriterResult[AnyDraft]:
        """Write one channel draft; on a repair (``request.problems``) or a revision
        (``request.reviewer_feedback``) steer it by them. Unknown channel:
        ``UNKNOWN_CHANNEL``; rules of another channel or a non-positive speaking rate:
        ``INVALID_INPUT``; another language than English, or a translation:
        ``LANGUAGE_NEEDS_MODEL``."""
        if request.language != DEFAULT_LANGUAGE or request.translate_from is not None:
            raise language_needs_model(request.language, first=request.translate_from is None)
        composer = _composer(request)
        plan = plan_piece(request, house_rate=self._words_per_second)
        composed = _rewritten(composer(plan), lambda text: rhythm(text, plan.voice.sentence_words))
        draft = _scrubbed(composed, plan.voice.restrictions)
        if plan.direction.plain:
            draft = _rewritten(draft, calm)
        log.info(
            "writer.builtin.piece_written",
            trace_id=request.trace_id,
            channel=request.channel,
            attempt=request.attempt,
            hook_type=draft.hook_type.value,
            tone=plan.tone.value if plan.tone is not None else "",
            repaired=bool(request.problems),
            revised=bool(request.reviewer_feedback.strip()),
        )
        return WriterResult[AnyDraft](output=draft, usage=_usage())


def _composer(request: PieceRequest) -> Callable[[Plan], AnyDraft]:
    composer = COMPOSERS.get(request.channel)
    if composer is None:
        known = ", ".join(sorted(COMPOSERS))
        raise PressroomError(
            f"the built-in writer cannot write for channel {request.channel!r}",
            code=ErrorCode.UNKNOWN_CHANNEL,
            hint=f"Use one of: {known}.",
            details={"channel": request.channel, "known_channels": sorted(COMPOSERS)},
        )
    if request.rules.channel != request.channel:
        raise InvalidInputError(
            f"the request is for {request.channel!r} but carries the rules of "
            f"{request.rules.channel!r}",
            hint="Pass the rules of the channel being written (platforms.rules.CHANNEL_RULES).",
        )
    rate = request.words_per_second
    if not (math.isfinite(rate) and rate > 0):
        raise InvalidInputError(
            f"the speaking rate must be a positive number of words per second, not {rate!r}",
            hint="Leave words_per_second at its default (2.5) or set a positive rate.",
        )
    return composer


def _scrubbed(draft: AnyDraft, restrictions: Restrictions) -> AnyDraft:
    """The draft with any restricted term removed. Composers drop restricted material up
    front; this is the last line of defence for terms hiding inside allowed text."""
    if not restrictions.terms or restrictions.allows(draft.model_dump_json()):
        return draft
    return _rewritten(draft, restrictions.scrub)


def _rewritten(draft: AnyDraft, rewrite: Callable[[str], str]) -> AnyDraft:
    """The draft with ``rewrite`` applied to all its prose (empty list items dropped)."""
    model = DRAFT_MODELS[draft.channel]
    data = map_draft_text(draft.model_dump(mode="json"), rewrite, drop_empty=True)
    return model.model_validate(data)


def _usage() -> Usage:
    """The built-in writer makes one local call and spends no tokens."""
    return Usage(provider=NAME, model=NAME, requests=1)
