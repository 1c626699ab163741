"""W the complete workflow on the 7-table sample DB: POST /tasks/execute-complete -> completed
(the last step's server finish time minus the wall time just before the POST), one at a time,
vector store emptied before each run.

    python -m bench.w_workflow [--repeats 5] [--smoke]"""

from bench.cli import run_one
from bench.env import Env, public_tables
from bench.rows import Row
from bench.stack import Stack, service_stack
from bench.stats import Spread
from bench.tasks import complete_workflow
from bench.vectors import empty_store
from shared.clock import utcnow

KEY = "W"


async def workflow_seconds(stack: Stack, vector_url: str, tables: list[str]) -> float:
    await empty_store(vector_url)
    began = utcnow()
    row = await complete_workflow(stack, tables)
    assert row.completed_at is not None
    return (row.completed_at - began).total_seconds()


async def measure(env: Env, repeats: int | None) -> Row:
    repeats = repeats or (1 if env.smoke else 5)
    business = await env.highway_url()
    tables = await public_tables(business)
    async with service_stack(env, business, name="w") as stack:
        await workflow_seconds(stack, env.vector_url, tables)  # warm-up: first-task imports
        runs = [await workflow_seconds(stack, env.vector_url, tables) for _ in range(repeats)]
    spread = Spread.of(runs)
    return Row(
        KEY,
        f"complete workflow, {len(tables)}-table sample DB, POST → completed",
        "—",
        f"{spread.show('{:.2f}')} s",
        "—",
        "≤ 0.25 s",
        spread.median <= 0.25,
        "python -m bench.w_workflow",
        f"{repeats} runs after one warm-up on the same executor; all four steps.",
    )


if __name__ == "__main__":
    run_one(__name__, __doc__ or "")
