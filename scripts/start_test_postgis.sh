#!/usr/bin/env bash
# Starts the local PostgreSQL 15 + PostGIS server the project-list tests use, idempotently:
#   cluster 15/main on 127.0.0.1:5432 (started if stopped), role lc (password lc), database lc_test with the
#   postgis extension (created if missing).
# Installs nothing: `bash scripts/bootstrap.sh --with-postgis` (or `make deps-postgis`) installs Debian's
# postgresql-15 and postgresql-15-postgis-3.
#
# Usage: scripts/start_test_postgis.sh          -> prints "started" (this run started the cluster) or "running"
#        scripts/start_test_postgis.sh --stop   -> stops cluster 15/main (the tests stop only what they started)
# Exit 2: PostgreSQL 15 or PostGIS is not installed (the message says how to install it); 1: anything else.
set -euo pipefail

VERSION=15
CLUSTER=main
PORT=5432
ROLE=lc
PASSWORD=lc
DATABASE=lc_test

SUDO=()
if [[ $(id -u) -ne 0 ]]; then SUDO=(sudo -n); fi

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi
}

install_hint="install it with: bash scripts/bootstrap.sh --with-postgis (Debian: apt-get install -y --no-install-recommends postgresql-15 postgresql-15-postgis-3)"
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ ! -x /usr/lib/postgresql/$VERSION/bin/postgres ]]; then
  echo "start_test_postgis: PostgreSQL $VERSION is not installed; $install_hint" >&2
  exit 2
fi
if [[ ! -f /usr/share/postgresql/$VERSION/extension/postgis.control ]]; then
  echo "start_test_postgis: PostGIS for PostgreSQL $VERSION is not installed; $install_hint" >&2
  exit 2
fi

cluster_status() { pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}'; }
cluster_port() { pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}'; }

if [[ "${1:-}" == "--stop" ]]; then
  if [[ "$(cluster_status)" == online* ]]; then
    "${SUDO[@]}" pg_ctlcluster "$VERSION" "$CLUSTER" stop -m fast
    echo "stopped"
  else
    echo "not running"
  fi
  exit 0
fi

if [[ -z "$(cluster_status)" ]]; then
  echo "start_test_postgis: creating cluster $VERSION/$CLUSTER" >&2
  "${SUDO[@]}" pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >/dev/null
fi
if [[ "$(cluster_port)" != "$PORT" ]]; then
  echo "start_test_postgis: cluster $VERSION/$CLUSTER listens on port $(cluster_port), not $PORT" >&2
  exit 1
fi

state=running
if [[ "$(cluster_status)" != online* ]]; then
  "${SUDO[@]}" pg_ctlcluster "$VERSION" "$CLUSTER" start
  state=started
fi
for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.5
done
if ! pg_isready -q -h 127.0.0.1 -p "$PORT"; then
  echo "start_test_postgis: the server does not answer on 127.0.0.1:$PORT (see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log)" >&2
  exit 1
fi

psql_pg() { as_postgres psql -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [[ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname='$ROLE'")" != "1" ]]; then
  psql_pg -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' SUPERUSER"
fi
if [[ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname='$DATABASE'")" != "1" ]]; then
  as_postgres createdb -p "$PORT" -O "$ROLE" "$DATABASE"
fi
psql_pg -d "$DATABASE" -c "SET client_min_messages TO warning" -c "CREATE EXTENSION IF NOT EXISTS postgis"
echo "$state"
