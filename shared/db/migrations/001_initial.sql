-- Seed tables (seed 001) with seed 000's directory_exists/updated_at, plus execution liveness,
-- progress and cancel columns, and the commands table (outbox, idempotency, results, audit).

CREATE TABLE IF NOT EXISTS data_pipeline_tasks (
    id VARCHAR(32) PRIMARY KEY,
    task_type VARCHAR(50) NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'pending',
    parameters JSONB NOT NULL,
    result JSONB,
    error_message TEXT,
    step_status JSONB NOT NULL DEFAULT '{
        "ddl_generation": "pending",
        "qa_generation": "pending",
        "sql_validation": "pending",
        "training_load": "pending"
    }',
    output_directory TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    created_by VARCHAR(50),
    db_name VARCHAR(100),
    business_context TEXT,
    directory_exists BOOLEAN DEFAULT TRUE,
    updated_at TIMESTAMP NULL,
    progress SMALLINT NOT NULL DEFAULT 0,
    task_name VARCHAR(255),
    CONSTRAINT tasks_status_check CHECK (status IN
        ('pending', 'in_progress', 'partial_completed', 'completed', 'failed', 'cancelled')),
    CONSTRAINT tasks_progress_check CHECK (progress BETWEEN 0 AND 100)
);

CREATE TABLE IF NOT EXISTS data_pipeline_task_executions (
    id SERIAL PRIMARY KEY,
    task_id VARCHAR(32) REFERENCES data_pipeline_tasks(id) ON DELETE CASCADE,
    execution_step VARCHAR(50) NOT NULL,
    status VARCHAR(20) NOT NULL,
    started_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    completed_at TIMESTAMP,
    error_message TEXT,
    execution_result JSONB,
    execution_id VARCHAR(100) UNIQUE,
    force_executed BOOLEAN DEFAULT FALSE,
    files_cleaned BOOLEAN DEFAULT FALSE,
    queued_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    clean_previous BOOLEAN NOT NULL DEFAULT FALSE,
    options JSONB NOT NULL DEFAULT '{}',
    worker_id VARCHAR(100),
    heartbeat_at TIMESTAMP,
    attempt INTEGER NOT NULL DEFAULT 0,
    progress SMALLINT NOT NULL DEFAULT 0,
    cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
    command_id UUID,
    CONSTRAINT executions_status_check CHECK (status IN
        ('queued', 'running', 'completed', 'failed', 'cancelled', 'lost'))
);

-- At most one queued or running execution per task: the second execute is a 409.
CREATE UNIQUE INDEX IF NOT EXISTS uq_executions_one_active
    ON data_pipeline_task_executions(task_id) WHERE status IN ('queued', 'running');

CREATE TABLE IF NOT EXISTS data_pipeline_task_logs (
    id SERIAL PRIMARY KEY,
    task_id VARCHAR(32) REFERENCES data_pipeline_tasks(id) ON DELETE CASCADE,
    execution_id VARCHAR(100) REFERENCES data_pipeline_task_executions(execution_id) ON DELETE CASCADE,
    log_level VARCHAR(10) NOT NULL,
    message TEXT NOT NULL,
    step_name VARCHAR(50),
    module_name VARCHAR(100),
    function_name VARCHAR(100),
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    extra_data JSONB DEFAULT '{}',
    CONSTRAINT logs_level_check CHECK (log_level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'))
);

CREATE TABLE IF NOT EXISTS data_pipeline_task_outputs (
    id SERIAL PRIMARY KEY,
    task_id VARCHAR(32) REFERENCES data_pipeline_tasks(id) ON DELETE CASCADE,
    execution_id VARCHAR(100) REFERENCES data_pipeline_task_executions(execution_id) ON DELETE CASCADE,
    file_type VARCHAR(50) NOT NULL,
    file_name VARCHAR(255) NOT NULL,
    file_path TEXT NOT NULL,
    file_size BIGINT DEFAULT 0,
    content_hash VARCHAR(64),
    description TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    modified_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    is_primary BOOLEAN DEFAULT FALSE,
    is_downloadable BOOLEAN DEFAULT TRUE,
    step_name VARCHAR(50),
    CONSTRAINT outputs_task_file_unique UNIQUE (task_id, file_name)
);

CREATE TABLE IF NOT EXISTS data_pipeline_commands (
    command_id UUID PRIMARY KEY,
    command_type VARCHAR(30) NOT NULL,
    task_id VARCHAR(32),
    payload JSONB NOT NULL,
    issued_by VARCHAR(100),
    source VARCHAR(10) NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'pending',
    result JSONB,
    error_code VARCHAR(50),
    idempotency_key VARCHAR(200),
    request_hash VARCHAR(64),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    published_at TIMESTAMP,
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    CONSTRAINT commands_source_check CHECK (source IN ('http', 'amqp', 'system')),
    CONSTRAINT commands_status_check CHECK (status IN
        ('pending', 'published', 'processing', 'completed', 'failed', 'rejected'))
);

CREATE UNIQUE INDEX IF NOT EXISTS uq_commands_idempotency_key
    ON data_pipeline_commands(idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_commands_unpublished
    ON data_pipeline_commands(created_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS idx_commands_task_id ON data_pipeline_commands(task_id);

CREATE INDEX IF NOT EXISTS idx_tasks_status ON data_pipeline_tasks(status);
CREATE INDEX IF NOT EXISTS idx_tasks_created_at ON data_pipeline_tasks(created_at DESC);
CREATE INDEX IF NOT EXISTS idx_tasks_db_name ON data_pipeline_tasks(db_name);
CREATE INDEX IF NOT EXISTS idx_tasks_created_by ON data_pipeline_tasks(created_by);
CREATE INDEX IF NOT EXISTS idx_executions_task_id ON data_pipeline_task_executions(task_id);
CREATE INDEX IF NOT EXISTS idx_executions_step ON data_pipeline_task_executions(execution_step);
CREATE INDEX IF NOT EXISTS idx_executions_status ON data_pipeline_task_executions(status);
CREATE INDEX IF NOT EXISTS idx_executions_started_at ON data_pipeline_task_executions(started_at DESC);
CREATE INDEX IF NOT EXISTS idx_logs_task_id ON data_pipeline_task_logs(task_id);
CREATE INDEX IF NOT EXISTS idx_logs_execution_id ON data_pipeline_task_logs(execution_id);
CREATE INDEX IF NOT EXISTS idx_logs_timestamp ON data_pipeline_task_logs(timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_logs_level ON data_pipeline_task_logs(log_level);
CREATE INDEX IF NOT EXISTS idx_logs_step ON data_pipeline_task_logs(step_name);
CREATE INDEX IF NOT EXISTS idx_outputs_task_id ON data_pipeline_task_outputs(task_id);
CREATE INDEX IF NOT EXISTS idx_outputs_execution_id ON data_pipeline_task_outputs(execution_id);
CREATE INDEX IF NOT EXISTS idx_outputs_file_type ON data_pipeline_task_outputs(file_type);
CREATE INDEX IF NOT EXISTS idx_outputs_primary ON data_pipeline_task_outputs(is_primary) WHERE is_primary = TRUE;
