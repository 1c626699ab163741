"""The four steps, each a package exposing `async def run(ctx) -> dict`; the table that maps a
step's name to its `run` is `step_runner.STEPS`."""

from services.executor.steps import ddl_generation, qa_generation, sql_validation, training_load

__all__ = ["ddl_generation", "qa_generation", "sql_validation", "training_load"]
