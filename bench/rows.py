"""One result row per benchmark, and docs/performance.md rendered from the rows."""

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Row:
    key: str  # P1..P7, W, ...
    work: str
    baseline: str  # the baseline's figure in this run, or "—"
    project: str
    ratio: str  # per-repeat ratios "0.52x [0.48–0.60]", or "—"
    goal: str
    met: bool
    command: str  # reproduces this line alone
    notes: str = ""

    def line(self) -> str:
        cells = [self.key, self.work, self.baseline, self.project, self.ratio, self.goal]
        cells += ["**yes**" if self.met else "no", f"`{self.command}`"]
        return "| " + " | ".join(cells) + " |"


HEADER = (
    "| # | work | baseline (same run) | project | ratio | goal | met? | reproduce |\n"
    "|---|---|---|---|---|---|---|---|"
)


def conditions() -> str:
    """The machine as it was: cores, load, commit (the reader judges how quiet it was)."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{stamp}, commit `{commit or '?'}`, {os.cpu_count()} cores, loadavg {load} at the end"
