#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `start DIR` prints the URL; `createdb DIR NAME` makes an empty database
# and prints its URL; `stop DIR` stops the cluster and removes DIR.
# Runs as the unprivileged user `postgres` (or `nobody`) when started as root; socket and data inside DIR,
# listening on 127.0.0.1 at a free port. Needs the Debian `postgresql` package (initdb, pg_ctl).
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?folder}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || bindir=$(dirname "$(command -v initdb)")
as_user=()
if [ "$(id -u)" = 0 ]; then
  user=postgres; id -u postgres >/dev/null 2>&1 || user=nobody
  as_user=(runuser -u "$user" --)
fi
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown "$user" "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "${as_user[@]}" "$bindir/initdb" -D "$dir/data" -U pioneer --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    "${as_user[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    echo "$port" >"$dir/port"
    echo "postgresql+psycopg://pioneer@127.0.0.1:$port/postgres"
    ;;
  createdb)
    name=${3:?database name}
    port=$(cat "$dir/port")
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U pioneer "$name"
    echo "postgresql+psycopg://pioneer@127.0.0.1:$port/$name"
    ;;
  stop)
    [ -d "$dir/data" ] && "${as_user[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
