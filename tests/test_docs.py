"""The reference docs stay true: ERRORS.md names every error code (and no other), with the
status and retryability the code gives them; CONFIGURATION.md every setting with its default;
BRANDS.md every brand field, and its example brand loads; CLI.md every command and option."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.console import Console

import pressroom.cli
import pressroom.publishing.errors
import pressroom.trends.errors
from pressroom.brands import service as brands
from pressroom.brands.schemas import BrandSpec
from pressroom.config import Settings
from pressroom.errors import ErrorCode, InvalidStateTransitionError, PressroomError

DOCS = Path(__file__).parents[1] / "docs"
ERRORS = DOCS / "ERRORS.md"
CONFIGURATION = DOCS / "CONFIGURATION.md"
BRANDS = DOCS / "BRANDS.md"
CLI = DOCS / "CLI.md"
EXAMPLE_BRAND = DOCS / "examples" / "brand.json"

# An error code as the docs write one: upper-case words joined by underscores.
CODE_LIKE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
LINK = re.compile(r"\]\(([^)#:]+)(?:#[^)]*)?\)")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def sections(text: str, level: str = "###") -> dict[str, str]:
    """Body of every ``### `title` `` section, by title."""
    pattern = re.compile(rf"^{level} `([^`]+)`[ \t]*$", re.M)
    heads = list(pattern.finditer(text))
    ends = [m.start() for m in heads[1:]] + [len(text)]
    return {m.group(1): text[m.end() : end] for m, end in zip(heads, ends, strict=True)}


def block_after(text: str, marker: str) -> str:
    """The first fenced block after ``marker``."""
    start = text.index("```", text.index(marker))
    body = text.index("\n", start) + 1
    return text[body : text.index("```", body)]


def table_rows(text: str, first_cell: str) -> dict[str, list[str]]:
    """Rows of a Markdown table whose first cell matches ``first_cell``, by that cell."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        match = re.fullmatch(first_cell, cells[0]) if line.startswith("|") else None
        if match:
            rows[match.group(1)] = cells[1:]
    return rows


# ── ERRORS.md ────────────────────────────────────────────────────────────────────────────


def error_classes() -> Iterator[type[PressroomError]]:
    """Every PressroomError subclass that fixes its own code (the feature modules that define
    them are imported above)."""
    pending = list(PressroomError.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if "code" in vars(cls):
            yield cls


def code_facts(body: str) -> tuple[str, list[int], str]:
    """The HTTP line, its statuses and the retryable wording of one code's section."""
    line = re.search(r"\*\*HTTP\*\* (.+?) · \*\*retryable\*\* (.+)", body)
    assert line is not None, body[:200]
    statuses = [int(n) for n in re.findall(r"\d{3}", line.group(1))]
    return line.group(1), statuses, line.group(2).strip()


def test_every_error_code_has_a_section_and_no_other_code_is_named() -> None:
    text = read(ERRORS)
    documented = set(sections(text))
    codes = {str(code) for code in ErrorCode}
    assert codes - documented == set(), "codes without a section in docs/ERRORS.md"
    assert documented - codes == set(), "sections for codes that do not exist"
    named = {token for token in CODE_LIKE.findall(text) if not token.startswith("PRESSROOM_")}
    assert named - codes == set(), "docs/ERRORS.md names codes that do not exist"


def test_every_section_says_meaning_status_retryability_and_what_to_do() -> None:
    for code, body in sections(read(ERRORS)).items():
        http, statuses, retryable = code_facts(body)
        assert statuses or http == "— (reserved)", f"{code}: no HTTP status"
        assert retryable.split()[0] in {"yes", "no", "depends", "usually"}, code
        paragraphs = [part for part in body.split("\n\n") if part.strip()]
        assert paragraphs[-1].startswith("*What to do:*"), f"{code}: no advice"
        assert len(paragraphs) >= 3, f"{code}: no meaning between the facts and the advice"


def test_error_classes_have_the_documented_status_and_retryability() -> None:
    documented = sections(read(ERRORS))
    checked = 0
    for cls in error_classes():
        _, statuses, retryable = code_facts(documented[str(cls.code)])
        assert cls.status in statuses, f"{cls.__name__} is HTTP {cls.status}"
        allowed = {"yes", "usually", "depends"} if cls.retryable else {"no", "depends"}
        assert retryable.split()[0] in allowed, f"{cls.__name__} retryable={cls.retryable}"
        checked += 1
    assert checked >= 8  # the base subclasses, the four feed errors and PublishError


def test_the_envelope_example_is_what_a_bad_brand_file_gives() -> None:
    text = read(ERRORS)
    documented = json.loads(block_after(text, "## The error envelope"))
    spec = json.loads(read(EXAMPLE_BRAND))
    spec["timezone"] = "Mars/Olympus"

    with pytest.raises(PressroomError) as caught:
        brands.parse_spec(spec)

    assert caught.value.to_dict() == documented


def test_the_terminal_example_is_how_errors_are_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    text = read(ERRORS)
    documented = block_after(text, "## In the terminal").rstrip("\n")
    first, hint = documented.splitlines()
    message = re.fullmatch(r"error \[INVALID_STATE_TRANSITION\] (.+)", first)
    assert message is not None
    error = InvalidStateTransitionError(message.group(1), hint=hint.removeprefix("  hint: "))
    out = io.StringIO()
    monkeypatch.setattr(pressroom.cli, "err_console", Console(file=out, width=200))

    pressroom.cli.render_error(error)

    assert out.getvalue().rstrip("\n") == documented


