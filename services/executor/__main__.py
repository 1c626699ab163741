"""python -m services.executor: consume create/execute commands until SIGTERM/SIGINT, or
`run --task-id T ...`: one step or the whole workflow now, in this process (see cli.py)."""

import argparse
import asyncio
import json
import sys
from contextlib import AsyncExitStack
from typing import Any

from services.executor.cli import add_run_parser, payload_from, run_once, succeeded
from services.executor.deps import new_worker_id
from services.executor.worker import open_deps, run_worker
from shared.config import Settings
from shared.logging import setup_logging
from shared.messages import ExecuteTaskPayload
from shared.service_run import until_signalled


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m services.executor")
    add_run_parser(p.add_subparsers(dest="command"))
    return p


async def run(settings: Settings, payload: ExecuteTaskPayload) -> dict[str, Any]:
    async with AsyncExitStack() as stack:
        deps = await open_deps(stack, settings, f"cli:{new_worker_id()}")
        return await run_once(deps, payload)


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    settings = Settings()
    setup_logging(settings.log_level, settings.log_format)
    if args.command != "run":
        asyncio.run(until_signalled(run_worker, settings))
        return 0
    envelope = asyncio.run(run(settings, payload_from(args)))
    print(json.dumps(envelope, ensure_ascii=False, indent=2, default=str))
    return 0 if succeeded(envelope) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
