-- The gateway's first answer to an Idempotency-Key request, replayed exactly on a retry.
ALTER TABLE data_pipeline_commands ADD COLUMN IF NOT EXISTS http_status SMALLINT;
ALTER TABLE data_pipeline_commands ADD COLUMN IF NOT EXISTS http_response JSONB;