# ── CONFIGURATION.md ─────────────────────────────────────────────────────────────────────


def default_text(value: Any) -> str:
    if isinstance(value, float):
        return f"`{value:g}`"
    return f"`{value}`"


def test_every_setting_is_documented_with_its_default() -> None:
    text = read(CONFIGURATION)
    rows = table_rows(text, r"`(PRESSROOM_[A-Z0-9_]+)`")
    fields = {f"PRESSROOM_{name.upper()}": field for name, field in Settings.model_fields.items()}
    assert set(fields) - set(rows) == set(), "settings missing from docs/CONFIGURATION.md"
    assert set(rows) - set(fields) == set(), "documented settings that do not exist"
    for name, field in fields.items():
        default, description = rows[name]
        if field.default is None:
            assert default.startswith("none"), name
        else:
            assert default.startswith(default_text(field.default)), name
        assert len(description.split()) >= 5, name


@pytest.mark.parametrize("doc", [ERRORS, CONFIGURATION, BRANDS, CLI], ids=lambda p: p.name)
def test_every_variable_named_is_a_setting(doc: Path) -> None:
    names = set(re.findall(r"PRESSROOM_[A-Z0-9_]*[A-Z]", read(doc))) - {"PRESSROOM_"}
    fields = {f"PRESSROOM_{name.upper()}" for name in Settings.model_fields}
    assert names - fields == set()


# ── BRANDS.md and the example brand ──────────────────────────────────────────────────────


def test_the_example_brand_parses_and_differs_from_the_demo() -> None:
    data = json.loads(read(EXAMPLE_BRAND))
    spec = brands.parse_spec(data)
    demo = brands.demo_spec()

    assert set(data) == set(BrandSpec.model_fields), "the example shows every field"
    assert spec.slug != demo.slug
    assert spec.channels == ["linkedin", "x"]
    assert spec.approval_policy == "manual"
    assert spec.feeds == []
    assert f"pressroom run --brand {spec.slug}" in read(BRANDS)


def test_every_brand_field_is_documented_with_its_default() -> None:
    text = read(BRANDS)
    rows = table_rows(text, r"`([a-z_]+)`")
    fields = BrandSpec.model_fields
    assert set(fields) - set(rows) == set(), "brand fields missing from docs/BRANDS.md"
    assert set(rows) - set(fields) == set(), "documented brand fields that do not exist"
    for name, field in fields.items():
        default = rows[name][1]
        value = field.get_default(call_default_factory=True)
        if field.is_required():
            assert "required" in default, name
        elif isinstance(value, dict) and value:
            for key, item in value.items():
                assert f"`{key}`" in default, (name, key)
                assert all(str(v) in default for v in (item if isinstance(item, list) else [item]))
        else:
            assert json.dumps(value) in default, name


def test_the_slug_rule_is_the_one_enforced() -> None:
    pattern = BrandSpec.model_json_schema()["properties"]["slug"]["pattern"]
    assert f"`{pattern}`" in read(BRANDS)


# ── CLI.md ───────────────────────────────────────────────────────────────────────────────


def commands(command: Any, path: tuple[str, ...] = ("pressroom",)) -> Iterator[tuple[str, Any]]:
    """Every command and command group registered on the app, with its full name."""
    yield " ".join(path), command
    for name, sub in getattr(command, "commands", {}).items():
        yield from commands(sub, (*path, name))


def registered() -> dict[str, Any]:
    return dict(commands(typer.main.get_command(pressroom.cli.app)))


def test_every_command_has_a_section() -> None:
    documented = set(sections(read(CLI)))
    names = set(registered()) - {"pressroom"}
    assert names - documented == set(), "commands missing from docs/CLI.md"
    assert documented - names == set(), "documented commands that do not exist"


def test_every_option_and_argument_is_documented_with_its_command() -> None:
    documented = sections(read(CLI))
    for name, command in registered().items():
        if name == "pressroom":
            continue
        body = documented[name]
        for param in command.params:
            if param.param_type_name == "argument":
                assert param.name.upper() in body, (name, param.name)
                continue
            for flag in [*param.opts, *param.secondary_opts]:
                assert re.search(rf"`{re.escape(flag)}[` ]", body), (name, flag)


# ── links ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("doc", [ERRORS, CONFIGURATION, BRANDS, CLI], ids=lambda p: p.name)
def test_links_point_at_files_that_exist(doc: Path) -> None:
    for target in LINK.findall(read(doc)):
        assert (doc.parent / target).exists(), target


def test_the_role_table_in_the_docs_is_the_one_in_the_code() -> None:
    from pressroom.accounts.roles import PERMISSION_MEANING, ROLE_PERMISSIONS, Permission, Role

    text = (DOCS / "ACCOUNTS.md").read_text(encoding="utf-8")
    header = "| permission | what it allows | " + " | ".join(role.value for role in Role) + " |"
    assert header in text
    for permission in Permission:
        marks = ["yes" if permission in ROLE_PERMISSIONS[role] else "—" for role in Role]
        row = f"| `{permission.value}` | {PERMISSION_MEANING[permission]} | " + " | ".join(marks)
        assert row + " |" in text, permission


def test_every_api_operation_is_in_the_api_docs(tmp_path: Path) -> None:
    from pressroom.app import open_app
    from pressroom.config import Settings
    from pressroom.web.app import create_app

    document = create_app(open_app(Settings(data_dir=tmp_path))).openapi()
    text = (DOCS / "API.md").read_text(encoding="utf-8")
    rows = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    listed = set(re.findall(r"^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \|", text, re.M))
    assert rows == listed
