"""Helpers for the qa_generation and sql_validation step tests: task dirs and LLM wrappers."""

import asyncio
import importlib.util
import shutil
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import asyncpg

from services.executor.llm.base import (
    LLM,
    DecisionPrompt,
    QAPair,
    RepairItem,
    SchemaDocs,
    TableComments,
    TableDoc,
    Theme,
)
from shared.config import Settings
from shared.models import StepName
from tests.steps_support import step_context

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "demo" / "highway_db"
BUSINESS_CONTEXT = "高速公路服务区管理系统"


def qa_params(business_db_url: str, **overrides: Any) -> dict[str, Any]:
    return {
        "db_connection": business_db_url,
        "db_name": "highway_db",
        "business_context": BUSINESS_CONTEXT,
        **overrides,
    }


def _table_files() -> list[Path]:
    names = [p for p in REFERENCE_DIR.iterdir() if p.suffix == ".ddl"]
    names += [p for p in REFERENCE_DIR.glob("*_detail.md") if p.name != "metadata_detail.md"]
    return [*names, REFERENCE_DIR / "table_list.txt"]


def _copy(files: list[Path], task_dir: Path) -> None:
    task_dir.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copyfile(path, task_dir / path.name)


def _ddl_step() -> Any:
    if importlib.util.find_spec("services.executor.steps.ddl_generation") is None:
        return None
    module = importlib.import_module("services.executor.steps.ddl_generation")
    return module if hasattr(module, "run") else None


async def prepare_schema_files(
    pool: asyncpg.Pool, settings: Settings, task_id: str, params: dict[str, Any]
) -> None:
    """ddl_generation's outputs: the real step when it exists, else the reference files."""
    ddl_generation = _ddl_step()
    if ddl_generation is None:
        await asyncio.to_thread(_copy, _table_files(), settings.data_root / task_id)
        return
    await asyncio.to_thread(_copy, [REFERENCE_DIR / "table_list.txt"], settings.data_root / task_id)
    async with step_context(
        pool, settings, StepName.ddl_generation, params, task_id=task_id
    ) as ctx:
        await ddl_generation.run(ctx)


class CountingLLM:
    """Wraps a real provider: counts calls, and can fail chosen generate_pairs calls."""

    def __init__(
        self,
        inner: LLM,
        fail_pairs: Mapping[int, BaseException] | None = None,
        hang_on_pairs: int | None = None,
    ) -> None:
        self.inner = inner
        self.hang_on_pairs = hang_on_pairs  # this generate_pairs call never answers
        self.calls: Counter[str] = Counter()
        self.fail_pairs = fail_pairs or {}  # 1-based generate_pairs call number -> error

    async def extract_themes(self, docs: SchemaDocs, count: int) -> list[Theme]:
        self.calls["extract_themes"] += 1
        return await self.inner.extract_themes(docs, count)

    async def generate_pairs(self, docs: SchemaDocs, theme: Theme, count: int) -> list[QAPair]:
        self.calls["generate_pairs"] += 1
        if self.calls["generate_pairs"] == self.hang_on_pairs:
            await asyncio.Event().wait()  # the test cancels the step here
        if error := self.fail_pairs.get(self.calls["generate_pairs"]):
            raise error
        return await self.inner.generate_pairs(docs, theme, count)

    async def decision_prompt(self, docs: SchemaDocs, themes: list[Theme]) -> DecisionPrompt:
        self.calls["decision_prompt"] += 1
        return await self.inner.decision_prompt(docs, themes)

    async def repair_sql(self, docs: SchemaDocs, items: list[RepairItem]) -> list[str | None]:
        self.calls["repair_sql"] += 1
        self.repair_docs = docs
        return await self.inner.repair_sql(docs, items)

    async def comment_table(self, docs: SchemaDocs, table: TableDoc) -> TableComments:
        return await self.inner.comment_table(docs, table)

    async def aclose(self) -> None:
        await self.inner.aclose()
