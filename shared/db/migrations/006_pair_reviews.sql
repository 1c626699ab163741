-- Pair review (the console): one row per question/SQL pair of a task, keyed by the pair's
-- content (sha256 of question and SQL), so a review follows its pair when sql_validation
-- rewrites the file and an edited pair is a new pair to review.
CREATE TABLE IF NOT EXISTS data_pipeline_pair_reviews (
    task_id VARCHAR(32) NOT NULL REFERENCES data_pipeline_tasks (id) ON DELETE CASCADE,
    pair_key CHAR(64) NOT NULL,
    review_state VARCHAR(16) CHECK (review_state IN ('approved', 'rejected')),
    reviewed_by VARCHAR(100),
    reviewed_at TIMESTAMP,
    -- the last re-validation of this exact pair (NULL: only the step's report knows)
    valid BOOLEAN,
    error_message TEXT,
    row_count BIGINT,
    checked_at TIMESTAMP,
    PRIMARY KEY (task_id, pair_key)
);
