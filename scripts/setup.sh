#!/usr/bin/env bash
# All set-up on a fresh machine: pnpm, the workspace's dependencies and Temporal's binaries
# (provisioned by `pnpm install`), Debian's chromium for the dashboard's browser tests (as root),
# and with --postgres a PostgreSQL server for the storage tests.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "[setup] installing pnpm $PNPM_VERSION"
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
fi

if [ "${1:-}" = "--postgres" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${HN_TEST_POSTGRES_URL:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[setup] installing PostgreSQL (Debian package) for the storage tests"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "[setup] PostgreSQL not found: install Debian's 'postgresql' package, or set HN_TEST_POSTGRES_URL" >&2
    exit 1
  fi
fi

# The dashboard's browser tests drive Debian's chromium (playwright-core downloads no browser).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[setup] installing chromium (Debian package) for the dashboard's browser tests"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "[setup] chromium not found: the dashboard's browser tests skip outside CI; install Debian's 'chromium' package to run them" >&2
  fi
fi

# better-sqlite3 builds its native module from source when no prebuilt one can be downloaded;
# node-gyp then downloads Node's headers unless told where they are. A Node installed with its
# headers (include/node beside bin/) needs no download.
node_prefix=$(dirname "$(dirname "$(command -v node)")")
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node_version.h" ]; then
  export npm_config_nodedir=$node_prefix
fi

echo "[setup] pnpm install"
pnpm install --frozen-lockfile
