"""`python -m services.executor run`: the document's task_executor.py, in a separate process,
with the service's claim, logs, files and rows; non-zero exit on failure."""

import asyncio
import json
import os
import sys
from pathlib import Path

from shared.db import executions, logs, tasks
from shared.storage import Storage
from tests.helpers.api import HIGHWAY_TASK, create_task, task_detail

REPO = Path(__file__).resolve().parents[2]


async def _cli(settings, *args):
    env = {
        **os.environ,
        "DP_DATABASE_URL": settings.database_url.get_secret_value(),
        "DP_AMQP_URL": settings.amqp_url.get_secret_value(),
        "DP_AMQP_NAMESPACE": settings.amqp_namespace,
        "DP_DATA_ROOT": str(settings.data_root),
        "DP_BUSINESS_DATABASE_URL": settings.default_business_dsn,
        "DP_VECTOR_DATABASE_URL": settings.vector_url.get_secret_value(),
    }
    proc = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "services.executor", "run", *args),
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 180)
    return proc.returncode, out.decode(), err.decode()


async def test_a_step_runs_in_process_like_the_service(gateway_api, pool, settings):
    task_id = (await create_task(gateway_api, **HIGHWAY_TASK))["task_id"]
    code, out, err = await _cli(settings, "--task-id", task_id, "--step", "ddl_generation")
    assert code == 0, err
    assert json.loads(out)["data"]["status"] == "completed"
    task = await tasks.get(pool, task_id)
    assert task.step_status["ddl_generation"] == "completed"
    [run] = await executions.list_for_task(pool, task_id)
    assert run.worker_id.startswith("cli:")
    assert any(r.execution_id == run.execution_id for r in await logs.query(pool, task_id))
    names = {f.name for f in await Storage(settings.data_root).list_files(task_id)}
    assert "bss_company.ddl" in names


async def test_refusals_and_failures_exit_non_zero(gateway_api, pool, settings):
    task_id = (await create_task(gateway_api, **HIGHWAY_TASK))["task_id"]
    args = ("--task-id", task_id, "--execution-mode", "step", "--step-name", "sql_validation")
    code, out, _ = await _cli(settings, *args)
    assert (code, json.loads(out)["error_code"]) == (1, "STEP_DEPENDENCY")
    code, out, _ = await _cli(settings, *args, "--force")
    assert (code, json.loads(out)["data"]["status"]) == (1, "failed")
    assert (await tasks.get(pool, task_id)).status == "failed"
    code, _, _ = await _cli(settings, "--task-id", "task_20000101_000000", "--complete")
    assert code == 1


async def test_the_documents_complete_mode_with_skip_training(gateway_api, settings):
    task_id = (await create_task(gateway_api, **HIGHWAY_TASK))["task_id"]
    args = ("--task-id", task_id, "--execution-mode", "complete", "--skip-training")
    code, _, err = await _cli(settings, *args)
    assert code == 0, err
    task = await task_detail(gateway_api, task_id)
    assert (task["status"], task["step_status"]["training_load"]) == ("completed", "skipped")
