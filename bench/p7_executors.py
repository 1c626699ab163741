"""P7 8 complete tasks (each its own 7 tables of the wide DB) with 2 executors vs 1: time from
the first POST to the last completion, same run; executors warmed before they are timed.

    python -m bench.p7_executors [--repeats 3] [--smoke]"""

import asyncio
import time

from bench import wide_db
from bench.cli import run_one
from bench.env import Env
from bench.rows import Row
from bench.stack import Stack, service_stack
from bench.stats import Spread, interleaved, ratios
from bench.tasks import complete_workflow
from bench.vectors import empty_store

KEY = "P7"


async def batch_seconds(stack: Stack, vector_url: str, groups: list[list[str]]) -> float:
    await empty_store(vector_url)
    began = time.perf_counter()
    await asyncio.gather(*(complete_workflow(stack, tables) for tables in groups))
    return time.perf_counter() - began


async def with_second_executor(stack: Stack, vector_url: str, groups: list[list[str]]) -> float:
    """Adds an executor, warms both (two concurrent one-table tasks), times, removes it."""
    await stack.add_executor()
    try:
        await asyncio.gather(*(complete_workflow(stack, g[:1]) for g in groups[:2]))
        return await batch_seconds(stack, vector_url, groups)
    finally:
        await stack.remove_executor()


async def measure(env: Env, repeats: int | None) -> Row:
    tasks_n, per_task = (2, 2) if env.smoke else (8, 7)
    repeats = repeats or (1 if env.smoke else 3)
    size = 5 if env.smoke else 500
    business = await wide_db.ensure(env.pg_url, size, small=env.smoke)
    names = [wide_db.table_name(i) for i in range(size)]
    groups = [names[i * per_task : (i + 1) * per_task] for i in range(tasks_n)]
    async with service_stack(env, business, name="p7") as stack:
        await complete_workflow(stack, groups[0][:1])  # warm-up of the first executor
        one, two = await interleaved(
            repeats,
            lambda: batch_seconds(stack, env.vector_url, groups),
            lambda: with_second_executor(stack, env.vector_url, groups),
        )
    ratio = Spread.of(ratios(two, one))
    return Row(
        KEY,
        f"{tasks_n} complete tasks, 2 executors vs 1",
        f"1 executor {Spread.of(one).show('{:.2f}')} s",
        f"2 executors {Spread.of(two).show('{:.2f}')} s",
        f"{ratio.show('{:.2f}')}x",
        "≤ 0.55x",
        ratio.median <= 0.55,
        "python -m bench.p7_executors",
        f"{repeats} repeats; {tasks_n} tasks of {per_task} tables each (bench/wide_db.py), "
        "all POSTed at once; vector store emptied before each batch.",
    )


if __name__ == "__main__":
    run_one(__name__, __doc__ or "")
