#!/usr/bin/env bash
# Re-fetches the vendored graph layout library of the HTML report (src/Palisade/Reports/Assets/dagre.min.js) from the
# npm registry with npm itself, checks the package's hash, and writes the file exactly as committed: a one-line
# licence header, then the package's dist/dagre.min.js without its source-map comment. Not run by CI (the file is
# committed); run it by hand to check or to upgrade (then update the version, hash and THIRD-PARTY-NOTICES.md).
set -euo pipefail
cd "$(dirname "$0")/.."
version=3.1.3
sha256=12441833c8af49e5a241d94bfd53159875965876b3f4f3214abafe1ed6a9ee4c
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@dagrejs/dagre@$version" >/dev/null)
echo "$sha256  $work/dagrejs-dagre-$version.tgz" | sha256sum -c -
tar -xzf "$work/dagrejs-dagre-$version.tgz" -C "$work"
{
  echo "/*! @dagrejs/dagre $version | MIT License | Copyright (c) 2012-2014 Chris Pettitt | vendored unchanged by .ci/vendor-dagre.sh */"
  grep -v '^//# sourceMappingURL' "$work/package/dist/dagre.min.js"
} > src/Palisade/Reports/Assets/dagre.min.js
echo "wrote src/Palisade/Reports/Assets/dagre.min.js (@dagrejs/dagre $version)"
