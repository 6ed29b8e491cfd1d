#!/usr/bin/env bash
# Runs the README's test command (dotnet test SqliteGen.sln) while a busy loop runs on every core, to catch tests
# that pass only on a quiet machine (a wall-clock assertion, a sleep standing in for a wait, a timeout too tight).
# The load is bounded (it stops by itself after SQLITEGEN_LOAD_MINUTES, default 60) and is stopped when the tests
# end, whatever happens to them. Extra arguments go to dotnet test, e.g. --filter or --no-build.
#   bash scripts/test-under-load.sh
#   SQLITEGEN_LOAD_PER_CORE=2 bash scripts/test-under-load.sh --filter FullyQualifiedName~ImportTests
set -euo pipefail
cd "$(dirname "$0")/.."

cores=$(nproc)
per_core=${SQLITEGEN_LOAD_PER_CORE:-1}
minutes=${SQLITEGEN_LOAD_MINUTES:-60}
loaders=()

stop_load() {
    for pid in "${loaders[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait "${loaders[@]}" 2>/dev/null || true
}
trap stop_load EXIT INT TERM

for ((i = 0; i < cores * per_core; i++)); do
    timeout "${minutes}m" bash -c 'while :; do :; done' &
    loaders+=("$!")
done
echo "== load: ${#loaders[@]} busy loop(s) on $cores core(s), at most $minutes min"

echo "== tests (the README's test command) under load"
dotnet test SqliteGen.sln "$@"
