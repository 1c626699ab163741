"""The files of a backup set: where they may be, which format they are in, and the original's
Python-repr cmetadata rewritten as JSON (streamed row by row into a temporary file)."""

import ast
import asyncio
import csv
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from services.executor.vectors.store import COLLECTION_TABLE, EMBEDDING_TABLE
from shared.errors import BackupNotFound, InvalidPath, RestoreFailed

REQUIRED = {COLLECTION_TABLE: {"uuid", "name"}, EMBEDDING_TABLE: {"id", "collection_id"}}
COLUMNS = {
    COLLECTION_TABLE: {"uuid", "name", "cmetadata"},
    EMBEDDING_TABLE: {"id", "collection_id", "embedding", "document", "cmetadata"},
}
_SNIFF_ROWS = 20
csv.field_size_limit(sys.maxsize)  # one embedding of 1024 floats is ~20 KB of text


NAME_MAX = 255  # bytes per path component (Linux)


def backup_dir(root: Path, backup_path: str) -> Path:
    """A directory inside the data root: relative paths are taken from the root (the original's
    "./data_pipeline/training_data/vector_bak" style, relative to the working directory, too)."""
    root = root.resolve()
    if "\x00" in backup_path:
        raise InvalidPath("backup_path 含有非法字符")
    given = Path(backup_path)
    if any(len(part.encode()) > NAME_MAX for part in given.parts):
        raise InvalidPath(f"backup_path 的目录名不能超过 {NAME_MAX} 字节")
    candidates = [given] if given.is_absolute() else [root / given, Path.cwd() / given]
    for candidate in candidates:
        try:
            resolved = candidate.resolve()
            found = resolved.is_relative_to(root) and resolved.is_dir()
        except (OSError, RuntimeError) as exc:  # too long for the system; a loop of links (3.11)
            raise InvalidPath(f"backup_path 无法解析: {backup_path[:100]}") from exc
        if found:
            return resolved
    if any(c.resolve().is_relative_to(root) for c in candidates):
        raise BackupNotFound(f"备份目录不存在: {backup_path}", backup_path=backup_path)
    raise InvalidPath(f"backup_path 必须位于数据目录内: {backup_path}", backup_path=backup_path)


def set_files(directory: Path, ts: str, tables: list[str]) -> dict[str, Path]:
    files = {t: directory / f"{t}_{ts}.csv" for t in tables}
    missing = [p.name for p in files.values() if not p.is_file() or p.is_symlink()]
    if missing:
        raise BackupNotFound(f"备份文件不存在: {', '.join(missing)}", missing_files=missing)
    return files


@dataclass(frozen=True)
class CsvShape:
    columns: list[str]
    python_repr: bool  # cmetadata written as a Python dict repr (the original system)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def shape(table: str, path: Path) -> CsvShape:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        columns = next(reader, [])
        if not REQUIRED[table] <= set(columns) or not set(columns) <= COLUMNS[table]:
            raise RestoreFailed(f"{path.name} 的表头与 {table} 不符: {columns}", columns=columns)
        if "cmetadata" not in columns:
            return CsvShape(columns, python_repr=False)
        meta = columns.index("cmetadata")
        samples = [row[meta] for _, row in zip(range(_SNIFF_ROWS), reader, strict=False)]
    return CsvShape(columns, any(v and not _is_json(v) for v in samples))


def _as_json(text: str) -> str:
    if not text or _is_json(text):
        return text
    try:
        value = ast.literal_eval(text)  # literals only: never evaluates code
    except (ValueError, SyntaxError) as exc:
        raise RestoreFailed(f"cmetadata 既不是 JSON 也不是 Python 字面量: {text[:80]}") from exc
    return json.dumps(value, ensure_ascii=False)


def _rewrite(path: Path, dst_fd: int, columns: list[str]) -> int:
    meta, rows = columns.index("cmetadata"), 0
    with path.open(newline="", encoding="utf-8") as src, os.fdopen(dst_fd, "w", newline="") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        writer.writerow(next(reader))
        for row in reader:
            if len(row) != len(columns):
                raise RestoreFailed(f"{path.name}: 第 {rows + 2} 行的列数与表头不符")
            row[meta] = _as_json(row[meta])
            writer.writerow(row)
            rows += 1
    return rows


def rewrite_as_json(path: Path, columns: list[str]) -> tuple[Path, int]:
    """A temporary copy with cmetadata as JSON, and its row count (no copy left on error)."""
    fd, tmp = tempfile.mkstemp(prefix="dp_restore_", suffix=".csv")
    try:
        return Path(tmp), _rewrite(path, fd, columns)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


async def prepared(table: str, path: Path) -> tuple[CsvShape, Path, int | None]:
    """The file to COPY (the original, or its JSON rewrite) and, when rewritten, its rows."""
    try:
        found = await asyncio.to_thread(shape, table, path)
        if not found.python_repr:
            return found, path, None
        copy, rows = await asyncio.to_thread(rewrite_as_json, path, found.columns)
    except (csv.Error, ValueError) as exc:  # not CSV, not UTF-8, a row of the wrong width
        raise RestoreFailed(f"{path.name} 不是可读的 CSV 备份: {exc}") from exc
    return found, copy, rows
