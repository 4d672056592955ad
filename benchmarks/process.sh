#!/usr/bin/env bash
# Whole-process timings, side by side in one run: palisade (published binaries) against a short Python reference
# evaluator on the home lab, and against Python's json.load on tier M. Each command runs --runs times, the commands of
# a row interleaved so that load drift hits both alike; the table shows medians of wall time and of peak RSS, both
# from GNU time (/usr/bin/time -v), and of CPU time (user + sys: on a shared machine the figure wall time inflates least).
# Ratios are palisade / reference wall times within this run. Not a test: CI does not run it.
#
#   benchmarks/process.sh [--bin LABEL=COMMAND]... [--runs N] [--tier-m] [--keep DIR]
#
#   --bin     a palisade binary to time, LABEL=COMMAND (repeatable; COMMAND may have words, e.g.
#             "JIT=dotnet src/Palisade.Cli/bin/Release/net10.0/palisade.dll"; default: AOT=artifacts/publish/linux-x64/palisade)
#   --runs    runs per command (default 5; the median is reported)
#   --tier-m  also time tier M (`generate --tier M --seed 1`, 13 MB JSON): matrix --output compact, lint, and check with
#             200 expectations (benchmarks/process/expectations_m.py writes them, verdicts from the first binary), against
#             python3's json.load of the same file (the first binary generates it); check's goal is absolute (1 s)
#   --keep    keep the generated inputs in DIR (default: a temporary folder, removed)
#
# Output: a Markdown table on stdout, the machine's load (uptime) before and after in its header.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
bins=() runs=5 tier_m=0 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bins+=("$2"); shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --tier-m) tier_m=1; shift ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "process.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#bins[@]} -gt 0 ] || bins=("AOT=$root/artifacts/publish/linux-x64/palisade")
case "$runs" in ''|*[!0-9]*) echo "process.sh: --runs needs a number" >&2; exit 2 ;; esac
[ "$runs" -ge 1 ] || { echo "process.sh: --runs must be at least 1" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "process.sh: GNU time is missing (apt-get install time)" >&2; exit 4; }
command -v python3 >/dev/null || { echo "process.sh: python3 is missing" >&2; exit 4; }
python3 -c 'import yaml' 2>/dev/null || { echo "process.sh: python3 needs PyYAML (apt-get install python3-yaml)" >&2; exit 4; }
for b in "${bins[@]}"; do
  read -r -a words <<<"${b#*=}"
  [ ${#words[@]} -gt 0 ] && command -v "${words[0]}" >/dev/null || { echo "process.sh: no executable '${b#*=}' (build it with scripts/publish.sh)" >&2; exit 4; }
  for w in "${words[@]:1}"; do
    case "$w" in *.dll) [ -f "$w" ] || { echo "process.sh: no file '$w'" >&2; exit 4; } ;; esac
  done
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
data="$work"
[ -z "$keep" ] || { mkdir -p "$keep"; data="$(cd "$keep" && pwd)"; }
ref="$root/benchmarks/process/reference.py"
lab="$root/examples/home-lab"

# measure NAME EXPECTED_EXITS CMD...: one run under /usr/bin/time -v; appends "seconds kib cpu-seconds" to $work/NAME.
measure() {
  local name="$1" exits="$2"; shift 2
  local status=0
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || status=$?
  case " $exits " in *" $status "*) ;; *)
    echo "process.sh: '$*' exited $status (expected $exits):" >&2; tail -n 5 "$work/stderr.txt" >&2; exit 1 ;;
  esac
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /Maximum resident set size/ { kib = $2 }
    /User time \(seconds\)|System time \(seconds\)/ { cpu += $2 }
    END { printf "%.3f %d %.3f\n", s, kib, cpu }' "$work/time.txt" >>"$work/$name"
}

# median FILE COLUMN
median() { sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'; }

rows=()
# row LABEL COMMAND_TEXT REF_TEXT GOAL NAME REFNAME
row() {
  local p r
  p="$(median "$work/$5" 1)" r="$(median "$work/$6" 1)"
  rows+=("| $1 | \`$2\` | $(printf '%.3f' "$p") s | $(printf '%.3f' "$(median "$work/$5" 3)") s | $(awk -v k="$(median "$work/$5" 2)" 'BEGIN { printf "%d", k / 1024 }') MB | $3 | $(printf '%.3f' "$r") s | $(awk -v a="$p" -v b="$r" 'BEGIN { printf "%.2f×", a / b }') | $4 |")
}

load_before="$(uptime | sed 's/.*load average: //')"

if [ "$tier_m" -eq 1 ]; then
  read -r -a first <<<"${bins[0]#*=}"
  [ -s "$data/m.json" ] || "${first[@]}" generate --tier M --seed 1 --output-file "$data/m.json" >/dev/null
  [ -s "$data/m-expectations.yaml" ] || python3 "$root/benchmarks/process/expectations_m.py" "$data/m.json" "$data/m-expectations.yaml" "${first[@]}" >/dev/null
fi

for b in "${bins[@]}"; do
  label="${b%%=*}" tag="$(echo "${b%%=*}" | tr -c 'A-Za-z0-9\n' '_')"
  read -r -a bin <<<"${b#*=}"
  : >"$work/$tag.matrix"; : >"$work/$tag.check"; : >"$work/$tag.mmatrix"; : >"$work/$tag.mlint"; : >"$work/$tag.mcheck"; : >"$work/$tag.mchecknl"
  for _ in $(seq "$runs"); do
    measure "$tag.matrix" 0 "${bin[@]}" matrix "$lab/manifests" --port 22/TCP --output json
    measure "$tag.refmatrix" 0 python3 "$ref" matrix "$lab/manifests" --port 22/TCP
    measure "$tag.check" 0 "${bin[@]}" check "$lab"
    measure "$tag.refcheck" 0 python3 "$ref" check "$lab"
  done
  row "$label" "matrix home-lab --port 22/TCP --output json" "reference.py matrix" "≤ 0.5×" "$tag.matrix" "$tag.refmatrix"
  row "$label" "check examples/home-lab" "reference.py check" "≤ 0.5×" "$tag.check" "$tag.refcheck"
  if [ "$tier_m" -eq 1 ]; then
    for _ in $(seq "$runs"); do
      measure "$tag.mmatrix" 0 "${bin[@]}" matrix "$data/m.json" --output compact
      measure "$tag.jsonload" 0 python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$data/m.json"
      measure "$tag.mlint" "0 1" "${bin[@]}" lint "$data/m.json"
      measure "$tag.mcheck" 0 "${bin[@]}" check "$data/m.json" --expect "$data/m-expectations.yaml"
      measure "$tag.mchecknl" 0 "${bin[@]}" check "$data/m.json" --expect "$data/m-expectations.yaml" --no-lint
    done
    row "$label" "matrix m.json --output compact" "json.load(m.json)" "≤ 3×" "$tag.mmatrix" "$tag.jsonload"
    row "$label" "lint m.json" "json.load(m.json)" "≤ 4×" "$tag.mlint" "$tag.jsonload"
    row "$label" "check m.json + 200 expectations" "json.load(m.json)" "≤ 1 s" "$tag.mcheck" "$tag.jsonload"
    row "$label" "check m.json + 200 expectations --no-lint" "json.load(m.json)" "" "$tag.mchecknl" "$tag.jsonload"
  fi
done

echo "Process timings: $runs runs each, medians (GNU time). $(nproc) cores; load average before: $load_before; after: $(uptime | sed 's/.*load average: //')."
echo
echo "| binary | palisade command | wall | CPU (user + sys) | peak RSS | reference | reference wall | ratio | goal |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
