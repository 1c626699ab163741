"""The OpenAI-compatible provider: prompts to any chat endpoint, replies parsed strictly."""

from dataclasses import replace

from services.executor.llm.base import (
    DecisionPrompt,
    QAPair,
    RepairItem,
    SchemaDocs,
    TableComments,
    TableDoc,
    Theme,
)
from services.executor.llm.openai import parse, prompts
from services.executor.llm.openai.client import ChatClient
from services.executor.llm.openai.comments import merge_comments
from shared.errors import LLMError


class OpenAILLM:
    def __init__(self, client: ChatClient) -> None:
        self._client = client

    async def extract_themes(self, docs: SchemaDocs, count: int) -> list[Theme]:
        themes = parse.parse_themes(await self._client.complete(*prompts.themes(docs, count)))
        known = {t.name for t in docs.tables}
        # A theme may only name documented tables; one left with none is dropped.
        kept = [
            replace(t, related_tables=tuple(n for n in t.related_tables if n in known))
            for t in themes
        ]
        usable = [t for t in kept if t.related_tables or not known]
        if not usable:
            raise LLMError("大模型返回的主题没有引用任何实际存在的表")
        return usable[:count]

    async def generate_pairs(self, docs: SchemaDocs, theme: Theme, count: int) -> list[QAPair]:
        reply = await self._client.complete(*prompts.pairs(docs, theme, count))
        unique = {pair.sql: pair for pair in parse.parse_pairs(reply)}
        return list(unique.values())[:count]

    async def decision_prompt(self, docs: SchemaDocs, themes: list[Theme]) -> DecisionPrompt:
        del themes  # an independent analysis of the schema, as the original asks for
        return parse.parse_decision(await self._client.complete(*prompts.decision(docs)))

    async def repair_sql(self, docs: SchemaDocs, items: list[RepairItem]) -> list[str | None]:
        if not items:
            return []
        reply = await self._client.complete(*prompts.repair(docs, items))
        return parse.parse_repairs(reply, len(items))

    async def comment_table(self, docs: SchemaDocs, table: TableDoc) -> TableComments:
        reply = await self._client.complete(*prompts.comments(docs, table))
        return merge_comments(table, parse.parse_table_comments(reply))

    async def aclose(self) -> None:
        await self._client.aclose()
