#!/usr/bin/env bash
# The main job: rehearse the demo app's rollouts on this machine against a real Prometheus:
# the staging canary with a healthy release, then the production blue-green with a faulty one.
set -euo pipefail
cd "$(dirname "$0")/.."
exec npm run --silent rehearse:demo --workspace tools/platform
