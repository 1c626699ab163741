"""P6 deleting a task directory of 100,000 files through the API (DELETE /tasks/{id} answered
with the janitor's result) vs `rm -rf` on an identical tree, same run.

    python -m bench.p6_delete [--repeats 3] [--smoke]"""

import asyncio
import time
from pathlib import Path

from bench.cli import run_one
from bench.env import Env
from bench.rows import Row
from bench.stack import Stack, service_stack
from bench.stats import Spread, interleaved, ratios
from bench.tasks import create_task
from bench.tree import build_tree

KEY = "P6"


async def rm_rf(root: Path, shape: tuple[int, int]) -> float:
    await asyncio.to_thread(build_tree, root, *shape)
    began = time.perf_counter()
    process = await asyncio.create_subprocess_exec("rm", "-rf", str(root))
    if await process.wait() != 0:
        raise RuntimeError(f"rm -rf failed ({process.returncode})")
    return time.perf_counter() - began


async def api_delete(stack: Stack, shape: tuple[int, int]) -> float:
    task_id = await create_task(stack, ["bss_company"])
    await asyncio.to_thread(build_tree, stack.data_root / task_id / "bulk", *shape)
    began = time.perf_counter()
    data = await stack.api.call("DELETE", f"/tasks/{task_id}", {"confirm": True})
    elapsed = time.perf_counter() - began
    if (stack.data_root / task_id).exists():
        raise RuntimeError(f"{task_id} still on disk after the DELETE answered: {data}")
    return elapsed


async def measure(env: Env, repeats: int | None) -> Row:
    shape = (4, 25) if env.smoke else (100, 1000)
    repeats = repeats or (1 if env.smoke else 3)
    counter = iter(range(10**6))
    wait = {"DP_DELETE_WAIT_SECONDS": "600"}  # the answer carries the result, never a 202
    async with service_stack(env, await env.highway_url(), name="p6", settings=wait) as stack:
        base, proj = await interleaved(
            repeats,
            lambda: rm_rf(env.root / f"p6_tree_{next(counter)}", shape),
            lambda: api_delete(stack, shape),
        )
    ratio = Spread.of(ratios(proj, base))
    files = shape[0] * shape[1]
    return Row(
        KEY,
        f"delete a {files:,}-file task directory via the API",
        f"`rm -rf` {Spread.of(base).show('{:.2f}')} s",
        f"DELETE → result {Spread.of(proj).show('{:.2f}')} s",
        f"{ratio.show('{:.2f}')}x",
        "≤ 1.05x",
        ratio.median <= 1.05,
        "python -m bench.p6_delete",
        f"{repeats} repeats; fresh identical trees ({shape[0]} folders × {shape[1]} × 1 KiB, "
        "os.sync() after building, untimed) for each side of each repeat.",
    )


if __name__ == "__main__":
    run_one(__name__, __doc__ or "")
