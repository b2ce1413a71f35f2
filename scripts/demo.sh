#!/usr/bin/env bash
# Runs the demo: the whole pipeline against the local AWS endpoint (tests/LocalAws) and a throwaway PostgreSQL.
# Installs PostgreSQL via apt when missing, builds the demo and every tool it runs in Release (warnings are errors),
# then runs demo/GapTools.Demo, which starts everything on 127.0.0.1, runs each tool's real binary, prints numbered
# steps and stops everything again. Exits 0 when every step held, non-zero with a message naming the failed step.
#
#   bash scripts/demo.sh          # JIT apphosts from the Release build (a tool's NativeAOT publish is used if present)
#   bash scripts/demo.sh --aot    # first publish each tool as a NativeAOT binary (installs clang), then run with those
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# shellcheck source=scripts/lib.sh
source "$repo_root/scripts/lib.sh"

aot=0
for arg in "$@"; do
  case "$arg" in
    --aot) aot=1 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

ensure_apt_package '/usr/lib/postgresql/*/bin/initdb' postgresql
ensure_dotnet
use_fake_aws_environment

echo "==> dotnet build demo/GapTools.Demo -c Release (builds the tools it runs)"
dotnet build demo/GapTools.Demo/GapTools.Demo.csproj -c Release -v quiet -nologo </dev/null

if [ "$aot" -eq 1 ]; then
  # NativeAOT's linker prerequisites (see src/SsmWrap/README.md).
  ensure_apt_package clang clang
  ensure_apt_package '/usr/include/zlib.h' zlib1g-dev
  for project in src/SsmWrap.Cli src/S3ToRedshift.Cli src/S3ToCloudSearch.Cli; do
    [ -d "$project" ] || continue
    echo "==> dotnet publish $project -c Release -r linux-x64 -p:PublishAot=true"
    # No -o: the demo looks for the binary in the default publish folder, bin/Release/net10.0/linux-x64/publish/.
    dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -v quiet -nologo </dev/null
  done
fi

echo "==> running the demo"
exec demo/GapTools.Demo/bin/Release/net10.0/GapTools.Demo </dev/null
