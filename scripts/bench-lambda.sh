#!/usr/bin/env bash
# Lambda benchmark: the worker binaries as custom-runtime functions against LocalAws's Runtime API emulator
# (standalone, 127.0.0.1 only), NativeAOT against JIT, and against the Go peers (Rin v1.3.2, s32cs v1.2.0) when the
# peers kit is next to the repository (../shared/peers). Ratios against the NativeAOT build of the same run:
#   cold start   process spawn → first /next request at the emulator, and peak RSS (VmHWM), both tools
#   invocation   s3-to-redshift: one SQS event of 100 records (100 JSON-lines objects, real S3 notifications)
#                → rows in PostgreSQL behind LocalAws's Redshift wire proxy; first and second (warm) invocation
# Not a test: nothing here passes or fails. The harness is bench/Lambda.Bench/bench_lambda.py.
#
#   bash scripts/bench.sh lambda                      # or: bash scripts/bench-lambda.sh (about 2 minutes on 2 cores)
#   COLD_REPS=3 INVOKE_REPS=1 bash scripts/bench-lambda.sh          # quicker
#   PEERS_BIN=<folder with rin and s32cs> bash scripts/bench-lambda.sh   # Go peers built elsewhere
#   NO_BUILD=1 bash scripts/bench-lambda.sh          # run the binaries as they are (while the tree is being edited)
#   REF=HEAD bash scripts/bench-lambda.sh            # measure a commit, not the working tree: builds it in a git
#                                                    # worktree (BENCH_TREE, default $TMPDIR/gaptools-bench-lambda)
#
# Builds only what is missing or older than its sources: the JIT builds (dotnet build -c Release), the NativeAOT
# binaries in artifacts/aot/<tool>/ (the package-lambda command, one publish at a time, after any publish already
# running on the machine), and the Go peers into artifacts/bench/lambda/peers with ../shared/peers/build-peers.sh
# when the snapshots it needs are in MIRROR (default ../.mirror). Results: artifacts/bench/lambda/results.md.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
out="artifacts/bench/lambda"
cold_reps="${COLD_REPS:-7}"
invoke_reps="${INVOKE_REPS:-3}"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_dotnet

# Where the measured binaries are built: the working tree, or a detached worktree of REF (a shared working tree
# may hold someone's unfinished edits; a worktree has its own bin/obj, so its builds touch nothing here).
tree="$repo_root"
if [ -n "${REF:-}" ]; then
  commit="$(git rev-parse --verify "${REF}^{commit}")"
  tree="${BENCH_TREE:-${TMPDIR:-/tmp}/gaptools-bench-lambda}"
  if [ -e "$tree/.git" ]; then
    git -C "$tree" checkout -q --detach "$commit"
  else
    git worktree add -q --detach "$tree" "$commit"
  fi
  echo "==> measuring $(git log -1 --format='%h %cs' "$commit") in the worktree $tree (git worktree remove $tree when done)"
fi
use_fake_aws_environment   # fake keys, AWS_EC2_METADATA_DISABLED=true, no endpoint overrides: nothing reaches AWS

ensure_apt_package '/usr/lib/postgresql/*/bin/initdb' postgresql
ensure_apt_package psql postgresql-client
ensure_apt_package clang clang
ensure_apt_package '/usr/include/zlib.h' zlib1g-dev
python_with_boto3

mkdir -p "$out"
pid_file="$out/pids"

# stale OUTPUT DIR...: true when OUTPUT is missing, or a source under DIR... (or a root props file) is newer than
# the newest of OUTPUT and the assemblies beside it (a library can be rebuilt without the app's own assembly changing).
stale() {
  local output="$1" newest
  shift
  [ -e "$output" ] || return 0
  newest="$(ls -t "$output" "$(dirname "$output")"/*.dll 2>/dev/null | head -n 1 || true)"
  [ -n "$(find "$@" Directory.Build.props Directory.Packages.props global.json \
      \( -name bin -o -name obj \) -prune -o \
      -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) -newer "$newest" -print -quit)" ]
}

