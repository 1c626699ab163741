"""`python -m services.executor.pair_stats FILE [--dsn DSN] [--json]`: a pair file's figures."""

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from services.executor.pair_stats.rows import rows_returned
from services.executor.pair_stats.summary import render, summarize


def _load(path: Path) -> list[dict[str, str]]:
    data: Any = json.loads(path.read_text("utf-8"))
    if not isinstance(data, list) or not all(
        isinstance(p, dict) and {"question", "sql"} <= p.keys() for p in data
    ):
        raise SystemExit(f"{path}: not a list of {{question, sql}} objects")
    return data


async def _main(args: argparse.Namespace) -> None:
    pairs = await asyncio.to_thread(_load, Path(args.file))
    rows = await rows_returned(args.dsn, [p["sql"] for p in pairs]) if args.dsn else None
    summary = summarize(pairs, rows)
    print(
        json.dumps(summary.as_dict(), ensure_ascii=False, indent=2)
        if args.json
        else render(summary)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", help="a qs_*_pair.json file")
    parser.add_argument("--dsn", help="run each SQL (read-only, at most 100 rows) on this DB")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
