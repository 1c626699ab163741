"""The builtin provider: deterministic, offline answers computed from the schema docs alone."""

from services.executor.llm.base import (
    DecisionPrompt,
    QAPair,
    RepairItem,
    SchemaDocs,
    TableComments,
    TableDoc,
    Theme,
)
from services.executor.llm.builtin.allocation import generate_pairs
from services.executor.llm.builtin.comments import comment_table
from services.executor.llm.builtin.decision import decision_prompt
from services.executor.llm.builtin.repair import repair_sql
from services.executor.llm.builtin.themes import extract_themes


class BuiltinLLM:
    """Implements the LLM protocol without a model: same input, same output."""

    async def extract_themes(self, docs: SchemaDocs, count: int) -> list[Theme]:
        return extract_themes(docs, count)

    async def generate_pairs(self, docs: SchemaDocs, theme: Theme, count: int) -> list[QAPair]:
        return generate_pairs(docs, theme, count)

    async def decision_prompt(self, docs: SchemaDocs, themes: list[Theme]) -> DecisionPrompt:
        return decision_prompt(docs, themes)

    async def repair_sql(self, docs: SchemaDocs, items: list[RepairItem]) -> list[str | None]:
        return repair_sql(docs, items)

    async def comment_table(self, docs: SchemaDocs, table: TableDoc) -> TableComments:
        return comment_table(docs, table)

    async def aclose(self) -> None:
        """Nothing to release; present so the runner can close any provider alike."""
