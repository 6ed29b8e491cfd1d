#!/usr/bin/env bash
# PostgreSQL for the tests (tests/SqliteGen.PostgreSql.Tests). The tests start their own server per run (initdb into
# a temporary folder, a free loopback port, stopped and deleted at the end); this script only makes the binaries exist.
#   scripts/postgres.sh ensure   installs Debian's postgresql-15 when its initdb is missing (apt-get, non-interactive)
#   scripts/postgres.sh bin      prints the folder of the binaries (initdb, pg_ctl, postgres)
# The package's own cluster is not wanted: createcluster.conf is told not to create one before the install, so the
# install starts no server of its own.
set -euo pipefail
VERSION=15
BIN="/usr/lib/postgresql/$VERSION/bin"

usage() { echo "usage: scripts/postgres.sh ensure|bin" >&2; }

case "${1:-}" in
  ensure)
    if [[ -x "$BIN/initdb" && -x "$BIN/pg_ctl" ]]; then
      echo "postgres.sh: PostgreSQL $VERSION is installed ($BIN)"
      exit 0
    fi
    SUDO=()
    if [[ "$(id -u)" -ne 0 ]]; then
      command -v sudo >/dev/null || { echo "postgres.sh: installing postgresql-$VERSION needs root (or sudo)" >&2; exit 1; }
      SUDO=(sudo)
    fi
    if [[ ! -f /etc/postgresql-common/createcluster.conf ]]; then
      "${SUDO[@]}" mkdir -p /etc/postgresql-common
      echo "create_main_cluster = false" | "${SUDO[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
    fi
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "postgresql-$VERSION"
    [[ -x "$BIN/initdb" ]] || { echo "postgres.sh: postgresql-$VERSION installed but $BIN/initdb is missing" >&2; exit 1; }
    echo "postgres.sh: installed PostgreSQL $VERSION ($BIN)"
    ;;
  bin)
    echo "$BIN"
    ;;
  *)
    usage
    exit 2
    ;;
esac
