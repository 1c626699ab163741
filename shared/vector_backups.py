"""Backup sets on disk: the global vector_bak/ under the data root and each task's vector_bak/.

A set is a timestamp for which both table files exist (the original's rule); its manifest
(written by our backups, absent from the original's) gives the row counts. Filesystem only:
the gateway lists sets with it, the executor's restore reads manifests with it."""

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from shared.clock import local_now

BACKUP_DIR = "vector_bak"
LOG_FILE = "vector_backup_log.txt"
TABLES = ("langchain_pg_collection", "langchain_pg_embedding")
_SET_FILE = re.compile(r"^langchain_pg_collection_(\d{8}_\d{6})\.csv$")
KINDS = ("global", "task")
_OWNER_DIR = re.compile(r"^(task|manual)_[A-Za-z0-9_]+$")


def manifest_name(ts: str) -> str:
    return f"vector_backup_{ts}.json"


def read_manifest(directory: Path, ts: str) -> dict[str, Any] | None:
    try:
        value = json.loads((directory / manifest_name(ts)).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def row_counts(manifest: dict[str, Any] | None) -> dict[str, int]:
    tables = (manifest or {}).get("tables") or {}
    return {name: int(t["row_count"]) for name, t in tables.items() if "row_count" in t}


def _size(path: Path) -> int | None:
    return path.stat().st_size if path.is_file() and not path.is_symlink() else None


def _set(directory: Path, ts: str) -> dict[str, Any] | None:
    collection, embedding = (directory / f"{t}_{ts}.csv" for t in TABLES)
    sizes = (_size(collection), _size(embedding))
    if None in sizes:
        return None
    counts = row_counts(read_manifest(directory, ts))
    return {
        "timestamp": ts,
        "collection_file": collection.name,
        "embedding_file": embedding.name,
        "collection_size": sizes[0],
        "embedding_size": sizes[1],
        "collection_rows": counts.get(TABLES[0]),
        "embedding_rows": counts.get(TABLES[1]),
        "backup_date": datetime.strptime(ts, "%Y%m%d_%H%M%S").strftime("%Y-%m-%d %H:%M:%S"),
        "has_log": (directory / LOG_FILE).is_file(),
        "log_file": LOG_FILE,
    }


def sets_in(directory: Path) -> list[dict[str, Any]]:
    """Complete sets, newest first."""
    if not directory.is_dir() or directory.is_symlink():
        return []
    stamps = sorted(m.group(1) for p in directory.iterdir() if (m := _SET_FILE.match(p.name)))
    found = (_set(directory, ts) for ts in reversed(stamps))
    return [s for s in found if s is not None]


def _location(root: Path, owner: str | None) -> dict[str, Any] | None:
    directory = (root / owner / BACKUP_DIR) if owner else root / BACKUP_DIR
    backups = sets_in(directory)
    if not backups:
        return None
    where: dict[str, Any] = {"type": "task" if owner else "global"}
    where["relative_path"] = directory.relative_to(root).as_posix()
    if owner:
        where["task_id"] = owner
    return {**where, "backups": backups}


def scan(root: Path, *, global_only: bool = False, task_id: str | None = None) -> dict[str, Any]:
    owners: list[str | None] = [] if task_id else [None]
    if task_id:
        owners.append(task_id)
    elif not global_only and root.is_dir():
        owners += sorted(p.name for p in root.iterdir() if _OWNER_DIR.match(p.name))
    locations = [loc for o in owners if (loc := _location(root, o)) is not None]
    count = {
        kind: sum(len(x["backups"]) for x in locations if x["type"] == kind)
        for kind in ("global", "task")
    }
    summary = {
        "total_locations": len(locations),
        "total_backup_sets": count["global"] + count["task"],
        "global_backups": count["global"],
        "task_backups": count["task"],
        "scan_time": local_now().isoformat(timespec="seconds"),
    }
    return {"backup_locations": locations, "summary": summary}
