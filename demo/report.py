"""Prints what the demo did: progress while it runs, then steps, files and where outputs are."""

from typing import Any

from demo.workflow import DemoRun
from shared.models import STEP_ORDER

# Numbers the steps put in `{step}_result.json`, with the label the summary prints.
RESULT_LABELS = {
    "total_themes": "主题数",
    "total_questions": "生成问答对",
    "original_sql_count": "验证 SQL",
    "valid_sql_count": "有效 SQL",
    "invalid_sql_count": "无效 SQL",
    "loaded": "载入文档",
    "skipped_duplicates": "重复跳过",
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
        summary = ", ".join(f"{s.value}={steps[s.value]}" for s in STEP_ORDER if s.value in steps)
        print(f"  [{task.get('progress', 0):>3}%] {task.get('status')}: {summary}")


def print_summary(run: DemoRun) -> None:
    print()
    print(f"任务 {run.task_id}: {run.task.get('status')} (进度 {run.task.get('progress', 0)}%)")
    _print_headline(run)
    print("执行记录:")
    for execution in run.executions:
        _print_execution(execution, run.results.get(str(execution.get("step")), {}))
    _print_files(run.files)
    print(f"输出目录: {run.task.get('output_directory')}")


def headline(run: DemoRun) -> list[tuple[str, str]]:
    """The numbers a user asks first, from the steps' result files."""
    ddl, qa, val, load = (run.results.get(s.value, {}) for s in STEP_ORDER)
    rows = []
    if ddl:
        rows.append(
            ("已生成文档的表", f"{ddl.get('processed_successfully')}/{ddl.get('total_tables')}")
        )
    if qa:
        rows.append(("生成问答对", str(qa.get("total_questions"))))
    if val:
        rows.append(("验证后有效", f"{val.get('valid_sql_count')}/{val.get('original_sql_count')}"))
    if load:
        rows.append(("载入向量库", _number(load.get("loaded", {}))))
        rows.append(("已存在（按内容去重跳过）", _number(load.get("skipped_duplicates", 0))))
    durations = [e["duration"] for e in run.executions if e.get("duration") is not None]
    rows.append(("总耗时", f"{sum(durations):.2f}s"))
    return rows


def _print_headline(run: DemoRun) -> None:
    print("结果:")
    for label, value in headline(run):
        print(f"  {label}: {value}")


def _print_execution(execution: dict[str, Any], result: Any) -> None:
    duration = execution.get("duration")
    took = f"{duration}s" if duration is not None else "-"
    print(f"  - {execution.get('step')}: {execution.get('status')} ({took})")
    if execution.get("error_message"):
        print(f"      错误: {execution['error_message']}")
    for label, value in result_numbers(result):
        print(f"      {label}: {value}")


def result_numbers(result: Any) -> list[tuple[str, str]]:
    if not isinstance(result, dict):
        return []
    return [(RESULT_LABELS[k], _number(v)) for k, v in result.items() if k in RESULT_LABELS]


def _number(value: Any) -> str:
    # training_load reports counts per collection: {"ddl": 7, "documentation": 8, ...}.
    if isinstance(value, dict):
        parts = ", ".join(f"{kind} {count}" for kind, count in value.items())
        return f"{sum(v for v in value.values() if isinstance(v, int))} ({parts})"
    return str(value)


def _print_files(files: list[dict[str, Any]]) -> None:
    tables = sum(1 for f in files if str(f.get("file_name", "")).endswith(".ddl"))
    print(f"文件 ({len(files)} 个，已生成文档的表: {tables}):")
    for item in files:
        print(
            f"  - {item.get('file_name')} ({item.get('file_type')}, {item.get('file_size')} 字节)"
        )
