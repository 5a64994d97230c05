#!/usr/bin/env bash
# Installs dependencies and starts the example portal (embedded SQLite, example data, guest sign-in).
# Then open http://localhost:3000 and click ENTER on the guest sign-in.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
yarn install --immutable
exec yarn start
