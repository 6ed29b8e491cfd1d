#!/usr/bin/env bash
# Fetches the sqlite-vec extension (vec0.so) from its npm package, version pinned, into .tools/sqlite-vec/.
# The vector tests load the real extension from there; the test project runs this script before it
# builds when the file is missing, so `dotnet test SqliteGen.sln` needs no manual step.
set -euo pipefail
VERSION=0.1.9
PACKAGE=sqlite-vec-linux-x64
# sha256 of vec0.so in sqlite-vec-linux-x64@0.1.9, checked when it was pinned.
EXPECTED_SHA256=5923730861b86c707cca5602b5f91092f9e52a46706dbc6e269fd4bb9c4498e8
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.tools/sqlite-vec"
if [[ -f "$DEST/vec0.so" && "$(cat "$DEST/VERSION" 2>/dev/null)" == "$VERSION" ]]; then
  echo "$DEST/vec0.so"
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-sqlite-vec.sh: npm is needed to fetch $PACKAGE@$VERSION" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null && tar xzf "$PACKAGE-$VERSION.tgz")
ACTUAL="$(sha256sum "$WORK/package/vec0.so" | cut -d' ' -f1)"
if [[ "$ACTUAL" != "$EXPECTED_SHA256" ]]; then
  echo "fetch-sqlite-vec.sh: vec0.so from $PACKAGE@$VERSION has sha256 $ACTUAL, expected $EXPECTED_SHA256" >&2
  exit 1
fi
mkdir -p "$DEST"
cp "$WORK/package/vec0.so" "$DEST/vec0.so"
echo "$VERSION" > "$DEST/VERSION"
echo "$DEST/vec0.so"
