#!/usr/bin/env bash
# Install what the tests need and run them all: API/domain/solver tests on SQLite and, beside
# them, the same API tests on PostgreSQL when it listens on 127.0.0.1:5432, the bounded schemathesis run
# over the OpenAPI document, then the browser journeys.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'

if ! [ -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "WARNING: /usr/bin/chromium is missing and cannot be installed here; browser tests will be skipped." >&2
  fi
fi

# The SQLite and PostgreSQL runs share nothing (each has its own temporary var/ folder and
# database), so on a machine with two cores or more they run side by side: each writes to its
# own log, printed whole when both have ended, so the output never interleaves.
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
PG_URL=${CARERUN_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
PG_UP=0
.venv/bin/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null && PG_UP=1

env -u DATABASE_URL .venv/bin/python -m pytest tests >"$LOGS/sqlite" 2>&1 &
SQLITE_JOB=$!
if [ "$PG_UP" = 1 ]; then
  DATABASE_URL="$PG_URL" .venv/bin/python -m pytest tests --ignore=tests/solver >"$LOGS/pg" 2>&1 &
  PG_JOB=$!
fi
SQLITE_RC=0; wait "$SQLITE_JOB" || SQLITE_RC=$?
echo "== tests on SQLite"
cat "$LOGS/sqlite"
PG_RC=0
if [ "$PG_UP" = 1 ]; then
  wait "$PG_JOB" || PG_RC=$?
  echo "== tests on PostgreSQL ($PG_URL)"
  cat "$LOGS/pg"
else
  echo "== PostgreSQL is not reachable on 127.0.0.1:5432: skipping the PostgreSQL run"
fi
[ "$SQLITE_RC" = 0 ] && [ "$PG_RC" = 0 ] || exit 1

echo "== API schema run (schemathesis: a few examples per operation, as admin and as carer)"
env -u DATABASE_URL .venv/bin/python -m pytest tests_schema

echo "== browser journeys (Chromium)"
env -u DATABASE_URL .venv/bin/python -m pytest e2e
