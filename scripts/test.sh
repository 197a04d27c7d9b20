#!/usr/bin/env bash
# Install what the tests need and run them all: API/domain/solver tests on SQLite, the same
# API tests again on PostgreSQL when it listens on 127.0.0.1:5432, the bounded schemathesis run
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

echo "== tests on SQLite"
env -u DATABASE_URL .venv/bin/python -m pytest tests

PG_URL=${CARERUN_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
if .venv/bin/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then
  echo "== tests on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" .venv/bin/python -m pytest tests --ignore=tests/solver
else
  echo "== PostgreSQL is not reachable on 127.0.0.1:5432: skipping the PostgreSQL run"
fi

echo "== API schema run (schemathesis: a few examples per operation, as admin and as carer)"
env -u DATABASE_URL .venv/bin/python -m pytest tests_schema

echo "== browser journeys (Chromium)"
env -u DATABASE_URL .venv/bin/python -m pytest e2e
