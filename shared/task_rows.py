"""A new task's row, the same whichever publisher creates it (gateway or a command), and the
one loop that finds it a free id."""

from dataclasses import dataclass

from shared.clock import local_now
from shared.config import Settings
from shared.db import tasks
from shared.db.pool import Conn
from shared.models import task_id_for
from shared.parameters import TaskParameters
from shared.records import TaskRecord
from shared.secret_box import SecretBox

MAX_ID_CLASHES = 100


@dataclass(frozen=True)
class TaskDraft:
    task_type: str
    params: TaskParameters
    created_by: str | None


def new_task_row(
    task_id: str, draft: TaskDraft, settings: Settings, box: SecretBox
) -> tasks.NewTask:
    """Parameters stored masked, the original sealed (see secret_box)."""
    params = draft.params
    masked, sealed = box.seal_parameters(params.model_dump(mode="json", exclude_none=True))
    return tasks.NewTask(
        task_type=draft.task_type,
        parameters=masked,
        sealed_parameters=sealed,
        output_directory=settings.task_dir_label(task_id),
        created_by=draft.created_by,
        db_name=params.resolved_db_name(settings.default_business_dsn),
        business_context=params.business_context,
        task_name=params.task_name,
    )


async def insert_new_task(
    conn: Conn, draft: TaskDraft, settings: Settings, box: SecretBox, task_id: str | None = None
) -> TaskRecord:
    """The task's row under `task_id` when the publisher chose it (the row already there on a
    redelivery), else under task_YYYYMMDD_HHMMSS of local now (DP_TIMEZONE), a same-second
    clash taking _2, _3..."""
    if task_id is not None:
        row = new_task_row(task_id, draft, settings, box)
        task = await tasks.insert(conn, task_id, row) or await tasks.get(conn, task_id)
        if task is None:
            raise RuntimeError(f"task {task_id} neither inserted nor found")
        return task
    now = local_now()
    for clash in range(MAX_ID_CLASHES):
        candidate = task_id_for(now, clash)
        inserted = await tasks.insert(
            conn, candidate, new_task_row(candidate, draft, settings, box)
        )
        if inserted is not None:
            return inserted
    raise RuntimeError("no free task id in this second")
