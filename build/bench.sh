#!/usr/bin/env bash
# Runs tests/NPS.Quality.Benchmarks against a throwaway PostgreSQL of its own.
# Usage: build/bench.sh [rounds] [--phases|--store|--export|--dossier]
#        build/bench.sh --network [--sites=800] [--months=36] [--per-month=200] [--skip-failover] [--import-only]
#          the network data set of issue 17, seeded on a throwaway cluster with durable settings (fsync on, as in
#          production; its data directory is removed at the end), and every figure printed against its goal.
#        build/bench.sh --network --keep-data=DIR [...]
#          the same on a cluster kept in DIR: the first run seeds it, later runs find the data set there and only measure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=/tmp/nps-quality-bench-$$
keep=
for a in "$@"; do case "$a" in --keep-data=*) data=$(realpath -m "${a#--keep-data=}"); keep=1 ;; esac; done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mode=throwaway
for a in "$@"; do [ "$a" = "--network" ] && mode=durable; done
"$root/build/pg.sh" ensure-binaries
"$root/build/pg.sh" start "$data" "$port" "$mode"
if [ -n "$keep" ]; then
  trap '"$root/build/pg.sh" stop "$data"' EXIT
else
  trap '"$root/build/pg.sh" stop "$data"; rm -rf "$data" "$data.initdb.log"' EXIT
fi
# The benchmarks and the service (the network benchmark starts two service processes from src/NPS.Quality/bin/Release).
if ! out=$(dotnet build "$root/tests/NPS.Quality.Benchmarks" -c Release --nologo -v q 2>&1); then
  echo "$out" | grep -v NU1603 >&2; exit 1
fi
cd "$root/tests/NPS.Quality.Benchmarks/bin/Release/net10.0"
ConnectionStrings__Marten="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=40" \
  dotnet NPS.Quality.Benchmarks.dll "$@"
