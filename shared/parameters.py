"""Task parameters: the one model the gateway, other publishers and the executor agree on."""

from typing import Any, Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared import dsn

DEFAULT_BUSINESS_CONTEXT = "数据库管理系统"
TaskType = Literal["data_workflow", "complete_workflow"]


class DbConnection(BaseModel):
    """The seed's object form of a connection; turned into a DSN at the edge."""

    model_config = ConfigDict(extra="forbid")
    host: str = Field(min_length=1, max_length=255)
    port: int = Field(default=5432, ge=1, le=65535)
    database: str = Field(min_length=1, max_length=100)
    user: str = Field(default="postgres", min_length=1, max_length=100)
    password: str | None = None

    def dsn(self) -> str:
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        return f"postgresql://{auth}@{self.host}:{self.port}/{quote(self.database, safe='')}"


class TaskParameters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    db_connection: str | None = Field(default=None, max_length=2000)
    db_name: str | None = Field(default=None, max_length=100)
    business_context: str = Field(default=DEFAULT_BUSINESS_CONTEXT, max_length=2000)
    task_name: str | None = Field(default=None, max_length=255)
    table_list: list[str] | None = Field(default=None, max_length=1000)
    table_list_file: str | None = Field(default=None, max_length=500)
    enable_sql_validation: bool = True
    enable_llm_repair: bool = True
    modify_original_file: bool = True
    drop_empty_results: bool = False  # sql_validation removes pairs whose SQL returns no row
    enable_training_data_load: bool = True
    require_review: bool = False  # training_load loads only pairs approved in the console
    theme_count: int = Field(default=5, ge=1, le=50)
    questions_per_theme: int = Field(default=10, ge=1, le=100)
    llm_config: dict[str, Any] | None = None

    @field_validator("db_connection", mode="before")
    @classmethod
    def _dsn_from_object(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return DbConnection.model_validate(value).dsn()
        if isinstance(value, str) and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("db_connection must be a postgresql:// DSN or a connection object")
        return value

    @field_validator("table_list", mode="before")
    @classmethod
    def _split_string(cls, value: Any) -> Any:
        return [v for v in value.split(",") if v.strip()] if isinstance(value, str) else value

    def resolved_db_name(self, default_dsn: str | None = None) -> str | None:
        """Request value, else the database of the DSN used: the task's own, else the default
        business DB's (as the original did)."""
        if self.db_name:
            return self.db_name
        source = self.db_connection or default_dsn
        return dsn_database(source) if source else None


def dsn_database(value: str) -> str | None:
    """The database a connection string names (None if it names none or does not parse)."""
    try:
        return dsn.parse(value).get("dbname")
    except dsn.DsnError:
        return None
