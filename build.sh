#!/usr/bin/env bash
# Entry point of the build: restores the pinned Cake tool and runs build.cake.
#   ./build.sh --target=Run    start the service on a local PostgreSQL
#   ./build.sh --target=Test   run every test against a throwaway PostgreSQL
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
