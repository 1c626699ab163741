"""The per-table loop: document each requested table, write its files, report progress."""

from dataclasses import dataclass

import asyncpg

from services.executor.context import StepContext
from services.executor.introspection import Catalog
from services.executor.steps.ddl_generation.process import CommentSource, document_table
from services.executor.steps.ddl_generation.report import DdlReport
from shared.errors import DomainError
from shared.table_list import TableName


@dataclass
class TableRun:
    ctx: StepContext
    conn: asyncpg.Connection
    catalog: Catalog
    reserved: frozenset[str]
    refine: CommentSource | None
    report: DdlReport

    async def all(self, names: list[TableName]) -> DdlReport:
        for index, name in enumerate(names, start=1):
            self.ctx.log.info(f"开始处理表: {name.qualified} ({index}/{len(names)})")
            await self.one(name)
            await self.ctx.report_progress(index / len(names))
        return self.report

    async def one(self, name: TableName) -> None:
        table = self.catalog.tables.get(name)
        if table is None:
            self.fail(name, self.catalog.missing.get(name, "表不存在"))
            return
        try:
            documents = await document_table(
                self.conn, table, log=self.ctx.log, reserved=self.reserved, refine=self.refine
            )
        except (asyncpg.PostgresError, DomainError) as exc:  # this table only; go on
            self.fail(name, str(exc) or type(exc).__name__)
            return
        ddl_name, detail_name = self.report.files(name)
        await self.ctx.write_text(ddl_name, documents.ddl, description="表结构 DDL", primary=True)
        await self.ctx.write_text(
            detail_name, documents.detail, description="表结构说明文档", primary=True
        )
        self.report.succeeded(name, documents)
        self.ctx.log.info(
            f"表 {name.qualified} 处理完成: 字段 {len(documents.table.columns)} 个, "
            f"枚举字段 {documents.enum_count} 个"
        )

    def fail(self, name: TableName, error: str) -> None:
        self.report.failed(name, error)
        self.ctx.log.error(f"表 {name.qualified} 处理失败: {error}")
