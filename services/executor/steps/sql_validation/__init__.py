"""sql_validation: EXPLAIN every pair's SQL, optionally repair it, fix the pair file, report."""

import contextlib
import time
from typing import Any

from services.executor.context import StepContext
from services.executor.llm import open_llm
from services.executor.llm.base import LLM
from services.executor.llm.docs import load_schema_docs
from services.executor.steps.bounded import all_or_none
from services.executor.steps.sql_validation.direct_run import run_directly
from services.executor.steps.sql_validation.execution import ROW_LIMIT, execute_valid
from services.executor.steps.sql_validation.loading import PairFile, load_pair_file
from services.executor.steps.sql_validation.modification import Modification, modify_pair_file
from services.executor.steps.sql_validation.records import SqlRecord
from services.executor.steps.sql_validation.repair import (
    MAX_REPAIR_ATTEMPTS,
    Repairer,
    repair_invalid,
)
from services.executor.steps.sql_validation.reports import ReportInput, render_json, render_summary
from services.executor.steps.sql_validation.stats import step_result, summary
from services.executor.steps.sql_validation.validator import (
    MAX_CONNECTIONS,
    MAX_RETRIES,
    STATEMENT_TIMEOUT_MS,
    Validator,
    source_pool,
)
from shared.clock import local_now
from shared.errors import StepFailed

VALIDATION_SHARE = 0.7  # of the step's progress; repair takes the next 0.2


async def run(ctx: StepContext) -> dict[str, Any]:
    async with contextlib.AsyncExitStack() as stack:
        return await validate(ctx, await _repair_llm(ctx, stack))


async def _repair_llm(ctx: StepContext, stack: contextlib.AsyncExitStack) -> LLM | None:
    """None when repair is off, or (as in the original) when no LLM can be created."""
    if not ctx.params.enable_llm_repair:
        return None
    try:
        return await stack.enter_async_context(open_llm(ctx.settings))
    except StepFailed as exc:
        ctx.log.warning(f"{exc.message}，跳过SQL修复")
        return None


async def _check_all(ctx: StepContext, validator: Validator, records: list[SqlRecord]) -> None:
    done = 0

    async def checked(record: SqlRecord) -> None:
        nonlocal done
        done += 1
        await ctx.report_progress(VALIDATION_SHARE * done / len(records))

    async def one(record: SqlRecord) -> None:
        record.apply(await validator.check(record.sql))
        if not record.valid:
            record.early_run = None  # a repaired SQL is run anew
        await checked(record)

    left = await run_directly(validator, records, checked)
    await all_or_none(one(r) for r in left)
    if all(r.connection_error for r in records):
        raise StepFailed(f"业务数据库连接异常，{len(records)} 条SQL均无法验证")
    valid = sum(r.valid for r in records)
    ctx.log.info(f"SQL验证完成：有效 {valid} 条，无效 {len(records) - valid} 条")


async def _repair(ctx: StepContext, llm: LLM, validator: Validator, pairs: PairFile) -> None:
    docs = await load_schema_docs(
        ctx.storage, ctx.task_id, ctx.params.business_context, ctx.db_name
    )
    await repair_invalid(ctx, Repairer(llm, docs, validator), pairs.records)


def _config(llm: LLM | None, ctx: StepContext) -> dict[str, Any]:
    return {
        "max_connections": MAX_CONNECTIONS,
        "statement_timeout_ms": STATEMENT_TIMEOUT_MS,
        "max_retries": MAX_RETRIES,
        "readonly": True,
        "enable_llm_repair": llm is not None,
        "max_repair_attempts": MAX_REPAIR_ATTEMPTS,
        "modify_original_file": ctx.params.modify_original_file,
        "execution_row_limit": ROW_LIMIT,
        "drop_empty_results": ctx.params.drop_empty_results,
    }


async def _write_reports(ctx: StepContext, report: ReportInput, stamp: str) -> None:
    name = f"sql_validation_{stamp}"
    await ctx.write_text(f"{name}_summary.log", render_summary(report), description="SQL验证摘要")
    await ctx.write_json(f"{name}_report.json", render_json(report), description="SQL验证详细报告")


async def validate(ctx: StepContext, llm: LLM | None) -> dict[str, Any]:
    """The whole step with a given LLM, or none for validation without repair."""
    started, at = time.monotonic(), local_now()
    pairs = await load_pair_file(ctx)
    async with source_pool(ctx.source) as pool, Validator(pool) as validator:
        await _check_all(ctx, validator, pairs.records)
        if llm is not None:
            await _repair(ctx, llm, validator, pairs)
        await execute_valid(ctx, validator, pairs.records)
    stamp = f"{at:%Y%m%d_%H%M%S}"
    change = Modification(items=pairs.items)
    if ctx.params.modify_original_file:
        change = await modify_pair_file(ctx, pairs, stamp)
    totals = summary(pairs.records, change.stats())
    duration = time.monotonic() - started
    report = ReportInput(pairs.name, at, duration, ctx.source.masked, _config(llm, ctx),
                         totals, pairs.records, pairs.skipped)  # fmt: skip
    await _write_reports(ctx, report, stamp)
    await ctx.report_progress(1.0)
    return step_result(totals, len(pairs.skipped), duration)
