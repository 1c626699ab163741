"""Fault-test fixtures: a private PostgreSQL and RabbitMQ node for this package, services as
separate processes pointed at them, so a test can stop, kill and restart any of them."""

import asyncio
import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.faults.servers import PrivatePostgres, PrivateRabbit, available, free_port

REPO = Path(__file__).resolve().parents[2]

if (missing := available()) is not None:
    pytest.skip(f"private servers unavailable: {missing}", allow_module_level=True)


@pytest.fixture(scope="package")
def fault_root() -> Iterator[Path]:
    # Not pytest's basetemp (0700, root's): the servers run as their own users; short for sockets.
    root = Path(tempfile.mkdtemp(prefix="dpf_"))
    root.chmod(0o755)  # the servers' users traverse it to their own 0700 directories
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="package")
async def private_pg(fault_root: Path) -> AsyncIterator[PrivatePostgres]:
    server = PrivatePostgres(fault_root / "pg")
    await server.init()
    await server.start()
    yield server
    await server.destroy()


@pytest.fixture(scope="package")
async def private_rabbit(fault_root: Path) -> AsyncIterator[PrivateRabbit]:
    server = PrivateRabbit(fault_root / "rabbit")
    await server.init()
    await server.start()
    yield server
    await server.destroy()


class Service:
    """A service process (python -m services.X) with its own log file."""

    def __init__(self, module: str, env: dict[str, str], log: Path) -> None:
        self.module, self.env, self.log = module, env, log
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", self.module, env=self.env, cwd=REPO, stdout=out, stderr=out
            )

    async def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 45)
            except TimeoutError:
                await self.kill()


@contextlib.asynccontextmanager
async def services(*started: Service) -> AsyncIterator[tuple[Service, ...]]:
    try:
        for s in started:
            await s.start()
        yield started
    finally:
        await asyncio.gather(*(s.stop() for s in started))


def service_env(base: dict[str, str], **overrides: str) -> dict[str, str]:
    return {**os.environ, **base, **overrides}


__all__ = ["Service", "free_port", "service_env", "services"]
