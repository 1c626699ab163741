"""The execution check after EXPLAIN: each valid SQL really runs (read-only, time-bounded,
at most ROW_LIMIT rows); an error makes it invalid, an empty result is a warning."""

from services.executor.context import StepContext
from services.executor.query_run import ROW_LIMIT, STATEMENT_TIMEOUT_MS, run_limited
from services.executor.steps.bounded import all_or_none
from services.executor.steps.sql_validation.records import SqlRecord
from services.executor.steps.sql_validation.validator import Validator

__all__ = ["ROW_LIMIT", "execute_valid"]


async def _one(validator: Validator, record: SqlRecord) -> None:
    run = record.early_run
    if run is None:
        async with validator.connection() as conn:
            run = await run_limited(conn, record.effective_sql, timeout_ms=STATEMENT_TIMEOUT_MS)
    record.run_time = run.seconds
    if run.error:
        record.valid, record.repair_successful = False, False
        record.error_message = f"执行失败：{run.error}"
    else:
        record.rows_returned = run.rows


def _warn_empty(ctx: StepContext, records: list[SqlRecord], drop: bool) -> None:
    empty = [r for r in records if r.rows_returned == 0]
    for record in empty:
        record.dropped_empty = drop
        ctx.log.warning(f"SQL执行结果为空（第{record.index + 1}项）：{record.question}")
    if empty and drop:
        ctx.log.info(f"按参数 drop_empty_results 删除空结果的问答对 {len(empty)} 个")


async def execute_valid(ctx: StepContext, validator: Validator, records: list[SqlRecord]) -> None:
    """On the validator's connections: they are kept for the run (the pool has no others)."""
    valid = [r for r in records if r.valid]
    await all_or_none(_one(validator, r) for r in valid)
    _warn_empty(ctx, valid, ctx.params.drop_empty_results)
    failed = sum(not r.valid for r in valid)
    ctx.log.info(f"SQL执行检查完成：执行 {len(valid)} 条，失败 {failed} 条")
