"""Which files of a task directory are loaded, in a stable order."""

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

from services.executor.vectors.documents import Collection

PAIR_FILE = re.compile(r"^qs_.+_(\d{8}_\d{6})_pair\.json$")
# Leftovers of the original system's trail (`x.ddl_1`, `x_old`, `x.backup`): never current.
_STALE = re.compile(r"(\.(ddl|md)_\d+$)|(_old$)|(\.backup)")


@dataclass(frozen=True)
class TrainingFile:
    name: str
    collection: Collection


def _top_level_names(directory: Path) -> list[str]:
    if not directory.is_dir():
        return []
    return sorted(p.name for p in directory.iterdir() if p.is_file() and not p.is_symlink())


def current_pair_file(names: list[str]) -> str | None:
    """The newest pair file by the timestamp in its name (name breaks a same-second tie)."""
    stamped = [(m.group(1), name) for name in names if (m := PAIR_FILE.match(name))]
    return max(stamped)[1] if stamped else None


def select(names: list[str]) -> list[TrainingFile]:
    """DDL files, then documentation, then the current pair file; each group sorted."""
    fresh = sorted(n for n in names if not _STALE.search(n) and not n.startswith("."))
    ddl = [TrainingFile(n, "ddl") for n in fresh if n.endswith(".ddl")]
    docs = [TrainingFile(n, "documentation") for n in fresh if n.endswith("_detail.md")]
    pair = current_pair_file(fresh)
    return ddl + docs + ([TrainingFile(pair, "sql")] if pair else [])


async def training_files(task_dir: Path) -> list[TrainingFile]:
    return select(await asyncio.to_thread(_top_level_names, task_dir))
