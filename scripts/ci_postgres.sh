#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the store contract tests and print the URL to use.
#
#   eval "$(bash scripts/ci_postgres.sh)"     # exports CONFLICTWATCH_TEST_PG_URL
#
# Installs Debian's postgresql when no server binaries are on the machine, then runs a private
# cluster (its own data folder, 127.0.0.1 only, port CONFLICTWATCH_PG_PORT, default 54329) so it
# never touches a system cluster on 5432. Idempotent: when the cluster already answers, it only
# makes sure the role and database exist (well under a second). Durability is traded for speed
# (fsync off): the data is scratch. Progress goes to stderr; stdout is the export line only.
set -euo pipefail

PORT="${CONFLICTWATCH_PG_PORT:-54329}"
DATA="${CONFLICTWATCH_PG_DATA:-${TMPDIR:-/tmp}/conflictwatch-pg-$PORT}"
ROLE=conflictwatch
PASSWORD=conflictwatch
DB=conflictwatch_test
say() { echo "ci_postgres: $*" >&2; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
    say "installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
fi
BIN="$(bindir)"

# As root, the server runs as the postgres user (it refuses to run as root); otherwise as yourself.
if [ "$(id -u)" = 0 ]; then
    OWNER=postgres
    as_owner() { runuser -u postgres -- "$@"; }
else
    OWNER="$(id -un)"
    as_owner() { "$@"; }
fi
psql_admin() { as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DATA" -p "$PORT" -d postgres "$@"; }

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
    if [ ! -s "$DATA/PG_VERSION" ]; then
        say "creating a cluster in $DATA"
        mkdir -p "$DATA"
        chown "$OWNER" "$DATA"
        chmod 700 "$DATA"
        as_owner "$BIN/initdb" -D "$DATA" -U "$OWNER" --auth-local=trust --auth-host=scram-sha-256 \
            -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    say "starting PostgreSQL on 127.0.0.1:$PORT"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start -o \
        "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DATA -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null \
        || { tail -n 20 "$DATA/server.log" >&2; exit 1; }
fi

# -U: the cluster's superuser is its owner (postgres as root).
if [ "$(psql_admin -U "$OWNER" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
    psql_admin -U "$OWNER" -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
fi
if [ "$(psql_admin -U "$OWNER" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
    psql_admin -U "$OWNER" -c "CREATE DATABASE $DB OWNER $ROLE"
fi

URL="postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
say "ready: $URL"
echo "export CONFLICTWATCH_TEST_PG_URL=$URL"
