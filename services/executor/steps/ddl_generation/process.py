"""One table from catalog facts to its two documents: sample, enums, examples, comments."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Protocol

import asyncpg

from services.executor.steps.ddl_generation import comments, enums, examples, sampling
from services.executor.steps.ddl_generation.detail_format import render_md
from services.executor.steps.ddl_generation.render_ddl import render_ddl
from services.executor.table_info import TableInfo

CommentSource = Callable[[TableInfo], Awaitable[TableInfo]]


class Warnings(Protocol):
    """Where a table's soft failures go: the task log in the step, the process log in the
    console's inspector."""

    def warning(self, message: str, /) -> None: ...


@dataclass(frozen=True)
class Documents:
    table: TableInfo
    ddl: str
    detail: str

    @property
    def enum_count(self) -> int:
        return sum(1 for c in self.table.columns if c.enum_values)


async def _sampled(conn: asyncpg.Connection, table: TableInfo, log: Warnings) -> TableInfo:
    try:
        rows = await sampling.sample_rows(conn, table)
    except asyncpg.PostgresError as exc:  # documents are still right, only without examples
        log.warning(f"表 {table.qualified} 采样失败，文档中将没有示例值: {exc}")
        return table
    return replace(table, samples=tuple(rows))


async def _with_enums(conn: asyncpg.Connection, table: TableInfo, log: Warnings) -> TableInfo:
    try:
        return await enums.confirm_enums(conn, table)
    except asyncpg.PostgresError as exc:  # unconfirmed means not an enum
        log.warning(f"表 {table.qualified} 枚举字段检测失败，不标记枚举: {exc}")
        return table


async def with_facts(conn: asyncpg.Connection, table: TableInfo, log: Warnings) -> TableInfo:
    """What the documents need from the table's rows: a sample and the confirmed enums."""
    return await _with_enums(conn, await _sampled(conn, table, log), log)


async def documents_of(
    table: TableInfo, *, reserved: frozenset[str], refine: CommentSource | None = None
) -> Documents:
    table = examples.with_examples(table)
    if refine is not None and comments.missing_comments(table):
        table = await refine(table)
    table = comments.fill_builtin(table)
    return Documents(table, render_ddl(table, reserved), render_md(table))


async def document_table(
    conn: asyncpg.Connection,
    table: TableInfo,
    *,
    log: Warnings,
    reserved: frozenset[str],
    refine: CommentSource | None = None,
) -> Documents:
    table = await with_facts(conn, table, log)
    return await documents_of(table, reserved=reserved, refine=refine)
