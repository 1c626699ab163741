"""P4 sql_validation of N valid SQL through the API (the whole step on the sample DB) vs raw
EXPLAIN of the same statements over an asyncpg pool of 5 (5 workers), same run. The step also
runs every valid SQL (the execution check, at most 100 rows), so a second baseline does that
work the plain way: each statement run once, wrapped as the check wraps it, over the same pool.

    python -m bench.p4_validation [--repeats 3] [--smoke]"""

import asyncio
import json
import time

import asyncpg

from bench.cli import run_one
from bench.env import Env
from bench.rows import Row
from bench.stack import Stack, service_stack
from bench.statements import generate
from bench.stats import Spread, interleaved, ratios
from bench.tasks import create_task, run_step, seconds
from services.executor.query_run import wrapped
from shared.clock import local_now
from shared.pair_files import pair_file_name

KEY = "P4"
POOL = 5


async def raw_explain(dsn: str, statements: list[str]) -> float:
    """The anchor's way: a fresh pool (not timed), each worker holding one connection."""
    return await _raw(dsn, [f"EXPLAIN {statement}" for statement in statements])


async def raw_run(dsn: str, statements: list[str]) -> float:
    """The execution check's work alone: each statement run once, at most 100 rows."""
    return await _raw(dsn, [wrapped(statement) for statement in statements])


async def _raw(dsn: str, statements: list[str]) -> float:
    pool = await asyncpg.create_pool(dsn, min_size=POOL, max_size=POOL)
    pending = iter(statements)

    async def worker() -> None:
        async with pool.acquire() as conn:
            for statement in pending:
                await conn.fetch(statement)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(POOL)))
    elapsed = time.perf_counter() - began
    await pool.close()
    return len(statements) / elapsed


async def step_rate(stack: Stack, pair_json: str, n: int) -> float:
    """A task whose pair file holds the statements; rate = n / the execution's duration."""
    task_id = await create_task(stack, ["bss_company"])
    name = pair_file_name("highway_db", local_now(), [])
    await asyncio.to_thread((stack.data_root / task_id / name).write_text, pair_json, "utf-8")
    # The pair file stands in for qa_generation's output, so skip its dependency check.
    row = await run_step(stack, task_id, "sql_validation", force_execute=True)
    result = row.execution_result or {}
    assert result.get("valid_sqls", n) == n, result
    return n / seconds(row)


async def measure(env: Env, repeats: int | None) -> Row:
    n = 40 if env.smoke else 2000
    repeats = repeats or (1 if env.smoke else 3)
    business = await env.highway_url()
    statements = await generate(business, n)
    pairs = [{"question": f"问题 {i}", "sql": sql} for i, sql in enumerate(statements)]
    pair_json = json.dumps(pairs, ensure_ascii=False)
    async with service_stack(env, business, name="p4") as stack:
        await step_rate(stack, pair_json, n)  # warm-up: the executor's first step imports more
        base, proj = await interleaved(
            repeats,
            lambda: _baselines(business, statements),
            lambda: step_rate(stack, pair_json, n),
        )
    explain, run = [b[0] for b in base], [b[1] for b in base]
    ratio, of_run = Spread.of(ratios(proj, explain)), Spread.of(ratios(proj, run))
    return Row(
        KEY,
        f"sql_validation of {n:,} valid SQL (sample DB)",
        f"raw EXPLAIN, pool {POOL}: {Spread.of(explain).show('{:,.0f}')} stmt/s; raw run "
        f"(LIMIT 100), pool {POOL}: {Spread.of(run).show('{:,.0f}')} stmt/s",
        f"whole step via API {Spread.of(proj).show('{:,.0f}')} stmt/s",
        f"{ratio.show('{:.2f}')}x EXPLAIN, {of_run.show('{:.2f}')}x raw run",
        "≥ 0.8x",
        ratio.median >= 0.8,
        "python -m bench.p4_validation",
        f"{repeats} repeats after one warm-up step; project rate = SQL count / the execution's "
        "claim-to-finish time (file read, execution check, reports and progress included); "
        "the step runs each valid SQL once for both checks, so raw run is the same work done "
        "plainly.",
    )


async def _baselines(dsn: str, statements: list[str]) -> tuple[float, float]:
    return await raw_explain(dsn, statements), await raw_run(dsn, statements)


if __name__ == "__main__":
    run_one(__name__, __doc__ or "")
