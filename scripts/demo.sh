#!/usr/bin/env bash
# The main job: start the demo service and drive traffic through it.
set -euo pipefail
cd "$(dirname "$0")/.."
exec npm run --silent demo-app
