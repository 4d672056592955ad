#!/usr/bin/env bash
# Builds palisade as self-contained single-file binaries (NativeAOT where the platform's toolchain is here, else
# ReadyToRun: docs/install.md has the measurements), packs one archive per platform, and writes a krew plugin manifest
# with their sha256.
#
#   scripts/publish.sh [--rid linux-x64|linux-arm64]... [--kind aot|r2r] [--out DIR] [--base-url URL] [--install DIR] [--smoke]
#
#   --rid       platforms to build (default: linux-x64 and linux-arm64)
#   --kind      aot: NativeAOT (needs clang and zlib1g-dev; only for this machine's architecture, as the .NET SDK does
#               not cross-compile NativeAOT across architectures on Linux: other platforms fall back to r2r, with a note);
#               r2r: ReadyToRun single file, cross-compiles (default: aot)
#   --out       output folder (default: artifacts/publish)
#   --base-url  where the archives will be downloadable, for the manifest's uri (default: file://OUT)
#   --install   also copy this machine's binary into DIR as `palisade` with `kubectl-palisade` beside it, so that
#               `kubectl palisade ...` works when DIR is on PATH (kubectl's plugin discovery)
#   --smoke     then run every command with this machine's binary and compare it with the JIT build
#               (tests/Palisade.Cluster.Tests, PublishedBinaryTests, with PALISADE_BINARY set)
#
# Output: OUT/RID/palisade (+ kubectl-palisade link), OUT/palisade-VERSION-RID.tar.gz, OUT/palisade.yaml (krew).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
rids=() kind=aot out="$root/artifacts/publish" base_url="" install_dir="" smoke=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rids+=("$2"); shift 2 ;;
    --kind) kind="$2"; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --out) out="$2"; shift 2 ;;
    --base-url) base_url="$2"; shift 2 ;;
    --install) install_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "publish.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 linux-arm64)
case "$kind" in aot|r2r) ;; *) echo "publish.sh: --kind is aot or r2r, not '$kind'" >&2; exit 2 ;; esac
case "$(uname -m)" in x86_64) here=linux-x64 ;; aarch64) here=linux-arm64 ;; *) here="" ;; esac
mkdir -p "$out"
out="$(cd "$out" && pwd)"
[ -n "$base_url" ] || base_url="file://$out"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/src/Palisade.Cli/Palisade.Cli.csproj" | head -n 1)"
[ -n "$version" ] || { echo "publish.sh: no <Version> in src/Palisade.Cli/Palisade.Cli.csproj" >&2; exit 4; }

krew_arch() { case "$1" in linux-x64) echo amd64 ;; linux-arm64) echo arm64 ;; *) echo "publish.sh: unsupported rid '$1'" >&2; exit 2 ;; esac; }

declare -A sha
for rid in "${rids[@]}"; do
  krew_arch "$rid" >/dev/null
  rm -rf "$out/$rid"
  # PackAsTool is for `dotnet pack`; a self-contained publish must not carry it.
  if [ "$kind" = aot ] && [ "$rid" = "$here" ]; then
    command -v clang >/dev/null || { echo "publish.sh: NativeAOT needs clang and zlib1g-dev (apt-get install clang zlib1g-dev), or use --kind r2r" >&2; exit 4; }
    echo "publish.sh: building $rid (NativeAOT, single file)..." >&2
    dotnet publish "$root/src/Palisade.Cli" -c Release -r "$rid" --nologo -v quiet \
      -p:PackAsTool=false -p:PublishAot=true -p:DebugType=none -p:StripSymbols=true -o "$out/$rid"
  else
    [ "$kind" = r2r ] || echo "publish.sh: note: NativeAOT does not cross-compile from $here to $rid; building ReadyToRun" >&2
    echo "publish.sh: building $rid (self-contained, single file, ReadyToRun)..." >&2
    dotnet publish "$root/src/Palisade.Cli" -c Release -r "$rid" --self-contained --nologo -v quiet \
      -p:PackAsTool=false -p:PublishSingleFile=true -p:PublishReadyToRun=true \
      -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none -o "$out/$rid"
  fi
  [ -x "$out/$rid/palisade" ] || { echo "publish.sh: the $rid build produced no $out/$rid/palisade" >&2; exit 4; }
  ln -sf palisade "$out/$rid/kubectl-palisade"
  archive="palisade-$version-$rid.tar.gz"
  # Reproducible archive: fixed order, owner and time; gzip without a timestamp.
  tar -C "$out/$rid" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf - palisade | gzip -n -9 >"$out/$archive"
  sha[$rid]="$(sha256sum "$out/$archive" | cut -d' ' -f1)"
  echo "publish.sh: $out/$archive sha256 ${sha[$rid]}" >&2
done

# krew plugin manifest (krew installs `bin` as kubectl-palisade).
{
  cat <<YAML
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: palisade
spec:
  version: v$version
  shortDescription: Prove, lint and test NetworkPolicy isolation
  description: |
    Palisade proves expectations about NetworkPolicy isolation (who may reach whom on which port) against manifests
    or a live cluster, explains every verdict, lints policies, renders them from a short profile, and tests them
    with real packets in a local network-namespace lab. Usage: kubectl palisade check DIR, kubectl palisade
    check --cluster --expect FILE.
  platforms:
YAML
  for rid in "${rids[@]}"; do
    cat <<YAML
  - selector:
      matchLabels:
        os: linux
        arch: $(krew_arch "$rid")
    uri: $base_url/palisade-$version-$rid.tar.gz
    sha256: ${sha[$rid]}
    bin: palisade
YAML
  done
} >"$out/palisade.yaml"
echo "publish.sh: wrote $out/palisade.yaml" >&2

if [ -n "$install_dir" ]; then
  [ -n "$here" ] && [ -x "$out/$here/palisade" ] || { echo "publish.sh: no binary for this machine was built (add --rid)" >&2; exit 4; }
  mkdir -p "$install_dir"
  install -m 0755 "$out/$here/palisade" "$install_dir/palisade"
  ln -sf palisade "$install_dir/kubectl-palisade"
  echo "publish.sh: installed $install_dir/palisade and $install_dir/kubectl-palisade" >&2
fi

if [ "$smoke" -eq 1 ]; then
  [ -n "$here" ] && [ -x "$out/$here/palisade" ] || { echo "publish.sh: no binary for this machine was built (add --rid)" >&2; exit 4; }
  echo "publish.sh: smoke test of $out/$here/palisade (every command, compared with the JIT build)..." >&2
  dotnet build "$root/tests/Palisade.Cluster.Tests" -c Release --nologo -v quiet
  PALISADE_BINARY="$out/$here/palisade" dotnet test "$root/tests/Palisade.Cluster.Tests" -c Release --no-build --nologo \
    --filter "FullyQualifiedName~PublishedBinaryTests"
fi
