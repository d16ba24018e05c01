#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the test suite, in a temporary folder,
# listening on a Unix socket in that folder only (no TCP port).
#
#     .ci/postgres.sh start DIR     # prints the URL to give LIANHU_TEST_PG
#     .ci/postgres.sh stop DIR
#
# initdb and pg_ctl refuse to run as root: run as root, the server runs as
# the unprivileged user $PG_USER (default pgtest, created when missing).
set -euo pipefail
action=$1
dir=$(realpath -m "$2")
bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
    if command -v pg_ctl >/dev/null; then bindir=$(dirname "$(command -v pg_ctl)")
    else bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
fi
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        local user=${PG_USER:-pgtest}
        id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
        chown -R "$user" "$dir"
        su "$user" -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}
case "$action" in
start)
    mkdir -p "$dir"
    chmod 755 "$dir"
    # fsync off and no synchronous commit: the data is thrown away afterwards.
    as_owner "'$bindir/initdb' -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >'$dir/initdb.log' 2>&1"
    as_owner "'$bindir/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-k '$dir' -c listen_addresses='' -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60\" start >/dev/null"
    echo "postgresql://postgres@/postgres?host=$dir"
    ;;
stop)
    as_owner "'$bindir/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
