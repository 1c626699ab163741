#!/usr/bin/env bash
# Runs the test suite against real PostgreSQL and RabbitMQ (extra arguments go to pytest).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
prepare
ensure_browser

# The test fixtures create their own databases and AMQP names on these servers.
if [ -n "${DP_DATABASE_URL:-}" ]; then export DP_TEST_PG_URL="${DP_TEST_PG_URL:-$DP_DATABASE_URL}"; fi
if [ -n "${DP_AMQP_URL:-}" ]; then export DP_TEST_AMQP_URL="${DP_TEST_AMQP_URL:-$DP_AMQP_URL}"; fi
exec "$PY" -m pytest -q "$@"
