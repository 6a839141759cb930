"""The built-in writer: composes ideas and channel drafts offline from templates, the brand's
voice profile and the source material's key phrases — no model, no network, always labelled
"built-in writer (no AI)". See docs/BUILTIN_WRITER.md."""

from pressroom.providers.llm.builtin.writer import BuiltinWriter

__all__ = ["BuiltinWriter"]
