"""The LLM contract the steps use: one method per job, structured in and out.

Providers (builtin: deterministic templates; openai: any OpenAI-compatible chat endpoint) turn
these requests into answers; steps never see prompts or raw replies."""

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class ColumnDoc:
    name: str
    type: str  # as in _detail.md: varchar(32), numeric(19,4), integer, timestamp, date, ...
    comment: str
    primary_key: bool = False
    not_null: bool = False
    foreign_key: str | None = None  # "table.column" it references, when known
    business_key: str | None = None  # "table.column" it matches by value, without a FK
    enum_values: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableDoc:
    """One table as documented by ddl_generation (parsed back from its _detail.md)."""

    name: str  # qualified for non-public schemas: schema.table
    comment: str
    columns: tuple[ColumnDoc, ...]
    markdown: str  # the _detail.md text itself, for prompts


@dataclass(frozen=True)
class Theme:
    topic_name: str
    description: str
    related_tables: tuple[str, ...]
    biz_entities: tuple[str, ...]
    biz_metrics: tuple[str, ...]


@dataclass(frozen=True)
class QAPair:
    question: str
    sql: str


@dataclass(frozen=True)
class BusinessEntity:
    name: str
    description: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class BusinessMetric:
    name: str
    description: str


@dataclass(frozen=True)
class DecisionPrompt:
    """Content of db_query_decision_prompt.txt; rendered to the text layout by the step."""

    scope: str
    entities: tuple[BusinessEntity, ...]
    metrics: tuple[BusinessMetric, ...]


@dataclass(frozen=True)
class RepairItem:
    question: str
    sql: str
    error: str


@dataclass(frozen=True)
class SchemaDocs:
    business_context: str
    db_name: str
    tables: tuple[TableDoc, ...] = field(default=())


@dataclass(frozen=True)
class ColumnComment:
    name: str
    comment: str


@dataclass(frozen=True)
class TableComments:
    table_comment: str
    columns: tuple[ColumnComment, ...]


class LLM(Protocol):
    """Raise shared.errors.LLMError on transport failures or replies that do not parse."""

    async def extract_themes(self, docs: SchemaDocs, count: int) -> list[Theme]: ...

    async def generate_pairs(self, docs: SchemaDocs, theme: Theme, count: int) -> list[QAPair]: ...

    async def decision_prompt(self, docs: SchemaDocs, themes: list[Theme]) -> DecisionPrompt: ...

    async def repair_sql(self, docs: SchemaDocs, items: list[RepairItem]) -> list[str | None]:
        """One answer per item, in order; None where it cannot repair."""
        ...

    async def comment_table(self, docs: SchemaDocs, table: TableDoc) -> TableComments:
        """Chinese comments for a table and its columns (fills missing ones, may refine)."""
        ...

    async def aclose(self) -> None:
        """Releases what the provider holds (connections); `open_llm` calls it."""
        ...
