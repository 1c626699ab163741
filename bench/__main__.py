"""python -m bench [--only P2,P4] [--smoke] [--repeats N] [--no-write]: every benchmark, then
their rows into docs/performance.md (not with --smoke or --no-write)."""

import asyncio
import importlib
import logging

from bench import report
from bench.cli import measure_all, parser
from bench.registry import BENCHMARKS


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--only", default="", help="comma list of row keys, e.g. P2,P4")
    p.add_argument("--no-write", action="store_true", help="print only")
    args = p.parse_args()
    logging.basicConfig(level=logging.WARNING)
    keys = {k.strip().upper() for k in args.only.split(",") if k.strip()}
    order = [importlib.import_module(m).KEY for m in BENCHMARKS]
    chosen = [m for m, k in zip(BENCHMARKS, order, strict=True) if not keys or k in keys]
    rows = asyncio.run(measure_all(chosen, args.smoke, args.repeats))
    if not (args.smoke or args.no_write):
        report.write(rows, order)


if __name__ == "__main__":
    main()
