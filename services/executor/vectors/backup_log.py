"""What a backup set leaves next to its CSV files: the original's vector_backup_log.txt (with the
real duration) and a machine-readable manifest the list and the restore read row counts from."""

import asyncio
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from services.executor.vectors.backup import VectorBackup
from shared.vector_backups import LOG_FILE, manifest_name


def human_size(size: int) -> str:
    """The original's "818.9 KB" style."""
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def render_log(backup: VectorBackup, task_id: str, ts: str) -> str:
    when = datetime.strptime(ts, "%Y%m%d_%H%M%S")
    lines = [
        "=== Vector Table Backup Log ===",
        f"Backup Time: {when:%Y-%m-%d %H:%M:%S}",
        f"Task ID: {task_id}",
        f"Duration: {backup.duration:.2f}s",
        "",
        "Tables Backup Status:",
    ]
    for t in backup.tables_backed_up.values():
        size = human_size(t.file_size)
        lines.append(f"  ✓ {t.table}: {t.row_count} rows -> {t.backup_file} ({size})")
    lines += ["", "Truncate Status:"]
    if backup.truncate_performed:
        lines.append(
            f"  ✓ langchain_pg_embedding: TRUNCATED ({backup.truncated_rows} rows removed)"
        )
    else:
        lines.append("  - Not performed")
    return "\n".join(lines) + "\n"


def manifest(backup: VectorBackup, task_id: str, ts: str) -> dict[str, Any]:
    return {
        "timestamp": ts,
        "task_id": task_id,
        "duration": backup.duration,
        "truncate_performed": backup.truncate_performed,
        "tables": {
            t.table: {"file": Path(t.backup_file).name, "row_count": t.row_count}
            for t in backup.tables_backed_up.values()
        },
    }


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


async def write(directory: Path, backup: VectorBackup, task_id: str, ts: str) -> None:
    text = json.dumps(manifest(backup, task_id, ts), ensure_ascii=False, indent=2)
    await asyncio.to_thread(_write_atomic, directory / manifest_name(ts), text)
    await asyncio.to_thread(_write_atomic, directory / LOG_FILE, render_log(backup, task_id, ts))
