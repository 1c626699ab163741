"""P3 ddl_generation of N tables through the API vs `pg_dump --schema-only` of the same
database, same run.

    python -m bench.p3_ddl [--repeats 3] [--smoke]"""

import asyncio
import shutil
import time
from urllib.parse import urlsplit

from bench import wide_db
from bench.cli import run_one
from bench.env import Env
from bench.rows import Row
from bench.stack import Stack, service_stack
from bench.stats import Spread, interleaved, ratios
from bench.tasks import create_task, run_step, seconds

KEY = "P3"


async def pg_dump(url: str) -> float:
    parts = urlsplit(url)
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    args += ["-U", parts.username or "postgres", "-s", "-f", "/dev/null", parts.path.lstrip("/")]
    began = time.perf_counter()
    process = await asyncio.create_subprocess_exec(shutil.which("pg_dump") or "pg_dump", *args)
    if await process.wait() != 0:
        raise RuntimeError(f"pg_dump failed ({process.returncode})")
    return time.perf_counter() - began


async def ddl_seconds(stack: Stack, tables: list[str]) -> float:
    task_id = await create_task(stack, tables)
    row = await run_step(stack, task_id, "ddl_generation")
    assert (row.execution_result or {}).get("processed_tables", len(tables)) == len(tables)
    return seconds(row)


async def measure(env: Env, repeats: int | None) -> Row:
    n = 5 if env.smoke else 500
    repeats = repeats or (1 if env.smoke else 3)
    business = await wide_db.ensure(env.pg_url, n, small=env.smoke)
    tables = [wide_db.table_name(i) for i in range(n)]
    async with service_stack(env, business, name="p3") as stack:
        await ddl_seconds(stack, tables[:3])  # warm-up: the executor's first step imports more
        base, proj = await interleaved(
            repeats, lambda: pg_dump(business), lambda: ddl_seconds(stack, tables)
        )
    ratio = Spread.of(ratios(proj, base))
    return Row(
        KEY,
        f"ddl_generation, {n} tables",
        f"`pg_dump -s` {Spread.of(base).show('{:.2f}')} s",
        f"step {Spread.of(proj).show('{:.2f}')} s",
        f"{ratio.show('{:.1f}')}x",
        "≤ 5x",
        ratio.median <= 5,
        "python -m bench.p3_ddl",
        f"{repeats} repeats; bench/wide_db.py: {n} tables of 10-14 columns, most commented, FKs, "
        "a 12-value code column, 2,000-5,000 rows each; step time = claim to finish.",
    )


if __name__ == "__main__":
    run_one(__name__, __doc__ or "")
