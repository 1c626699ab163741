-- Progress of a long command (vector backup / restore) while it runs, shown on GET /commands/{id}.
ALTER TABLE data_pipeline_commands ADD COLUMN IF NOT EXISTS progress JSONB;
