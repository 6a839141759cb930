"""Learning rules: propose a new prompt profile version from measured outcomes, decide on it,
and hand the active writing strategy to runs (SPEC §3.10, seed 000 §5.8)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.errors import (
    ErrorCode,
    InvalidInputError,
    InvalidStateTransitionError,
    NotFoundError,
    PressroomError,
    validation_problems,
)
from pressroom.learning import analysis, repository
from pressroom.learning.analysis import ALPHA, Sample
from pressroom.learning.models import PromptProfileRecord
from pressroom.learning.proposal import Proposal, format_p, propose
from pressroom.learning.schemas import (
    Evidence,
    GroupOutcome,
    ProfileChange,
    ProfileStatus,
    PromptProfileUpdate,
    PromptProfileUpdatePayload,
    PromptUpdateRequest,
    PromptUpdateRequestPayload,
    settings_diff,
)
from pressroom.learning.strategy import WritingStrategy
from pressroom.logging import get_logger
from pressroom.metrics import service as metrics

log = get_logger(__name__)

DECISIONS = {True: ProfileStatus.APPROVED, False: ProfileStatus.REJECTED}


def learn(
    session: Session,
    *,
    brand: Brand,
    now: datetime,
    actor: str,
    trace_id: str,
    window_days: int = 30,
    min_samples: int = 3,
) -> PromptProfileRecord:
    """Compare the brand's measured posts of the last ``window_days`` by hook type (per
    channel and across channels) and store what they teach as a NEW profile version awaiting
    approval, built on the active (approved) strategy. Older proposals still awaiting approval
    are superseded. Raises ``NOTHING_TO_LEARN`` (and writes nothing) when there are too few
    posts or no significant difference; the rule is in :mod:`pressroom.learning.analysis`."""
    _check_arguments(now=now, window_days=window_days, min_samples=min_samples)
    samples, without_impressions = _samples(session, brand=brand, now=now, days=window_days)
    needed = 2 * min_samples
    if len(samples) < needed:
        raise _too_few_posts(
            brand, samples=len(samples), needed=needed, days=window_days, min_samples=min_samples
        )
    outcomes = analysis.compare_hooks(samples, min_samples=min_samples)
    base_version, base = active_strategy(session, brand_id=brand.id)
    proposal = propose(base, outcomes)
    if not proposal.changes:
        raise _no_findings(brand, outcomes, samples=len(samples), base_version=base_version)
    _refuse_repeat_proposal(session, brand=brand, proposal=proposal, base_version=base_version)
    evidence = Evidence(
        window_days=window_days,
        window_start=(now - timedelta(days=window_days)).isoformat(),
        window_end=now.isoformat(),
        min_samples=min_samples,
        alpha=ALPHA,
        samples=len(samples),
        without_impressions=without_impressions,
        brand_mean=fmean(sample.rate for sample in samples),
        channel_means=analysis.channel_means(samples),
        based_on_version=base_version,
        groups=outcomes,
    )
    return _store_proposal(
        session,
        brand=brand,
        proposal=proposal,
        evidence=evidence,
        now=now,
        actor=actor,
        trace_id=trace_id,
    )


def _check_arguments(*, now: datetime, window_days: int, min_samples: int) -> None:
    if now.tzinfo is None:
        raise InvalidInputError("now must carry a timezone")
    if window_days < 1:
        raise InvalidInputError(f"window_days must be at least 1, not {window_days}")
    if min_samples < 2:
        # Welch's test needs a variance on each side.
        raise InvalidInputError(f"min_samples must be at least 2, not {min_samples}")


def _samples(
    session: Session, *, brand: Brand, now: datetime, days: int
) -> tuple[list[Sample], int]:
    """The brand's posts published in the window (by the publisher's time, or — for posts
    Pressroom did not publish itself — by their latest snapshot), each at its latest snapshot
    up to ``now``. Also returns how many were left out for having no impressions."""
    start = now - timedelta(days=days)
    samples: list[Sample] = []
    without_impressions = 0
    for piece, snapshot, job in metrics.latest_outcomes(session, brand_id=brand.id, as_of=now):
        posted = job.published_at if job and job.published_at else snapshot.collected_at
        if not start <= posted <= now:
            continue
        rate = metrics.snapshot_engagement_rate(snapshot)
        if rate is None:
            without_impressions += 1
            continue
        samples.append(Sample(piece.id, piece.channel, piece.hook_type, rate))
    return samples, without_impressions


def _nothing_to_learn(message: str, *, hint: str, details: dict[str, Any]) -> PressroomError:
    return PressroomError(
        message, code=ErrorCode.NOTHING_TO_LEARN, status=422, hint=hint, details=details
    )


def _too_few_posts(
    brand: Brand, *, samples: int, needed: int, days: int, min_samples: int
) -> PressroomError:
    return _nothing_to_learn(
        f"{brand.slug} has {samples} measured post(s) with impressions in the last {days} "
        f"days; learning needs at least {needed} ({min_samples} of a hook type and "
        f"{min_samples} others to compare them with)",
        hint="Import more metrics with `pressroom metrics import`, or widen --window-days.",
        details={"samples": samples, "needed": needed},
    )


def _no_findings(
    brand: Brand, outcomes: Sequence[GroupOutcome], *, samples: int, base_version: int | None
) -> PressroomError:
    tested = [o for o in outcomes if o.adjusted_p is not None]
    details = {"samples": samples, "comparisons": len(tested)}
    if not tested:
        largest = max((o.n for o in outcomes if o.channel is not None), default=0)
        message = (
            f"{brand.slug} has {samples} measured posts, but no hook type has enough posts on "
            f"one channel to compare with the rest (largest group: {largest})"
        )
    elif any(o.verdict in ("winner", "loser") for o in outcomes):
        message = (
            f"what {samples} measured posts show is already in the active profile "
            f"(version {base_version})"
        )
    else:
        smallest = min(o.adjusted_p for o in tested if o.adjusted_p is not None)
        message = (
            f"across {samples} measured posts no hook type did significantly better or worse "
            f"than the others ({len(tested)} comparisons, smallest adjusted {format_p(smallest)})"
        )
    return _nothing_to_learn(message, hint="Learn again when more results are in.", details=details)


def _refuse_repeat_proposal(
    session: Session, *, brand: Brand, proposal: Proposal, base_version: int | None
) -> None:
    """A scheduled nightly learn must not stack up identical proposals nobody looked at."""
    pending = repository.newest(
        session, brand_id=brand.id, status=ProfileStatus.APPROVAL_REQUIRED.value
    )
    if (
        pending is not None
        and pending.previous_version == base_version
        and pending.settings == proposal.strategy.model_dump(mode="json")
    ):
        raise _nothing_to_learn(
            f"version {pending.version} of {brand.slug}, awaiting approval, already proposes "
            "these changes",
            hint=f"Approve or reject it: `pressroom learn approve {pending.version}`.",
            details={"pending_version": pending.version},
        )


def _store_proposal(
    session: Session,
    *,
    brand: Brand,
    proposal: Proposal,
    evidence: Evidence,
    now: datetime,
    actor: str,
    trace_id: str,
) -> PromptProfileRecord:
    record = _add_version(
        session,
        brand=brand,
        settings=proposal.strategy,
        changes=proposal.changes,
        justification=justification(proposal, evidence),
        evidence=evidence.model_dump(mode="json"),
        previous_version=evidence.based_on_version,
        actor=actor,
        trace_id=trace_id,
        now=now,
    )
    return record


def propose_settings(
    session: Session,
    *,
    brand: Brand,
    settings: WritingStrategy,
    reason: str,
    actor: str,
    trace_id: str,
    now: datetime,
) -> PromptProfileRecord:
    """A person's proposal: ``settings`` as the next version, awaiting approval like a learned
    one, with one ``setting_change`` per setting that differs from the active version and
    ``reason`` as its justification. Settings equal to the active ones: ``INVALID_INPUT``."""
    if not reason.strip():
        raise InvalidInputError(
            "a proposal needs a reason", hint="Say why, e.g. 'A/B test showed …'."
        )
    base_version, base = active_strategy(session, brand_id=brand.id)
    diff = settings_diff(base.model_dump(mode="json"), settings.model_dump(mode="json"))
    if not diff:
        raise InvalidInputError(
            f"these settings are those of {brand.slug}'s active strategy; nothing to propose",
            hint="Change at least one setting.",
        )
    record = _add_version(
        session,
        brand=brand,
        settings=settings,
        changes=[change.as_profile_change(reason.strip()) for change in diff],
        justification=reason.strip(),
        evidence={"proposed_by": actor},
        previous_version=base_version,
        actor=actor,
        trace_id=trace_id,
        now=now,
    )
    return record


def strategy_with(base: WritingStrategy, changes: dict[str, Any]) -> WritingStrategy:
    """``base`` with the top-level settings in ``changes`` replaced (``{"tone_weights":
    {"educational": 1.5}}`` replaces the tone weights and keeps the rest). A setting that is
    unknown or not valid: ``INVALID_SCHEMA``, every problem listed."""
    try:
        return WritingStrategy.model_validate({**base.model_dump(mode="json"), **changes})
    except ValidationError as exc:
        problems = validation_problems(exc)
        raise InvalidInputError(
            "the strategy is not valid: " + "; ".join(problems),
            code=ErrorCode.INVALID_SCHEMA,
            hint="Fix the listed settings; see docs/LEARNING.md, 'What a profile steers'.",
            details={"problems": problems},
        ) from exc


def _add_version(
    session: Session,
    *,
    brand: Brand,
    settings: WritingStrategy,
    changes: Sequence[ProfileChange],
    justification: str,
    evidence: dict[str, Any],
    previous_version: int | None,
    actor: str,
    trace_id: str,
    now: datetime,
) -> PromptProfileRecord:
    """Store the next version, awaiting approval (older pending ones are superseded);
    audited. Someone else writing the same version first: ``VERSION_CONFLICT``."""
    slug = brand.slug  # still readable after a failed flush rolled the session back
    version = repository.latest_version(session, brand_id=brand.id) + 1
    _supersede_pending(session, brand=brand, actor=actor, trace_id=trace_id, now=now)
    record = PromptProfileRecord(
        brand_id=brand.id,
        version=version,
        status=ProfileStatus.APPROVAL_REQUIRED.value,
        settings=settings.model_dump(mode="json"),
        changes=[change.as_record() for change in changes],
        justification=justification,
        evidence=evidence,
        previous_version=previous_version,
    )
    try:
        repository.add(session, record)
    except IntegrityError as exc:
        raise PressroomError(
            f"profile version {version} of {slug} was written by someone else meanwhile",
            code=ErrorCode.VERSION_CONFLICT,
            status=409,
            retryable=True,
            hint="Run `pressroom learn` again.",
        ) from exc
    audit.record(
        session,
        entity_type="prompt_profile",
        entity_id=record.id,
        action="created",
        actor=actor,
        trace_id=trace_id,
        after={
            "brand": brand.slug,
            "version": version,
            "status": record.status,
            "previous_version": record.previous_version,
            "changes": len(record.changes),
        },
    )
    log.info(
        "learning.profile.proposed",
        trace_id=trace_id,
        brand=slug,
        version=version,
        changes=len(record.changes),
        by=actor,
    )
    return record


def _supersede_pending(
    session: Session, *, brand: Brand, actor: str, trace_id: str, now: datetime
) -> None:
    """Older proposals nobody decided on are replaced by the new one, which already reflects
    the same and newer outcomes."""
    pending = repository.profiles(
        session, brand_id=brand.id, status=ProfileStatus.APPROVAL_REQUIRED.value
    )
    for record in pending:
        _set_status(
            session, record, ProfileStatus.SUPERSEDED, actor=actor, trace_id=trace_id, when=now
        )


def justification(proposal: Proposal, evidence: Evidence) -> str:
    """Why the profile changes, in plain words with the numbers and the rule."""
    comparisons = sum(1 for g in evidence.groups if g.adjusted_p is not None)
    brand_mean = f"{evidence.brand_mean:.1%}" if evidence.brand_mean is not None else "n/a"
    findings = " ".join(f"{finding}." for finding in proposal.findings)
    return (
        f"Learned from {evidence.samples} measured posts published in the "
        f"{evidence.window_days} days from {evidence.window_start[:10]} to "
        f"{evidence.window_end[:10]} "
        f"(brand mean engagement {brand_mean}). {findings} "
        f"A difference counts when both sides have at least {evidence.min_samples} posts and "
        f"Welch's t-test gives p < {evidence.alpha:g} after Benjamini–Hochberg adjustment over "
        f"{comparisons} comparisons; a weight moves by the ratio of the means, at most ×2 or "
        f"×½ per step, and stays within 0.25–4."
    )


def decide_profile(
    session: Session, *, brand: Brand, version: int, approve: bool, actor: str, trace_id: str
) -> PromptProfileRecord:
    """Approve or reject a profile awaiting approval. Any other status is final here:
    ``INVALID_STATE_TRANSITION``. Audited."""
    record = get_profile(session, brand_id=brand.id, version=version)
    target = DECISIONS[approve]
    if record.status != ProfileStatus.APPROVAL_REQUIRED:
        raise InvalidStateTransitionError(
            f"profile version {version} of {brand.slug} is {record.status}; only a profile "
            f"awaiting approval can be {target}",
            hint="Run `pressroom learn` for a new proposal.",
            details={"version": version, "from": record.status, "to": str(target)},
        )
    _set_status(session, record, target, actor=actor, trace_id=trace_id, when=utcnow())
    log.info(
        "learning.profile.decided",
        trace_id=trace_id,
        brand=brand.slug,
        version=version,
        status=str(target),
        actor=actor,
    )
    return record


def _set_status(
    session: Session,
    record: PromptProfileRecord,
    target: ProfileStatus,
    *,
    actor: str,
    trace_id: str,
    when: datetime,
) -> None:
    before = {"status": record.status}
    record.status = target.value
    record.decided_by = actor
    record.decided_at = when
    audit.record(
        session,
        entity_type="prompt_profile",
        entity_id=record.id,
        action=f"status.{target}",
        actor=actor,
        trace_id=trace_id,
        before=before,
        after={"status": record.status, "version": record.version},
    )


def active_strategy(session: Session, *, brand_id: str) -> tuple[int | None, WritingStrategy]:
    """The newest approved profile's version and strategy; ``(None, WritingStrategy())`` —
    the neutral default — when none was approved yet."""
    record = repository.newest(session, brand_id=brand_id, status=ProfileStatus.APPROVED.value)
    if record is None:
        return None, WritingStrategy()
    return record.version, WritingStrategy.model_validate(record.settings)


def get_profile(
    session: Session, *, brand_id: str, version: int | None = None
) -> PromptProfileRecord:
    """One version, or the newest of any status when ``version`` is None. ``NOT_FOUND``."""
    if version is None:
        record = repository.newest(session, brand_id=brand_id)
    else:
        record = repository.profile(session, brand_id=brand_id, version=version)
    if record is None:
        which = "no prompt profile" if version is None else f"no prompt profile version {version}"
        raise NotFoundError(f"{which} for this brand", hint="Create one with `pressroom learn`.")
    return record


def list_profiles(session: Session, *, brand_id: str) -> Sequence[PromptProfileRecord]:
    """Every version of the brand's profile, newest first."""
    return repository.profiles(session, brand_id=brand_id)


