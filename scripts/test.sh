#!/usr/bin/env bash
# The full test suite: type check, lint, prettier, OpenAPI contract, API reports, unit + integration tests (every store on
# PostgreSQL and SQLite), and the browser test (Debian Chromium driven by playwright-core against the example portal).
#
#   ./scripts/test.sh            # everything
#   ./scripts/test.sh --no-e2e   # skip the browser test
#   ./scripts/test.sh --node 22  # on Node 22 (or 24) from the npm registry, cached in .modelops-node/22;
#                                # same as MODELOPS_NODE=22 ./scripts/test.sh (see scripts/use-node.sh)
#   ./scripts/test.sh --no-adoption # skip the adoption test (scripts/adoption-test.sh; ~8.5 minutes)
#
# Needs: Node 20+, a PostgreSQL server the current user can reach (default postgresql://postgres@127.0.0.1:5432/postgres,
# override with MODELOPS_TEST_PG; a local Debian cluster that is down is started), a Redis server (default
# redis://127.0.0.1:6379, override with MODELOPS_TEST_REDIS; a local redis-server that is down is started), and Debian's chromium for the
# browser test (installed with apt-get when missing and running as root; or set CHROMIUM_PATH), and Debian's mkdocs
# for the TechDocs scenario (installed the same way).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

RUN_E2E=1
RUN_ADOPTION="${MODELOPS_ADOPTION:-1}"
NODE_ARG_NEXT=0
for arg in "$@"; do
  if [ "$NODE_ARG_NEXT" = 1 ]; then MODELOPS_NODE="$arg"; NODE_ARG_NEXT=0; continue; fi
  case "$arg" in
    --no-e2e) RUN_E2E=0 ;;
    --node) NODE_ARG_NEXT=1 ;;
    --node=*) MODELOPS_NODE="${arg#--node=}" ;;
    --adoption) RUN_ADOPTION=1 ;;
    --no-adoption) RUN_ADOPTION=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

# Another Node major (--node 22 / MODELOPS_NODE=22): installed from the registry and put first on PATH.
# Native addons are rebuilt whenever they do not load on the Node in use (also when switching back).
. scripts/use-node.sh
if [ -n "${MODELOPS_NODE:-}" ]; then modelops_use_node "$MODELOPS_NODE"; fi

if [ ! -d node_modules ] || [ yarn.lock -nt node_modules/.yarn-state.yml ]; then
  echo "==> yarn install"
  yarn install --immutable
fi
modelops_check_native_modules

export MODELOPS_TEST_PG="${MODELOPS_TEST_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
# A local Debian PostgreSQL cluster that is down is started (the tests need a real server).
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters --no-header 2>/dev/null | while read -r ver name _port status _rest; do
    if [ "$status" != "online" ]; then
      echo "==> starting PostgreSQL $ver/$name"
      pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start || true
    fi
  done
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && break; sleep 1; done
fi
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$MODELOPS_TEST_PG"
# Redis for the shared-cache tests (backend.cache store: redis); a local redis-server that is down is started.
export MODELOPS_TEST_REDIS="${MODELOPS_TEST_REDIS:-redis://127.0.0.1:6379}"
if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 \
  && ! redis-cli -u "$MODELOPS_TEST_REDIS" ping >/dev/null 2>&1; then
  echo "==> starting redis-server"
  redis-server --bind 127.0.0.1 --port "$(node -e 'console.log(new URL(process.argv[1]).port || 6379)' "$MODELOPS_TEST_REDIS")" \
    --save '' --appendonly no --daemonize yes >/dev/null || true
  for _ in $(seq 1 10); do redis-cli -u "$MODELOPS_TEST_REDIS" ping >/dev/null 2>&1 && break; sleep 1; done
fi
if ! node -e "
  const { Client } = require('pg');
  const c = new Client({ connectionString: process.env.MODELOPS_TEST_PG, connectionTimeoutMillis: 3000 });
  c.connect().then(() => c.end()).catch(e => { console.error(e.message); process.exit(1); });
