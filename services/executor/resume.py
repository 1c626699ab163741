"""A handed-back or retried execution resumes after its last completed step: a step whose
result file is registered under this execution's id already finished in an earlier attempt."""

import json
from typing import Any

from services.executor.cleaning import result_file
from services.executor.deps import Deps
from shared.db import outputs
from shared.models import StepName
from shared.records import ExecutionRecord


async def finished_steps(deps: Deps, e: ExecutionRecord) -> dict[str, dict[str, Any]]:
    """Step name -> its stored result, for the steps an earlier attempt completed."""
    if e.attempt <= 1:
        return {}
    names = {result_file(step): step.value for step in StepName}
    rows = await outputs.list_for_task(deps.pool, e.task_id)
    done = {}
    for row in rows:
        if row.execution_id == e.execution_id and row.file_name in names:
            text = await deps.storage.read_text(e.task_id, row.file_name)
            done[names[row.file_name]] = json.loads(text)
    return done