def profile_id(brand_slug: str, version: int | None) -> str | None:
    """The contract id of a profile version (seed 000 style ``prompt_profile_v12``)."""
    return None if version is None else f"{brand_slug}:prompt_profile_v{version}"


def profile_update(
    record: PromptProfileRecord, *, brand: Brand, trace_id: str
) -> PromptProfileUpdate:
    """The ``PromptProfileUpdate`` contract of a stored version."""
    payload = PromptProfileUpdatePayload(
        prompt_profile_id=profile_id(brand.slug, record.version) or "",
        previous_profile_id=profile_id(brand.slug, record.previous_version),
        brand=brand.slug,
        version=record.version,
        status=ProfileStatus(record.status),
        changes=[ProfileChange.model_validate(change) for change in record.changes],
        justification=record.justification,
        approval_required=record.status == ProfileStatus.APPROVAL_REQUIRED,
        settings=WritingStrategy.model_validate(record.settings),
    )
    return PromptProfileUpdate(trace_id=trace_id, payload=payload)


def update_request(
    session: Session, *, brand: Brand, now: datetime, trace_id: str, window_days: int = 30
) -> PromptUpdateRequest:
    """The ``PromptUpdateRequest`` contract for the brand: its active profile and the
    performance feedback of the posts :func:`learn` would look at."""
    _check_arguments(now=now, window_days=window_days, min_samples=2)
    samples, _ = _samples(session, brand=brand, now=now, days=window_days)
    in_window = {sample.piece_id for sample in samples}
    batch = [
        item
        for item in metrics.brand_feedback(session, brand=brand, as_of=now)
        if item.piece_id in in_window
    ]
    version, _ = active_strategy(session, brand_id=brand.id)
    payload = PromptUpdateRequestPayload(
        prompt_profile_id=profile_id(brand.slug, version),
        brand=brand.slug,
        feedback_batch=batch,
        analysis_window_days=window_days,
    )
    return PromptUpdateRequest(trace_id=trace_id, payload=payload)
