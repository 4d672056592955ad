#!/bin/sh
# Lab benchmark: home-lab up and down times, and the 9-pod x 6-port e2e matrix in each deny mode.
# Run as root from the repository root: benchmarks/lab/run.sh   (needs .ci/lab-packages.sh installed)
set -eu
cd "$(dirname "$0")/../.."
dotnet build src/Palisade.Cli -c Release -v q -nologo >/dev/null
PAL="dotnet src/Palisade.Cli/bin/Release/net10.0/palisade.dll"
STATE=$(mktemp -d /tmp/palisade-lab-bench.XXXXXX)
rmdir "$STATE"
now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{printf "%.2f", $1 - $2}'; }

$PAL lab down --state-dir "$STATE" >/dev/null 2>&1 || true
echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r), $(nft --version)"

wait_up() { # log file; prints the lab's own up time
  i=0
  until grep -q "lab is up in" "$1" 2>/dev/null; do
    i=$((i+1)); [ $i -lt 600 ] || { cat "$1"; exit 1; }; sleep 0.05
  done
  sed -n 's/^lab is up in \([0-9.]*\) s.*/\1/p' "$1"
}

for run in 1 2 3; do
  $PAL lab up examples/home-lab/manifests --state-dir "$STATE" >/tmp/palisade-bench-up.log 2>&1 &
  up=$(wait_up /tmp/palisade-bench-up.log)
  t=$(now); $PAL lab down --state-dir "$STATE" >/dev/null; down=$(since "$t")
  wait
  echo "home-lab (real servers, reject) run $run: up ${up} s, down ${down} s (down includes the CLI's start)"
done

for mode in reject drop; do
  timeout=1; [ "$mode" = drop ] && timeout=0.5
  $PAL lab up benchmarks/lab/e2e --deny "$mode" --no-servers --state-dir "$STATE" >/tmp/palisade-bench-up.log 2>&1 &
  up=$(wait_up /tmp/palisade-bench-up.log)
  line=$($PAL lab matrix --state-dir "$STATE" --timeout "$timeout" | tail -1)
  $PAL lab down --state-dir "$STATE" >/dev/null
  wait
  echo "e2e 9 pods x 6 ports ($mode, probe timeout ${timeout} s): up ${up} s; ${line}"
done
