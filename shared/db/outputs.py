"""All SQL for data_pipeline_task_outputs: the registry of files a step produced."""

from dataclasses import dataclass

import asyncpg

from shared.db.pool import Conn
from shared.records import OutputRecord


@dataclass(frozen=True)
class NewOutput:
    task_id: str
    execution_id: str | None
    step: str | None
    file_type: str
    file_name: str
    file_path: str
    file_size: int
    content_hash: str
    description: str | None = None
    is_primary: bool = False


def _record(row: asyncpg.Record) -> OutputRecord:
    return OutputRecord.model_validate({**dict(row), "step": row["step_name"]})


def _output(row: asyncpg.Record | None) -> OutputRecord | None:
    return _record(row) if row else None


async def upsert(conn: Conn, o: NewOutput) -> OutputRecord:
    """One row per (task, file name): a re-run updates size, hash and owner in place."""
    row = await conn.fetchrow(
        """
        INSERT INTO data_pipeline_task_outputs (task_id, execution_id, step_name, file_type,
            file_name, file_path, file_size, content_hash, description, is_primary)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (task_id, file_name) DO UPDATE SET
            execution_id = EXCLUDED.execution_id, step_name = EXCLUDED.step_name,
            file_type = EXCLUDED.file_type, file_path = EXCLUDED.file_path,
            file_size = EXCLUDED.file_size, content_hash = EXCLUDED.content_hash,
            description = EXCLUDED.description, is_primary = EXCLUDED.is_primary,
            modified_at = now()
        RETURNING *
        """,
        o.task_id,
        o.execution_id,
        o.step,
        o.file_type,
        o.file_name,
        o.file_path,
        o.file_size,
        o.content_hash,
        o.description,
        o.is_primary,
    )
    record = _output(row)
    assert record is not None
    return record


async def list_for_task(conn: Conn, task_id: str) -> list[OutputRecord]:
    rows = await conn.fetch(
        "SELECT * FROM data_pipeline_task_outputs WHERE task_id = $1 ORDER BY id", task_id
    )
    return [_record(r) for r in rows]


async def get_by_name(conn: Conn, task_id: str, file_name: str) -> OutputRecord | None:
    return _output(
        await conn.fetchrow(
            "SELECT * FROM data_pipeline_task_outputs WHERE task_id = $1 AND file_name = $2",
            task_id,
            file_name,
        )
    )


async def delete_for_step(conn: Conn, task_id: str, step: str) -> list[str]:
    """Unregisters a step's outputs; returns their file names so the caller can remove them."""
    rows = await conn.fetch(
        """
        DELETE FROM data_pipeline_task_outputs WHERE task_id = $1 AND step_name = $2
        RETURNING file_name
        """,
        task_id,
        step,
    )
    return [r["file_name"] for r in rows]


async def delete_names(conn: Conn, task_id: str, names: list[str]) -> None:
    """Unregisters files moved away (a complete re-run's backup)."""
    await conn.execute(
        "DELETE FROM data_pipeline_task_outputs WHERE task_id = $1 AND file_name = ANY($2::text[])",
        task_id,
        names,
    )


async def delete_for_execution(conn: Conn, task_id: str, execution_id: str, step: str) -> list[str]:
    """Unregisters what one step of one execution registered (a cancelled step's leftovers)."""
    rows = await conn.fetch(
        """
        DELETE FROM data_pipeline_task_outputs
        WHERE task_id = $1 AND execution_id = $2 AND step_name = $3
        RETURNING file_name
        """,
        task_id,
        execution_id,
        step,
    )
    return [r["file_name"] for r in rows]


async def delete_superseded(
    conn: Conn, task_id: str, execution_id: str, step_name: str
) -> list[str]:
    """Unregisters a step's outputs from earlier executions (names this run did not rewrite,
    such as an abandoned run's timestamped files); returns their names."""
    rows = await conn.fetch(
        """
        DELETE FROM data_pipeline_task_outputs
        WHERE task_id = $1 AND step_name = $3 AND execution_id IS DISTINCT FROM $2
        RETURNING file_name
        """,
        task_id,
        execution_id,
        step_name,
    )
    return [r["file_name"] for r in rows]


async def refresh_file(
    conn: Conn, task_id: str, file_name: str, file_size: int, content_hash: str
) -> bool:
    """A registered file rewritten in place by a later step: new size and hash, owner kept."""
    status = await conn.execute(
        """
        UPDATE data_pipeline_task_outputs
        SET file_size = $3, content_hash = $4, modified_at = now()
        WHERE task_id = $1 AND file_name = $2
        """,
        task_id,
        file_name,
        file_size,
        content_hash,
    )
    return bool(status != "UPDATE 0")
