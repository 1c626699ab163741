"""Every benchmark runs end to end at tiny sizes (so bench/ never rots); no timing asserted."""

import asyncio
import importlib
import os
import sys

import pytest

from bench.registry import BENCHMARKS


@pytest.mark.timeout(300)
@pytest.mark.parametrize("module", BENCHMARKS)
async def test_benchmark_runs_at_tiny_sizes(module, pg_server_url, amqp_url, vector_db_url):
    env = {
        **os.environ,
        "DP_BENCH_PG_URL": pg_server_url,
        "DP_BENCH_AMQP_URL": amqp_url,
        "DP_BENCH_VECTOR_URL": vector_db_url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", module, "--smoke", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out = (await process.communicate())[0].decode()
    assert process.returncode == 0, out[-3000:]
    key = importlib.import_module(module).KEY
    # The row it printed: its key, both sides' figures and a verdict on the goal.
    for part in (f"{key} ", "baseline", "project"):
        assert part in out, out[-3000:]
    assert "met" in out.split("goal", 1)[1], out[-3000:]