# NativeAOT publishes share intermediate folders: never two at once, also not with another engineer's.
wait_for_publishes() {
  local waited=0
  while pgrep -f "dotnet publish" >/dev/null 2>&1; do
    [ "$waited" -eq 0 ] && echo "    waiting for a dotnet publish already running"
    sleep 5
    waited=$((waited + 5))
    if [ "$waited" -ge 900 ]; then
      echo "error: a dotnet publish is still running after 15 minutes" >&2
      exit 1
    fi
  done
}

if [ "${NO_BUILD:-0}" = 1 ]; then
  echo "==> builds: skipped (NO_BUILD=1), the binaries as they are"
  stale() { [ -e "$1" ] || { echo "error: $1 is missing (NO_BUILD=1)" >&2; exit 1; }; return 1; }
else
  echo "==> builds (only what is missing or older than its sources)"
  wait_for_publishes
fi
cd "$tree"
for spec in "tests/LocalAws:tests/LocalAws/bin/Release/net10.0/LocalAws.dll:tests/LocalAws tests/GapTools.Testing" \
            "src/S3ToRedshift.Cli:src/S3ToRedshift.Cli/bin/Release/net10.0/s3-to-redshift.dll:src" \
            "src/S3ToCloudSearch.Cli:src/S3ToCloudSearch.Cli/bin/Release/net10.0/s3-to-cloudsearch.dll:src"; do
  IFS=: read -r project output sources <<<"$spec"
  # shellcheck disable=SC2086 # several source folders
  if stale "$output" $sources; then
    echo "    dotnet build $project -c Release"
    dotnet build "$project" -c Release -nologo -v quiet </dev/null
  else
    echo "    $output is current"
  fi
done
for tool in s3-to-redshift s3-to-cloudsearch; do
  case "$tool" in s3-to-redshift) project=src/S3ToRedshift.Cli ;; *) project=src/S3ToCloudSearch.Cli ;; esac
  if stale "artifacts/aot/$tool/$tool" src; then
    wait_for_publishes
    echo "    dotnet publish $project -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot/$tool"
    dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -o "artifacts/aot/$tool" -nologo -v quiet </dev/null
  else
    echo "    artifacts/aot/$tool/$tool is current"
  fi
done

cd "$repo_root"

echo "==> Go peers"
peer_args=()
resolve_go_peers artifacts/bench/peers
if [ -n "$PEERS_BIN" ] && [ -x "$PEERS_BIN/rin" ] && [ -x "$PEERS_BIN/s32cs" ]; then
  echo "    $PEERS_BIN/rin (Rin v1.3.2, cmd/rin) and $PEERS_BIN/s32cs (s32cs v1.2.0, functions/upload)"
  peer_args=(--rin "$PEERS_BIN/rin" --s32cs "$PEERS_BIN/s32cs")
fi

echo "==> machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run_harness "$pid_file" "$python" bench/Lambda.Bench/bench_lambda.py \
  --localaws "$tree/tests/LocalAws/bin/Release/net10.0/LocalAws.dll" \
  --aot-redshift "$tree/artifacts/aot/s3-to-redshift/s3-to-redshift" \
  --jit-redshift "$tree/src/S3ToRedshift.Cli/bin/Release/net10.0/s3-to-redshift.dll" \
  --aot-cloudsearch "$tree/artifacts/aot/s3-to-cloudsearch/s3-to-cloudsearch" \
  --jit-cloudsearch "$tree/src/S3ToCloudSearch.Cli/bin/Release/net10.0/s3-to-cloudsearch.dll" \
  "${peer_args[@]}" --cold-reps "$cold_reps" --invoke-reps "$invoke_reps" \
  --out "$out" --pid-file "$pid_file"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores. Table also in $out/results.md, raw figures in $out/results.json."
