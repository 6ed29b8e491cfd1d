# Shared by the scripts that check SqliteGen as a package user gets it (check-package.sh,
# check-migration-workflow.sh). Source it; it defines functions only.
#   pack_sqlitegen <feed> <version> <log>        dotnet pack src/SqliteGen -c Release into <feed>, no warnings allowed
#   write_consumer_nuget_config <dir> <feed>      a nuget.config taking SqliteGen (and SqliteGen.SqliteVec) only from <feed>, the rest from nuget.org
# Both expect ROOT (the repository) and the step/fail helpers of the calling script.

pack_sqlitegen() {
    local feed="$1" version="$2" log="$3"
    step "dotnet pack src/SqliteGen -c Release -o $feed  (package version $version)"
    if ! dotnet pack "$ROOT/src/SqliteGen" -c Release -o "$feed" -p:PackageVersion="$version" -nologo 2>&1 | tee "$log"; then
        fail "dotnet pack failed (see above)"
    fi
    if grep -E -i ': warning [A-Z]+[0-9]+' "$log"; then fail "dotnet pack printed warnings"; fi
    [ -f "$feed/SqliteGen.$version.nupkg" ] || fail "no package at $feed/SqliteGen.$version.nupkg"
}

write_consumer_nuget_config() {
    local dir="$1" feed="$2"
    mkdir -p "$dir"
    cat >"$dir/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="sqlitegen-local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <!-- SqliteGen only from the folder just packed; everything else from the default source. -->
  <packageSourceMapping>
    <packageSource key="sqlitegen-local"><package pattern="SqliteGen" /><package pattern="SqliteGen.SqliteVec" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
}
