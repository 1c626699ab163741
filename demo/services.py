"""Starts the three services as child processes for the demo and stops them with SIGTERM."""

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

SERVICES = ("gateway", "executor", "janitor")
STOP_TIMEOUT_SECONDS = 30.0


@dataclass
class ServiceProcess:
    name: str
    process: asyncio.subprocess.Process
    log_path: Path
    log_file: IO[bytes]

    def exited(self) -> bool:
        return self.process.returncode is not None


async def start_services(env: dict[str, str], log_dir: Path) -> list[ServiceProcess]:
    await asyncio.to_thread(log_dir.mkdir, parents=True, exist_ok=True)
    return [await _start(name, env, log_dir / f"{name}.log") for name in SERVICES]


async def _start(name: str, env: dict[str, str], log_path: Path) -> ServiceProcess:
    log_file = await asyncio.to_thread(log_path.open, "wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", f"services.{name}", env=env, stdout=log_file, stderr=log_file
    )
    return ServiceProcess(name, process, log_path, log_file)


async def stop_services(services: list[ServiceProcess]) -> None:
    """SIGTERM to all at once (each finishes or hands back its work), then wait; kill stragglers."""
    for service in services:
        if not service.exited():
            service.process.terminate()
    await asyncio.gather(*(_wait_or_kill(service) for service in services))


async def _wait_or_kill(service: ServiceProcess) -> None:
    try:
        await asyncio.wait_for(service.process.wait(), STOP_TIMEOUT_SECONDS)
    except TimeoutError:
        service.process.kill()
        await service.process.wait()
    await asyncio.to_thread(service.log_file.close)


async def log_tail(service: ServiceProcess, lines: int = 15) -> str:
    text = await asyncio.to_thread(service.log_path.read_text, "utf-8", "replace")
    return "\n".join(text.splitlines()[-lines:])
