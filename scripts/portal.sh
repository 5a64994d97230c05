#!/usr/bin/env bash
# Installs dependencies and starts the example portal (embedded SQLite, example data, guest sign-in).
# Then open http://localhost:3000 and click ENTER on the guest sign-in.
#
# Data (approvals, audit trail, exemptions, drift runs) is kept in .modelops-data/ (git-ignored) and
# survives restarts; delete that folder while the portal is stopped to start from scratch.
#
# No service token is configured by default. For drift pipelines or `modelops drift --push`, set a
# random one first; this script then also loads app-config.token.yaml (restricted to drift submission):
#   export MODELOPS_TOKEN=$(node -p "require('crypto').randomBytes(24).toString('base64url')")
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

config=()
if [ -n "${MODELOPS_TOKEN:-}" ]; then
  if [ "$MODELOPS_TOKEN" = "modelops-example-token-change-me" ] || [ "${#MODELOPS_TOKEN}" -lt 24 ]; then
    echo "MODELOPS_TOKEN must be a random secret of at least 24 characters (see the comment at the top of $0)" >&2
    exit 2
  fi
  # --config replaces the default list, so name app-config.yaml (and app-config.local.yaml) again;
  # absolute paths, because the CLI resolves relative ones per package (packages/backend, packages/app).
  config=(--config "$PWD/app-config.yaml" --config "$PWD/app-config.token.yaml")
  if [ -f app-config.local.yaml ]; then config+=(--config "$PWD/app-config.local.yaml"); fi
fi
# TechDocs (model cards) are built on this machine with mkdocs: Debian's package when we can install it.
if ! command -v mkdocs >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mkdocs >/dev/null
  else
    echo "mkdocs not found: model cards (TechDocs) will not build. Install it (apt-get install mkdocs, or pip install mkdocs)." >&2
  fi
fi
yarn install --immutable
exec yarn start "${config[@]}"
