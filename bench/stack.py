"""The project as users run it: gateway, janitor and executors as separate processes on a
private app DB, AMQP namespace and data root, plus a client and a pool on that app DB."""

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aio_pika
import aiohttp
import asyncpg

from bench.env import Env, fresh_database
from demo.client import ApiClient
from shared.db.migrate import apply_migrations
from shared.db.pool import create_pool
from shared.topology import Topology

STOP_TIMEOUT = 30.0
READY_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def start_process(
    module: str, env: dict[str, str], log: Path, *args: str
) -> asyncio.subprocess.Process:
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", module, *args, env=env, stdout=out, stderr=out
        )


async def attach_profiler(process: asyncio.subprocess.Process, log: Path) -> None:
    """With DP_BENCH_PYSPY=<py-spy binary>: samples the process until it exits, into
    $DP_BENCH_PYSPY_DIR (default /tmp) as <log name>_<pid>.txt (collapsed stacks)."""
    if spy := os.environ.get("DP_BENCH_PYSPY"):
        folder = Path(os.environ.get("DP_BENCH_PYSPY_DIR", "/tmp"))
        out = folder / f"{log.stem}_{process.pid}.txt"
        args = ["record", "-r", "250", "-p", str(process.pid), "-o", str(out), "-f", "raw"]
        await asyncio.create_subprocess_exec(
            spy, *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
        )


async def stop_process(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()


@dataclass
class Stack:
    env: dict[str, str]
    base_url: str
    data_root: Path
    logs: Path
    namespace: str
    amqp_url: str
    pool: asyncpg.Pool
    api: ApiClient
    executors: list[asyncio.subprocess.Process] = field(default_factory=list)

    async def add_executor(self) -> None:
        log = self.logs / f"executor{len(self.executors)}.log"
        self.executors.append(await start_process("services.executor", self.env, log))
        await attach_profiler(self.executors[-1], log)
        await self.wait_consumers(len(self.executors))

    async def remove_executor(self) -> None:
        await stop_process(self.executors.pop())
        await self.wait_consumers(len(self.executors))

    async def wait_consumers(self, count: int) -> None:
        """Until the execute queue has exactly `count` consumers (executors ready or gone)."""
        queue = f"{self.namespace}.executor.execute"
        connection = await aio_pika.connect(self.amqp_url)
        try:
            channel = await connection.channel()
            deadline = time.monotonic() + READY_TIMEOUT
            while time.monotonic() < deadline:
                declared = await channel.declare_queue(queue, passive=True)
                if declared.declaration_result.consumer_count == count:
                    return
                await asyncio.sleep(0.05)
        finally:
            await connection.close()
        raise TimeoutError(f"{queue} never had {count} consumers")


def service_env(env: Env, app_url: str, business_url: str, root: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DP_DATABASE_URL": app_url,
        "DP_AMQP_URL": env.amqp_url,
        "DP_AMQP_NAMESPACE": f"dp_bench_{env.run_id}_{port}",
        "DP_DATA_ROOT": str(root),
        "DP_BUSINESS_DATABASE_URL": business_url,
        "DP_VECTOR_DATABASE_URL": env.vector_url,
        "DP_HTTP_PORT": str(port),
        "DP_JANITOR_JOBS": "zombies",
        "DP_JANITOR_METRICS_PORT": "0",
    }


async def _wait_ready(api: ApiClient) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while not await api.ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the gateway never became ready")
        await asyncio.sleep(0.1)


@contextlib.asynccontextmanager
async def service_stack(
    env: Env,
    business_url: str,
    *,
    executors: int = 1,
    name: str = "stack",
    settings: dict[str, str] | None = None,
) -> AsyncIterator[Stack]:
    """Starts the services (migrations applied first) and stops them, by pid, afterwards."""
    port = free_port()
    root = env.root / f"{name}_{port}"
    logs = root / "logs"
    logs.mkdir(parents=True)
    async with fresh_database(env, f"{name}_app") as app_url:
        pool = await create_pool(app_url)
        async with pool.acquire() as conn:
            await apply_migrations(conn)
        variables = service_env(env, app_url, business_url, root / "data", port)
        variables |= settings or {}
        processes = []
        for module in ("services.gateway", "services.janitor"):
            log = logs / f"{module.split('.')[1]}.log"
            processes.append(await start_process(module, variables, log))
            await attach_profiler(processes[-1], log)
        session = aiohttp.ClientSession()
        stack = Stack(
            variables,
            f"http://127.0.0.1:{port}",
            root / "data",
            logs,
            variables["DP_AMQP_NAMESPACE"],
            env.amqp_url,
            pool,
            ApiClient(session, f"http://127.0.0.1:{port}"),
        )
        try:
            await _wait_ready(stack.api)
            for _ in range(executors):
                await stack.add_executor()
            yield stack
        finally:
            for process in [*stack.executors, *processes]:
                await stop_process(process)
            await session.close()
            await pool.close()
            await delete_topology(env.amqp_url, Topology(stack.namespace))


async def delete_topology(amqp_url: str, topology: Topology) -> None:
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        for queue in [*topology.consumers, topology.dead]:
            await channel.queue_delete(queue)
        for exchange in (topology.commands, topology.events, topology.dlx):
            await channel.exchange_delete(exchange)
    finally:
        await connection.close()
