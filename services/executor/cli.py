"""`python -m services.executor run --task-id T [--step S | --complete] [--force]
[--clean-previous]`: one step or the whole workflow in this process (the original's
task_executor.py), with the service's claim, logs, files, DB records and events.

The doc's own flags work too: `--execution-mode complete|step --step-name S`."""

import argparse
import getpass
from typing import Any

from services.executor.deps import Deps
from services.executor.pipeline import run_execution
from shared.db import commands, executions
from shared.errors import DomainError
from shared.execution_queue import queue_execution
from shared.messages import ExecuteTask, ExecuteTaskPayload
from shared.models import COMPLETE, StepName
from shared.records import ExecutionRecord
from shared.secrets import mask_tree


def add_run_parser(sub: Any) -> None:
    run = sub.add_parser("run", help="run one step or the whole workflow of a task now")
    run.add_argument("--task-id", required=True)
    which = run.add_mutually_exclusive_group()
    which.add_argument("--step", "--step-name", dest="step", choices=[s.value for s in StepName])
    which.add_argument("--complete", action="store_true", help="the whole workflow (default)")
    run.add_argument("--execution-mode", choices=["complete", "step"], help="the doc's form")
    run.add_argument("--force", "--force-execute", dest="force", action="store_true")
    run.add_argument("--clean-previous", action="store_true")
    run.add_argument("--skip-training", action="store_true", help="complete run without load")


def payload_from(args: argparse.Namespace) -> ExecuteTaskPayload:
    if args.execution_mode == "step" and not args.step:
        raise SystemExit("--execution-mode step needs --step-name")
    step = COMPLETE if args.complete or args.execution_mode == "complete" else args.step
    return ExecuteTaskPayload(
        task_id=args.task_id,
        step=step or COMPLETE,
        force_execute=args.force,
        clean_previous=args.clean_previous,
        skip_training=args.skip_training,
    )


async def _queue(deps: Deps, payload: ExecuteTaskPayload) -> tuple[ExecutionRecord, str]:
    """The execution and its command row (source system), as a published command would get."""
    cmd = ExecuteTask(issued_by=f"cli:{getpass.getuser()}", payload=payload)
    command_id = str(cmd.command_id)
    async with deps.pool.acquire() as conn, conn.transaction():
        execution = await queue_execution(conn, payload, command_id)
        await commands.insert(
            conn,
            commands.NewCommand(
                command_id=command_id,
                command_type=cmd.type,
                task_id=payload.task_id,
                payload=mask_tree(payload.model_dump(mode="json")),
                issued_by=cmd.issued_by,
                source="system",
                status="processing",
            ),
        )
    return execution, command_id


async def run_once(deps: Deps, payload: ExecuteTaskPayload) -> dict[str, Any]:
    """The final envelope; refusals (unknown task, dependency, running) as error envelopes."""
    try:
        execution, command_id = await _queue(deps, payload)
    except DomainError as exc:
        return {"success": False, "error_code": exc.error_code, "message": exc.message}
    claimed = await executions.claim(deps.pool, execution.execution_id, deps.worker_id)
    if claimed is None:  # an executor service took it first (or it was cancelled)
        return {"success": False, "message": "执行已被其他执行器处理", "data": None}
    result = await run_execution(deps, claimed)
    await commands.complete(deps.pool, command_id, status="completed", result=result)
    return result


def succeeded(envelope: dict[str, Any]) -> bool:
    data = envelope.get("data") or {}
    return bool(envelope.get("success")) and data.get("status") == "completed"
