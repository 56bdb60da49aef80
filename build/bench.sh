#!/usr/bin/env bash
# Runs tests/NPS.Quality.Benchmarks against a throwaway PostgreSQL of its own. Usage: build/bench.sh [rounds]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=/tmp/nps-quality-bench-$$
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$root/build/pg.sh" ensure-binaries
"$root/build/pg.sh" start "$data" "$port" throwaway
trap '"$root/build/pg.sh" stop "$data"; rm -rf "$data" "$data.initdb.log"' EXIT
dotnet build "$root/tests/NPS.Quality.Benchmarks" -c Release --nologo -v q >/dev/null
cd "$root/tests/NPS.Quality.Benchmarks/bin/Release/net10.0"
ConnectionStrings__Marten="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=40" \
  dotnet NPS.Quality.Benchmarks.dll "$@"
