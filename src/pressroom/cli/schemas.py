"""``pressroom schemas export DIR``: the JSON Schema of every stage contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pressroom.contracts import all_contracts

console = Console()
schemas_app = typer.Typer(help="Contracts between stages.", no_args_is_help=True)


def export_schemas(directory: Path) -> list[Path]:
    """Write ``<Contract>.schema.json`` for every registered contract; returns the files."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in all_contracts().items():
        schema = model.model_json_schema(mode="serialization")
        schema["$id"] = f"https://pressroom.dev/schemas/{name}.schema.json"
        schema["title"] = name
        path = directory / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


@schemas_app.command("export")
def export(directory: Annotated[Path, typer.Argument(help="Folder to write into.")]) -> None:
    """Write the JSON Schema of every contract into DIRECTORY."""
    for path in export_schemas(directory):
        console.print(str(path))


@schemas_app.command("list")
def list_contracts() -> None:
    """List contract names."""
    for name in all_contracts():
        console.print(name)


def register(app: typer.Typer) -> None:
    app.add_typer(schemas_app, name="schemas")
