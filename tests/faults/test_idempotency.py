"""Failures 3 and 10 of the fault review: no Idempotency-Key is stuck at 409 after a PostgreSQL
restart or a gateway kill -9 in the middle of keyed requests, and concurrent retries of one
key never answer TASK_RUNNING."""

import asyncio
from pathlib import Path
from typing import Any

import aiohttp

from tests.faults.private_rabbit import PrivateRabbit
from tests.faults.probes import SMALL_TABLES
from tests.faults.servers import PrivatePostgres
from tests.faults.stack import Stack, running_stack
from tests.helpers import wait_until

Answer = tuple[str, int | None, dict[str, Any] | None]


async def _post(stack: Stack, key: str) -> Answer:
    body = {"table_list": SMALL_TABLES, "task_name": key, "enable_training_data_load": False}
    try:
        status, answer = await stack.call(
            "POST", "/tasks", json=body, headers={"Idempotency-Key": key}
        )
    except (aiohttp.ClientError, TimeoutError):
        return key, None, None  # the gateway died under it
    return key, status, answer


async def _burst(stack: Stack, prefix: str, count: int, fault: Any) -> list[Answer]:
    """`count` keyed creates paced at ~50/s, `fault()` started a third of the way through."""
    sent = []
    for n in range(count):
        sent.append(asyncio.create_task(_post(stack, f"{prefix}-{n}")))
        if n == count // 3:
            sent.append(asyncio.create_task(fault()))
        await asyncio.sleep(0.02)  # pacing of the load, not a wait for a condition
    done = await asyncio.gather(*sent)
    return [a for a in done if isinstance(a, tuple)]


async def _retry_all(stack: Stack, first: list[Answer]) -> list[tuple[Answer, Answer]]:
    return [(a, await _post(stack, a[0])) for a in first]


def _task_id(answer: Answer) -> str | None:
    task_id = (answer[2] or {}).get("data", {}).get("task_id")
    return str(task_id) if task_id else None


async def test_no_key_is_stuck_after_a_postgres_restart_or_a_gateway_kill(
    private_pg: PrivatePostgres, private_rabbit: PrivateRabbit, fault_env, tmp_path: Path
):
    async def restart_pg() -> None:
        await private_pg.stop()
        await asyncio.sleep(3)  # the outage
        await private_pg.start()

    async with running_stack(private_pg, private_rabbit, tmp_path, fault_env) as stack:
        gateway = stack.services["gateway"]

        async def kill_gateway() -> None:
            await gateway.kill()

        during_pg = await _burst(stack, "pg", 60, restart_pg)
        await stack.reopen_pool()
        after_pg = await _retry_all(stack, during_pg)
        during_kill = await _burst(stack, "kill", 40, kill_gateway)
        await gateway.start()
        await wait_until(stack.gateway_ready, timeout=60, interval=0.2)
        after_kill = await _retry_all(stack, during_kill)
        pool = await stack.open_pool()
        names = [a[0] for a in during_pg + during_kill]
        rows = await pool.fetch(
            "SELECT task_name, count(*) AS n FROM data_pipeline_tasks"
            " WHERE task_name = ANY($1::text[]) GROUP BY task_name",
            names,
        )

    retried = after_pg + after_kill
    assert [b for _, b in retried if b[1] != 201] == []  # no key answers 409 (or 5xx) now
    # A first answer that was 201 is replayed: same task; every key made exactly one task.
    assert [(a, b) for a, b in retried if a[1] == 201 and _task_id(a) != _task_id(b)] == []
    assert {r["task_name"]: r["n"] for r in rows} == dict.fromkeys(names, 1)
    outage_answers = {a[1] for a in during_pg}
    assert outage_answers <= {201, 503}, outage_answers
    assert None in {a[1] for a in during_kill}  # some requests really were cut off


async def test_concurrent_executes_with_one_key_never_answer_task_running(
    private_pg: PrivatePostgres, private_rabbit: PrivateRabbit, fault_env, tmp_path: Path
):
    async with running_stack(
        private_pg, private_rabbit, tmp_path, fault_env, executors=0
    ) as stack:  # no executor: the executions stay queued, so TASK_RUNNING would be possible
        seen: list[tuple[int, str | None]] = []
        for n in range(10):
            _, status, created = await _post(stack, f"exec-task-{n}")
            assert status == 201, created
            path = f"/tasks/{_task_id(('', status, created))}/execute"
            headers = {"Idempotency-Key": f"exec-{n}"}
            body = {"step": "ddl_generation"}
            pair = await asyncio.gather(
                stack.call("POST", path, json=body, headers=headers),
                stack.call("POST", path, json=body, headers=headers),
            )
            seen += [(s, a.get("error_code")) for s, a in pair]
    assert {code for _, code in seen} <= {None, "IDEMPOTENCY_CONFLICT"}, seen
    assert sum(1 for s, _ in seen if s == 202) >= 10
