"""Task directories on disk: measured and removed in a thread, never following a symlink."""

import asyncio
import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from shared.errors import DeleteFailed, InvalidPath
from shared.storage import TASK_ID_RE, validate_task_id

_UNITS = ("KB", "MB", "GB", "TB")
REMOVERS = 4  # threads removing a task directory's subtrees


@dataclass
class Tally:
    """What one walk found (and removed, unless it only measured)."""

    existed: bool = False
    files: int = 0
    bytes: int = 0


def human_size(size: int) -> str:
    """1536 -> "1.5 KB", like the seed's "2.5 MB"."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            break
    return f"{value:.1f} {unit}"


def task_dir(root: Path, task_id: str) -> Path:
    """{root}/{task_id}, exactly: a valid id, directly under the root, not a symlink itself."""
    base = root.resolve()
    target = base / validate_task_id(task_id)
    if target.parent != base or target.is_symlink():
        raise InvalidPath(f"拒绝删除: {task_id} 不是数据目录下的任务目录", task_id=task_id)
    return target


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def _count(entry: os.DirEntry[str], tally: Tally) -> None:
    tally.files += 1
    if entry.is_file(follow_symlinks=False):
        tally.bytes += entry.stat(follow_symlinks=False).st_size


def _walk(top: str, tally: Tally, remove: bool) -> None:
    """Iterative (any depth, no recursion limit), children before their directory.
    Symlinks are entries like files: counted, unlinked as links, never followed."""
    stack: list[tuple[str, bool]] = [(top, False)]
    while stack:
        path, scanned = stack.pop()
        if scanned:
            if remove:
                with contextlib.suppress(FileNotFoundError):
                    os.rmdir(path)
            continue
        stack.append((path, True))
        stack.extend((sub, False) for sub in _files_of(path, tally, remove))


def _files_of(path: str, tally: Tally, remove: bool) -> list[str]:
    """Counts (and unlinks) the files of one directory; returns its subdirectories. Files are
    stat'ed and unlinked relative to the directory's fd (as shutil.rmtree does): one path
    lookup per directory, not per file."""
    try:
        fd = os.open(path, _DIR_FLAGS)
    except FileNotFoundError:  # vanished meanwhile: nothing left to do here
        return []
    try:
        return _entries_of(fd, path, tally, remove)
    finally:
        os.close(fd)


def _entries_of(fd: int, path: str, tally: Tally, remove: bool) -> list[str]:
    with os.scandir(fd) as listing:
        entries = list(listing)
    subdirs: list[str] = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            subdirs.append(os.path.join(path, entry.name))
            continue
        with contextlib.suppress(FileNotFoundError):
            _count(entry, tally)
            if remove:
                os.unlink(entry.name, dir_fd=fd)
    return subdirs


def _remove_parallel(top: str, tally: Tally) -> None:
    """The top directory's subtrees removed by REMOVERS threads at once (unlinks in different
    directories proceed side by side in the kernel), each into a tally of its own, added to
    `tally` as each subtree is done; then the top directory itself."""
    subtrees = _files_of(top, tally, remove=True)
    lock = threading.Lock()

    def subtree(path: str) -> None:
        own = Tally()
        try:
            _walk(path, own, remove=True)
        finally:
            with lock:
                tally.files += own.files
                tally.bytes += own.bytes

    if subtrees:
        with ThreadPoolExecutor(min(REMOVERS, len(subtrees)), "dp-remove") as pool:
            for done in [pool.submit(subtree, path) for path in subtrees]:
                done.result()
    with contextlib.suppress(FileNotFoundError):
        os.rmdir(top)


def _tree(root: Path, task_id: str, remove: bool, tally: Tally | None = None) -> Tally:
    """Walks into `tally` (a caller may read it meanwhile: a large deletion's progress)."""
    target = task_dir(root, task_id)
    tally = tally or Tally()
    tally.existed = target.is_dir()
    if not tally.existed:
        return tally
    try:
        if remove:
            _remove_parallel(str(target), tally)
        else:
            _walk(str(target), tally, remove)
    except OSError as exc:
        raise DeleteFailed(f"删除目录失败: {target.name}: {exc.strerror or exc}") from exc
    return tally


async def remove_task_dir(root: Path, task_id: str, tally: Tally | None = None) -> Tally:
    """Deletes {root}/{task_id}; counts files and bytes in the same walk."""
    return await asyncio.to_thread(_tree, root, validate_task_id(task_id), True, tally)


async def measure_task_dir(root: Path, task_id: str) -> Tally:
    """What remove_task_dir would remove (dry runs, quota accounting)."""
    return await asyncio.to_thread(_tree, root, validate_task_id(task_id), False)


async def measure_or_remove(root: Path, task_id: str, *, dry_run: bool) -> Tally:
    """A sweep's one step on a directory: measured on a dry run, else removed."""
    return await (measure_task_dir if dry_run else remove_task_dir)(root, task_id)


def _task_dirs(root: Path) -> list[str]:
    root = root.resolve()
    if not root.is_dir():
        return []
    return sorted(
        e.name
        for e in os.scandir(root)
        if TASK_ID_RE.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
    )


async def list_task_dirs(root: Path) -> list[str]:
    """Names under the root that look like task ids (nothing else is ever touched)."""
    return await asyncio.to_thread(_task_dirs, root)


def _usage(root: Path) -> dict[str, int]:
    root = root.resolve()
    usage: dict[str, int] = {}
    for name in _task_dirs(root):
        tally = Tally()
        _walk(str(root / name), tally, remove=False)
        usage[name] = tally.bytes
    return usage


async def task_dir_usage(root: Path) -> dict[str, int]:
    """Bytes per task directory under the root, in one walk off the event loop."""
    return await asyncio.to_thread(_usage, root)
