"""HTTP load on random paths: wrk (-t2, --latency) when installed, else a small aiohttp loop."""

import asyncio
import random
import re
import shutil
import time
from pathlib import Path

import aiohttp

from bench.stats import percentile

LUA = """paths = {%s}
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
"""


def _seconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


async def _wrk(base: str, script: Path, connections: int, duration: float) -> tuple[float, float]:
    process = await asyncio.create_subprocess_exec(
        "wrk", "-t2", f"-c{connections}", f"-d{duration:.0f}s", "--latency", "-s", str(script),
        base, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out = (await process.communicate())[0].decode()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    p99 = _seconds(re.search(r"^\s*99%\s+(\S+)", out, re.MULTILINE)[1])  # type: ignore[index]
    return rate, p99


async def _python(
    base: str, paths: list[str], connections: int, duration: float
) -> tuple[float, float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + duration

    async def client(session: aiohttp.ClientSession) -> None:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            async with session.get(base + random.choice(paths)) as response:
                await response.read()
            latencies.append(time.perf_counter() - began)

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(client(session) for _ in range(connections)))
    return len(latencies) / duration, percentile(latencies, 99)


def generator() -> str:
    return "wrk -t2" if shutil.which("wrk") else "an aiohttp client loop (no wrk installed)"


async def hammer(
    base: str, paths: list[str], connections: int, duration: float, workdir: Path
) -> tuple[float, float]:
    """(requests/s, p99 seconds) for `duration` seconds of `connections` parallel clients."""
    if not shutil.which("wrk"):
        return await _python(base, paths, connections, duration)
    script = workdir / "paths.lua"
    await asyncio.to_thread(script.write_text, LUA % ", ".join(f'"{p}"' for p in paths))
    return await _wrk(base, script, connections, duration)
