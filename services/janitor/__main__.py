"""python -m services.janitor: the service (no arguments), or an operator sweep (see cli.py)."""

import asyncio
import json
import sys

from services.janitor.cli import parser, sweep
from services.janitor.worker import run_worker
from shared.config import Settings
from shared.logging import setup_logging
from shared.service_run import until_signalled


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    settings = Settings()
    setup_logging(settings.log_level, settings.log_format)
    if args.command != "sweep":
        asyncio.run(until_signalled(run_worker, settings))
        return 0
    reports = asyncio.run(sweep(settings, args.job, args.dry_run))
    print(json.dumps(reports if len(reports) > 1 else reports[0], ensure_ascii=False, indent=2))
    return 1 if any(r["errors"] for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
