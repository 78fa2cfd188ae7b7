#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine: the Debian packages the tests run
# for real (Prometheus with promtool, Chromium for the HTML report), then the npm packages,
# which bring Node.js 24 as the `node` package when the machine's own Node is older.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v prometheus >/dev/null || need+=(prometheus)
command -v promtool >/dev/null || need+=(prometheus)
command -v chromium >/dev/null || need+=(chromium)
command -v kubectl >/dev/null || echo "setup: kubectl is missing; install it for 'platform validate' (it renders with 'kubectl kustomize')" >&2
if [ "${WITH_BENCH_TOOLS:-0}" = 1 ]; then
  command -v wrk >/dev/null || need+=(wrk)
  command -v hyperfine >/dev/null || need+=(hyperfine)
fi

if [ ${#need[@]} -gt 0 ]; then
  packages=$(printf '%s\n' "${need[@]}" | sort -u | tr '\n' ' ')
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: $packages; install them with: sudo apt-get install -y $packages" >&2
    exit 1
  fi
  echo "setup: installing Debian packages: $packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $packages >/dev/null
fi

# npm ci only when the lockfile changed since the last install, so repeated runs stay quick.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ ! -x node_modules/.bin/node ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
