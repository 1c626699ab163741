"""The row of a new task, the same whichever publisher creates it (gateway or a command)."""

from shared.config import Settings
from shared.db import tasks
from shared.parameters import TaskParameters
from shared.secret_box import SecretBox


def new_task_row(
    task_id: str,
    *,
    task_type: str,
    params: TaskParameters,
    created_by: str | None,
    settings: Settings,
    box: SecretBox,
) -> tasks.NewTask:
    """Parameters stored masked, the original sealed (see secret_box)."""
    masked, sealed = box.seal_parameters(params.model_dump(mode="json", exclude_none=True))
    return tasks.NewTask(
        task_type=task_type,
        parameters=masked,
        sealed_parameters=sealed,
        output_directory=settings.task_dir_label(task_id),
        created_by=created_by,
        db_name=params.resolved_db_name(settings.default_business_dsn),
        business_context=params.business_context,
        task_name=params.task_name,
    )
