#!/usr/bin/env bash
# Adoption test: install ModelOps the way a platform team would, into a brand-new Backstage app.
#
#   1. build and pack the published packages (backstage-cli package build, yarn pack) into tarballs;
#   2. create a new app with @backstage/create-app (from the registry) in a temporary folder, and move its
#      @backstage/* packages to the release this repository is on (backstage.json);
#   3. yarn add the tarballs (they stand in for the registry) and add the backend lines docs/install.md gives;
#   4. build the app, start its backend (which serves the built app), and check in headless Chromium that a
#      kind: Model entity page renders its cards and tabs (scripts/adoption-browser.js, screenshot in
#      docs/screenshots/adoption-model-page.png).
#
#   ./scripts/adoption-test.sh             # work folder: a new mktemp -d, deleted on success
#   MODELOPS_ADOPT_DIR=/tmp/x ./scripts/adoption-test.sh   # keep everything there
#
# Runs on Node 22 from the registry (create-app refuses Node 20; see scripts/use-node.sh), or on the Node
# given with MODELOPS_NODE (22 or 24). Needs the repository's dependencies installed (for the build tools and
# playwright-core) and Debian's chromium (or CHROMIUM_PATH). Takes 8.5 minutes on 2 cores at load 4-5 (25 at load
# 8-12); see docs/testing.md. Part of ./scripts/test.sh --adoption.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
. scripts/env.sh
. scripts/use-node.sh
START=$(date +%s)
step() { echo "==> [adoption $(( $(date +%s) - START ))s] $*"; }

CREATE_APP_VERSION="${MODELOPS_CREATE_APP_VERSION:-0.9.2}"
# create-app 0.9.2 refuses Node 20; the new app declares engines 22 || 24.
modelops_use_node "${MODELOPS_NODE:-22}"
# corepack would otherwise fetch the newest Yarn and fail to verify its signature through the registry.
export COREPACK_DEFAULT_TO_LATEST=0

if [ -n "${MODELOPS_ADOPT_DIR:-}" ]; then
  WORK="$MODELOPS_ADOPT_DIR"
  rm -rf "$WORK"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d -t modelops-adoption-XXXXXX)"
fi
echo "work folder: $WORK"
PKGS="$WORK/packages"
APP="$WORK/my-app"
mkdir -p "$PKGS"

if [ ! -d node_modules ]; then
  step "yarn install (this repository)"
  yarn install --immutable
fi
# No native-module check here: building and packing need none, and rebuilding this repository's
# better-sqlite3 for Node 22 would break a Node 20 checkout's tests.

# 1. Build and pack. backstage-cli package build bundles the declarations from dist-types (yarn tsc).
step "yarn tsc (declarations for the package builds)"
yarn tsc
PLUGINS=(modelops-common modelops-node modelops-backend catalog-backend-module-modelops
  scaffolder-backend-module-modelops modelops)
for p in "${PLUGINS[@]}"; do
  step "build and pack plugins/$p"
  (
    cd "plugins/$p"
    yarn backstage-cli package build >/dev/null
    name="$(node -p "require('./package.json').name.replace(/^@/, '').replace('/', '-')")"
    yarn pack --out "$PKGS/$name.tgz" >/dev/null
  )
done
ls -l "$PKGS"
tgz() { echo "$PKGS/modelops-$1.tgz"; }

# 2. A brand-new app, as `npx @backstage/create-app` makes it.
step "create-app $CREATE_APP_VERSION"
(cd "$WORK" && echo my-app | npx -y "@backstage/create-app@$CREATE_APP_VERSION" --skip-install --path ./my-app >"$WORK/create-app.log" 2>&1) ||
  { cat "$WORK/create-app.log"; exit 1; }
cd "$APP"
export YARN_ENABLE_IMMUTABLE_INSTALLS=false
# create-app seeds yarn.lock from the internet, which this machine cannot reach; this repository's lockfile
# (same Backstage release) plays that part, so transitive versions are ones known to exist on the registry.
cp "$ROOT/yarn.lock" yarn.lock
# The @modelops packages the added ones depend on are not on a registry either: resolve them to the tarballs.
node - "$PKGS" <<'EOF'
const fs = require('fs');
const pkgs = process.argv[2];
const pj = JSON.parse(fs.readFileSync('package.json', 'utf8'));
pj.resolutions = pj.resolutions || {};
for (const f of fs.readdirSync(pkgs)) {
  const name = `@modelops/${f.replace(/^modelops-/, '').replace(/\.tgz$/, '')}`;
  pj.resolutions[name] = `file:${pkgs}/${f}`;
}
fs.writeFileSync('package.json', `${JSON.stringify(pj, null, 2)}\n`);
EOF

