# ruff: noqa: W291, W293 - the documents' text, trailing spaces included
"""The seed documents' own examples, copied verbatim (shared/seeds/001_*.txt and 000_*.txt).

Each curl command is paired with the status code the document gives for it; the Python client
of doc 000 is kept as one block. Tests change only the host and port."""

DOC_001_TASK = "task_20250627_143052"  # the id every doc 001 example uses
DOC_000_TASKS = ("task_20250702_173932", "task_20250702_174521")

# Doc 001, "usage": step by step (each waits for the previous step, as the doc says).
# The create and execute-complete examples elide their parameters as `{...}`: not JSON, so the
# document's own text is a 400 (VALIDATION_ERROR), listed in docs/api.md.
DOC_001_CURL = [
    (
        """curl -X POST /api/v0/data_pipeline/tasks \\
-d '{"task_type": "data_workflow", "parameters": {...}}'""",
        400,
    ),
    (
        """curl -X POST /api/v0/data_pipeline/tasks/task_20250627_143052/execute \\
-d '{"step": "ddl_generation"}'""",
        202,
    ),
    (
        """curl -X POST /api/v0/data_pipeline/tasks/task_20250627_143052/execute \\
-d '{"step": "qa_generation"}'""",
        202,
    ),
    (
        """curl -X POST /api/v0/data_pipeline/tasks/task_20250627_143052/execute \\
-d '{"step": "qa_generation", "clean_previous": true}'""",
        202,
    ),
    (
        """curl -X POST /api/v0/data_pipeline/tasks/task_20250627_143052/execute \\
-d '{"step": "sql_validation"}'""",
        202,
    ),
    (
        """curl -X POST /api/v0/data_pipeline/tasks/task_20250627_143052/execute \\
-d '{"step": "training_load"}'""",
        202,
    ),
    (
        """curl -X POST /api/v0/data_pipeline/tasks/execute-complete \\
-d '{"task_type": "complete_workflow", "parameters": {...}}'""",
        400,
    ),
]

# Doc 001's request bodies of the endpoint sections (sent as JSON).
DOC_001_CREATE = {
    "task_type": "data_workflow",
    "table_list_file": "tables.txt",
    "business_context": "高速公路服务区管理系统",
    "db_name": "highway_db",
    "enable_sql_validation": True,
    "enable_llm_repair": True,
    "modify_original_file": True,
    "enable_training_data_load": True,
}
DOC_001_EXECUTE = {"step": "ddl_generation", "force_execute": False, "clean_previous": True}
DOC_001_EXECUTE_COMPLETE = {
    "task_type": "complete_workflow",
    "table_list_file": "tables.txt",
    "business_context": "高速公路服务区管理系统",
    "db_name": "highway_db",
}
DOC_001_GETS = [
    "/api/v0/data_pipeline/tasks",
    "/api/v0/data_pipeline/tasks/{task_id}",
    "/api/v0/data_pipeline/tasks/{task_id}/executions",
    "/api/v0/data_pipeline/tasks/active",
    "/api/v0/data_pipeline/tasks/{task_id}/logs?limit=100&level=INFO",
    "/api/v0/data_pipeline/tasks/{task_id}/files",
]

# Doc 000, "使用示例" 1 and 2.
DOC_000_CURL = [
    (
        """curl -X DELETE \\
  http://localhost:8084/api/v0/data_pipeline/tasks/task_20250702_173932 \\
  -H "Content-Type: application/json" \\
  -d '{
    "confirm": true,
    "delete_database_records": false
  }'""",
        200,
    ),
    (
        """curl -X DELETE \\
  http://localhost:8084/api/v0/data_pipeline/tasks/task_20250702_173932 \\
  -H "Content-Type: application/json" \\
  -d '{
    "confirm": true,
    "delete_database_records": true
  }'""",
        200,
    ),
    (
        """curl -X DELETE \\
  http://localhost:8084/api/v0/data_pipeline/tasks \\
  -H "Content-Type: application/json" \\
  -d '{
    "task_ids": ["task_20250702_173932", "task_20250702_174521"],
    "confirm": true,
    "delete_database_records": false,
    "continue_on_error": true
  }'""",
        200,
    ),
]

# Doc 000, "3. Python客户端示例", verbatim.
DOC_000_PYTHON = '''
import requests

def delete_task(task_id, delete_db_records=False):
    """删除单个任务"""
    url = f"http://localhost:8084/api/v0/data_pipeline/tasks/{task_id}"
    payload = {
        "confirm": True,
        "delete_database_records": delete_db_records
    }
    
    response = requests.delete(url, json=payload)
    return response.json()

def delete_tasks_batch(task_ids, delete_db_records=False):
    """批量删除任务"""
    url = "http://localhost:8084/api/v0/data_pipeline/tasks"
    payload = {
        "task_ids": task_ids,
        "confirm": True,
        "delete_database_records": delete_db_records,
        "continue_on_error": True
    }
    
    response = requests.delete(url, json=payload)
    return response.json()

# 使用示例
result = delete_task("task_20250702_173932")
print(result)

batch_result = delete_tasks_batch([
    "task_20250702_173932", 
    "task_20250702_174521"
])
print(batch_result)
'''
