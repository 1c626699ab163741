"""Backup of the vector tables to CSV and the optional truncate that follows it."""

import asyncio
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import asyncpg

from services.executor.vectors import store
from shared.db.pool import TxConn
from shared.errors import VectorStoreError
from shared.vector_backups import BACKUP_DIR

__all__ = [
    "BACKUP_DIR",
    "OnTable",
    "TableBackup",
    "VectorBackup",
    "backup_tables",
    "truncate_after_backup",
]


OnTable = Callable[[str], Awaitable[None]]  # told each table's name before it is copied


@dataclass
class TableBackup:
    table: str
    row_count: int
    file_size: int
    backup_file: str
    duration: float


@dataclass
class VectorBackup:
    backup_directory: str
    tables_backed_up: dict[str, TableBackup] = field(default_factory=dict)
    truncate_performed: bool = False
    truncated_rows: int = 0
    duration: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"backup_performed": True, **asdict(self)}


def _open_temp(final: Path) -> tuple[BinaryIO, Path]:
    """A new file of our own next to `final` (O_EXCL, random name): a planted link is no target."""
    fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
    return os.fdopen(fd, "wb"), Path(name)


def _finish_file(out: BinaryIO, tmp: Path, final: Path) -> int:
    out.close()
    tmp.replace(final)  # replaces a link at `final` itself, never its target
    return final.stat().st_size


def _make_dir(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    if directory.is_symlink():
        raise VectorStoreError(f"拒绝写入: 备份目录 {BACKUP_DIR}/ 是符号链接")


async def _backup_table(conn: TxConn, table: str, directory: Path, ts: str) -> TableBackup:
    started = time.monotonic()
    final = directory / f"{table}_{ts}.csv"
    out, tmp = await asyncio.to_thread(_open_temp, final)
    try:
        rows = await store.copy_table_csv(conn, table, out)
        size = await asyncio.to_thread(_finish_file, out, tmp, final)
    except (OSError, asyncpg.PostgresError) as exc:
        raise VectorStoreError(f"备份向量表 {table} 失败: {exc}") from exc
    finally:  # also on cancellation: never leave a half-written backup behind
        await asyncio.to_thread(out.close)
        await asyncio.to_thread(tmp.unlink, missing_ok=True)
    elapsed = round(time.monotonic() - started, 3)
    return TableBackup(table, rows, size, f"{BACKUP_DIR}/{final.name}", elapsed)


async def _quiet(_: str) -> None:
    return None


async def backup_tables(
    pool: asyncpg.Pool, task_dir: Path, ts: str, on_table: OnTable = _quiet
) -> VectorBackup:
    """Both tables, one timestamp; raises VectorStoreError if any table fails."""
    started = time.monotonic()
    directory = task_dir / BACKUP_DIR
    try:
        await asyncio.to_thread(_make_dir, directory)
    except OSError as exc:
        raise VectorStoreError(f"无法创建备份目录 {BACKUP_DIR}/: {exc}") from exc
    result = VectorBackup(backup_directory=BACKUP_DIR)
    async with pool.acquire() as conn:
        await store.ensure_schema(conn)  # a fresh store has empty tables to back up
        for table in store.VECTOR_TABLES:
            await on_table(table)
            result.tables_backed_up[table] = await _backup_table(conn, table, directory, ts)
    result.duration = round(time.monotonic() - started, 3)
    return result


async def truncate_after_backup(pool: asyncpg.Pool, backup: VectorBackup) -> None:
    """Only called once every backup succeeded (backup_tables raises otherwise)."""
    async with pool.acquire() as conn, conn.transaction():
        backup.truncated_rows = await store.count_embeddings(conn)
        await store.truncate_embeddings(conn)
    backup.truncate_performed = True
