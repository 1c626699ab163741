"""The step's result artifact and its human-readable training_load_{ts}.log."""

from dataclasses import asdict, dataclass
from typing import Any

from services.executor.steps.training_load.collect import FileReport
from services.executor.steps.training_load.loading import LoadCounts
from services.executor.vectors.backup import VectorBackup

KINDS = ("ddl", "documentation", "sql")


@dataclass
class LoadOutcome:
    training_data_dir: str
    files: list[FileReport]
    counts: LoadCounts
    backup: VectorBackup | None
    embedding: str
    vector_db: str
    duration: float = 0.0

    def fill_file_counts(self) -> None:
        for report in self.files:
            report.loaded = self.counts.loaded_by_file[report.file]
            report.skipped_duplicates = self.counts.skipped_by_file[report.file]


def result(outcome: LoadOutcome, log_file: str) -> dict[str, Any]:
    backup = outcome.backup
    return {
        "training_data_dir": outcome.training_data_dir,
        "load_successful": True,
        "loaded": {kind: outcome.counts.loaded[kind] for kind in KINDS},
        "skipped_duplicates": outcome.counts.skipped,
        "files": [asdict(f) for f in outcome.files],
        "vector_backup": backup.as_dict() if backup else None,
        "truncated_rows": backup.truncated_rows if backup else 0,
        "embedding": outcome.embedding,
        "log_file": log_file,
        "duration": outcome.duration,
    }


def file_line(f: FileReport) -> str:
    line = f"  {f.file} [{f.collection}] 文档 {f.documents}, 新增 {f.loaded}"
    line += f", 重复跳过 {f.skipped_duplicates}"
    return line + (f", 错误: {f.error}" if f.error else "")


def _backup_lines(backup: VectorBackup | None) -> list[str]:
    if backup is None:
        return ["向量表备份: 未执行"]
    lines = [f"向量表备份: {backup.backup_directory}/"]
    for t in backup.tables_backed_up.values():
        lines.append(f"  {t.table}: {t.row_count} 行 -> {t.backup_file} ({t.file_size} 字节)")
    truncated = f"已清空 ({backup.truncated_rows} 行)" if backup.truncate_performed else "未执行"
    return [*lines, f"清空 langchain_pg_embedding: {truncated}"]


def render_log(outcome: LoadOutcome, task_id: str, ts: str) -> str:
    loaded = ", ".join(f"{kind}={outcome.counts.loaded[kind]}" for kind in KINDS)
    lines = [
        f"=== training_load {ts} ===",
        f"任务ID: {task_id}",
        f"训练数据目录: {outcome.training_data_dir}",
        f"向量数据库: {outcome.vector_db}",
        f"嵌入模型: {outcome.embedding}",
        *_backup_lines(outcome.backup),
        "文件:",
        *(file_line(f) for f in outcome.files),
        f"本次新增: {loaded}; 重复跳过: {outcome.counts.skipped}",
        f"耗时: {outcome.duration:.2f}s",
    ]
    return "\n".join(lines) + "\n"