" ; then
  echo "PostgreSQL is not reachable at $MODELOPS_TEST_PG." >&2
  echo "Start it (pg_ctlcluster --skip-systemctl-redirect 15 main start) or set MODELOPS_TEST_PG; .ci/run does both." >&2
  exit 1
fi

# Quality gates: each one stops the run with what failed and how to fix it locally (docs/testing.md).
gate() {
  local name="$1" fix="$2"
  shift 2
  echo "==> $name"
  if ! "$@"; then
    echo "" >&2
    echo "FAILED: $name." >&2
    echo "$fix" >&2
    exit 1
  fi
}

# From scratch: an incremental build (dist-types/tsconfig.tsbuildinfo) can print the same types with
# their members in another order, and the API reports below are compared byte for byte.
rm -rf dist-types
gate "tsc" "Fix the type errors above; run 'yarn tsc' to check." \
  yarn tsc

gate "lint (backstage-cli repo lint)" \
  "Fix the errors above; 'yarn backstage-cli repo lint --fix' fixes many, 'yarn backstage-cli package lint' in one package checks it alone." \
  yarn backstage-cli repo lint

gate "prettier --check" "Run 'yarn prettier --write <files>' (or 'yarn prettier:fix' for the whole repo) and commit the result." \
  yarn prettier --check .

gate "OpenAPI (generated router up to date, spec valid, spec lint)" \
  "Edit plugins/modelops-backend/src/schema/openapi.yaml, then run 'yarn openapi:generate' in plugins/modelops-backend and commit both; 'yarn backstage-repo-tools repo schema openapi lint' shows lint problems." \
  bash -c 'cd plugins/modelops-backend && node scripts/openapi-generate.js --check && ../../node_modules/.bin/backstage-repo-tools package schema openapi validate && cd ../.. && yarn backstage-repo-tools repo schema openapi lint >/dev/null'

# Uses the type declarations 'yarn tsc' just wrote to dist-types/.
gate "API reports (backstage-repo-tools api-reports --ci)" \
  "A public API or CLI surface changed: run 'yarn build:api-reports' (or 'yarn build:api-reports:only' after 'yarn tsc'), review the report.api.md / cli-report.md diffs and commit them." \
  yarn build:api-reports:only --ci

gate "unit and integration tests (PostgreSQL 15 + SQLite)" "Fix the failing tests above; run one file with 'yarn backstage-cli package test <file>' in its package." \
  env CI=true yarn backstage-cli repo test --watchAll=false

if [ "$RUN_E2E" = 1 ]; then
  # The browser test drives Debian's chromium (no browser downloads). Install it when missing and we can.
  CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ ! -x "$CHROMIUM" ]; then
    if [ -z "${CHROMIUM_PATH:-}" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      echo "==> installing Debian chromium for the browser test"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
    if [ ! -x "$CHROMIUM" ]; then
      echo "Chromium not found at $CHROMIUM, and it could not be installed here." >&2
      echo "Install Debian's package as root (apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium binary," >&2
      echo "or run ./scripts/test.sh --no-e2e to skip the browser test." >&2
      exit 1
    fi
  fi
  # TechDocs in the example portal builds model cards with Debian's mkdocs (no PyPI here).
  if ! command -v mkdocs >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "==> installing Debian mkdocs for the TechDocs browser scenario"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mkdocs >/dev/null
  fi
  gate "browser test" "See the screenshots and logs in e2e-artifacts/; 'node e2e/run.js --skip-build' reruns it against the last app build." \
    node e2e/run.js
fi
# Adoption test (~8.5 minutes; skip with --no-adoption): pack the plugins, install them into a new create-app app
# (from the registry), add the backend lines of docs/install.md, check a Model page in Chromium.
if [ "$RUN_ADOPTION" = 1 ]; then
  gate "adoption test" "See the step that failed above; MODELOPS_ADOPT_DIR=/tmp/adopt ./scripts/adoption-test.sh keeps the new app to inspect." \
    ./scripts/adoption-test.sh
fi
echo "==> all tests passed"
