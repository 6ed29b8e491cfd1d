#!/usr/bin/env bash
# Publishes samples/QuickStart with NativeAOT (linux-x64), fails on any build/trim/AOT warning, then runs
# the native binary (twice, in a temp directory) and checks its exit code and output.
#   bash scripts/check-aot.sh
# Installs clang and zlib1g-dev with apt-get when they are missing (NativeAOT links with them on Linux).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/samples/QuickStart/QuickStart.csproj"
RID="linux-x64"
EXPECTED_LAST_LINE="QuickStart finished OK."
EXPECTED_LINE="Delete(carol) = True; users Count() = 2, notes Count() = 3"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sqlitegen-aot.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

step "NativeAOT prerequisites: clang and zlib1g-dev"
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q "install ok installed" || missing+=(zlib1g-dev)
if [ "${#missing[@]}" -eq 0 ]; then
    echo "already installed: $(clang --version | head -n 1), zlib1g-dev"
else
    echo "installing: ${missing[*]}"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || fail "need root (or sudo) to apt-get install ${missing[*]}"
        SUDO="sudo"
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "installed: $(clang --version | head -n 1)"
fi

step "dotnet publish $PROJECT -c Release -r $RID  (PublishAot=true is set in the project)"
# Remove the RID-specific outputs so the native compiler (ILC) really runs and re-reports every warning;
# an up-to-date ILC step would be skipped and print nothing. TrimmerSingleWarn=false lists each trim/AOT
# warning instead of one summary line per assembly.
rm -rf "$ROOT/samples/QuickStart/obj/Release/net10.0/$RID" "$ROOT/samples/QuickStart/bin/Release/net10.0/$RID"
PUBLISH_DIR="$WORK/publish"
LOG="$WORK/publish.log"
start=$(date +%s.%N)
set +e
dotnet publish "$PROJECT" -c Release -r "$RID" -p:TrimmerSingleWarn=false \
    -o "$PUBLISH_DIR" -nologo -clp:NoSummary >"$LOG" 2>&1
publish_rc=$?
set -e
end=$(date +%s.%N)
publish_seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')
cat "$LOG"
[ "$publish_rc" -eq 0 ] || fail "dotnet publish exited $publish_rc (see the log above)"

# Any MSBuild/compiler/ILLink/ILC warning ("warning IL2026", "warning CS...", "warning NETSDK...") fails the check.
if grep -E -i ': warning [A-Z]+[0-9]+|warning IL[0-9]+' "$LOG" >"$WORK/warnings.txt"; then
    echo
    echo "warnings in the publish output:"
    sort -u "$WORK/warnings.txt"
    fail "NativeAOT publish printed $(sort -u "$WORK/warnings.txt" | wc -l) warning line(s)"
fi
echo "no warnings"

BINARY="$PUBLISH_DIR/QuickStart"
[ -x "$BINARY" ] || fail "no native binary at $BINARY"
file "$BINARY" 2>/dev/null || true
binary_bytes=$(stat -c %s "$BINARY")
echo "publish time: ${publish_seconds} s"
echo "published files (the .dbg file is the stripped debug symbols, not needed at run time):"
(cd "$PUBLISH_DIR" && ls -l)
echo "native binary size: $binary_bytes bytes ($(awk -v b="$binary_bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB)"

step "run the native binary in a temp directory (twice: the second run finds the existing file)"
RUN_DIR="$WORK/run"
mkdir -p "$RUN_DIR"
# Copy everything the app needs (the binary and the native SQLite library) away from the repository.
find "$PUBLISH_DIR" -maxdepth 1 -type f ! -name '*.dbg' -exec cp {} "$RUN_DIR/" \;
for run in 1 2; do
    set +e
    (cd "$RUN_DIR" && ./QuickStart) >"$WORK/out$run.txt" 2>&1
    rc=$?
    set -e
    if [ "$run" -eq 1 ]; then cat "$WORK/out1.txt"; fi
    [ "$rc" -eq 0 ] || { cat "$WORK/out$run.txt"; fail "run $run: QuickStart exited $rc"; }
    grep -qxF "$EXPECTED_LINE" "$WORK/out$run.txt" || fail "run $run: missing the line '$EXPECTED_LINE'"
    [ "$(tail -n 1 "$WORK/out$run.txt")" = "$EXPECTED_LAST_LINE" ] || fail "run $run: last line is not '$EXPECTED_LAST_LINE'"
    [ -f "$RUN_DIR/quickstart.db" ] || fail "run $run: quickstart.db was not created in the working directory"
    echo "run $run: exit 0, expected lines present"
done
cmp -s "$WORK/out1.txt" "$WORK/out2.txt" || { diff "$WORK/out1.txt" "$WORK/out2.txt" || true; fail "the second run printed something else"; }

step "compare with the JIT build (dotnet run)"
JIT_DIR="$WORK/jit"
mkdir -p "$JIT_DIR"
(cd "$JIT_DIR" && dotnet run --project "$PROJECT" -c Release) >"$WORK/jit.txt" 2>&1 || { cat "$WORK/jit.txt"; fail "dotnet run failed"; }
if ! diff -u "$WORK/jit.txt" "$WORK/out1.txt"; then
    fail "the native binary's output differs from dotnet run's"
fi
echo "native output = JIT output ($(wc -l <"$WORK/out1.txt") lines)"

step "OK: NativeAOT publish ${publish_seconds} s, no warnings, binary $binary_bytes bytes, runs and prints the expected output"
