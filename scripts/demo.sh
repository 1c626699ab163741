#!/usr/bin/env bash
# Runs the whole pipeline end to end on the sample highway_db database (see README.md).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
prepare

export DP_DATABASE_URL="${DP_DATABASE_URL:-$DEFAULT_DATABASE_URL}"
export DP_AMQP_URL="${DP_AMQP_URL:-$DEFAULT_AMQP_URL}"
export DP_BUSINESS_DATABASE_URL="${DP_BUSINESS_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/highway_db}"

say "creating the app database if missing"
"$PY" -c 'import asyncio, os; from demo.sample_db.database import ensure_database; asyncio.run(ensure_database(os.environ["DP_DATABASE_URL"]))'
say "building the sample business database"
"$PY" -m demo.highway_db
say "running the demo"
exec "$PY" -m demo "$@"
