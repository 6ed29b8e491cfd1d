#!/usr/bin/env bash
# Packs src/SqliteGen like a release would and checks the package as a user gets it:
#   1. dotnet pack src/SqliteGen -c Release   (the generator and analyzers are built first, in Release)
#   2. the .nupkg holds lib/net8.0, lib/net10.0 and analyzers/dotnet/cs/SqliteGen.{Generator,Analyzers,CodeFixes}.dll
#   3. src/SqliteGen.Extensions.DependencyInjection packs too (lib/net8.0, lib/net10.0, a dependency on the same SqliteGen)
#   4. a consumer project in a temp folder, with a PackageReference to that package from a local feed,
#      builds without warnings for net10.0 and net8.0, runs, and prints what its generated code did
#   4b. src/SqliteGen.SqliteVec packs vec0.so (checksum-verified) under runtimes/linux-x64/native/, and the consumer,
#      which references it, finds and loads it with no path set (SqliteVec.Find, vec_version())
#   5. the packed analyzers report SQLG002 for a [Table] record without a primary key and SQLG202 for busy_timeout = 0
#   bash scripts/check-package.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }
# shellcheck source=scripts/lib/package-consumer.sh
. "$ROOT/scripts/lib/package-consumer.sh"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sqlitegen-pack.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
FEED="$WORK/feed"
# A version no earlier run used, so no cached or stale SqliteGen package can stand in for this one.
VERSION="0.1.0-check.$(date -u +%Y%m%d%H%M%S).$$"

pack_sqlitegen "$FEED" "$VERSION" "$WORK/pack.log"
NUPKG="$FEED/SqliteGen.$VERSION.nupkg"

step "package contents"
if command -v unzip >/dev/null 2>&1; then
    unzip -Z1 "$NUPKG" | sort >"$WORK/contents.txt"
else
    python3 -c 'import sys, zipfile; print("\n".join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))' "$NUPKG" >"$WORK/contents.txt"
fi
cat "$WORK/contents.txt"
for entry in \
    analyzers/dotnet/cs/SqliteGen.Generator.dll \
    analyzers/dotnet/cs/SqliteGen.Analyzers.dll \
    analyzers/dotnet/cs/SqliteGen.CodeFixes.dll \
    lib/net8.0/SqliteGen.dll \
    lib/net10.0/SqliteGen.dll; do
    grep -qxF "$entry" "$WORK/contents.txt" || fail "the package lacks $entry"
    echo "ok: $entry"
done
# The generator, analyzers and code fixes are compiler/IDE plug-ins: they must not also land in lib/ (users would reference them).
if grep -E '^lib/.*SqliteGen\.(Generator|Analyzers|CodeFixes)\.dll$' "$WORK/contents.txt"; then fail "generator/analyzer/code-fix DLLs in lib/"; fi

step "dotnet pack src/SqliteGen.Extensions.DependencyInjection -c Release -o $FEED  (same version; depends on SqliteGen $VERSION)"
if ! dotnet pack "$ROOT/src/SqliteGen.Extensions.DependencyInjection" -c Release -o "$FEED" -p:PackageVersion="$VERSION" -nologo 2>&1 | tee "$WORK/pack-di.log"; then
    fail "dotnet pack of the DI extension failed (see above)"
fi
if grep -E -i ': warning [A-Z]+[0-9]+' "$WORK/pack-di.log"; then fail "dotnet pack of the DI extension printed warnings"; fi
DI_NUPKG="$FEED/SqliteGen.Extensions.DependencyInjection.$VERSION.nupkg"
[ -f "$DI_NUPKG" ] || fail "no package at $DI_NUPKG"
python3 - "$DI_NUPKG" "$VERSION" <<'PY' || fail "the DI extension package is not as expected (see above)"
import re, sys, zipfile
package, version = zipfile.ZipFile(sys.argv[1]), sys.argv[2]
names = set(package.namelist())
for tfm in ("net8.0", "net10.0"):
    entry = f"lib/{tfm}/SqliteGen.Extensions.DependencyInjection.dll"
    if entry not in names:
        sys.exit(f"the DI package lacks {entry}")
    print("ok:", entry)
if any(re.match(r"lib/.*/SqliteGen\.dll$", n) for n in names):
    sys.exit("the DI package carries SqliteGen.dll itself instead of depending on the SqliteGen package")
nuspec = package.read(next(n for n in names if n.endswith(".nuspec"))).decode()
if not re.search(r'<dependency id="SqliteGen" version="' + re.escape(version) + '"', nuspec):
    sys.exit("the DI package does not depend on SqliteGen " + version)
print("ok: depends on SqliteGen", version)
PY

