"""Identical file trees for deletion benchmarks (blocking: call through asyncio.to_thread)."""

import os
from pathlib import Path


def build_tree(root: Path, dirs: int, files: int, size: int = 1024) -> None:
    """dirs folders x files files of `size` bytes under root, then os.sync() so the deletion
    that follows is not racing the writeback of the build."""
    data = b"x" * size
    for d in range(dirs):
        folder = root / f"d{d:03d}"
        folder.mkdir(parents=True)
        for f in range(files):
            fd = os.open(folder / f"f{f:04d}.bin", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
    os.sync()
