#!/usr/bin/env bash
# SsmWrap benchmark: start → fetch 100 parameters by path (and 25 by name) → execve /bin/true, the NativeAOT binary
# against the JIT build, both against LocalAws on a free loopback port (in the bench process). Prints wall time
# (median, p90), peak RSS and SSM calls per run, with AOT/JIT ratios. Not a test: nothing here passes or fails.
#
#   bash scripts/bench-ssmwrap.sh            # 30 runs per build and scenario (a few minutes on 2 busy cores)
#   RUNS=10 bash scripts/bench-ssmwrap.sh    # quicker
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
dotnet bench/SsmWrap.Bench/bin/Release/net10.0/ssmwrap-bench.dll \
  --aot "$out/aot/ssmwrap" --jit "$out/jit/ssmwrap" --runs "$runs" --warmup 3 "${hyperfine_arg[@]}" | tee "$out/results.txt"
echo "(also in $out/results.txt)"
