"""Validate a draft against its channel's rules: one entry point for the writing stage's
repair loop, the review editor, the API and ``pressroom check``.

Every limit is data (:class:`pressroom.platforms.rules.ChannelRules`); each channel's checks
live in its own module, found through the registry (:mod:`pressroom.platforms.channels`). A
report lists every problem at once, each with a stable code and a message a writer can act on.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from pressroom.errors import InvalidInputError
from pressroom.logging import get_logger
from pressroom.platforms.channels import CHANNELS, channel_named, rules_for
from pressroom.platforms.drafts import Draft
from pressroom.platforms.report import Problem, ValidationReport
from pressroom.platforms.rules import DEFAULT_WORDS_PER_SECOND

__all__ = ["PROBLEM_CODES", "rules_for", "validate"]

log = get_logger(__name__)

PROBLEM_CODES: dict[str, tuple[str, ...]] = {
    name: ("invalid_draft", *channel.problem_codes) for name, channel in CHANNELS.items()
}
"""Every problem code each channel's validator can report."""


def validate(
    channel: str,
    draft: Draft | dict[str, Any],
    *,
    words_per_second: float = DEFAULT_WORDS_PER_SECOND,
) -> ValidationReport:
    """Check ``draft`` against ``channel``'s rules and report every problem.

    ``draft`` may be the channel's draft model or its fields as a dict (``"channel"`` may be
    left out). Fields that do not form a valid draft give an invalid report with one
    ``invalid_draft`` problem per field error. Unknown channel: ``UNKNOWN_CHANNEL``;
    ``words_per_second`` not above zero: ``INVALID_INPUT``.
    """
    found = channel_named(channel)
    if not words_per_second > 0:
        raise InvalidInputError(
            f"words_per_second must be above 0, got {words_per_second:g}.",
            hint="A typical speaking rate is 2–3 words per second.",
        )
    parsed = _as_draft(channel, draft)
    if isinstance(parsed, list):
        report = ValidationReport(channel=channel, valid=False, problems=parsed)
    else:
        report = found.check(parsed, found.rules, words_per_second)
    log.info(
        "platforms.draft.validated",
        channel=channel,
        valid=report.valid,
        problems=[problem.code for problem in report.problems],
    )
    return report


def _as_draft(channel: str, draft: Draft | dict[str, Any]) -> Draft | list[Problem]:
    """The draft as ``channel``'s model, or the ``invalid_draft`` problems saying why not."""
    model = CHANNELS[channel].draft
    if isinstance(draft, model):
        return draft
    # Another channel's draft is re-checked as data, so the mismatch is reported like any other.
    data = draft.model_dump() if not isinstance(draft, dict) else draft
    try:
        return model.model_validate(data)
    except ValidationError as error:
        display = rules_for(channel).display_name
        return [_field_problem(detail, display) for detail in error.errors()]


_FIXES = {"missing": "Add this field", "extra_forbidden": "Remove this field"}


def _field_problem(detail: ErrorDetails, display_name: str) -> Problem:
    path = _error_path(detail["loc"])
    value = detail.get("input")
    fix = _FIXES.get(detail["type"], "Fix it")
    return Problem(
        code="invalid_draft",
        message=f"{path or 'The draft'}: {detail['msg']}. {fix} so the draft matches the "
        f"{display_name} format.",
        path=path,
        actual=value if isinstance(value, str | int | float | bool) else None,
    )


def _error_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f"{'.' if path else ''}{part}"
    return path
