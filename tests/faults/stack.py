"""The whole deployment as separate processes on the private servers: a gateway, executors and
a janitor, each a `python -m services.X` that a test may SIGTERM or kill -9."""

import asyncio
import contextlib
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
import aiohttp
import asyncpg

from shared.db.pool import create_pool
from shared.topology import Topology
from tests.faults.private_rabbit import PrivateRabbit
from tests.faults.servers import PrivatePostgres, free_port
from tests.helpers import API, wait_until

REPO = Path(__file__).resolve().parents[2]
# Liveness shortened for tests, but longer than a 10 s outage: a paused run is not "lost".
FAST = {
    "DP_HEARTBEAT_SECONDS": "1",
    "DP_LOST_AFTER_SECONDS": "15",
    "DP_JANITOR_INTERVAL_SECONDS": "1",
    "DP_OUTBOX_RELAY_SECONDS": "1",
    "DP_QUEUED_ORPHAN_SECONDS": "30",
    "DP_JANITOR_METRICS_PORT": "0",
    "DP_EXECUTOR_METRICS_PORT": "0",
    "DP_LOG_LEVEL": "INFO",
}


async def consumer_counts(url: str, queues: list[str]) -> dict[str, int]:
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        counts = {}
        for name in queues:
            declared = await channel.declare_queue(name, passive=True)
            counts[name] = int(declared.declaration_result.consumer_count or 0)
        return counts
    finally:
        await connection.close()


class Service:
    def __init__(self, name: str, module: str, env: dict[str, str], log: Path) -> None:
        self.name, self.module, self.env, self.log = name, module, env, log
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", self.module, env=self.env, cwd=REPO, stdout=out, stderr=out
            )

    async def kill(self) -> None:
        """kill -9: no hand-back, no final status."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 45)
        except TimeoutError:
            await self.kill()


@dataclass
class Stack:
    pg: PrivatePostgres
    rabbit: PrivateRabbit
    env: dict[str, str]
    root: Path
    services: dict[str, Service] = field(default_factory=dict)
    http: aiohttp.ClientSession | None = None
    pool: asyncpg.Pool | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.env['DP_HTTP_PORT']}"

    def add(self, name: str, module: str, **env: str) -> Service:
        service = Service(name, module, {**self.env, **env}, self.root / f"{name}.log")
        self.services[name] = service
        return service

    async def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
        assert self.http is not None
        async with self.http.request(method, f"{self.base_url}{API}{path}", **kwargs) as r:
            return r.status, await r.json()

    async def gateway_ready(self) -> bool:
        assert self.http is not None
        try:
            async with self.http.get(f"{self.base_url}/readyz") as r:
                return r.status == 200
        except aiohttp.ClientError:
            return False

    async def consumers_at_least(self, executors: int) -> bool:
        """Every executor and the janitor are consuming (start-up imports take seconds)."""
        topology = Topology(self.env["DP_AMQP_NAMESPACE"])
        execute = topology.execute_queue
        janitor = topology.janitor_queue
        try:
            counts = await consumer_counts(self.env["DP_AMQP_URL"], [execute, janitor])
        except (aio_pika.exceptions.AMQPError, OSError):
            return False  # the queues are declared by the services as they start
        return counts[execute] >= executors and counts[janitor] >= 1

    async def metrics(self, name: str) -> dict[str, float]:
        """A service's Prometheus samples, `name{labels}` -> value."""
        assert self.http is not None
        port = self.services[name].env["DP_EXECUTOR_METRICS_PORT"]
        async with self.http.get(f"http://127.0.0.1:{port}/metrics") as r:
            text = await r.text()
        samples = (line.rsplit(" ", 1) for line in text.splitlines() if not line.startswith("#"))
        return {key: float(value) for key, value in samples}

    async def executor_total(self, metric: str, having: str = "") -> float:
        """`metric` summed over every executor and the label sets containing `having`."""
        total = 0.0
        for name in [n for n in self.services if n.startswith("executor")]:
            samples = await self.metrics(name)
            total += sum(v for k, v in samples.items() if k.split("{")[0] == metric and having in k)
        return total

    async def open_pool(self) -> asyncpg.Pool:
        if self.pool is None:
            self.pool = await create_pool(self.env["DP_DATABASE_URL"])
        return self.pool

    async def reopen_pool(self) -> asyncpg.Pool:
        """The test's own pool after a restart: its connections died with the server."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None
        return await self.open_pool()


@contextlib.asynccontextmanager
async def running_stack(
    pg: PrivatePostgres, rabbit: PrivateRabbit, root: Path, base_env: dict[str, str],
    executors: int = 2,
) -> AsyncIterator[Stack]:  # fmt: skip
    """Gateway, `executors` executors and a janitor, started in that order and ready."""
    env = {**FAST, **base_env, "DP_HTTP_PORT": str(free_port())}
    stack = Stack(pg, rabbit, env, root)
    stack.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
    stack.add("gateway", "services.gateway")
    for n in range(executors):  # each with its own metrics port
        port = str(free_port())
        stack.add(f"executor{n + 1}", "services.executor", DP_EXECUTOR_METRICS_PORT=port)
    stack.add("janitor", "services.janitor")
    try:
        await stack.services["gateway"].start()  # applies the migrations first
        await wait_until(stack.gateway_ready, timeout=60, interval=0.2)
        for service in list(stack.services.values())[1:]:
            await service.start()
        await wait_until(lambda: stack.consumers_at_least(executors), timeout=90, interval=0.2)
        await stack.open_pool()
        yield stack
    finally:
        await asyncio.gather(*(s.stop() for s in stack.services.values()))
        await stack.http.close()
        if stack.pool is not None:
            await stack.pool.close()
