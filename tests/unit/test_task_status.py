import pytest

from shared.models import StepName, TaskStatus, band_progress, derive_task_status

P, R, C, F, X, S = "pending", "running", "completed", "failed", "cancelled", "skipped"


@pytest.mark.parametrize(
    ("ddl", "qa", "val", "load", "expected"),
    [
        (P, P, P, P, TaskStatus.pending),  # nothing ran yet
        (R, P, P, P, TaskStatus.in_progress),  # a running step wins
        (C, R, P, P, TaskStatus.in_progress),
        (
            C,
            P,
            P,
            P,
            TaskStatus.partial_completed,
        ),  # step mode: only ddl done (the original left it in_progress)
        (C, C, P, P, TaskStatus.partial_completed),
        (C, C, C, C, TaskStatus.completed),
        (C, C, S, S, TaskStatus.completed),  # disabled steps count as done
        (C, F, P, P, TaskStatus.failed),
        (C, X, P, P, TaskStatus.cancelled),
        (C, F, P, R, TaskStatus.in_progress),  # re-running while an old failure is recorded
    ],
)
def test_task_status_follows_steps(ddl, qa, val, load, expected):
    steps = {
        "ddl_generation": ddl,
        "qa_generation": qa,
        "sql_validation": val,
        "training_load": load,
    }
    assert derive_task_status(steps) is expected


def test_progress_bands_map_fractions_into_the_step_band():
    assert band_progress(StepName.ddl_generation, 0) == 0
    assert band_progress(StepName.ddl_generation, 1) == 40
    assert band_progress(StepName.qa_generation, 0.5) == 55
    assert band_progress(StepName.training_load, 2.0) == 100  # clamped
