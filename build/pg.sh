#!/usr/bin/env bash
# Starts or stops a PostgreSQL cluster owned by this project, from the server binaries
# Debian installs. Used by build.cake; never touches the packaged `main` cluster.
#   pg.sh ensure-binaries
#   pg.sh start DATADIR PORT durable|throwaway    (exit 4: the port could not be bound, try another)
#   pg.sh stop DATADIR [--remove]
set -euo pipefail

find_bindir() {
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

as_owner() {
  # initdb and postgres refuse to run as root: run them as the postgres user then.
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  ensure-binaries)
    if find_bindir >/dev/null; then exit 0; fi
    if [ "$(id -u)" = "0" ]; then
      echo "PostgreSQL server binaries not found: installing them with apt-get." >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq postgresql >&2
      # The package starts its own 'main' cluster; we do not use it.
      find_bindir >/dev/null
    else
      echo "PostgreSQL server binaries not found. Install them, then run again:" >&2
      echo "    sudo apt-get install -y postgresql" >&2
      exit 3
    fi
    ;;
  start)
    datadir=$2; port=$3; mode=$4
    bin=$(find_bindir)
    if [ "$(id -u)" = "0" ]; then id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; fi
    mkdir -p "$datadir"
    [ "$(id -u)" = "0" ] && chown postgres "$datadir"
    chmod 700 "$datadir"
    if [ ! -f "$datadir/PG_VERSION" ]; then
      extra=(); [ "$mode" = "throwaway" ] && extra=(--no-sync)
      as_owner "$bin/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 "${extra[@]}" >"$datadir.initdb.log" 2>&1 \
        || { cat "$datadir.initdb.log" >&2; exit 1; }
    fi
    opts=(-c listen_addresses=127.0.0.1 -c port="$port" -c unix_socket_directories="$datadir" -c max_connections=200)
    if [ "$mode" = "throwaway" ]; then
      opts+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
    fi
    log="$datadir/server.log"
    before=$( [ -f "$log" ] && wc -l <"$log" || echo 0 )
    if ! as_owner "$bin/pg_ctl" -D "$datadir" -l "$log" -w -t 60 -o "${opts[*]}" start >/dev/null; then
      # Another process took the port between the build's check and this start: exit 4, the build retries elsewhere.
      recent=$(tail -n +"$((before + 1))" "$log" 2>/dev/null || true)
      if grep -qE 'could not bind|Address already in use|could not create any TCP/IP sockets' <<<"$recent"; then
        echo "PostgreSQL could not bind 127.0.0.1:$port (port taken)." >&2
        exit 4
      fi
      tail -20 "$log" >&2
      exit 1
    fi
    ;;
  stop)
    datadir=$2
    bin=$(find_bindir)
    if [ -f "$datadir/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null 2>&1 || true
    fi
    # A throwaway test cluster leaves nothing behind.
    if [ "${3:-}" = "--remove" ]; then rm -rf "$datadir" "$datadir.initdb.log"; fi
    ;;
  *) echo "usage: pg.sh ensure-binaries | start DATADIR PORT durable|throwaway | stop DATADIR" >&2; exit 2 ;;
esac
