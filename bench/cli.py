"""Running benchmarks: one alone (`python -m bench.p2_task_detail`) or all (`python -m bench`)."""

import argparse
import asyncio
import importlib
import logging
from collections.abc import Awaitable, Callable

from bench.env import Env, open_env
from bench.rows import Row

Measure = Callable[[Env, int | None], Awaitable[Row]]


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--smoke", action="store_true", help="tiny sizes, one repeat (CI)")
    p.add_argument("--repeats", type=int, default=None, help="override the default repeats")
    return p


def show(row: Row) -> None:
    met = "met" if row.met else "NOT met"
    print(f"{row.key} {row.work}\n  baseline {row.baseline}\n  project  {row.project}")
    print(f"  ratio    {row.ratio}   goal {row.goal}: {met}\n  {row.notes}", flush=True)


async def measure_all(modules: list[str], smoke: bool, repeats: int | None) -> list[Row]:
    rows: list[Row] = []
    async with open_env(smoke) as env:
        for name in modules:
            module = importlib.import_module(name)
            row = await module.measure(env, repeats)
            show(row)
            rows.append(row)
    return rows


def run_one(module: str, description: str) -> None:
    args = parser(description).parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(measure_all([module], args.smoke, args.repeats))
