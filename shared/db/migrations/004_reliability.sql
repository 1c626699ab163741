-- Reliability (issue 13): one execution per command, and when an execution's command was
-- last sent (published, re-published by the janitor, handed back), so a queued execution whose
-- command is nowhere can be found and re-sent.
CREATE UNIQUE INDEX IF NOT EXISTS uq_executions_command_id
    ON data_pipeline_task_executions(command_id) WHERE command_id IS NOT NULL;
ALTER TABLE data_pipeline_task_executions ADD COLUMN IF NOT EXISTS dispatched_at TIMESTAMP;
ALTER TABLE data_pipeline_task_executions ADD COLUMN IF NOT EXISTS dispatches INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS idx_executions_queued
    ON data_pipeline_task_executions(queued_at) WHERE status = 'queued';
