#!/usr/bin/env bash
# The migration workflow of docs/migrations.md, followed by a package consumer in the order a user follows it,
# in a project with two target frameworks and TreatWarningsAsErrors on:
#   1. dotnet build; run (creates the file at version 1); dotnet build -t:SqliteGenFreeze (writes v1.json right
#      after an ordinary build); freeze again (says the snapshot exists, leaves it as it is, succeeds)
#   2. edit a record; dotnet build fails with SQLG050 naming the change; raise Version; build; run (migrates
#      the file, keeps its rows); freeze from a clean tree (no bin/ or obj/)
#   3. a version that drops a column: SQLG051 while it is in development (an error under TreatWarningsAsErrors,
#      built with it kept a warning); frozen; the next version builds with no warning at all
# The file is checked with Python's sqlite3 (user_version, columns, rows, the history table).
#   bash scripts/check-migration-workflow.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }
# shellcheck source=scripts/lib/package-consumer.sh
. "$ROOT/scripts/lib/package-consumer.sh"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sqlitegen-workflow.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
FEED="$WORK/feed"
VERSION="0.1.0-check.$(date -u +%Y%m%d%H%M%S).$$"
pack_sqlitegen "$FEED" "$VERSION" "$WORK/pack.log"

APP="$WORK/app"
export NUGET_PACKAGES="$WORK/packages"
write_consumer_nuget_config "$APP" "$FEED"
cat >"$APP/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFrameworks>net10.0;net8.0</TargetFrameworks>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SqliteGen" Version="[$VERSION]" />
  </ItemGroup>
</Project>
XML
cat >"$APP/Program.cs" <<'CS'
using System;
using SqliteGen;

using ShopDb db = ShopDb.Open(args[0]);
if (db.Products.Count() == 0)
    db.Products.Insert(new Product(0, "A-1", "Anvil", 12.50m));
Console.WriteLine($"products: {db.Products.Count()}");
return 0;
CS
cat >"$APP/Model.cs" <<'CS'
using SqliteGen;

[SqliteDatabase(Version = 1)]
public partial class ShopDb;

[Table("products")]
public partial record Product([PrimaryKey(AutoIncrement = true)] long ProductId, [Unique] string Sku, string Name, decimal Price);
CS
DB="$WORK/shop.db"

