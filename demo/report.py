"""Prints what the demo did: progress while it runs, then steps, files and where outputs are."""

from typing import Any

from demo.workflow import DemoRun

# Numbers a step may report in its result, with the label the summary prints.
RESULT_LABELS = {
    "tables_total": "表总数",
    "tables_succeeded": "成功的表",
    "tables_failed": "失败的表",
    "pairs": "生成问答对",
    "pairs_generated": "生成问答对",
    "themes": "主题数",
    "total_sql": "待验证 SQL",
    "valid_sql": "有效 SQL",
    "invalid_sql": "无效 SQL",
    "repaired_sql": "修复 SQL",
    "documents_loaded": "载入文档",
    "loaded": "载入文档",
}


class ProgressPrinter:
    """Prints a line whenever the task's progress or step states change."""

    def __init__(self) -> None:
        self._last: tuple[Any, ...] | None = None

    def __call__(self, task: dict[str, Any]) -> None:
        steps = task.get("step_status") or {}
        state = (task.get("status"), task.get("progress"), tuple(sorted(steps.items())))
        if state == self._last:
            return
        self._last = state
        summary = ", ".join(f"{step}={status}" for step, status in steps.items())
        print(f"  [{task.get('progress', 0):>3}%] {task.get('status')}: {summary}")


def print_summary(run: DemoRun) -> None:
    print()
    print(f"任务 {run.task_id}: {run.task.get('status')} (进度 {run.task.get('progress', 0)}%)")
    print("执行方式: " + ("完整工作流" if run.mode == "complete" else "逐步执行"))
    if run.skipped:
        print("跳过（尚未实现）: " + ", ".join(run.skipped))
    print("步骤:")
    for execution in run.executions:
        _print_execution(execution)
    _print_files(run.files)
    print(f"输出目录: {run.task.get('output_directory')}")


def _print_execution(execution: dict[str, Any]) -> None:
    duration = execution.get("duration")
    took = f"{duration}s" if duration is not None else "-"
    print(f"  - {execution.get('step')}: {execution.get('status')} ({took})")
    if execution.get("error_message"):
        print(f"      错误: {execution['error_message']}")
    for label, value in result_numbers(execution):
        print(f"      {label}: {value}")


def result_numbers(execution: dict[str, Any]) -> list[tuple[str, Any]]:
    result = execution.get("result") or execution.get("execution_result") or {}
    if not isinstance(result, dict):
        return []
    return [(RESULT_LABELS[key], value) for key, value in result.items() if key in RESULT_LABELS]


def _print_files(files: list[dict[str, Any]]) -> None:
    tables = sum(1 for f in files if str(f.get("file_name", "")).endswith(".ddl"))
    print(f"文件 ({len(files)} 个，已生成文档的表: {tables}):")
    for item in files:
        print(
            f"  - {item.get('file_name')} ({item.get('file_type')}, {item.get('file_size')} 字节)"
        )
