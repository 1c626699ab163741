#!/usr/bin/env bash
# Shared set-up for demo.sh and test.sh: the virtualenv, the install, PostgreSQL and RabbitMQ.
# Sourced, not run. Respects DP_DATABASE_URL / DP_AMQP_URL; otherwise uses (and if needed
# starts) the local services on 127.0.0.1:5432 and 127.0.0.1:5672.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
DEFAULT_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/data_pipeline"
DEFAULT_AMQP_URL="amqp://guest:guest@127.0.0.1:5672/"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

find_python() {
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  die "Python 3.11+ is required"
}

ensure_venv() {
  [ -x "$PY" ] && return 0
  local python; python="$(find_python)"
  say "creating $VENV"
  if ! "$python" -m venv "$VENV" 2>/dev/null; then
    # Debian ships venv/ensurepip separately.
    rm -rf "$VENV"
    as_root apt-get install -y -qq python3-venv >/dev/null || die "cannot create a venv: install python3-venv"
    "$python" -m venv "$VENV"
  fi
}

ensure_install() {
  # Reinstall only when pyproject.toml changed since the last install.
  local stamp="$VENV/.dp-installed" digest
  digest="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ] && return 0
  say "installing data-pipeline and its dev dependencies (quietly)"
  local log="$VENV/pip-install.log"
  # setuptools' editable-install warnings are noise here; the log is shown if pip fails.
  if ! (cd "$ROOT" && "$PY" -m pip install -q -e '.[dev]') >"$log" 2>&1; then
    cat "$log" >&2
    die "pip install failed"
  fi
  echo "$digest" >"$stamp"
}

# host and port of a URL, "host port" (defaults per scheme).
url_endpoint() {
  "$PY" - "$1" <<'PYEOF'
import sys
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
print(u.hostname or "127.0.0.1", u.port or {"amqp": 5672, "amqps": 5671}.get(u.scheme, 5432))
PYEOF
}

reachable() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_reachable() {  # name host port seconds
  local i
  for ((i = 0; i < $4; i++)); do
    reachable "$2" "$3" && return 0
    sleep 1
  done
  die "$1 is not reachable on $2:$3 after $4s"
}

is_local() { [ "$1" = "127.0.0.1" ] || [ "$1" = "localhost" ]; }

start_postgres() {
  if ! command -v pg_ctlcluster >/dev/null; then
    say "installing PostgreSQL (apt)"
    as_root apt-get install -y -qq postgresql >/dev/null || die "PostgreSQL is not installed"
    trust_local_postgres
  fi
  say "starting PostgreSQL"
  local version; version="$(ls /etc/postgresql | sort -V | tail -1)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
}

trust_local_postgres() {
  # Fresh demo machine only: let the `postgres` role in over loopback without a password,
  # like the default DSN expects. Never done to a PostgreSQL that was already installed.
  local hba; hba="$(ls /etc/postgresql/*/main/pg_hba.conf | sort -V | tail -1)"
  as_root sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
}

start_rabbitmq() {
  if ! command -v rabbitmq-server >/dev/null; then
    say "installing RabbitMQ (apt)"
    as_root apt-get install -y -qq rabbitmq-server >/dev/null || die "RabbitMQ is not installed"
  fi
  say "starting RabbitMQ"
  as_root rabbitmq-server -detached >/dev/null 2>&1 || true
}

ensure_service() {  # name url starter
  local host port
  read -r host port < <(url_endpoint "$2")
  reachable "$host" "$port" && return 0
  is_local "$host" || die "$1 at $host:$port is not reachable"
  "$3"
  wait_reachable "$1" "$host" "$port" 60
}

ensure_browser() {
  # The console's browser tests drive Debian's chromium (Playwright cannot download its own
  # browser here); wqy-microhei gives it CJK glyphs, else screenshots show boxes.
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} (apt)"
  as_root apt-get update -qq >/dev/null || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
    "${missing[@]}" >/dev/null || die "cannot install ${missing[*]}"
}

ensure_services() {
  ensure_service PostgreSQL "${DP_DATABASE_URL:-$DEFAULT_DATABASE_URL}" start_postgres
  ensure_service RabbitMQ "${DP_AMQP_URL:-$DEFAULT_AMQP_URL}" start_rabbitmq
}

prepare() {
  cd "$ROOT"
  ensure_venv
  ensure_install
  ensure_services
}
