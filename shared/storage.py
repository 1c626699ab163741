"""Task directories: validated ids, contained paths, and file I/O off the event loop."""

import asyncio
import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from stat import S_ISREG
from typing import Any, TypeVar

from shared.errors import FileNotFound, InvalidPath
from shared.models import TASK_ID_PATTERN

T = TypeVar("T")
TASK_ID_RE = re.compile(TASK_ID_PATTERN)
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


@dataclass(frozen=True)
class FileInfo:
    name: str
    size: int
    sha256: str
    modified_at: float


def _open_regular(path: Path, flags: int = os.O_RDONLY) -> int:
    """An fd on a regular file that is no symlink (O_NOFOLLOW) and no hardlink to elsewhere."""
    fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC)
    stat = os.fstat(fd)
    if not S_ISREG(stat.st_mode) or stat.st_nlink > 1:
        os.close(fd)
        raise InvalidPath(f"拒绝访问非普通文件: {path.name}")
    return fd


def _read(path: Path) -> bytes:
    with os.fdopen(_open_regular(path), "rb") as f:
        return f.read()


def _info(path: Path) -> FileInfo:
    digest = hashlib.sha256()
    with os.fdopen(_open_regular(path), "rb") as f:
        stat = os.fstat(f.fileno())
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return FileInfo(path.name, stat.st_size, digest.hexdigest(), stat.st_mtime)


def _write_atomic(path: Path, data: bytes) -> FileInfo:
    """A private temp file of a random name (O_EXCL: a planted link is never written through,
    two writers never share one), renamed over the target; its info from the fd and bytes."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            stat = os.fstat(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return FileInfo(path.name, stat.st_size, hashlib.sha256(data).hexdigest(), stat.st_mtime)


def _append(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    with os.fdopen(os.open(path, flags, 0o600), "ab") as f:
        f.write(data)


def _real_dir(directory: Path) -> Path:
    """The task directory itself, never a symlink to one somewhere else."""
    if directory.is_symlink():
        raise InvalidPath(f"拒绝访问: 任务目录 {directory.name} 是符号链接")
    return directory


def _make_dir(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return _real_dir(directory)


def _regular_names(directory: Path) -> list[str]:
    found = directory.iterdir() if _real_dir(directory).is_dir() else ()
    return sorted(p.name for p in found if p.is_file() and not p.is_symlink() and p.name[0] != ".")


def _list_files(directory: Path) -> list[FileInfo]:
    infos: list[FileInfo] = []
    for name in _regular_names(directory):
        with contextlib.suppress(InvalidPath, FileNotFoundError):  # hardlinks are not ours
            infos.append(_info(directory / name))
    return infos


class Storage:
    """The tree under DP_DATA_ROOT. Every path it hands out is inside {root}/{task_id}."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def task_dir(self, task_id: str) -> Path:
        return self.root / validate_task_id(task_id)

    def path(self, task_id: str, name: str) -> Path:
        """Resolves a file name in a task dir; refuses escapes and symlinks pointing anywhere."""
        directory = _real_dir(self.task_dir(task_id))
        candidate = directory / validate_file_name(name)
        if candidate.is_symlink():
            raise InvalidPath(f"拒绝访问符号链接: {name}")
        if candidate.resolve().parent != self.root / task_id:
            raise InvalidPath(f"路径越界: {name}")
        return candidate

    def _existing(self, task_id: str, name: str) -> Path:
        if not (path := self.path(task_id, name)).is_file():
            raise FileNotFound(f"文件不存在: {name}", file_name=name)
        return path

    async def existing_file(self, task_id: str, name: str) -> Path:
        return await asyncio.to_thread(self._existing, task_id, name)

    async def ensure_dir(self, task_id: str) -> Path:
        return await asyncio.to_thread(_make_dir, self.task_dir(task_id))

    async def real_dir(self, task_id: str) -> Path:
        """The task directory for code that writes below it itself (refused if a symlink)."""
        return await asyncio.to_thread(_real_dir, self.task_dir(task_id))

    async def dir_exists(self, task_id: str) -> bool:
        return await asyncio.to_thread(lambda: _real_dir(self.task_dir(task_id)).is_dir())

    def _in_dir(self, task_id: str, name: str, action: Callable[[Path], T]) -> T:
        """`action` on the checked path, the directory made only if missing: one hop per file."""
        try:
            return action(self.path(task_id, name))
        except FileNotFoundError:
            _make_dir(self.task_dir(task_id))
            return action(self.path(task_id, name))

    async def write_bytes(self, task_id: str, name: str, data: bytes) -> FileInfo:
        write = partial(_write_atomic, data=data)
        return await asyncio.to_thread(self._in_dir, task_id, name, write)

    async def write_text(self, task_id: str, name: str, text: str) -> FileInfo:
        return await self.write_bytes(task_id, name, text.encode("utf-8"))

    async def write_json(self, task_id: str, name: str, value: Any) -> FileInfo:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
        return await self.write_text(task_id, name, text)

    async def append_text(self, task_id: str, name: str, text: str) -> None:
        data = text.encode("utf-8")
        await asyncio.to_thread(self._in_dir, task_id, name, lambda p: _append(p, data))

    async def read_text(self, task_id: str, name: str) -> str:
        return (await self.read_bytes(task_id, name)).decode("utf-8")

    async def read_bytes(self, task_id: str, name: str) -> bytes:
        return await asyncio.to_thread(lambda: _read(self._existing(task_id, name)))

    async def info(self, task_id: str, name: str) -> FileInfo:
        return await asyncio.to_thread(lambda: _info(self._existing(task_id, name)))

    async def list_files(self, task_id: str) -> list[FileInfo]:
        return await asyncio.to_thread(_list_files, self.task_dir(task_id))

    async def names(self, task_id: str) -> list[str]:
        """The task's file names, sorted (no hashing): cheap enough before every write."""
        return await asyncio.to_thread(_regular_names, self.task_dir(task_id))

    async def remove(self, task_id: str, names: list[str]) -> None:
        def unlink_all() -> None:
            for name in names:
                self.path(task_id, name).unlink(missing_ok=True)

        await asyncio.to_thread(unlink_all)
