"""python -m services.executor: consume create/execute commands until SIGTERM/SIGINT."""

import asyncio
import signal

from services.executor.worker import run_worker
from shared.config import Settings
from shared.logging import setup_logging


async def main() -> None:
    settings = Settings()
    setup_logging(settings.log_level, settings.log_format)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await run_worker(settings, stop)


if __name__ == "__main__":
    asyncio.run(main())
