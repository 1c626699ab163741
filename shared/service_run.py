"""Running a service's worker loop until SIGTERM or SIGINT (executor and janitor)."""

import asyncio
import signal
from collections.abc import Awaitable, Callable

from shared.config import Settings

Worker = Callable[[Settings, asyncio.Event], Awaitable[None]]


async def until_signalled(worker: Worker, settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await worker(settings, stop)