step "dotnet pack src/SqliteGen.SqliteVec -c Release -o $FEED  (vec0.so from the pinned npm tarball, sha256 checked)"
if ! dotnet pack "$ROOT/src/SqliteGen.SqliteVec" -c Release -o "$FEED" -p:PackageVersion="$VERSION" -nologo 2>&1 | tee "$WORK/pack-vec.log"; then
    fail "dotnet pack of the sqlite-vec package failed (see above)"
fi
if grep -E -i ': warning [A-Z]+[0-9]+' "$WORK/pack-vec.log"; then fail "dotnet pack of the sqlite-vec package printed warnings"; fi
VEC_NUPKG="$FEED/SqliteGen.SqliteVec.$VERSION.nupkg"
[ -f "$VEC_NUPKG" ] || fail "no package at $VEC_NUPKG"
python3 - "$VEC_NUPKG" <<'PY' || fail "the sqlite-vec package is not as expected (see above)"
import hashlib, sys, zipfile
package = zipfile.ZipFile(sys.argv[1])
expected = "5923730861b86c707cca5602b5f91092f9e52a46706dbc6e269fd4bb9c4498e8"  # scripts/fetch-sqlite-vec.sh
actual = hashlib.sha256(package.read("runtimes/linux-x64/native/vec0.so")).hexdigest()
if actual != expected:
    sys.exit(f"runtimes/linux-x64/native/vec0.so has sha256 {actual}, expected {expected}")
print("ok: runtimes/linux-x64/native/vec0.so, sha256", actual)
if any(n.startswith("lib/") for n in package.namelist()):
    sys.exit("the sqlite-vec package has a lib/ folder")
PY

step "consumer project in $WORK/consumer (PackageReference SqliteGen $VERSION from the local feed)"
CONSUMER="$WORK/consumer"
mkdir -p "$CONSUMER"
# Its own packages folder: nothing from (or into) the machine's NuGet cache but what NuGet re-extracts.
export NUGET_PACKAGES="$WORK/packages"
write_consumer_nuget_config "$CONSUMER" "$FEED"
cat >"$CONSUMER/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFrameworks>net10.0;net8.0</TargetFrameworks>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SqliteGen" Version="[$VERSION]" />
    <PackageReference Include="SqliteGen.SqliteVec" Version="[$VERSION]" />
  </ItemGroup>
  <ItemGroup Condition="'\$(IncludeBadEntity)' != 'true'">
    <Compile Remove="BadEntity.cs" />
  </ItemGroup>
</Project>
XML
cat >"$CONSUMER/Program.cs" <<'CS'
using System;
using System.IO;
using SqliteGen;

string path = Path.Combine(args.Length > 0 ? args[0] : ".", "consumer.db");
using ShopDb db = ShopDb.Open(path);
db.Products.InsertMany(new[]
{
    new Product(0, "A-1", "Anvil", 12.50m),
    new Product(0, "B-2", "Bucket", 3.10m),
    new Product(0, "C-3", "Chisel", 7.00m),
});
Console.WriteLine($"products: {db.Products.Count()}");
Console.WriteLine($"FindBySku(B-2): {db.Products.FindBySku("B-2")?.Name} {db.Products.FindBySku("B-2")?.Price}");
Console.WriteLine($"schema: {ShopDb.CreateSchemaSql.Split('\n')[0].Trim()}");
// No SqliteVecPath: the SqliteGen.SqliteVec package's native asset is found where .NET put it.
string? vec = SqliteVec.Find();
using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:"))
{
    connection.Open();
    Console.WriteLine($"vec0: {(vec is null ? "not found" : SqliteVec.TryLoad(connection, vec, out string? error) ?? "did not load: " + error)}");
}
return 0;

[SqliteDatabase(Version = 1)]
public partial class ShopDb;

[Table("products")]
public partial record Product([PrimaryKey(AutoIncrement = true)] long ProductId, [Unique] string Sku, string Name, decimal Price);
CS
cat >"$CONSUMER/BadEntity.cs" <<'CS'
using SqliteGen;

[Table("bad")]
public partial record BadEntity(string Name);   // no [PrimaryKey]: the analyzer reports SQLG002

public static class BadConnection
{
    public static void Configure(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 0";   // the connection analyzer reports SQLG202
        command.ExecuteNonQuery();
    }
}
CS

step "dotnet build the consumer (net10.0 and net8.0, warnings are errors)"
if ! (cd "$CONSUMER" && dotnet build -c Release -nologo 2>&1) | tee "$WORK/consumer-build.log"; then
    fail "the consumer did not build"
fi
if grep -E -i ': warning [A-Z]+[0-9]+' "$WORK/consumer-build.log"; then fail "the consumer build printed warnings"; fi
grep -qF "\"SqliteGen/$VERSION\"" "$CONSUMER/obj/project.assets.json" || fail "the consumer did not resolve SqliteGen $VERSION"
for tfm in net10.0 net8.0; do
    generated=$(find "$CONSUMER/obj/Release/$tfm/generated" -path '*SqliteGen.Generator*' -name '*.g.cs' 2>/dev/null | wc -l)
    [ "$generated" -gt 0 ] || fail "$tfm: the packed generator wrote no source"
    echo "ok: $tfm: the packed generator wrote $generated files"