# 3. The packages, with the commands docs/install.md gives (a tarball instead of a registry version).
step "yarn add (backend packages, resolution only)"
yarn --cwd packages/backend add --mode=update-lockfile \
  "@modelops/plugin-catalog-backend-module-modelops@$(tgz plugin-catalog-backend-module-modelops)" \
  "@modelops/plugin-scaffolder-backend-module-modelops@$(tgz plugin-scaffolder-backend-module-modelops)" \
  "@modelops/plugin-modelops-backend@$(tgz plugin-modelops-backend)" >"$WORK/yarn-add.log" 2>&1 ||
  { tail -40 "$WORK/yarn-add.log"; exit 1; }
step "yarn add (frontend package, resolution only)"
yarn --cwd packages/app add --mode=update-lockfile \
  "@modelops/plugin-modelops@$(tgz plugin-modelops)" >>"$WORK/yarn-add.log" 2>&1 ||
  { tail -40 "$WORK/yarn-add.log"; exit 1; }
# create-app 0.9.2 is Backstage 1.55; move every @backstage/* package to the newest release, as
# docs/install.md asks for (and as this repository did), then install once.
step "yarn up '@backstage/*' and install"
yarn up '@backstage/*' >"$WORK/yarn-up.log" 2>&1 || { tail -60 "$WORK/yarn-up.log"; exit 1; }
node -e "
  const want = require('$ROOT/node_modules/@backstage/frontend-plugin-api/package.json').version;
  const got = require('./node_modules/@backstage/frontend-plugin-api/package.json').version;
  console.log('@backstage/frontend-plugin-api: repo ' + want + ', new app ' + got);
"
echo "{ \"version\": \"$(node -p "require('$ROOT/backstage.json').version")\" }" >backstage.json

# The backend lines, taken from docs/install.md itself so the test fails when the docs go wrong.
grep -E "^backend\.add\(import\('@modelops/" "$ROOT/docs/install.md" >"$WORK/backend-lines.ts"
[ "$(wc -l <"$WORK/backend-lines.ts")" -ge 3 ] || { echo "docs/install.md lost its backend lines" >&2; exit 1; }
node - "$WORK/backend-lines.ts" <<'EOF'
const fs = require('fs');
const file = 'packages/backend/src/index.ts';
const src = fs.readFileSync(file, 'utf8');
const lines = fs.readFileSync(process.argv[2], 'utf8');
if (!src.includes('backend.start();')) throw new Error(`${file}: no backend.start()`);
fs.writeFileSync(file, src.replace('backend.start();', `// ModelOps (docs/install.md)\n${lines}\nbackend.start();`));
EOF

# Config: the docs' catalog rule for kind Model, this repository's example catalog, a port of its own, and a
# random read-only token so the browser script can wait for the catalog to ingest the example models.
PORT="${MODELOPS_ADOPT_PORT:-7027}"
TOKEN="$(node -p "require('crypto').randomBytes(24).toString('base64url')")"
cat >app-config.adoption.yaml <<EOF
app:
  baseUrl: http://localhost:$PORT
backend:
  baseUrl: http://localhost:$PORT
  listen: { port: $PORT }
  auth:
    externalAccess:
      - type: static
        options: { token: $TOKEN, subject: adoption-test }
        accessRestrictions:
          - plugin: catalog
            permission: catalog.entity.read
catalog:
  rules:
    - allow: [Component, System, API, Resource, Location, Group, User, Model, Domain]
  locations:
    - type: file
      target: $ROOT/examples/all.yaml
EOF

step "type check the new app (yarn tsc)"
yarn tsc >"$WORK/tsc.log" 2>&1 || { tail -40 "$WORK/tsc.log"; exit 1; }

# 4. Build the app, start the backend (it serves the built app through the app-backend plugin).
step "build the app"
APP_CONFIG_app_baseUrl="http://localhost:$PORT" APP_CONFIG_backend_baseUrl="http://localhost:$PORT" \
  yarn workspace app build >"$WORK/app-build.log" 2>&1 || { tail -40 "$WORK/app-build.log"; exit 1; }

step "start the backend and open a Model page in Chromium"
(
  cd packages/backend
  NODE_ENV=development exec node --require "$APP/node_modules/@backstage/cli/config/nodeTransform.cjs" src/index.ts \
    --config ../../app-config.yaml --config ../../app-config.adoption.yaml
) >"$WORK/backend.log" 2>&1 &
BACKEND_PID=$!
trap 'kill "$BACKEND_PID" 2>/dev/null || true' EXIT
if ! ADOPT_BASE="http://localhost:$PORT" ADOPT_TOKEN="$TOKEN" ADOPT_ROOT="$ROOT" node "$ROOT/scripts/adoption-browser.js"; then
  echo "backend log: $WORK/backend.log" >&2
  tail -40 "$WORK/backend.log" >&2
  exit 1
fi
kill "$BACKEND_PID" 2>/dev/null || true
wait "$BACKEND_PID" 2>/dev/null || true
trap - EXIT
step "adoption test passed in $(( $(date +%s) - START ))s"
if [ -z "${MODELOPS_ADOPT_DIR:-}" ]; then rm -rf "$WORK"; fi
