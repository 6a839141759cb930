"""``pressroom check``: validate a draft file against a channel's rules.

Exit codes: 0 valid, 1 invalid (the problems are printed), 2 error (unreadable file, unknown
channel; rendered by :func:`pressroom.cli.main`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pressroom.config import load_settings
from pressroom.errors import InvalidInputError
from pressroom.logging import configure_logging
from pressroom.platforms.channels import CHANNELS, read_draft
from pressroom.platforms.report import ValidationReport
from pressroom.platforms.validation import validate


def register(app: typer.Typer) -> None:
    """Add the ``check`` command to ``app``."""
    app.command("check")(check)


def check(
    file: Annotated[str, typer.Argument(help="Draft file (JSON or plain text), or - for stdin.")],
    channel: Annotated[
        str, typer.Option("--channel", "-c", help=f"One of: {', '.join(CHANNELS)}.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    words_per_second: Annotated[
        float | None,
        typer.Option(
            "--words-per-second",
            help="Speaking rate for spoken durations. Default: PRESSROOM_WORDS_PER_SECOND.",
        ),
    ] = None,
) -> None:
    """Check a draft against a channel's rules and list every problem with how to fix it."""
    settings = load_settings()
    # Logs go to the log file like every command's, so stdout is exactly the report.
    configure_logging(level=settings.log_level, path=settings.log_path)
    draft = read_draft(channel, _read_file(file))
    rate = settings.words_per_second if words_per_second is None else words_per_second
    report = validate(channel, draft, words_per_second=rate)
    typer.echo(json.dumps(report_json(report), ensure_ascii=False) if as_json else render(report))
    # SystemExit keeps its code through click's non-standalone mode (which `main` uses); a
    # typer.Exit there would become a return value and the script would exit 0.
    sys.exit(0 if report.valid else 1)


def report_json(report: ValidationReport) -> dict[str, Any]:
    """The ``--json`` shape: ``valid``, ``length`` (``weighted_length`` for X), ``problems``,
    then the other measures."""
    key = "weighted_length" if "weighted_length" in report.measures else "length"
    others = {name: value for name, value in report.measures.items() if name != key}
    return {
        "valid": report.valid,
        key: report.measures.get(key),
        "problems": [problem.model_dump() for problem in report.problems],
        **others,
    }


def render(report: ValidationReport) -> str:
    """The report as people read it: verdict, measures, one problem per line."""
    count = len(report.problems)
    verdict = "valid" if report.valid else f"invalid ({count} problem{'s' * (count != 1)})"
    lines = [f"{report.channel}: {verdict}"]
    lines += [f"  {name}: {_measure(value)}" for name, value in report.measures.items()]
    lines += [
        f"  ✗ {problem.code}{f' at {problem.path}' if problem.path else ''}: {problem.message}"
        for problem in report.problems
    ]
    return "\n".join(lines)


def _measure(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "none"
    return str(value)


def _read_file(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    path = Path(file)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInputError(
            f"Cannot read draft file {path}: it is not UTF-8 text.",
            hint="Save the draft as UTF-8.",
        ) from error
    except OSError as error:
        raise InvalidInputError(
            f"Cannot read draft file {path}: {error.strerror or error}.",
            hint="Check the path, or pass - to read the draft from stdin.",
        ) from error
