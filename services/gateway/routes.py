"""The whole URL table: /api/v0/data_pipeline plus health, metrics and the OpenAPI document."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from pydantic import BaseModel

from services.gateway.handlers import (
    cancel,
    command_status,
    deletion,
    events,
    execution,
    file_upload,
    files,
    health,
    inspector,
    logs,
    openapi,
    pairs,
    table_list,
    tasks,
    training_data,
    training_writes,
    vector,
)
from services.gateway.handlers.inspector import DATABASE, TableDdlRequest, TablesRequest
from services.gateway.query_schemas import LogQueryBody, TaskQueryBody
from services.gateway.schemas import (
    CreateTaskFlat,
    ExecuteRequest,
    LogQuery,
    TableListRequest,
    TaskListQuery,
)
from services.gateway.views import API_BASE
from shared.vector_payloads import (
    TrainingCombinePayload,
    TrainingCreatePayload,
    TrainingDeletePayload,
    TrainingQueryPayload,
    TrainingSearchPayload,
    TrainingUpdatePayload,
    VectorBackupPayload,
    VectorRestorePayload,
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
TASK = f"{API_BASE}/tasks/{{task_id}}"
TRAINING = "/api/v0/training_data"  # the original's path, outside /data_pipeline
OPENAPI_PATH = "/api/openapi.json"
SSE, ANY = "text/event-stream", "*/*"


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler
    summary: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    produces: str = "application/json"  # the success media type (errors are always JSON)


# Fixed paths come before /tasks/{task_id}: aiohttp matches in registration order.
ROUTES: list[Route] = [
    Route("POST", f"{API_BASE}/tasks", tasks.create_task, "创建任务", CreateTaskFlat),
    Route("GET", f"{API_BASE}/tasks", tasks.list_tasks, "任务列表", query=TaskListQuery),
    Route("GET", f"{API_BASE}/tasks/active", tasks.active_task, "最近的运行中或已完成任务"),
    Route("POST", f"{API_BASE}/tasks/query", tasks.query_tasks, "高级任务查询", TaskQueryBody),
    Route(
        "POST",
        f"{API_BASE}/tasks/execute-complete",
        execution.execute_complete,
        "创建任务并执行完整工作流",
        CreateTaskFlat,
    ),
    Route("GET", f"{API_BASE}/events", events.all_events, "所有任务的实时事件 (SSE)", produces=SSE),
    Route("GET", TASK, tasks.get_task, "任务详情"),
    Route("GET", f"{TASK}/events", events.task_events, "任务的实时事件与日志 (SSE)", produces=SSE),
    Route("POST", f"{TASK}/execute", execution.execute_task, "执行步骤", ExecuteRequest),
    Route("GET", f"{TASK}/executions", execution.list_executions, "执行记录"),
    Route("GET", f"{TASK}/logs", logs.task_logs, "任务日志", query=LogQuery),
    Route("POST", f"{TASK}/logs/query", logs.query_logs, "高级日志查询", LogQueryBody),
    Route("GET", f"{TASK}/files", files.list_files, "文件列表"),
    Route("POST", f"{TASK}/files", file_upload.upload_file, "上传文件到任务目录"),
    Route(
        "GET", f"{TASK}/files/download/{{file_name}}", files.download_file, "下载文件", produces=ANY
    ),
    Route(
        "GET", f"{TASK}/files/{{file_name}}", files.download_file, "下载文件 (原路径)", produces=ANY
    ),
    Route("POST", f"{TASK}/upload-table-list", table_list.upload_table_list, "上传表清单文件"),
    Route("POST", f"{TASK}/table-list", table_list.post_table_list, "提交表清单", TableListRequest),
    Route("GET", f"{TASK}/table-list-info", table_list.table_list_info, "表清单信息"),
    # Cancel, deletion and command status (handlers/cancel.py, deletion.py, commands.py).
    Route("POST", f"{TASK}/cancel", cancel.cancel_task, "取消执行", cancel.CancelRequest),
    Route(
        "DELETE", f"{API_BASE}/tasks", deletion.delete_tasks, "批量删除任务", deletion.BatchDelete
    ),
    Route("DELETE", TASK, deletion.delete_task, "删除任务", deletion.SingleDelete),
    Route(
        "GET", f"{API_BASE}/commands/{{command_id}}", command_status.get_command, "命令状态与结果"
    ),
    # Vector store (handlers/vector.py, training_data.py): run by the executor over commands.
    Route("POST", f"{API_BASE}/vector/backup", vector.backup, "备份向量表", VectorBackupPayload),
    Route(
        "GET",
        f"{API_BASE}/vector/restore/list",
        vector.restore_list,
        "备份集列表",
        query=vector.RestoreListQuery,
    ),
    Route("POST", f"{API_BASE}/vector/restore", vector.restore, "恢复向量表", VectorRestorePayload),
    Route("GET", f"{TRAINING}/stats", training_data.stats, "训练数据统计"),
    Route("POST", f"{TRAINING}/query", training_data.query, "查询训练数据", TrainingQueryPayload),
    Route("POST", f"{TRAINING}/search", training_data.search, "检索预览", TrainingSearchPayload),
    Route(
        "POST", f"{TRAINING}/create", training_writes.create, "创建训练数据", TrainingCreatePayload
    ),
    Route(
        "POST", f"{TRAINING}/update", training_writes.update, "更新训练数据", TrainingUpdatePayload
    ),
    Route(
        "POST", f"{TRAINING}/delete", training_writes.delete, "删除训练数据", TrainingDeletePayload
    ),
    Route("POST", f"{TRAINING}/upload", training_writes.upload, "上传训练数据文件"),
    Route(
        "POST", f"{TRAINING}/combine", training_writes.combine, "合并重复", TrainingCombinePayload
    ),
    Route(
        "DELETE",
        f"{TRAINING}/tasks/{{task_id}}",
        training_writes.remove_task,
        "删除任务的训练数据",
    ),
    # The console (handlers/inspector.py, pairs.py): reads and pair edits over RPC.
    Route("POST", f"{DATABASE}/tables", inspector.list_tables, "业务库表清单", TablesRequest),
    Route("POST", f"{DATABASE}/table/ddl", inspector.table_ddl, "单表 DDL/MD", TableDdlRequest),
    Route("GET", f"{TASK}/pairs", pairs.list_pairs, "问答对与验证结果"),
    Route("POST", f"{TASK}/pairs/review", pairs.review_pairs, "批量审核", pairs.BulkReview),
    Route("PATCH", f"{TASK}/pairs/{{index}}", pairs.edit_pair, "编辑并重新验证", pairs.PairEdit),
    Route("POST", f"{TASK}/pairs/{{index}}/review", pairs.review_pair, "审核", pairs.Review),
    Route("GET", "/healthz", health.healthz, "存活检查"),
    Route("GET", "/readyz", health.readyz, "就绪检查"),
    Route("GET", "/metrics", health.metrics, "Prometheus 指标", produces="text/plain"),
]


def setup_routes(app: web.Application) -> None:
    for route in ROUTES:
        app.router.add_route(route.method, route.path, route.handler)
    app.router.add_get(OPENAPI_PATH, openapi.document_handler(ROUTES))
