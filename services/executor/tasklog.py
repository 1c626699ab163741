"""Per-execution log: every line goes to data_pipeline.log and to data_pipeline_task_logs.

Writes are queued and drained by one writer task, so a step never waits on disk or DB to log,
and the file gets exactly one line per entry in one format. Each batch goes to the file and
(by COPY) to the table at the same time. Lines are masked once, here; only warnings and errors
are repeated in the executor's own log (every line there cost more than the rest together)."""

import asyncio
import contextlib
import json
import logging
import time
from typing import Any

import asyncpg

from shared.broker import Publisher
from shared.clock import utcnow
from shared.db import logs
from shared.emitter import emit
from shared.events import LogLines
from shared.secrets import mask_text, mask_tree
from shared.storage import Storage

LOG_FILE = "data_pipeline.log"
_BATCH = 1000
_MIRRORED = logging.WARNING
proc_log = logging.getLogger("executor.task")


def format_line(entry: logs.NewLog) -> str:
    step = f"[{entry.step}] " if entry.step else ""
    ts = entry.timestamp.isoformat(" ", "seconds")  # %Y-%m-%d %H:%M:%S, naive, a third of the cost
    return f"{ts} [{entry.level}] TaskDir_{entry.task_id}: {step}{entry.message}\n"


def batch_event(batch: list[logs.NewLog]) -> LogLines:
    """One event for a written batch: readers take the rows from the table by id."""
    last = batch[-1]
    return LogLines(
        task_id=last.task_id,
        execution_id=last.execution_id,
        step=last.step,
        lines=len(batch),
        level=max((e.level for e in batch), key=lambda level: _SEVERITY.get(level, 0)),
        logged_at=last.timestamp,
    )


_SEVERITY = {name: rank for rank, name in enumerate(logs.LEVELS)}


class TaskLog:
    def __init__(
        self,
        pool: asyncpg.Pool,
        storage: Storage,
        task_id: str,
        execution_id: str | None,
        publisher: Publisher | None = None,
    ) -> None:
        self._pool = pool
        self._publisher = publisher
        self._storage = storage
        self.task_id = task_id
        self.execution_id = execution_id
        self.step: str | None = None
        self._queue: asyncio.Queue[logs.NewLog] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self._active_at = time.monotonic()
        self._events: set[asyncio.Task[None]] = set()  # in flight while the next batch writes

    def start(self) -> None:
        self._writer = asyncio.create_task(self._drain(), name=f"tasklog-{self.task_id}")

    async def close(self) -> None:
        await self.flush()
        if self._writer:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer

    async def flush(self) -> None:
        await self._queue.join()
        if self._events:
            await asyncio.gather(*self._events)

    def touch(self) -> None:
        """The run showed it moves (a line written, a write retried): see idle_seconds."""
        self._active_at = time.monotonic()

    def idle_seconds(self) -> float:
        """How long the run has been silent; the heartbeat stops past DP_STALL_SECONDS."""
        return time.monotonic() - self._active_at

    def write(self, level: str, message: str, **extra: Any) -> None:
        self.touch()
        message = mask_text(message)
        if (number := logging.getLevelName(level)) >= _MIRRORED:
            proc_log.log(number, "%s [%s] %s", self.task_id, self.step, message)
        entry = logs.NewLog(
            task_id=self.task_id,
            execution_id=self.execution_id,
            level=level,
            message=message,
            step=self.step,
            timestamp=utcnow(),
            module_name=extra.pop("module", None),
            function_name=extra.pop("function", None),
            extra=mask_tree(extra) if extra else {},
        )
        self._queue.put_nowait(entry)

    def info(self, message: str, **extra: Any) -> None:
        self.write("INFO", message, **extra)

    def warning(self, message: str, **extra: Any) -> None:
        self.write("WARNING", message, **extra)

    def error(self, message: str, **extra: Any) -> None:
        self.write("ERROR", message, **extra)

    def opening(self, parameters: dict[str, Any]) -> None:
        """The document's first lines of a task log (parameters masked)."""
        self.info(f"任务目录日志初始化完成 - 任务ID: {self.task_id}")
        self.info(f"任务参数: {json.dumps(mask_tree(parameters), ensure_ascii=False)}")

    async def _drain(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < _BATCH:
                batch.append(self._queue.get_nowait())
            try:
                await self._persist(batch)
            except Exception:  # logging must never take the step down with it
                proc_log.exception("could not persist %d task log lines", len(batch))
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _persist(self, batch: list[logs.NewLog]) -> None:
        text = "".join(map(format_line, batch))
        in_file, in_table = await asyncio.gather(
            self._storage.append_text(self.task_id, LOG_FILE, text),
            logs.insert_many(self._pool, batch),
            return_exceptions=True,
        )
        for where, outcome in (("file", in_file), ("table", in_table)):
            if isinstance(outcome, Exception):  # logging must never take the step down with it
                proc_log.error("could not persist %d task log lines to the %s: %r",
                               len(batch), where, outcome)  # fmt: skip
        if not isinstance(in_table, BaseException):  # the event after the rows are committed
            # Not awaited here: its confirm overlaps the next batch's write.
            sent = asyncio.create_task(self._announce(batch))
            self._events.add(sent)
            sent.add_done_callback(self._events.discard)

    async def _announce(self, batch: list[logs.NewLog]) -> None:
        try:
            await emit(self._publisher, batch_event(batch))
        except Exception:  # logging must never take the step down with it
            proc_log.exception("could not announce %d task log lines", len(batch))
