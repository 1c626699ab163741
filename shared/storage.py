"""Task directories: validated ids, contained paths, and file I/O off the event loop."""

import asyncio
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.errors import FileNotFound, InvalidPath

TASK_ID_RE = re.compile(r"^task_\d{8}_\d{6}(_\d+)?$")
_BAD_NAME = re.compile(r"[\x00-\x1f/\\]")


def validate_task_id(task_id: str) -> str:
    if not TASK_ID_RE.fullmatch(task_id):
        raise InvalidPath(f"非法任务ID: {task_id!r}", task_id=task_id)
    return task_id


def validate_file_name(name: str) -> str:
    """A plain name inside the task directory: no separators, no '..', no hidden tricks."""
    if not name or name in (".", "..") or _BAD_NAME.search(name) or len(name) > 255:
        raise InvalidPath(f"非法文件名: {name!r}")
    return name


_TYPES_BY_SUFFIX = (
    (".ddl", "ddl"),
    (".md", "md"),
    (".json", "json"),
    (".json.backup", "json"),
    (".log", "log"),
    (".txt", "txt"),
    (".csv", "csv"),
)


def file_type_of(name: str) -> str:
    return next((kind for suffix, kind in _TYPES_BY_SUFFIX if name.endswith(suffix)), "other")


@dataclass(frozen=True)
class FileInfo:
    name: str
    size: int
    sha256: str
    modified_at: float


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _info(path: Path) -> FileInfo:
    stat = path.stat()
    return FileInfo(path.name, stat.st_size, _sha256(path), stat.st_mtime)


def _write_atomic(path: Path, data: bytes) -> FileInfo:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return _info(path)


def _append(path: Path, data: bytes) -> None:
    with path.open("ab") as f:
        f.write(data)


def _list_files(directory: Path) -> list[FileInfo]:
    if not directory.is_dir():
        return []
    entries = [p for p in directory.iterdir() if p.is_file() and not p.is_symlink()]
    return sorted((_info(p) for p in entries if not p.name.startswith(".")), key=lambda f: f.name)


def _unlink_all(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


class Storage:
    """The tree under DP_DATA_ROOT. Every path it hands out is inside {root}/{task_id}."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def task_dir(self, task_id: str) -> Path:
        return self.root / validate_task_id(task_id)

    def path(self, task_id: str, name: str) -> Path:
        """Resolves a file name in a task dir; refuses escapes and symlinks pointing anywhere."""
        directory = self.task_dir(task_id)
        candidate = directory / validate_file_name(name)
        if candidate.is_symlink():
            raise InvalidPath(f"拒绝访问符号链接: {name}")
        if candidate.resolve().parent != directory.resolve():
            raise InvalidPath(f"路径越界: {name}")
        return candidate

    async def existing_file(self, task_id: str, name: str) -> Path:
        path = self.path(task_id, name)
        if not await asyncio.to_thread(path.is_file):
            raise FileNotFound(f"文件不存在: {name}", file_name=name)
        return path

    async def ensure_dir(self, task_id: str) -> Path:
        directory = self.task_dir(task_id)
        await asyncio.to_thread(directory.mkdir, parents=True, exist_ok=True)
        return directory

    async def dir_exists(self, task_id: str) -> bool:
        return await asyncio.to_thread(self.task_dir(task_id).is_dir)

    async def write_bytes(self, task_id: str, name: str, data: bytes) -> FileInfo:
        await self.ensure_dir(task_id)
        return await asyncio.to_thread(_write_atomic, self.path(task_id, name), data)

    async def write_text(self, task_id: str, name: str, text: str) -> FileInfo:
        return await self.write_bytes(task_id, name, text.encode("utf-8"))

    async def write_json(self, task_id: str, name: str, value: Any) -> FileInfo:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
        return await self.write_text(task_id, name, text)

    async def append_text(self, task_id: str, name: str, text: str) -> None:
        await self.ensure_dir(task_id)
        await asyncio.to_thread(_append, self.path(task_id, name), text.encode("utf-8"))

    async def read_text(self, task_id: str, name: str) -> str:
        path = await self.existing_file(task_id, name)
        return await asyncio.to_thread(path.read_text, "utf-8")

    async def read_bytes(self, task_id: str, name: str) -> bytes:
        path = await self.existing_file(task_id, name)
        return await asyncio.to_thread(path.read_bytes)

    async def info(self, task_id: str, name: str) -> FileInfo:
        return await asyncio.to_thread(_info, await self.existing_file(task_id, name))

    async def list_files(self, task_id: str) -> list[FileInfo]:
        return await asyncio.to_thread(_list_files, self.task_dir(task_id))

    async def remove(self, task_id: str, names: list[str]) -> None:
        paths = [self.path(task_id, n) for n in names]
        await asyncio.to_thread(_unlink_all, paths)
