"""sql_validation test support: a task's pair file written, the step run, its files read."""

import json
from typing import Any

import asyncpg

from services.executor.llm.base import LLM
from services.executor.steps import sql_validation
from shared.config import Settings
from shared.models import StepName
from tests.steps_support import step_context

PAIR_FILE = "qs_highway_db_20250101_000000_pair.json"


def write_pairs(settings: Settings, task_id: str, items: list[Any]) -> str:
    text = json.dumps(items, ensure_ascii=False, indent=2)
    (settings.data_root / task_id / PAIR_FILE).write_text(text, "utf-8")
    return text


def task_file(settings: Settings, task_id: str, name: str) -> str:
    return (settings.data_root / task_id / name).read_text("utf-8")


def file_names(settings: Settings, task_id: str) -> list[str]:
    return sorted(p.name for p in (settings.data_root / task_id).iterdir())


async def validate(
    pool: asyncpg.Pool,
    settings: Settings,
    params: dict[str, Any],
    task_id: str,
    llm: LLM | None = None,
) -> dict[str, Any]:
    step = StepName.sql_validation
    async with step_context(pool, settings, step, params, task_id=task_id) as ctx:
        if llm is None:
            return await sql_validation.run(ctx)
        return await sql_validation.validate(ctx, llm)


def with_password(url: str) -> str:
    # The local server trusts connections, so a password is accepted and must be masked.
    return url.replace("postgres@", "postgres:topsecret@", 1)
