#!/usr/bin/env bash
# Differential runs: the same small cases through each Go peer and through ours, against a standalone LocalAws
# (127.0.0.1 only, a Redshift cluster over a throwaway PostgreSQL), printing case | peer result | ours | same/different
# and, below each table, where the two differ. For humans (closing notes, reviews), not for CI: nothing passes or
# fails, and scripts/test.sh does not run it. The cases are in bench/Differential/differential.py; docs/differential-runs.md.
#
#   PEERS_BIN=<folder with ssmwrap2, rin, s32cs-sqs> bash scripts/differential.sh [ssmwrap|s3-to-redshift|s3-to-cloudsearch]...
#   NO_BUILD=1 PEERS_BIN=… bash scripts/differential.sh    # use the binaries as they are
#
# The peers come from ../shared/peers/build-peers.sh (see docs/differential-runs.md). Ours: the NativeAOT binary in
# artifacts/aot/<tool>/<tool> when it is newer than every source under src/, else the Release build (dotnet build,
# run with dotnet). Results: artifacts/differential/results.md.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: PEERS_BIN=<folder with ssmwrap2, rin and s32cs-sqs> bash scripts/differential.sh [ssmwrap|s3-to-redshift|s3-to-cloudsearch]...
  PEERS_BIN  the Go peers (build them with ../shared/peers/build-peers.sh; see docs/differential-runs.md)
  NO_BUILD=1 run our binaries as they are (no dotnet build)
EOF
}

if [ -z "${PEERS_BIN:-}" ]; then
  usage
  exit 2
fi
peers_bin="$(cd "$PEERS_BIN" 2>/dev/null && pwd)" || { echo "error: PEERS_BIN=$PEERS_BIN is not a folder" >&2; exit 2; }
for peer in ssmwrap2 rin s32cs-sqs; do
  if [ ! -x "$peers_bin/$peer" ]; then
    echo "error: $peers_bin/$peer is missing or not executable (build the peers: docs/differential-runs.md)" >&2
    exit 2
  fi
done
only=()
for section in "$@"; do
  case "$section" in
    ssmwrap|s3-to-redshift|s3-to-cloudsearch) only+=(--only "$section") ;;
    *) echo "error: unknown section '$section'" >&2; usage; exit 2 ;;
  esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
out="artifacts/differential"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_dotnet
use_fake_aws_environment   # fake keys, no instance metadata, no endpoint overrides from the caller's shell

ensure_apt_package '/usr/lib/postgresql/*/bin/initdb' postgresql
ensure_apt_package psql postgresql-client
python_with_boto3

# ours TOOL PROJECT: the AOT binary when it is current, else the Release build's .dll (built unless NO_BUILD=1).
ours() {
  local tool="$1" project="$2" aot="artifacts/aot/$1/$1" dll="$2/bin/Release/net10.0/$1.dll"
  if [ -x "$aot" ] && [ -z "$(find src Directory.Build.props Directory.Packages.props \( -name bin -o -name obj \) -prune \
        -o -type f \( -name '*.cs' -o -name '*.csproj' \) -newer "$aot" -print -quit)" ]; then
    echo "$repo_root/$aot"
    return
  fi
  if [ "${NO_BUILD:-0}" != 1 ]; then
    echo "    dotnet build $project -c Release" >&2
    dotnet build "$project" -c Release -nologo -v quiet </dev/null >&2
  fi
  [ -f "$dll" ] || { echo "error: $dll is missing" >&2; exit 1; }
  echo "$repo_root/$dll"
}

echo "==> builds"
localaws="tests/LocalAws/bin/Release/net10.0/LocalAws.dll"
if [ "${NO_BUILD:-0}" != 1 ]; then
  echo "    dotnet build tests/LocalAws -c Release"
  dotnet build tests/LocalAws -c Release -nologo -v quiet </dev/null
fi
ssmwrap="$(ours ssmwrap src/SsmWrap.Cli)"
redshift="$(ours s3-to-redshift src/S3ToRedshift.Cli)"
cloudsearch="$(ours s3-to-cloudsearch src/S3ToCloudSearch.Cli)"
echo "    ours: $ssmwrap, $redshift, $cloudsearch"
echo "    peers: $peers_bin/{ssmwrap2,rin,s32cs-sqs}"

mkdir -p "$out"
pid_file="$out/pids"

run_harness "$pid_file" "$python" bench/Differential/differential.py --localaws "$localaws" --peers "$peers_bin" \
  --ssmwrap "$ssmwrap" --s3-to-redshift "$redshift" --s3-to-cloudsearch "$cloudsearch" \
  "${only[@]}" --out "$out" --pid-file "$pid_file"