done

step "run the consumer (net10.0)"
mkdir -p "$WORK/run"
if ! (cd "$CONSUMER" && dotnet run --no-build -c Release -f net10.0 -- "$WORK/run") 2>&1 | tee "$WORK/consumer-run.log"; then
    fail "the consumer exited non-zero"
fi
grep -qxF "products: 3" "$WORK/consumer-run.log" || fail "the consumer did not print 'products: 3'"
grep -qxF "FindBySku(B-2): Bucket 3.10" "$WORK/consumer-run.log" || fail "FindBySku did not return the row"
grep -qxF "vec0: v0.1.9" "$WORK/consumer-run.log" || fail "the consumer did not load vec0 from the SqliteGen.SqliteVec package with no path set"
echo "ok: vec0 found and loaded with no path: $(grep '^vec0:' "$WORK/consumer-run.log")"

step "the packed analyzers report SQLG002 (a [Table] record without a primary key) and SQLG202 (busy_timeout = 0)"
set +e
(cd "$CONSUMER" && dotnet build -c Release -f net10.0 -nologo -p:IncludeBadEntity=true -o "$WORK/bad-out" 2>&1) >"$WORK/bad-build.log"
bad_rc=$?
set -e
grep -E 'error SQLG(002|202)' "$WORK/bad-build.log" | sort -u || true
[ "$bad_rc" -ne 0 ] || fail "the build with BadEntity.cs succeeded"
grep -qE 'error SQLG002' "$WORK/bad-build.log" || { cat "$WORK/bad-build.log"; fail "no SQLG002 from the packed analyzer"; }
grep -qE 'error SQLG202' "$WORK/bad-build.log" || { cat "$WORK/bad-build.log"; fail "no SQLG202 from the packed connection analyzer"; }

step "SqliteGenFreeze (build/SqliteGen.targets from the package) writes sqlitegen/ShopDb.v1.json; a later model change without a new version is SQLG050"
(cd "$CONSUMER" && dotnet build -c Release -nologo -t:SqliteGenFreeze 2>&1) >"$WORK/freeze.log" || { cat "$WORK/freeze.log"; fail "SqliteGenFreeze failed"; }
[ -f "$CONSUMER/sqlitegen/ShopDb.v1.json" ] || { cat "$WORK/freeze.log"; fail "SqliteGenFreeze wrote no sqlitegen/ShopDb.v1.json"; }
grep -qF '"version": 1' "$CONSUMER/sqlitegen/ShopDb.v1.json" || fail "the snapshot does not say version 1"
echo "ok: $(grep -c '"name"' "$CONSUMER/sqlitegen/ShopDb.v1.json") names in sqlitegen/ShopDb.v1.json"
sed -i 's/decimal Price);/decimal Price, string? Colour = null);/' "$CONSUMER/Program.cs"
set +e
(cd "$CONSUMER" && dotnet build -c Release -f net10.0 -nologo -o "$WORK/changed-out" 2>&1) >"$WORK/changed-build.log"
changed_rc=$?
set -e
grep -E 'error SQLG050' "$WORK/changed-build.log" | sort -u | head -1 || true
[ "$changed_rc" -ne 0 ] || fail "a model change without a new version built"
grep -qE 'error SQLG050.*column products.colour added' "$WORK/changed-build.log" || { cat "$WORK/changed-build.log"; fail "no SQLG050 naming the added column"; }
sed -i 's/Version = 1)/Version = 2)/; s/"A-1"/"A-9"/; s/"C-3"/"C-9"/; s/new Product(0, "B-2"/new Product(0, "B-9"/' "$CONSUMER/Program.cs"
(cd "$CONSUMER" && dotnet build -c Release -f net10.0 -nologo -o "$WORK/v2-out" 2>&1) >"$WORK/v2-build.log" || { cat "$WORK/v2-build.log"; fail "version 2 did not build"; }
(cd "$CONSUMER" && dotnet "$WORK/v2-out/Consumer.dll" "$WORK/run") >"$WORK/v2-run.log" 2>&1 || { cat "$WORK/v2-run.log"; fail "version 2 did not open the version-1 file"; }
grep -qxF "products: 6" "$WORK/v2-run.log" || { cat "$WORK/v2-run.log"; fail "version 2 did not keep the version-1 rows"; }
echo "ok: version 2 migrated the version-1 file and kept its rows"

step "OK: SqliteGen $VERSION packs generator + analyzers + code fixes + lib/net8.0 + lib/net10.0, and a package consumer builds, runs and gets diagnostics"
