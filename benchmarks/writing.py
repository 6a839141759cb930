"""The writing benchmark: evidence of what the built-in writer produces for brands of
different voices — validity per channel, variety of hooks, near-duplicates, whether the
brands' outputs sound measurably different, and the time per piece.

    .venv/bin/python benchmarks/writing.py [--ideas 30] [--brands SLUG ...]
                                           [--channels NAME ...] [--json-out FILE]

Four brands: the demo brand and the three in ``benchmarks/brands/``, each writing for every
registered channel. The demo brand's bundled sample feed is read with the trends service into
a temporary SQLite data folder; the same signals go to every brand, so the differences come
from the voice. Ideas come from ``write_ideas`` calls (at most 10 each) with the ideas kept so
far as ``avoid_topics`` and the ideas stage's repeat rules; every idea × channel goes through
``write_with_repairs`` as the pipeline writes it. ``benchmarks/README.md`` explains every
number.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pressroom.app import AppContext
    from pressroom.brands.schemas import BrandSpec
    from pressroom.learning.strategy import WritingStrategy
    from pressroom.providers.llm.protocol import BrandContext, IdeaDraft, SourceSignal, Writer

# Run as a script, Python puts benchmarks/ on the path, not the repository root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.pipeline import machine  # noqa: E402 (needs the path above)
from benchmarks.writing_voice import voices  # noqa: E402 (needs the path above)

BRANDS_DIR = Path(__file__).resolve().parent / "brands"
DEFAULT_IDEAS = 30
IDEAS_PER_CALL = 10
IDEA_CALLS_WITHOUT_PROGRESS = 2
"""Calls in a row that add no distinct idea before the writer is taken to have run dry."""
MAX_ATTEMPTS = 3
FAILURE_EXAMPLES = 12
REPEATED_HOOKS = 3
TRACE_ID = "bench-writing"
ROUND_DIGITS = 4


@dataclass(frozen=True)
class PieceRecord:
    """One idea × channel as ``write_with_repairs`` left it."""

    brand: str
    channel: str
    idea: int
    valid: bool
    attempts: int
    milliseconds: float
    public: str
    readable: str
    problems: tuple[str, ...]


# --- Inputs: brands, signals, ideas. ---------------------------------------------------------


def brand_specs(slugs: Sequence[str] | None, channels: Sequence[str]) -> dict[str, BrandSpec]:
    """The demo brand and the benchmark's brand files, by slug, each writing for
    ``channels`` (the registry's, so channels added later are measured too)."""
    from pressroom.brands import service as brands

    specs = [brands.demo_spec()]
    for path in sorted(BRANDS_DIR.glob("*.json")):
        specs.append(brands.parse_spec(json.loads(path.read_text(encoding="utf-8"))))
    chosen = {spec.slug: spec.model_copy(update={"channels": list(channels)}) for spec in specs}
    unknown = sorted(set(slugs or ()) - set(chosen))
    if unknown:
        raise SystemExit(f"unknown brand(s) {', '.join(unknown)}; known: {', '.join(chosen)}")
    return {slug: spec for slug, spec in chosen.items() if not slugs or slug in slugs}


def source_signals(app: AppContext) -> tuple[list[SourceSignal], dict[str, str], int]:
    """The demo brand's sample feed read by the trends service: the signals as writers get
    them, their topic keys by id (for the ideas stage's repeat rules), and the items read."""
    from pressroom.brands import service as brands
    from pressroom.contracts import utcnow
    from pressroom.db.session import transaction
    from pressroom.trends import service as trends

    spec = brands.demo_spec()
    with transaction(app.session_factory) as session:
        brand = brands.upsert_brand(session, spec=spec, actor="bench", trace_id=TRACE_ID)
        trends.register_sources(session, brand=brand, locations=spec.feeds)
    with transaction(app.session_factory) as session:
        brand = brands.get_brand(session, spec.slug)
        now = utcnow()
        report = trends.ingest(
            session, brand=brand, settings=app.settings, now=now, trace_id=TRACE_ID
        )
        stored = trends.top_signals(session, brand=brand, now=now, limit=1000)
        signals = [trends.to_source_signal(signal) for signal in stored]
        topic_of = {signal.id: signal.topic_key for signal in stored}
    items = sum(outcome.items_read for outcome in report.sources)
    return signals, topic_of, items


def brand_contexts(
    app: AppContext, specs: Mapping[str, BrandSpec]
) -> dict[str, tuple[BrandContext, WritingStrategy]]:
    """Each brand stored as ``pressroom brand add`` stores it (its voice measured), and the
    context and strategy the pipeline hands writers."""
    from pressroom.brands import service as brands
    from pressroom.db.session import transaction
    from pressroom.learning import service as learning

    contexts = {}
    with transaction(app.session_factory) as session:
        for slug, spec in specs.items():
            brand = brands.upsert_brand(session, spec=spec, actor="bench", trace_id=TRACE_ID)
            _, strategy = learning.active_strategy(session, brand_id=brand.id)
            contexts[slug] = (brands.brand_context(brand), strategy)
    return contexts


def write_ideas(
    writer: Writer,
    *,
    brand: BrandContext,
    strategy: WritingStrategy,
    signals: list[SourceSignal],
    topic_of: dict[str, str],
    target: int,
) -> tuple[list[IdeaDraft], dict[str, Any]]:
    """Up to ``target`` distinct ideas: calls of at most 10, each avoiding the ideas kept so
    far, filtered by the ideas stage's rules (no repeated topic, no near-duplicate title);
    stops when the writer runs dry. Never padded."""
    from pressroom.errors import InvalidInputError
    from pressroom.ideas import service as ideas
    from pressroom.providers.llm.protocol import IdeaRequest

    kept: list[IdeaDraft] = []
    reasons: Counter[str] = Counter()
    calls, stalls, seconds = 0, 0, 0.0
    while len(kept) < target and stalls < IDEA_CALLS_WITHOUT_PROGRESS:
        missing = target - len(kept)
        request = IdeaRequest(
            brand=brand,
            signals=signals,
            count=min(IDEAS_PER_CALL, missing),
            avoid_topics=[idea.title for idea in kept],
            strategy=strategy,
            run_date=date.today(),
            trace_id=TRACE_ID,
        )
        started = time.perf_counter()
        try:
            drafts = writer.write_ideas(request).output
        except InvalidInputError:  # every signal and topic avoided: nothing left to propose
            break
        finally:
            seconds += time.perf_counter() - started
            calls += 1
        selection = ideas.select_ideas(
            drafts,
            count=missing,
            recent_topics=set(),
            recent_titles=[idea.title for idea in kept],
            topic_of=topic_of,
        )
        kept.extend(selection.kept)
        reasons.update(_reason_kind(rejected.reason) for rejected in selection.rejected)
        stalls = 0 if selection.kept else stalls + 1
    figures = {
        "requested": target,
        "reached": len(kept),
        "calls": calls,
        "rejected": sum(reasons.values()),
        "rejected_by_reason": dict(reasons),
        "mean_ms_per_call": _round(seconds * 1000 / calls) if calls else None,
    }
    return kept, figures


def _reason_kind(reason: str) -> str:
    return "near-duplicate title" if reason.startswith("near-duplicate") else reason


# --- Writing the pieces. ---------------------------------------------------------------------


def write_pieces(
    writer: Writer,
    *,
    slug: str,
    brand: BrandContext,
    strategy: WritingStrategy,
    ideas: Sequence[IdeaDraft],
    signals: Sequence[SourceSignal],
    channels: Sequence[str],
    words_per_second: float,
) -> list[PieceRecord]:
    """Every idea × channel through the validate → repair loop, timed."""
    from pressroom.platforms.channels import CHANNEL_RULES
    from pressroom.providers.llm.protocol import PieceRequest
    from pressroom.writing.service import write_with_repairs

    records = []
    for number, idea in enumerate(ideas):
        # As the pipeline's ``_piece_request``: the idea's own source signals.
        sources = [signal for signal in signals if signal.trend_id in idea.source_trend_ids]
        for channel in channels:
            request = PieceRequest(
                brand=brand,
                idea=idea,
                channel=channel,
                rules=CHANNEL_RULES[channel],
                strategy=strategy,
                sources=sources,
                words_per_second=words_per_second,
                trace_id=TRACE_ID,
            )
            started = time.perf_counter()
            outcome = write_with_repairs(writer, request, max_attempts=MAX_ATTEMPTS)
            elapsed = (time.perf_counter() - started) * 1000
            records.append(_record(slug, number, outcome, elapsed))
    return records


def _record(slug: str, idea: int, outcome: Any, milliseconds: float) -> PieceRecord:
    from pressroom.platforms.channels import parse_draft
    from pressroom.scoring.texts import piece_text

    texts = piece_text(parse_draft(outcome.draft)) if outcome.draft else None
    problems = [problem.get("message", problem.get("code", "")) for problem in outcome.problems]
    return PieceRecord(
        brand=slug,
        channel=outcome.channel,
        idea=idea,
        valid=outcome.valid,
        attempts=len(outcome.attempts),
        milliseconds=milliseconds,
        public=texts.public if texts else "",
        readable=texts.readable if texts else "",
        problems=tuple(str(problem) for problem in problems),
    )


# --- Figures. --------------------------------------------------------------------------------


def validity(records: Sequence[PieceRecord]) -> dict[str, Any]:
    """Pieces valid on the first try, valid after a repair, and failed (counts and shares)."""
    first = sum(1 for r in records if r.valid and r.attempts == 1)
    repaired = sum(1 for r in records if r.valid and r.attempts > 1)
    failed = sum(1 for r in records if not r.valid)
    total = len(records)
    return {
        "pieces": total,
        "valid_first_try": first,
        "valid_after_repair": repaired,
        "failed": failed,
        "share_valid_first_try": _share(first, total),
        "share_valid_after_repair": _share(repaired, total),
        "share_failed": _share(failed, total),
    }


def timing(records: Sequence[PieceRecord]) -> dict[str, Any]:
    """Milliseconds per piece (the whole validate → repair loop): mean, median, p95, max."""
    ms = sorted(r.milliseconds for r in records)
    if not ms:
        return {"pieces": 0}
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[18] if len(ms) > 1 else ms[0]
    return {
        "pieces": len(ms),
        "mean_ms": _round(statistics.fmean(ms)),
        "median_ms": _round(statistics.median(ms)),
        "p95_ms": _round(p95),
        "max_ms": _round(ms[-1]),
    }


def hook_of(readable: str) -> str:
    """A piece's hook: the first sentence of its first line of text, lower-cased, words only."""
    from pressroom.brands.voice import sentences

    line = next((line for line in readable.splitlines() if line.strip()), "")
    first = next(iter(sentences(line)), "")
    return " ".join(re.findall(r"\w+", first.casefold()))


def hooks(records: Sequence[PieceRecord], *, repeated: int = 0) -> dict[str, Any]:
    """Distinct hooks among the pieces written (with a draft); with ``repeated``, that many
    of the most used hooks that open more than one piece."""
    written = Counter(hook_of(r.readable) for r in records if r.readable)
    pieces, distinct = sum(written.values()), len(written)
    found: dict[str, Any] = {"pieces": pieces, "distinct": distinct}
    found["share"] = _share(distinct, pieces)
    if repeated:
        top = [(hook, n) for hook, n in written.most_common(repeated) if n > 1]
        found["most_repeated"] = [{"hook": hook, "pieces": n} for hook, n in top]
    return found


def near_duplicates(records: Sequence[PieceRecord]) -> dict[str, Any]:
    """Pairs of pieces (of one brand and channel: pass them so) whose readable texts are at
    least ``NEAR_DUPLICATE_JACCARD`` alike by the ideas stage's similarity."""
    from pressroom.ideas.service import NEAR_DUPLICATE_JACCARD, similarity

    texts = [r.readable for r in records if r.readable]
    scores = [similarity(a, b) for a, b in combinations(texts, 2)]
    close = sum(1 for score in scores if score >= NEAR_DUPLICATE_JACCARD)
    return {
        "pairs": len(scores),
        "near_duplicate_pairs": close,
        "rate": _share(close, len(scores)),
        "mean_similarity": _round(statistics.fmean(scores)) if scores else None,
        "max_similarity": _round(max(scores)) if scores else None,
    }


def _summed_pairs(parts: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    parts = list(parts)
    pairs = sum(part["pairs"] for part in parts)
    close = sum(part["near_duplicate_pairs"] for part in parts)
    return {"pairs": pairs, "near_duplicate_pairs": close, "rate": _share(close, pairs)}


def _summed_hooks(parts: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Hooks of several brands: distinct within each brand, summed."""
    parts = list(parts)
    pieces = sum(part["pieces"] for part in parts)
    distinct = sum(part["distinct"] for part in parts)
    return {"pieces": pieces, "distinct": distinct, "share": _share(distinct, pieces)}


def failures(records: Sequence[PieceRecord]) -> dict[str, Any]:
    """What the validator said about the pieces that needed a repair or failed."""
    failed = [r for r in records if not r.valid]
    return {
        "final_problems_by_channel": {
            channel: dict(Counter(p for r in failed if r.channel == channel for p in r.problems))
            for channel in sorted({r.channel for r in failed})
        },
        "examples": [
            {"brand": r.brand, "channel": r.channel, "idea": r.idea, "problems": list(r.problems)}
            for r in failed[:FAILURE_EXAMPLES]
        ],
    }


# --- The report. -----------------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, ROUND_DIGITS) if whole else None


def _round(value: float) -> float:
    return round(value, ROUND_DIGITS)


def figures(
    records: Mapping[str, Sequence[PieceRecord]], channels: Sequence[str]
) -> dict[str, Any]:
    """Validity, timing, hooks, near-duplicates and failures, per brand and per channel."""
    grouped = {
        slug: {channel: [r for r in brand if r.channel == channel] for channel in channels}
        for slug, brand in records.items()
    }
    every = [r for brand in records.values() for r in brand]
    return {
        "validity": _split(validity, every, grouped, channels),
        "timing": _split(timing, every, grouped, channels),
        "hooks": hook_figures(records, grouped, channels),
        "near_duplicates": near_duplicate_figures(grouped, channels),
        "failures": failures(every),
    }


Grouped = Mapping[str, Mapping[str, Sequence[PieceRecord]]]
"""Pieces by brand, then by channel."""


def _split(
    measure: Any, every: Sequence[PieceRecord], grouped: Grouped, channels: Sequence[str]
) -> dict[str, Any]:
    """``measure`` of all pieces, of each channel (every brand), of each brand and of each
    brand × channel."""
    return {
        "all": measure(every),
        "by_channel": {
            c: measure([r for chs in grouped.values() for r in chs[c]]) for c in channels
        },
        "by_brand": {
            slug: {
                **measure([r for rs in chs.values() for r in rs]),
                "by_channel": {c: measure(rs) for c, rs in chs.items()},
            }
            for slug, chs in grouped.items()
        },
    }


def hook_figures(
    records: Mapping[str, Sequence[PieceRecord]], grouped: Grouped, channels: Sequence[str]
) -> dict[str, Any]:
    """Distinct hooks of each brand × channel, summed per channel over the brands, and of
    each brand over all its channels (where one idea's pieces may share a hook)."""
    per = {slug: {c: hooks(rs) for c, rs in chs.items()} for slug, chs in grouped.items()}
    return {
        "by_channel": {c: _summed_hooks(p[c] for p in per.values()) for c in channels},
        "by_brand": {
            slug: {**hooks(records[slug], repeated=REPEATED_HOOKS), "by_channel": per[slug]}
            for slug in grouped
        },
    }


def near_duplicate_figures(grouped: Grouped, channels: Sequence[str]) -> dict[str, Any]:
    """Near-duplicate pairs among the pieces of each brand × channel, summed per channel,
    per brand and over all."""
    from pressroom.ideas.service import NEAR_DUPLICATE_JACCARD

    per = {slug: {c: near_duplicates(rs) for c, rs in chs.items()} for slug, chs in grouped.items()}
    return {
        "similarity": "Jaccard of content words (pressroom.ideas.service.similarity) between "
        "the readable texts of two pieces of one brand and one channel",
        "threshold": NEAR_DUPLICATE_JACCARD,
        "all": _summed_pairs(part for p in per.values() for part in p.values()),
        "by_channel": {c: _summed_pairs(p[c] for p in per.values()) for c in channels},
        "by_brand": {
            slug: {**_summed_pairs(per[slug].values()), "by_channel": per[slug]} for slug in per
        },
    }


@dataclass
class Written:
    """What one pass over the brands produced."""

    signals: int = 0
    feed_items: int = 0
    words_per_second: float = 0.0
    ideas: dict[str, Any] = field(default_factory=dict)
    records: dict[str, list[PieceRecord]] = field(default_factory=dict)


def write_all(specs: Mapping[str, BrandSpec], *, channels: Sequence[str], target: int) -> Written:
    """On a temporary data folder: read the signals, store the brands, and write each brand's
    ideas and pieces with the built-in writer."""
    from pressroom.app import open_app
    from pressroom.config import Settings
    from pressroom.providers.llm.builtin.writer import BuiltinWriter

    with tempfile.TemporaryDirectory() as folder:
        app = open_app(Settings(data_dir=Path(folder)))
        try:
            signals, topic_of, items = source_signals(app)
            contexts = brand_contexts(app, specs)
            rate = app.settings.words_per_second
            writer = BuiltinWriter(words_per_second=rate)
            written = Written(signals=len(signals), feed_items=items, words_per_second=rate)
            for slug, (brand, strategy) in contexts.items():
                _progress(f"{slug}: ideas")
                ideas, written.ideas[slug] = write_ideas(
                    writer,
                    brand=brand,
                    strategy=strategy,
                    signals=signals,
                    topic_of=topic_of,
                    target=target,
                )
                _progress(f"{slug}: {len(ideas)} ideas × {len(channels)} channels")
                written.records[slug] = write_pieces(
                    writer,
                    slug=slug,
                    brand=brand,
                    strategy=strategy,
                    ideas=ideas,
                    signals=signals,
                    channels=channels,
                    words_per_second=rate,
                )
        finally:
            app.engine.dispose()
    return written


def benchmark(
    *, slugs: Sequence[str] | None, ideas_per_brand: int, channels: Sequence[str] | None
) -> dict[str, Any]:
    """Write every chosen brand's ideas and pieces; the report."""
    from pressroom.platforms.channels import CHANNELS
    from pressroom.providers.llm.builtin.writer import NAME

    started = time.perf_counter()
    about = machine()
    chosen = list(channels or CHANNELS)
    specs = brand_specs(slugs, chosen)
    written = write_all(specs, channels=chosen, target=ideas_per_brand)
    _progress("figures")
    report = {
        "machine": about,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": {
            "brands": {slug: spec.name for slug, spec in specs.items()},
            "ideas_per_brand": ideas_per_brand,
            "channels": chosen,
            "source": "the demo brand's sample feed (src/pressroom/brands/demo/sample-feed.xml)",
            "feed_items": written.feed_items,
            "signals": written.signals,
            "writer": NAME,
            "max_attempts": MAX_ATTEMPTS,
            "words_per_second": written.words_per_second,
        },
        "ideas": written.ideas,
        **figures(written.records, chosen),
        "voice": voices(specs, written.records),
    }
    report["machine"]["load_average_at_end"] = machine()["load_average"]
    report["wall_seconds"] = _round(time.perf_counter() - started)
    return report


def _progress(message: str) -> None:
    print(f"writing benchmark: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, measure, print the JSON (and write it to ``--json-out``)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--ideas", type=int, default=DEFAULT_IDEAS, help="Distinct ideas per brand (target)."
    )
    parser.add_argument(
        "--brands", nargs="+", default=None, metavar="SLUG", help="Brands (default: all four)."
    )
    parser.add_argument(
        "--channels",
        nargs="+",
        default=None,
        metavar="NAME",
        help="Channels (default: every registered channel).",
    )
    parser.add_argument("--json-out", type=Path, default=None, help="Also write the JSON here.")
    args = parser.parse_args(argv)
    if args.ideas < 1:
        parser.error("--ideas must be at least 1")
    _check_channels(parser, args.channels)
    report = benchmark(slugs=args.brands, ideas_per_brand=args.ideas, channels=args.channels)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.json_out is not None:
        args.json_out.write_text(text + "\n", encoding="utf-8")


def _check_channels(parser: argparse.ArgumentParser, channels: Sequence[str] | None) -> None:
    from pressroom.platforms.channels import CHANNELS

    unknown = sorted(set(channels or ()) - set(CHANNELS))
    if unknown:
        parser.error(f"unknown channel(s) {', '.join(unknown)}; known: {', '.join(CHANNELS)}")


if __name__ == "__main__":
    main()