build() { # build <log> [extra dotnet build arguments]: exit code of dotnet build, output in <log>
    local log="$1"; shift
    set +e
    (cd "$APP" && dotnet build -c Release -nologo "$@" 2>&1) >"$log"
    local rc=$?
    set -e
    return $rc
}
run_app() { (cd "$APP" && dotnet run --no-build -c Release -f net10.0 -- "$DB") 2>&1 | tee "$WORK/run.log"; }
sql() { python3 -c 'import sqlite3, sys; print("\n".join("|".join(map(str, r)) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$DB" "$1"; }
snapshot() { echo "$APP/sqlitegen/ShopDb.v$1.json"; }

step "1. dotnet build, run, then dotnet build -t:SqliteGenFreeze (nothing changed since the build)"
build "$WORK/build1.log" || { cat "$WORK/build1.log"; fail "version 1 did not build"; }
run_app
[ "$(sql 'PRAGMA user_version')" = 1 ] || fail "the file is not at version 1"
build "$WORK/freeze1.log" -t:SqliteGenFreeze || { cat "$WORK/freeze1.log"; fail "SqliteGenFreeze right after a build failed"; }
[ -f "$(snapshot 1)" ] || { cat "$WORK/freeze1.log"; fail "SqliteGenFreeze wrote no sqlitegen/ShopDb.v1.json"; }
grep -qF '"version": 1' "$(snapshot 1)" || fail "the snapshot does not say version 1"
grep -F "SqliteGenFreeze: wrote" "$WORK/freeze1.log"
before=$(sha256sum "$(snapshot 1)")

step "1b. freeze again: the snapshot exists, is left as it is, and the target succeeds"
build "$WORK/freeze1b.log" -t:SqliteGenFreeze || { cat "$WORK/freeze1b.log"; fail "a second SqliteGenFreeze failed"; }
grep -F "already exists and was left as it is" "$WORK/freeze1b.log" || { cat "$WORK/freeze1b.log"; fail "the second freeze did not say the snapshot exists"; }
[ "$(sha256sum "$(snapshot 1)")" = "$before" ] || fail "the second freeze changed sqlitegen/ShopDb.v1.json"

step "2. edit a record: the build fails with SQLG050 saying what changed"
sed -i 's/decimal Price);/decimal Price, string? Colour = null);/' "$APP/Model.cs"
if build "$WORK/changed.log"; then fail "a model change without a new version built"; fi
grep -E 'error SQLG050' "$WORK/changed.log" | sort -u | head -1
grep -qE 'error SQLG050.*column products.colour added.*Raise Version to 2' "$WORK/changed.log" || { cat "$WORK/changed.log"; fail "no SQLG050 naming the added column"; }

step "2b. raise Version, build, run: the version-1 file is migrated and keeps its row"
sed -i 's/Version = 1)/Version = 2)/' "$APP/Model.cs"
build "$WORK/build2.log" || { cat "$WORK/build2.log"; fail "version 2 did not build"; }
run_app
grep -qxF "products: 1" "$WORK/run.log" || fail "version 2 did not keep the version-1 row"
[ "$(sql 'PRAGMA user_version')" = 2 ] || fail "the file was not migrated to version 2"
[ "$(sql "SELECT count(*) FROM pragma_table_info('products') WHERE name = 'colour'")" = 1 ] || fail "no column products.colour after the migration"
[ "$(sql 'SELECT group_concat(version || how) FROM sqlitegen_migrations')" = "1created,2up" ] || fail "the history is not 'version 1 created, version 2 up'"

step "2c. freeze from a clean tree (no bin/ or obj/)"
rm -rf "$APP/bin" "$APP/obj"
build "$WORK/freeze2.log" -t:SqliteGenFreeze || { cat "$WORK/freeze2.log"; fail "SqliteGenFreeze from a clean tree failed"; }
[ -f "$(snapshot 2)" ] || { cat "$WORK/freeze2.log"; fail "SqliteGenFreeze from a clean tree wrote no sqlitegen/ShopDb.v2.json"; }
grep -qF '"name": "colour"' "$(snapshot 2)" || fail "the version-2 snapshot lacks products.colour"

step "3. a version that drops a column: SQLG051 while in development"
sed -i 's/Version = 2)/Version = 3)/; s/, string? Colour = null);/);/' "$APP/Model.cs"
if build "$WORK/lossy.log"; then fail "a lossy step built under TreatWarningsAsErrors without being acknowledged"; fi
grep -qE 'error SQLG051.*up to version 3 drops column products.colour' "$WORK/lossy.log" || { cat "$WORK/lossy.log"; fail "no SQLG051 for the version in development"; }
build "$WORK/lossy-ok.log" -p:WarningsNotAsErrors=SQLG051 || { cat "$WORK/lossy-ok.log"; fail "the lossy version did not build with SQLG051 kept a warning"; }
grep -qE 'warning SQLG051' "$WORK/lossy-ok.log" || fail "no SQLG051 warning"
build "$WORK/freeze3.log" -t:SqliteGenFreeze -p:WarningsNotAsErrors=SQLG051 || { cat "$WORK/freeze3.log"; fail "freezing version 3 failed"; }
[ -f "$(snapshot 3)" ] || fail "no sqlitegen/ShopDb.v3.json"

step "3b. version 3 is history: its build and version 4's build are clean under TreatWarningsAsErrors"
build "$WORK/build3.log" || { cat "$WORK/build3.log"; fail "version 3, frozen, still fails the build"; }
sed -i 's/Version = 3)/Version = 4)/' "$APP/Model.cs"
build "$WORK/build4.log" || { cat "$WORK/build4.log"; fail "version 4 did not build"; }
if grep -E 'SQLG05[12]' "$WORK/build3.log" "$WORK/build4.log"; then fail "a frozen step is still reported"; fi

step "OK: build, run, freeze, edit, build, raise Version, build, run, freeze, in that order, two target frameworks, warnings as errors"
