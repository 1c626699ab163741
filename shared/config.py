"""One Settings object per process, read from DP_* environment variables."""

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ByteSize, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.business_db import DatabasePolicy


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DP_", extra="ignore")

    database_url: SecretStr = SecretStr("postgresql://postgres@127.0.0.1:5432/data_pipeline")
    amqp_url: SecretStr = SecretStr("amqp://guest:guest@127.0.0.1:5672/")
    # Prefix of every exchange and queue name; tests give each run its own.
    amqp_namespace: str = "data_pipeline"
    data_root: Path = Path("./data_pipeline/training_data")
    business_database_url: SecretStr | None = None
    # The only place a request's table_list_file is looked up (relative names only).
    table_list_dir: Path = Path("./data_pipeline/table_lists")
    vector_database_url: SecretStr | None = None

    http_host: str = "127.0.0.1"
    # Open mode (no DP_API_TOKENS) serves loopback only unless this is set.
    allow_open: bool = False
    # Host header names the gateway answers (comma list, "*" for any); default in open mode:
    # loopback names only, which defeats DNS rebinding.
    allowed_hosts: str | None = None
    http_port: int = 8084
    max_body_bytes: int = 2 * 1024 * 1024
    # How long the gateway waits for the janitor's delete result before answering 202.
    delete_wait_seconds: float = 15.0
    # Vector commands: how long the gateway waits for a result before answering 202 (recorded
    # commands), and for an RPC read (stats, query, search) before 504.
    vector_wait_seconds: float = Field(default=5.0, ge=0)
    vector_rpc_seconds: float = Field(default=30.0, gt=0)

    executor_concurrency: int = Field(default=1, ge=1)
    heartbeat_seconds: float = Field(default=10.0, gt=0)
    lost_after_seconds: float = Field(default=60.0, gt=0)
    max_step_seconds: float = Field(default=7200.0, gt=0)
    # An execution silent this long (no task-log line, no retried write) stops heartbeating:
    # the heartbeat proves the run moves, not only that the process lives. Above the longest
    # silent call a step makes (an LLM request with its retries).
    stall_seconds: float = Field(default=1800.0, gt=0)
    outbox_relay_seconds: float = Field(default=5.0, gt=0)
    # A lost execution is retried on another executor until it has run this many times.
    max_attempts: int = Field(default=3, ge=1)
    # A queued execution whose command was last sent this long ago is sent again (or failed).
    queued_orphan_seconds: float = Field(default=600.0, gt=0)
    janitor_interval_seconds: float = Field(default=15.0, gt=0)

    retention_days: int = Field(default=30, ge=0)
    storage_quota: ByteSize | None = None
    # Janitor: which periodic jobs run (comma list), whether they only report, and what they remove.
    janitor_jobs: str = "zombies,orphans,retention,quota,reconcile"
    janitor_dry_run: bool = False
    retention_delete_records: bool = False
    reconcile_remove_orphans: bool = False
    janitor_metrics_port: int = Field(default=8085, ge=0, le=65535)
    # Prometheus metrics of an executor; 0 = off. Several executors on one host: one port each.
    executor_metrics_port: int = Field(default=0, ge=0, le=65535)
    # How long a forced delete waits for the running execution to stop before giving up.
    delete_force_wait_seconds: float = Field(default=30.0, gt=0)
    # How often a long deletion writes its progress (files removed so far) to the command row.
    delete_progress_seconds: float = Field(default=1.0, gt=0)

    llm_provider: Literal["builtin", "openai"] = "builtin"
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str | None = None
    llm_timeout_seconds: float = 120.0

    embedding_provider: Literal["builtin", "openai"] = "builtin"
    embedding_base_url: str | None = None
    embedding_api_key: SecretStr | None = None
    embedding_model: str | None = None
    embedding_dim: int = 1024

    # IANA zone of task ids and file stamps (default: the host's zone). shared.clock reads the
    # same variable; here it is only checked, so a typo stops the service at start-up.
    timezone: str | None = None

    # Browser origins allowed to call the gateway (comma list, "*" for any; default none).
    cors_origins: str = ""

    api_tokens: SecretStr | None = None
    # Fernet key sealing secrets at rest; every service of one deployment must share it.
    secret_key: SecretStr | None = None
    secret_key_file: Path = Path("./data_pipeline/secret.key")
    # Comma list of host[:port][/dbname] a task may read; default: the business DB's host(s),
    # else loopback. The app, vector and template databases are refused whatever it says.
    business_database_allow: str | None = None
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone: {value}") from exc
        return value

    @property
    def cors_origin_list(self) -> frozenset[str]:
        return frozenset(o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip())

    @property
    def default_business_dsn(self) -> str | None:
        url = self.business_database_url
        return url.get_secret_value() if url else None

    def task_dir_label(self, task_id: str) -> str:
        """A task directory as configured (the document's ./data_pipeline/training_data/<id>),
        not the absolute server path."""
        root = self.data_root.as_posix()
        if not self.data_root.is_absolute() and not root.startswith("."):
            root = f"./{root}"
        return f"{root.rstrip('/')}/{task_id}"

    @property
    def vector_url(self) -> SecretStr:
        return self.vector_database_url or self.database_url

    def database_policy(self) -> DatabasePolicy:
        default = self.business_database_url
        return DatabasePolicy.create(
            self.business_database_allow,
            default.get_secret_value() if default else None,
            [self.database_url.get_secret_value(), self.vector_url.get_secret_value()],
        )
