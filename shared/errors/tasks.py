"""Errors about tasks, their executions and their commands."""

from shared.errors.base import DomainError


class TaskNotFound(DomainError):
    error_code = "TASK_NOT_FOUND"
    default_message = "任务不存在"

    def __init__(self, task_id: str) -> None:
        super().__init__(f"任务不存在: {task_id}", task_id=task_id)


class NoActiveTask(DomainError):
    """GET /tasks/active when no task is running or completed."""

    error_code = "TASK_NOT_FOUND"
    default_message = "当前没有运行中或已完成的任务"


class FileNotFound(DomainError):
    error_code = "FILE_NOT_FOUND"
    default_message = "文件不存在"


class TaskRunning(DomainError):
    error_code = "TASK_RUNNING"
    default_message = "任务正在运行中"

    def __init__(self, task_id: str, current_status: str, message: str | None = None) -> None:
        super().__init__(message, task_id=task_id, current_status=current_status)


class StepDependency(DomainError):
    error_code = "STEP_DEPENDENCY"
    default_message = "前置步骤未完成"


class StepFailed(DomainError):
    """Raised inside a step: the step's own, expected failure (recorded, not a crash)."""

    error_code = "STEP_FAILED"
    default_message = "步骤执行失败"


class ExecutionFailedError(DomainError):
    """An execution's outcome: a step failed (the command is failed, the error is the step's)."""

    error_code = "EXECUTION_FAILED"
    default_message = "执行失败"


class ExecutionCancelledError(DomainError):
    error_code = "EXECUTION_CANCELLED"
    default_message = "执行已取消"


class ExecutionLostError(DomainError):
    """The janitor declared the execution lost (stale heartbeat); this executor stopped it."""

    error_code = "EXECUTION_LOST"
    default_message = "执行已失联"


class AttemptsExhausted(DomainError):
    """Its executor stopped answering on every attempt (DP_MAX_ATTEMPTS)."""

    error_code = "EXECUTION_LOST"
    default_message = "执行已丢失,重试次数已用尽"


class NoActiveExecution(DomainError):
    """Cancel asked for a task that has no queued or running execution."""

    error_code = "NO_ACTIVE_EXECUTION"
    default_message = "任务当前没有正在执行的步骤"


class CancelTimeout(DomainError):
    """A forced delete asked the running execution to stop, and it did not stop in time."""

    error_code = "CANCEL_TIMEOUT"
    default_message = "任务未能在限定时间内停止,无法删除"


class CommandNotFound(DomainError):
    error_code = "COMMAND_NOT_FOUND"
    default_message = "命令不存在"


class CommandLost(DomainError):
    """A queued execution's command reached no executor, even after being sent again."""

    error_code = "COMMAND_LOST"
    default_message = "执行命令未送达执行器,已放弃"


class DeleteFailed(DomainError):
    """The file system refused to remove a task directory (permissions, busy files)."""

    error_code = "DELETE_FAILED"
    default_message = "删除操作失败"
