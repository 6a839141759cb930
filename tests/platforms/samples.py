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


def default_scenes() -> list[Scene]:
    return [scene("hook", 4), scene("value", 20), scene("value", 10), scene("cta", 6)]


def make_reel(
    *,
    hook_words: int = 8,
    value_words: int = 60,
    cta_words: int = 14,
    scenes: list[Scene] | None = None,
    caption: str = "Three things we learned roasting coffee at dawn.",
    hashtags: list[str] | None = None,
) -> ReelScriptDraft:
    """At the default 2.5 words/s: hook 3.2 s, CTA 5.6 s, 32.8 s spoken — a valid reel."""
    return ReelScriptDraft(
        hook_type=HookType.STATEMENT,
        hook=words(hook_words, "stop"),
        value=words(value_words, "roast"),
        cta=words(cta_words, "follow"),
        scenes=default_scenes() if scenes is None else scenes,
        caption=caption,
        hashtags=["coffee", "roasting"] if hashtags is None else hashtags,
    )
