"""Progress of a deletion while it runs: files and bytes removed so far, written to the
command's row (GET /commands/{id}) every DP_DELETE_PROGRESS_SECONDS of a long walk."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from services.janitor import fs
from shared.clock import iso, utcnow
from shared.db import commands

Report = Callable[[str, fs.Tally], Awaitable[None]]


@dataclass
class BatchProgress:
    pool: asyncpg.Pool
    command_id: str
    total: int
    done: int = 0

    async def report(self, task_id: str, tally: fs.Tally) -> None:
        progress = {
            "task_id": task_id,
            "files_removed": tally.files,
            "bytes_removed": tally.bytes,
            "size_removed": fs.human_size(tally.bytes),
            "tasks_done": self.done,
            "tasks_total": self.total,
            "updated_at": iso(utcnow()),
        }
        await commands.set_progress(self.pool, self.command_id, progress)


async def remove_watched(
    root: Path, task_id: str, interval: float, report: Report | None
) -> fs.Tally:
    """fs.remove_task_dir, reporting the running tally while the walk takes longer."""
    tally = fs.Tally()
    work = asyncio.ensure_future(fs.remove_task_dir(root, task_id, tally))
    while report is not None:
        done, _ = await asyncio.wait({work}, timeout=interval)
        if done:
            break
        await report(task_id, tally)
    return await work
