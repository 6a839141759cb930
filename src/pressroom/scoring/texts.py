"""The texts of a draft that scoring reads: what the audience sees or hears (checked for
safety), what is read or spoken (readability) and the piece's wording (brand alignment)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pressroom.platforms.drafts import (
    Draft,
    InstagramCarouselDraft,
    InstagramPostDraft,
    LinkedInPostDraft,
    VideoScriptDraft,
    XThreadDraft,
)

# A hashtag needs a letter and must not follow a word character, "&" or "/" (URL fragments).
HASHTAG = re.compile(r"(?<![\w&/#])#(\w*[^\W\d_]\w*)")
_URL = re.compile(r"https?://\S+|\bwww\.\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])@\w+")
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class PieceText:
    """The three views of one draft."""

    public: str  # everything published: post text, hashtags, captions, on-screen text
    readable: str  # what people read or hear, without hashtags, links and mentions
    wording: str  # the piece's own words for brand alignment (readable + reel caption)


def piece_text(draft: Draft) -> PieceText:
    """Split ``draft`` into the texts each sub-score reads."""
    if isinstance(draft, LinkedInPostDraft):
        readable = prose(draft.text)
        return PieceText(public=draft.render_text(), readable=readable, wording=readable)
    if isinstance(draft, XThreadDraft):
        readable = "\n\n".join(prose(post) for post in draft.posts)
        return PieceText(public="\n\n".join(draft.posts), readable=readable, wording=readable)
    if isinstance(draft, VideoScriptDraft):
        return _reel_text(draft)
    if isinstance(draft, InstagramPostDraft | InstagramCarouselDraft):
        return _image_post_text(draft)
    public = draft.render_text()
    readable = prose(public)
    return PieceText(public=public, readable=readable, wording=readable)


def _reel_text(draft: VideoScriptDraft) -> PieceText:
    on_screen = [
        part for scene in draft.scenes for part in (scene.voiceover, scene.on_screen_text) if part
    ]
    public = "\n\n".join([draft.hook, draft.value, draft.cta, *on_screen, draft.render_caption()])
    readable = prose(draft.spoken_text())
    return PieceText(
        public=public, readable=readable, wording=f"{readable}\n\n{prose(draft.caption)}".strip()
    )


def _image_post_text(draft: InstagramPostDraft | InstagramCarouselDraft) -> PieceText:
    """The caption and the words on the slides; image prompts and alt text are not read as
    the piece's words (alt text describes the image, not the brand's message)."""
    if isinstance(draft, InstagramCarouselDraft):
        slides = [part for slide in draft.slides for part in (slide.headline, slide.body) if part]
    else:
        slides = []
    readable = prose("\n\n".join([*slides, draft.caption]))
    public = "\n\n".join([*slides, draft.render_caption()])
    return PieceText(public=public, readable=readable, wording=readable)


def prose(text: str) -> str:
    """``text`` without hashtags, links and mentions, spaces tidied."""
    for pattern in (_URL, HASHTAG, _MENTION):
        text = pattern.sub(" ", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines()).strip()
