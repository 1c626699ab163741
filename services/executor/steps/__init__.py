"""The four steps, each a module exposing `async def run(ctx) -> dict`."""

import importlib
from collections.abc import Awaitable, Callable
from typing import Any

from services.executor.context import StepContext
from shared.models import StepName

StepRunner = Callable[[StepContext], Awaitable[dict[str, Any]]]


def runner_for(step: StepName) -> StepRunner:
    """Resolved at run time so a step module is imported only by the executor that runs it."""
    module = importlib.import_module(f"services.executor.steps.{step.value}")
    runner: StepRunner = module.run
    return runner
