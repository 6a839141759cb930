"""Schemathesis against the served OpenAPI document, over real HTTP on loopback, signed in
as an owner: no request it generates gets a 5xx, and every response matches the schema its
operation declares (status code, content type, body)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pressroom.config import Settings
from tests.web.studio import running_studio

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
SIGN_OUT = "/api/v1/auth/tokens/current"  # would sign the run's own token out
START_RUN_OPERATION = "start_run_api_v1_runs_post"
"""Starting a run answers a documented 503 when the workflow engine does not run in the
process, as in this studio; tests/web/test_api_runs.py starts runs with the engine."""


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_every_operation_conforms_and_never_fails_with_5xx(
    settings: Settings, tmp_path: Path
) -> None:
    unlimited = settings.model_copy(update={"api_rate_limit_per_minute": 1_000_000})
    with running_studio(unlimited) as studio:
        token = studio.tokens[("owner", "acme")]
        command = [
            str(Path(sys.executable).with_name("st")),
            "run",
            f"{studio.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            ",".join(CHECKS),
            "--exclude-path",
            SIGN_OUT,
            "--exclude-operation-id",
            START_RUN_OPERATION,
            "--max-examples",
            "30",
            "--seed",
            "1",
            "--generation-database",
            "none",
            "--workers",
            "1",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path / "schemathesis"),
        ]
        done = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=840, check=False
        )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
