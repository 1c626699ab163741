"""Restores a backup set in one transaction, in FK order, verified against the files' counts.

Any error (a conflict in "fail" mode, a bad file, an FK violation, a count mismatch) raises
inside the transaction: PostgreSQL rolls everything back, the store is as it was."""

import asyncio
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import asyncpg

from services.executor.vectors import restore_files, restore_sql
from services.executor.vectors.backup import OnTable
from services.executor.vectors.store import COLLECTION_TABLE, EMBEDDING_TABLE, VECTOR_TABLES
from shared.db.pool import TxConn
from shared.errors import RestoreConflict, RestoreFailed


@dataclass
class TableRestore:
    table: str
    source_file: str
    file_size: int
    rows_in_file: int = 0
    rows_restored: int = 0  # inserted, or replaced with on_conflict=replace
    rows_skipped: int = 0  # ids already present, kept with on_conflict=skip
    duration: float = 0.0


@dataclass(frozen=True)
class RestorePlan:
    files: dict[str, Path]
    expected_rows: dict[str, int]  # from the set's manifest; empty for the original's sets
    truncate: bool
    on_conflict: str


def _check_count(table: str, copied: int, expected: int | None) -> int:
    if expected is not None and expected != copied:
        raise RestoreFailed(f"{table}: 备份记录 {expected} 行，实际读入 {copied} 行", table=table)
    return copied


async def _embeddings(
    conn: TxConn, plan: RestorePlan, staged: int, merged: bool
) -> tuple[int, int]:
    if merged:
        await restore_sql.remap_embeddings(conn)
    conflicts, ids = await restore_sql.embedding_conflicts(conn)
    if conflicts and plan.on_conflict == "fail":
        raise RestoreConflict(
            f"{conflicts} 条记录的 id 已存在于向量库（on_conflict=skip 或 replace 可继续）",
            conflicts=conflicts,
            conflicting_ids=ids,
        )
    written = await restore_sql.insert_embeddings(conn, plan.on_conflict == "replace")
    skipped = conflicts if plan.on_conflict == "skip" else 0
    if written + skipped != staged:
        raise RestoreFailed(f"{EMBEDDING_TABLE}: 写入 {written} 行 + 跳过 {skipped} 行 ≠ {staged}")
    return written, skipped


async def _table(conn: TxConn, plan: RestorePlan, table: str, merged: bool) -> TableRestore:
    started = time.monotonic()
    path = plan.files[table]
    size = (await asyncio.to_thread(path.stat)).st_size
    result = TableRestore(table, path.name, size)
    found, source, rewritten_rows = await restore_files.prepared(table, path)
    expected = plan.expected_rows.get(table, rewritten_rows)
    try:
        if plan.truncate:  # nothing to conflict with: straight COPY into the table
            copied = await restore_sql.copy_into(conn, table, source, found.columns)
            result.rows_restored = _check_count(table, copied, expected)
        elif table == COLLECTION_TABLE:
            copied = await restore_sql.stage(conn, table, source, found.columns)
            result.rows_restored, _ = await restore_sql.merge_collections(
                conn, plan.on_conflict == "replace"
            )
            _check_count(table, copied, expected)
        else:
            copied = _check_count(
                table, await restore_sql.stage(conn, table, source, found.columns), expected
            )
            result.rows_restored, result.rows_skipped = await _embeddings(
                conn, plan, copied, merged
            )
    finally:
        if source != path:
            await asyncio.to_thread(source.unlink, missing_ok=True)
    result.rows_in_file = copied
    result.duration = round(time.monotonic() - started, 3)
    return result


async def _quiet(_: str) -> None:
    return None


async def restore_set(
    conn: TxConn, plan: RestorePlan, on_table: OnTable = _quiet
) -> list[TableRestore]:
    tables = [t for t in VECTOR_TABLES if t in plan.files]  # collections before embeddings
    try:
        async with conn.transaction():
            if plan.truncate:
                await restore_sql.truncate(conn, tables)
            merged = COLLECTION_TABLE in tables and not plan.truncate
            results = []
            for table in tables:
                await on_table(table)
                results.append(await _table(conn, plan, table, merged))
            return results
    except asyncpg.ForeignKeyViolationError as exc:
        raise RestoreFailed(
            f"向量记录引用了向量库中不存在的集合（请同时恢复 {COLLECTION_TABLE}）: {exc}"
        ) from exc
    except (asyncpg.DataError, asyncpg.IntegrityConstraintViolationError) as exc:
        raise RestoreFailed(f"备份文件内容无法导入，已回滚: {exc}") from exc


def as_dicts(results: list[TableRestore]) -> dict[str, dict[str, Any]]:
    return {r.table: asdict(r) for r in results}
