#!/usr/bin/env bash
# SsmWrap benchmark: start → fetch (1 name, 10 names, 100 parameters by path, no rules) → execve /bin/true, the
# NativeAOT binary against the JIT build and, with PEERS_BIN, the Go ssmwrap v2.2.0 ($PEERS_BIN/ssmwrap2), all against
# LocalAws on a free loopback port (in the bench process). Prints wall time (median, p90; hyperfine's too when it is
# installed), peak RSS and SSM calls per run, with ratios, then one summary row per scenario (BenchRow: against the
# Go peer with issue 14's goals, or against the JIT build without PEERS_BIN). Not a test: nothing here passes or fails.
#
#   PEERS_BIN=/work/peers/bin bash scripts/bench-ssmwrap.sh   # 30 runs per build and scenario (about 8 minutes, publishing included)
#   RUNS=10 bash scripts/bench-ssmwrap.sh                     # quicker (RUNS=20 with the peer: 6.5 minutes), JIT baseline only
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
runs="${RUNS:-30}"
out="artifacts/bench/ssmwrap"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_dotnet

# NativeAOT links with clang (and zlib); GNU time reports peak RSS; hyperfine is optional: without it the bench's
# own timings stand alone.
ensure_apt_package clang clang
ensure_apt_package '/usr/include/zlib.h' zlib1g-dev
ensure_apt_package /usr/bin/time time
ensure_apt_package hyperfine hyperfine || echo "hyperfine not available; timing runs in the bench only"

# Fake credentials, no instance metadata: nothing here may reach real AWS.
use_fake_aws_environment

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "error: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

echo "==> NativeAOT publish (the command the README documents)"
publish_log="$(mktemp)"
dotnet publish src/SsmWrap.Cli -c Release -r "$rid" -p:PublishAot=true -o "$out/aot" 2>&1 | tee "$publish_log" | grep -E "error|warning|->" || true
warnings="$(grep -cE "warning (IL|CA|CS)" "$publish_log" || true)"
rm -f "$publish_log"
echo "    trim/AOT warnings: $warnings"

echo "==> JIT build (baseline: the same CLI on the shared runtime)"
dotnet publish src/SsmWrap.Cli -c Release -o "$out/jit" -nologo -v quiet

echo "==> bench"
dotnet build bench/SsmWrap.Bench/GapTools.SsmWrap.Bench.csproj -c Release -nologo -v quiet
hyperfine_arg=()
if command -v hyperfine >/dev/null 2>&1; then hyperfine_arg=(--hyperfine "$(command -v hyperfine)"); fi
peer_arg=()
if [ -n "${PEERS_BIN:-}" ]; then
  if [ -x "$PEERS_BIN/ssmwrap2" ]; then peer_arg=(--peer "$PEERS_BIN/ssmwrap2"); else echo "warning: no $PEERS_BIN/ssmwrap2; comparing with the JIT build only" >&2; fi
fi
dotnet bench/SsmWrap.Bench/bin/Release/net10.0/ssmwrap-bench.dll \
  --aot "$out/aot/ssmwrap" --jit "$out/jit/ssmwrap" "${peer_arg[@]}" --runs "$runs" --warmup 3 "${hyperfine_arg[@]}" | tee "$out/results.txt"
echo "(also in $out/results.txt)"
