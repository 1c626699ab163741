"""The per-table loop: document each requested table, write its files, report progress. The
tables' queries run a few tables ahead on the step's sessions; everything else (logs, LLM
comments, files, progress) happens table by table, in list order."""

import asyncio
import contextlib
from dataclasses import dataclass, field

import asyncpg

from services.executor.context import StepContext
from services.executor.introspection import Catalog
from services.executor.steps.ddl_generation.process import (
    CommentSource,
    documents_of,
    with_facts,
)
from services.executor.steps.ddl_generation.report import DdlReport
from services.executor.steps.ddl_generation.sessions import Sessions
from services.executor.table_info import TableInfo
from shared.errors import DomainError
from shared.table_list import TableName


@dataclass
class _Fetched:
    """One table's facts from its rows, and what was said while getting them."""

    table: TableInfo | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def warning(self, message: str, /) -> None:
        self.warnings.append(message)


@dataclass
class TableRun:
    ctx: StepContext
    sessions: Sessions
    catalog: Catalog
    reserved: frozenset[str]
    refine: CommentSource | None
    report: DdlReport

    async def all(self, names: list[TableName]) -> DdlReport:
        fetching = self.sessions.ordered(names, self._fetch)
        async with contextlib.aclosing(fetching) as fetched:
            index = 0
            async for facts in fetched:
                name, index = names[index], index + 1
                self.ctx.log.info(f"开始处理表: {name.qualified} ({index}/{len(names)})")
                await self.one(name, facts)
                await self.ctx.report_progress(index / len(names))
        return self.report

    async def _fetch(self, conn: asyncpg.Connection, name: TableName) -> _Fetched:
        fetched = _Fetched()
        if (table := self.catalog.tables.get(name)) is not None:
            try:
                fetched.table = await with_facts(conn, table, fetched)
            except (asyncpg.PostgresError, DomainError) as exc:  # this table only; go on
                fetched.error = str(exc) or type(exc).__name__
        return fetched

    async def one(self, name: TableName, fetched: _Fetched) -> None:
        for message in fetched.warnings:
            self.ctx.log.warning(message)
        if fetched.table is None:
            self.fail(name, fetched.error or self.catalog.missing.get(name, "表不存在"))
            return
        try:
            documents = await documents_of(
                fetched.table, reserved=self.reserved, refine=self.refine
            )
        except (asyncpg.PostgresError, DomainError) as exc:  # this table only; go on
            self.fail(name, str(exc) or type(exc).__name__)
            return
        ddl_name, detail_name = self.report.files(name)
        await asyncio.gather(  # both files at once: each is a thread hop and a commit
            self.ctx.write_text(ddl_name, documents.ddl, description="表结构 DDL", primary=True),
            self.ctx.write_text(
                detail_name, documents.detail, description="表结构说明文档", primary=True
            ),
        )
        self.report.succeeded(name, documents)
        self.ctx.log.info(
            f"表 {name.qualified} 处理完成: 字段 {len(documents.table.columns)} 个, "
            f"枚举字段 {documents.enum_count} 个"
        )

    def fail(self, name: TableName, error: str) -> None:
        self.report.failed(name, error)
        self.ctx.log.error(f"表 {name.qualified} 处理失败: {error}")
