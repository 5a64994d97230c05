# Sourced by the repo's entry scripts. Points corepack and Yarn at the registry npm is configured with
# (no registry host is written into the repo) and lets node-gyp build native addons against local headers.
REG="$(npm config get registry 2>/dev/null)"
export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-${REG%/}}"
export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER:-${REG%/}}"
NODEDIR="$(npm config get nodedir 2>/dev/null)"
if [ -n "$NODEDIR" ] && [ "$NODEDIR" != "undefined" ] && [ -z "${npm_config_nodedir:-}" ]; then
  export npm_config_nodedir="$NODEDIR"
fi
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
if ! command -v yarn >/dev/null 2>&1 || ! yarn --version 2>/dev/null | grep -q '^4\.'; then
  corepack enable >/dev/null 2>&1 || true
fi
