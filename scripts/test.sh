#!/usr/bin/env bash
# The full test suite: type check, unit + integration tests (every store on PostgreSQL and SQLite),
# and the browser test (Debian Chromium driven by playwright-core against the example portal).
#
#   ./scripts/test.sh            # everything
#   ./scripts/test.sh --no-e2e   # skip the browser test
#
# Needs: Node 20+, a PostgreSQL server the current user can reach (default postgresql://postgres@127.0.0.1:5432/postgres,
# override with MODELOPS_TEST_PG), and /usr/bin/chromium (or CHROMIUM_PATH) for the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

RUN_E2E=1
for arg in "$@"; do
  case "$arg" in
    --no-e2e) RUN_E2E=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ ! -d node_modules ] || [ yarn.lock -nt node_modules/.yarn-state.yml ]; then
  echo "==> yarn install"
  yarn install --immutable
fi

export MODELOPS_TEST_PG="${MODELOPS_TEST_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$MODELOPS_TEST_PG"
if ! node -e "
  const { Client } = require('pg');
  const c = new Client({ connectionString: process.env.MODELOPS_TEST_PG, connectionTimeoutMillis: 3000 });
  c.connect().then(() => c.end()).catch(e => { console.error(e.message); process.exit(1); });
" ; then
  echo "PostgreSQL is not reachable at $MODELOPS_TEST_PG." >&2
  echo "Start it (pg_ctlcluster --skip-systemctl-redirect 15 main start) or set MODELOPS_TEST_PG; .ci/run does both." >&2
  exit 1
fi

echo "==> tsc"
yarn tsc

echo "==> unit and integration tests (PostgreSQL 15 + SQLite)"
CI=true yarn backstage-cli repo test --watchAll=false

if [ "$RUN_E2E" = 1 ]; then
  echo "==> browser test"
  node e2e/run.js
fi
echo "==> all tests passed"
