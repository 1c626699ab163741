"""P2 GET /tasks/{id} under 50 connections: the gateway vs a bare aiohttp + asyncpg server
reading the same row by primary key, same run (wrk -t2 -c50, random task ids).

    python -m bench.p2_task_detail [--repeats 3] [--smoke]"""

import asyncio

import aiohttp

from bench.cli import run_one
from bench.env import Env
from bench.load import generator, hammer
from bench.rows import Row
from bench.stack import Stack, free_port, service_stack, start_process, stop_process
from bench.stats import Spread, interleaved, ratios
from bench.tasks import create_task, run_step

KEY = "P2"
PATH = "/api/v0/data_pipeline/tasks/"


async def _answering(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(600):
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
    raise TimeoutError(f"{url} never answered")


async def _tasks(stack: Stack, n: int) -> list[str]:
    """n tasks, each with one finished execution."""
    ids = []
    for _ in range(n):
        ids.append(task_id := await create_task(stack, ["bss_company"]))
        await run_step(stack, task_id, "ddl_generation")
    return ids


async def measure(env: Env, repeats: int | None) -> Row:
    tasks_n, conns, duration = (3, 5, 1.0) if env.smoke else (50, 50, 10.0)
    repeats = repeats or (1 if env.smoke else 3)
    async with service_stack(env, await env.highway_url(), name="p2") as stack:
        paths = [PATH + task_id for task_id in await _tasks(stack, tasks_n)]
        port = free_port()
        args = (stack.env["DP_DATABASE_URL"], str(port))
        bare = await start_process(
            "bench.baselines.task_server", stack.env, stack.logs / "bare.log", *args
        )
        p99: dict[str, list[float]] = {"bare": [], "gateway": []}

        async def load(base: str, who: str) -> float:
            rate, tail = await hammer(base, paths, conns, duration, env.root)
            p99[who].append(tail * 1000)
            return rate

        try:
            await _answering(f"http://127.0.0.1:{port}{paths[0]}")
            base, proj = await interleaved(
                repeats,
                lambda: load(f"http://127.0.0.1:{port}", "bare"),
                lambda: load(stack.base_url, "gateway"),
            )
        finally:
            await stop_process(bare)
    ratio = Spread.of(ratios(proj, base))
    return Row(
        KEY,
        f"GET /tasks/{{id}}, {conns} connections",
        f"bare aiohttp+asyncpg {Spread.of(base).show('{:,.0f}')} req/s",
        f"gateway {Spread.of(proj).show('{:,.0f}')} req/s, "
        f"p99 {Spread.of(p99['gateway']).show('{:.0f}')} ms",
        f"{ratio.show('{:.2f}')}x",
        "≥ 0.7x",
        ratio.median >= 0.7,
        "python -m bench.p2_task_detail",
        f"{repeats} repeats of {duration:.0f} s with {generator()}, {len(paths)} tasks with one "
        f"finished execution each, random id per request; bare p99 "
        f"{Spread.of(p99['bare']).show('{:.0f}')} ms.",
    )


if __name__ == "__main__":
    run_one(__name__, __doc__ or "")
