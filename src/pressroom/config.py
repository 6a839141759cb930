"""Settings: one pydantic-settings class, read from ``PRESSROOM_*`` environment variables.

Every field is documented; ``tests/test_config.py`` checks that each one appears in
``docs/CONFIGURATION.md`` so the docs cannot drift from the code.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from pressroom.errors import ConfigError


class Settings(BaseSettings):
    """Pressroom's configuration. Every field maps to ``PRESSROOM_<FIELD>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="PRESSROOM_", extra="ignore")

    data_dir: Path = Field(
        default=Path("pressroom-data"),
        description="Folder holding the SQLite databases, the outbox and rendered files.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the application database. Default: SQLite file "
        "`pressroom.sqlite` in the data folder. PostgreSQL: `postgresql+psycopg://…`.",
    )
    system_database_url: str | None = Field(
        default=None,
        description="URL of the workflow engine's (DBOS) system database. Default: SQLite file "
        "`dbos.sqlite` beside the application database, or the same PostgreSQL database.",
    )
    model: str = Field(
        default="builtin",
        description="Default writer: `builtin` (offline, no model) or `openai-chat:<model>` for "
        "any OpenAI-compatible chat-completions endpoint. A brand or a run may override it.",
    )
    openai_base_url: str = Field(
        default="https://api.openai.com/v1",
        description="Base URL of the OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, …).",
    )
    openai_api_key: SecretStr | None = Field(
        default=None, description="API key for the OpenAI-compatible endpoint."
    )
    openai_structured_output: str = Field(
        default="json_schema",
        description="How structured output is requested: `json_schema` (OpenAI), "
        "`json_object_schema` (llama.cpp: json_object with a schema) or `json_object`.",
    )
    llm_timeout_seconds: float = Field(
        default=60.0, description="Timeout of one model request, in seconds."
    )
    llm_max_retries: int = Field(
        default=4,
        description="Retries of one model request on timeouts, 429 and 5xx (honouring "
        "Retry-After), with exponential backoff.",
    )
    llm_concurrency: int = Field(
        default=8, description="Most model requests in flight at once for one run."
    )
    model_hook_candidates: int = Field(
        default=3,
        ge=1,
        le=20,
        description="Hooks a model proposes per idea (its chosen one and the others), all "
        "scored by Pressroom; the best of the idea's hook type opens it. The built-in writer "
        "always weighs at least 20.",
    )
    max_repair_attempts: int = Field(
        default=3,
        description="Writing attempts per piece (the first plus repairs with the validator's "
        "feedback) before the piece is recorded as `failed_validation`.",
    )
    alignment_backend: Literal["lexical", "embeddings"] = Field(
        default="lexical",
        description="How brand alignment compares a piece with the brand's texts: `lexical` "
        "(TF-IDF word overlap) or `embeddings` (sentence embeddings; needs the `embeddings` "
        "extra). Score cards record which one scored them.",
    )
    feed_max_bytes: int = Field(
        default=10_000_000, description="Largest trend feed accepted, in bytes."
    )
    feed_timeout_seconds: float = Field(
        default=20.0, description="Timeout for fetching a trend feed URL, in seconds."
    )
    words_per_second: float = Field(
        default=2.5, description="Speaking rate used to estimate spoken durations of scripts."
    )
    review_wait_days: float = Field(
        default=14.0,
        description="How long a piece waits durably for a person's review before the wait "
        "is given up (the piece stays in the queue; `pressroom review` can still decide).",
    )
    outbox_lead_hours: float = Field(
        default=48.0,
        description="How far ahead of a post's scheduled time the outbox writes its bundle "
        "(the bundle and the Buffer CSV carry the posting time; Buffer posts it then).",
    )
    media_render: bool = Field(
        default=True,
        description="Render the media of visual pieces (cover images, carousel slides, "
        "videos) during runs; off, those pieces wait for `pressroom media render`.",
    )
    render_concurrency: int = Field(
        default=1,
        ge=1,
        le=16,
        description="Media renders one process runs at once (rendering is CPU-bound: one "
        "render already uses every core).",
    )
    asset_store: Literal["local", "s3"] = Field(
        default="local",
        description="Where rendered files are kept: `local` (content-addressed under "
        "`assets/` in the data folder) or `s3` (an S3-compatible bucket; needs the `s3` "
        "extra).",
    )
    s3_bucket: str | None = Field(default=None, description="Bucket of the `s3` asset store.")
    s3_prefix: str = Field(
        default="pressroom/", description="Key prefix of every asset in the `s3` asset store."
    )
    s3_endpoint_url: str | None = Field(
        default=None,
        description="Endpoint of an S3-compatible service (MinIO, R2, …); empty: AWS.",
    )
    s3_region: str | None = Field(default=None, description="Region of the `s3` asset store.")
    s3_access_key_id: str | None = Field(
        default=None, description="Access key of the `s3` asset store (else boto3's chain)."
    )
    s3_secret_access_key: SecretStr | None = Field(
        default=None, description="Secret key of the `s3` asset store."
    )
    replicate_api_token: SecretStr | None = Field(
        default=None,
        description="Replicate API token: enables Replicate's image and video models as "
        "media providers for brands whose media tier allows them.",
    )
    replicate_base_url: str = Field(
        default="https://api.replicate.com/v1", description="Replicate's API address."
    )
    replicate_image_model: str = Field(
        default="black-forest-labs/flux-schnell",
        description="Replicate model (`owner/name`) for images.",
    )
    replicate_image_usd: float = Field(
        default=0.003, ge=0, description="What one Replicate image costs, in USD."
    )
    replicate_video_model: str | None = Field(
        default=None, description="Replicate model (`owner/name`) for scene clips; none: no video."
    )
    replicate_video_usd_per_second: float = Field(
        default=0.05, ge=0, description="What one second of Replicate video costs, in USD."
    )
    log_level: str = Field(default="INFO", description="Log level of the JSON logs.")
    log_file: Path | None = Field(
        default=None,
        description="File for structured JSON logs. Default: `logs/pressroom.jsonl` in the "
        "data folder.",
    )
    app_version: str = Field(
        default="pressroom-0.1",
        description="Workflow code version: processes only recover and dequeue workflows of "
        "their own version; set it identically in every process of one deployment.",
    )
    executor_id: str = Field(
        default="local",
        description="Identity of this worker process for workflow recovery.",
    )
    host: str = Field(
        default="127.0.0.1",
        description="Address `pressroom serve` listens on (loopback by default; put a reverse "
        "proxy with TLS in front to serve others).",
    )
    port: int = Field(default=8000, ge=1, le=65535, description="Port of `pressroom serve`.")
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The studio's address as the public reaches it (scheme, host, optional "
        "path): short links in posts are `<public_url>/l/<code>`.",
    )
    api_rate_limit_per_minute: int = Field(
        default=600,
        ge=1,
        description="Requests a minute each user, and each credential or client address, may "
        "make to the API (and the sign-in form) before it answers 429 with Retry-After.",
    )
    secure_cookies: bool = Field(
        default=False,
        description="Mark the studio's cookies (session, chosen organization) `Secure` (sent "
        "over HTTPS only): set it when the studio is served over HTTPS.",
    )

    @cached_property
    def app_database_url(self) -> str:
        """The application database URL, defaulting to a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'pressroom.sqlite').resolve()}"

    @cached_property
    def dbos_database_url(self) -> str:
        """The workflow engine's system database URL."""
        if self.system_database_url:
            return self.system_database_url
        if self.app_database_url.startswith("sqlite"):
            return f"sqlite:///{(self.data_dir / 'dbos.sqlite').resolve()}"
        return self.app_database_url

    @property
    def outbox_dir(self) -> Path:
        """Where the outbox publisher writes ready-to-post bundles and Buffer CSVs."""
        return self.data_dir / "outbox"

    @property
    def assets_dir(self) -> Path:
        """Where the local asset store keeps rendered files (content-addressed)."""
        return self.data_dir / "assets"

    @property
    def log_path(self) -> Path:
        """Where structured JSON logs are appended."""
        return self.log_file or self.data_dir / "logs" / "pressroom.jsonl"


def load_settings() -> Settings:
    """Settings from the environment; a value that does not parse is a ``CONFIG_INVALID``
    error naming the variable, not a traceback."""
    try:
        return Settings()
    except ValidationError as exc:
        names = [
            f"PRESSROOM_{str(error['loc'][0]).upper()}: {error['msg']}" for error in exc.errors()
        ]
        raise ConfigError(
            "settings are not valid: " + "; ".join(names),
            hint="Fix or unset those environment variables (docs/CONFIGURATION.md).",
            details={"problems": names},
        ) from exc
