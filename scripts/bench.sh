#!/usr/bin/env bash
# Every benchmark, each against a baseline measured in the same run (figures are ratios, not timed tests):
#   SsmWrap          NativeAOT vs JIT: start → fetch 100 parameters → execve /bin/true (wall, peak RSS, SSM calls)
#   S3ToRedshift     the worker (NativeAOT) batched and with Rin's config (one COPY per object) vs Rin itself, under the
#                    Redshift stand-in's COPY cost model and without it: objects/s from process start to the last row
#   S3ToCloudSearch  conversion MB/s per core vs a naive converter;
#                    through SQS in --batch mode (300 x 40 KB, 12 x 4 MB, 1 GiB) vs s32cs-sqs (PEERS_BIN) or one upload
#                    per object: wall, uploads, fill, CPU-s, peak RSS (JIT build, and the AOT binary when published)
#   Lambda           NativeAOT vs JIT vs the Go peers as custom runtimes: cold start (spawn → first /next), peak RSS,
#                    a 100-record SQS invocation of s3-to-redshift (first and warm)
# Usage: bash scripts/bench.sh [ssmwrap|redshift|cloudsearch|lambda]...   (default: all; about 15 minutes on 2 cores)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_dotnet
use_fake_aws_environment
ensure_apt_package '/usr/lib/postgresql/*/bin/initdb' postgresql

selected=("$@")
[ "${#selected[@]}" -gt 0 ] || selected=(ssmwrap redshift cloudsearch lambda)

# Every benchmark appends its summary rows here (bench/Shared/BenchTable.cs); the table is printed at the end.
mkdir -p artifacts/bench
export BENCH_ROWS="$repo_root/artifacts/bench/rows.tsv"
: >"$BENCH_ROWS"
# PEERS_BIN: a folder with the Go peers (ssmwrap2, rin, s32cs-sqs, s32cs); unset, they are built once from the peers
# kit next to the repository when it is there. Without them the peer rows are left out and only our own baselines
# (JIT, naive, one COPY per object) are measured.
echo "==> Go peers"
resolve_go_peers "$repo_root/artifacts/bench/peers"
echo "    PEERS_BIN=${PEERS_BIN:-(none)}"

for bench in "${selected[@]}"; do
  case "$bench" in
    ssmwrap)
      bash scripts/bench-ssmwrap.sh ;;
    redshift)
      echo "==> S3ToRedshift: S3 -> SQS -> loader process -> rows, batched vs one COPY per object vs Rin, with and without the COPY cost model"
      ensure_apt_package clang clang
      ensure_apt_package '/usr/include/zlib.h' zlib1g-dev
      dotnet publish src/S3ToRedshift.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot/s3-to-redshift -nologo -v quiet
      dotnet run -c Release --project bench/S3ToRedshift.Bench ;;
    cloudsearch)
      echo "==> S3ToCloudSearch: conversion per core (BenchmarkDotNet), then SQS runs vs s32cs (NativeAOT, then JIT)"
      ensure_apt_package clang clang
      ensure_apt_package '/usr/include/zlib.h' zlib1g-dev
      dotnet run -c Release --project bench/S3ToCloudSearch.Bench -- --filter '*'
      dotnet publish src/S3ToCloudSearch.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot/s3-to-cloudsearch -nologo -v quiet
      GAPTOOLS_S3TOCLOUDSEARCH_BINARY="$repo_root/artifacts/aot/s3-to-cloudsearch/s3-to-cloudsearch" BENCH_LABEL=" (NativeAOT)" \
        dotnet run -c Release --no-build --project bench/S3ToCloudSearch.Bench -- sqs small medium large
      # The same with the JIT build (what `dotnet tool install` runs).
      dotnet run -c Release --no-build --project bench/S3ToCloudSearch.Bench -- sqs small medium large ;;
    lambda)
      echo "==> Lambda: cold start and a 100-record SQS invocation, NativeAOT vs JIT vs the Go peers"
      bash scripts/bench-lambda.sh ;;
    *)
      echo "error: unknown benchmark '$bench' (ssmwrap, redshift, cloudsearch, lambda)" >&2
      exit 2 ;;
  esac
done

print_bench_table() {
  echo
  echo "==> Summary ($(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d); ratios against baselines measured in this run)"
  echo "| work | GapTools | baseline | ratio | goal | met |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$BENCH_ROWS"
}
print_bench_table | tee artifacts/bench/summary.md
