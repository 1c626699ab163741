"""Files the create command puts in a new task directory."""

from datetime import UTC, datetime

from shared.models import TaskRecord
from shared.secrets import mask_tree
from shared.storage import Storage
from shared.table_list import TABLE_LIST_FILE, render_table_list

TASK_CONFIG_FILE = "task_config.json"


async def prepare_task_directory(storage: Storage, task: TaskRecord) -> None:
    """Idempotent: directory, task_config.json (secrets masked), table_list.txt if given."""
    await storage.ensure_dir(task.id)
    config = {
        "task_id": task.id,
        "task_type": task.task_type,
        "created_at": task.created_at.isoformat(),
        "created_by": task.created_by,
        "parameters": mask_tree(task.parameters),
        "output_directory": task.output_directory,
    }
    await storage.write_json(task.id, TASK_CONFIG_FILE, config)
    names = task.parameters.get("table_list")
    if names:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        await storage.write_text(task.id, TABLE_LIST_FILE, render_table_list(names, stamp))
