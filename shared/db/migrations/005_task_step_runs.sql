-- Per-step record of the last run of each step (execution id, times, own last error, the task's
-- progress when it failed), so steps[] stays right in complete mode and across re-runs.
ALTER TABLE data_pipeline_tasks ADD COLUMN IF NOT EXISTS step_runs JSONB NOT NULL DEFAULT '{}';
