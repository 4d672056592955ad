#!/usr/bin/env bash
# The HTML report at scale: generates a tier, times `palisade report` on it (wall clock and peak memory), gives the
# file's size, and times headless Chromium loading it (the page lays out and draws the graph before its load event;
# the time of loading about:blank is printed beside it as the browser's own start-up cost).
# Usage: benchmarks/report-scale.sh TIER [TIMEOUT_SECONDS]   (needs a Release build of src/Palisade.Cli and chromium)
set -uo pipefail
cd "$(dirname "$0")/.."
tier=${1:?tier: S, M, ...}
limit=${2:-600}
palisade="dotnet src/Palisade.Cli/bin/Release/net10.0/palisade.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(dotnet --version)"
$palisade generate --tier "$tier" --seed 1 --output-file "$work/cluster.json" 2>&1
start=$(date +%s.%N)
if ! /usr/bin/time -f "report: %e s wall, %M KB peak RSS" timeout "$limit" $palisade report "$work/cluster.json" --output-file "$work/report.html" 2>"$work/time"; then
  cat "$work/time"
  echo "report: did not finish within ${limit} s"
  exit 1
fi
cat "$work/time"
echo "report size: $(stat -c %s "$work/report.html") bytes"
browser() {
  local t0 t1
  t0=$(date +%s.%N)
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
    --window-size=1280,800 --dump-dom "$1" >"$work/dom" 2>/dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
base=$(browser about:blank)
page=$(browser "file://$work/report.html")
grep -q 'data-ready="true"' "$work/dom" && ready=yes || ready=no
echo "chromium: about:blank ${base} s, report ${page} s (rendered: $ready)"
