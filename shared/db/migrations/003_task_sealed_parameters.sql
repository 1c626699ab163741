-- Secrets at rest: `parameters` holds the masked form; the original (DSN password, API keys)
-- is a Fernet token that only the services holding DP_SECRET_KEY can open.
ALTER TABLE data_pipeline_tasks ADD COLUMN IF NOT EXISTS sealed_parameters TEXT;
