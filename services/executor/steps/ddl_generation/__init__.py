"""Step 1, ddl_generation: a `.ddl` and a `_detail.md` per table, from the live catalog."""

import contextlib
import time
from dataclasses import replace
from typing import Any

import asyncpg

from services.executor.context import StepContext
from services.executor.introspection import Catalog, introspect, reserved_words
from services.executor.llm import open_llm
from services.executor.llm.base import LLM, SchemaDocs
from services.executor.steps.ddl_generation.business_keys import (
    find_business_keys,
    with_business_keys,
)
from services.executor.steps.ddl_generation.files import (
    MAPPING_FILE,
    assign_base_names,
    render_mapping,
)
from services.executor.steps.ddl_generation.llm_comments import fill_from_llm
from services.executor.steps.ddl_generation.process import CommentSource
from services.executor.steps.ddl_generation.report import DdlReport
from services.executor.steps.ddl_generation.role_check import warn_if_not_read_only
from services.executor.steps.ddl_generation.runner import TableRun
from services.executor.steps.ddl_generation.sessions import Sessions, business_sessions
from services.executor.steps.ddl_generation.tables import load_table_list
from services.executor.table_info import TableInfo
from shared.errors import LLMError, StepFailed


def _comment_source(ctx: StepContext, llm: LLM | None) -> CommentSource | None:
    """The LLM fills missing comments when configured; on failure the builtin guess stands."""
    if llm is None:
        return None
    docs = SchemaDocs(business_context=ctx.params.business_context, db_name=ctx.db_name)

    async def refine(table: TableInfo) -> TableInfo:
        try:
            return await fill_from_llm(llm, docs, table)
        except LLMError as exc:
            ctx.log.warning(f"表 {table.qualified} 大模型注释生成失败，使用内置注释: {exc}")
            return table

    return refine


async def with_links(sessions: Sessions, catalog: Catalog, ctx: StepContext) -> Catalog:
    """Business keys need every table's values: found once, before any table is written."""
    try:
        keys = await find_business_keys(sessions, list(catalog.tables.values()))
    except asyncpg.PostgresError as exc:  # documents stay right, only without these joins
        ctx.log.warning(f"业务键关联检测失败，文档中将没有业务键: {exc}")
        return catalog
    for text in (f"{t}.{k.column} -> {k.target.target}" for t, ks in keys.items() for k in ks):
        ctx.log.info(f"发现业务键关联: {text}")
    tables = {name: with_business_keys(t, keys) for name, t in catalog.tables.items()}
    return replace(catalog, tables=tables)


async def run(ctx: StepContext) -> dict[str, Any]:
    started = time.monotonic()
    parsed = await load_table_list(ctx)
    report = DdlReport(assign_base_names(parsed.tables))
    async with (
        business_sessions(ctx, len(parsed.tables)) as sessions,
        contextlib.AsyncExitStack() as stack,
    ):
        # Only the openai provider fills comments; the builtin guess needs no model.
        openai = ctx.settings.llm_provider == "openai"
        llm = await stack.enter_async_context(open_llm(ctx.settings)) if openai else None
        conn = sessions.main
        catalog = await with_links(sessions, await introspect(conn, parsed.tables), ctx)
        await warn_if_not_read_only(ctx, conn, list(catalog.tables))
        reserved = await reserved_words(conn)
        refine = _comment_source(ctx, llm)
        await TableRun(ctx, sessions, catalog, reserved, refine, report).all(parsed.tables)
    if not report.written:
        raise StepFailed(
            f"所有表均处理失败 ({len(report.failures)} 张)", failed_tables=report.failures
        )
    await ctx.write_text(MAPPING_FILE, render_mapping(report.written), description="文件名映射报告")
    if report.failures:
        ctx.log.warning(
            f"部分表处理失败: {len(report.failures)}/{len(parsed.tables)}，"
            f"失败的表: {', '.join(f['table'] for f in report.failures)}"
        )
    ctx.log.info(f"DDL/MD 生成完成: 成功 {len(report.written)} 张表")
    return report.result(parsed, time.monotonic() - started)
