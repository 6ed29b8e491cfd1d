#!/usr/bin/env bash
# Packs the sqlitegen .NET tool (src/SqliteGen.Cli) and checks it as a user gets it:
#   1. dotnet pack src/SqliteGen.Cli -c Release, with no warnings
#   2. dotnet tool install from that package into a temporary tool path
#   3. the installed `sqlitegen` runs: --version, an import, inspect, health (exit 0), and a missing
#      file gives exit code 3 with one line on stderr
#   bash scripts/check-tool.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sqlitegen-tool.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# A version no earlier run used, so no cached package can stand in for this one.
VERSION="0.1.0-check.$(date -u +%Y%m%d%H%M%S).$$"

step "dotnet pack src/SqliteGen.Cli -c Release (version $VERSION)"
# -p:Version (not only PackageVersion): the informational version that `sqlitegen --version` prints is the package's.
dotnet pack "$ROOT/src/SqliteGen.Cli" -c Release -o "$WORK/feed" -p:Version="$VERSION" -nologo 2>&1 | tee "$WORK/pack.log"
if grep -E -i ': warning [A-Z]+[0-9]+' "$WORK/pack.log"; then fail "dotnet pack printed warnings"; fi

step "dotnet tool install SqliteGen.Cli $VERSION into $WORK/tools"
export NUGET_PACKAGES="$WORK/packages" # a tool package carries its dependencies: nothing else to restore, nothing left in the machine's cache
dotnet tool install SqliteGen.Cli --version "$VERSION" --tool-path "$WORK/tools" --add-source "$WORK/feed"
TOOL="$WORK/tools/sqlitegen"

step "sqlitegen runs"
"$TOOL" --version | tee "$WORK/version.txt"
grep -q "^sqlitegen $VERSION" "$WORK/version.txt" || fail "--version does not print the package version $VERSION"
"$TOOL" --help | grep -q "docs: https://" || fail "--help does not point to the docs"
printf '{"id": 1, "name": "one"}\n{"id": 2, "name": "two"}\n' >"$WORK/rows.ndjson"
"$TOOL" import "$WORK/app.db" rows "$WORK/rows.ndjson" --pk id
"$TOOL" inspect "$WORK/app.db" | tee "$WORK/inspect.txt"
grep -Eq '^  rows +2 ' "$WORK/inspect.txt" || fail "inspect does not list the table 'rows' with 2 rows"
"$TOOL" health "$WORK/app.db" || fail "health exited $? on a good file"
set +e
"$TOOL" health "$WORK/missing.db" 2>"$WORK/err.txt"
code=$?
set -e
[ "$code" -eq 3 ] || fail "a missing file exited $code, not 3"
[ "$(wc -l <"$WORK/err.txt")" -eq 1 ] || fail "a missing file printed more than one line on stderr"
cat "$WORK/err.txt"

step "tool check passed"
