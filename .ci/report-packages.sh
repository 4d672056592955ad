#!/usr/bin/env bash
# Packages for `palisade report`'s tests: headless Chromium (the browser test of the HTML report) and Graphviz
# (`--output svg` runs `dot`). Idempotent: installs only what is missing. Needs root, as CI runs.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
# Fonts so that screenshots show readable text.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
if [ "${#need[@]}" -eq 0 ]; then
  echo "report packages present"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y --no-install-recommends "${need[@]}"
