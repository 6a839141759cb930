"""Small typed builders of drafts with exact word counts, for boundary tests."""

from __future__ import annotations

from typing import Literal

from pressroom.platforms.drafts import (
    HookType,
    LinkedInPostDraft,
    ReelScriptDraft,
    Scene,
    XThreadDraft,
)


def words(count: int, word: str = "growth") -> str:
    """``count`` lower-case words separated by spaces."""
    return " ".join([word] * count)


def linkedin_text(word_count: int = 200) -> str:
    """A post body of ``word_count`` words in two paragraphs (so one paragraph break)."""
    first = word_count // 2
    return f"{words(first)}.\n\n{words(word_count - first, 'teams')}."


def make_linkedin(
    *, text: str | None = None, hashtags: list[str] | None = None
) -> LinkedInPostDraft:
    return LinkedInPostDraft(
        hook_type=HookType.STATEMENT,
        text=linkedin_text() if text is None else text,
        hashtags=["Leadership", "Coffee"] if hashtags is None else hashtags,
    )


def make_thread(*posts: str) -> XThreadDraft:
    return XThreadDraft(hook_type=HookType.QUESTION, posts=list(posts))


Beat = Literal["hook", "value", "cta"]


def scene(beat: Beat, seconds: float = 4, visual: str = "Close-up of fresh beans") -> Scene:
    return Scene(beat=beat, duration_seconds=seconds, visual_prompt=visual, voiceover="")


def voiced_scenes(
    hook_words: int, value_words: int, cta_words: int, words_per_second: float
) -> list[Scene]:
    """A hook scene, the value in two scenes and a CTA scene, each lasting as long as its
    words take at ``words_per_second`` (at least 0.1 s)."""
    half = value_words / 2
    plan: list[tuple[Beat, float]] = [
        ("hook", hook_words),
        ("value", half),
        ("value", half),
        ("cta", cta_words),
    ]
    return [scene(beat, max(round(n / words_per_second, 2), 0.1)) for beat, n in plan]


def make_reel(
    *,
    hook_words: int = 8,
    value_words: int = 60,
    cta_words: int = 14,
    scenes: list[Scene] | None = None,
    caption: str = "Three things we learned roasting coffee at dawn.",
    hashtags: list[str] | None = None,
    words_per_second: float = 2.5,
) -> ReelScriptDraft:
    """At the default 2.5 words/s: hook 3.2 s, CTA 5.6 s, 32.8 s spoken — a valid reel. Its
    scenes (unless ``scenes``) last as long as their words take at ``words_per_second``."""
    if scenes is None:
        scenes = voiced_scenes(hook_words, value_words, cta_words, words_per_second)
    return ReelScriptDraft(
        hook_type=HookType.STATEMENT,
        hook=words(hook_words, "stop"),
        value=words(value_words, "roast"),
        cta=words(cta_words, "follow"),
        scenes=scenes,
        caption=caption,
        hashtags=["coffee", "roasting"] if hashtags is None else hashtags,
    )
