#!/usr/bin/env bash
# Runs every test of the repository: installs what the tests need (PostgreSQL via apt), builds the solution in
# Release (warnings are errors) and runs all test projects on Microsoft.Testing.Platform.
# Idempotent and non-interactive. Ends with one line: "N passed, N failed, N skipped".
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# shellcheck source=scripts/lib.sh
source "$repo_root/scripts/lib.sh"

ensure_apt_package '/usr/lib/postgresql/*/bin/initdb' postgresql
# The Redshift COPY tests compress their data with the real tools (an encoder independent of the decoder tested).
ensure_apt_package bzip2 bzip2
ensure_apt_package zstd zstd
# NativeAOT links with clang: the Lambda tests run the workers' native bootstrap binaries.
ensure_apt_package clang clang

ensure_dotnet
use_fake_aws_environment

echo "==> dotnet build GapTools.sln -c Release"
dotnet build GapTools.sln -c Release </dev/null

# The workers as NativeAOT binaries (what a Lambda zip or a container ships), one after the other: two publishes at
# once would share the libraries' linux-x64 intermediate folders. Tests find them in artifacts/aot/<tool>/.
for tool in S3ToRedshift.Cli:s3-to-redshift S3ToCloudSearch.Cli:s3-to-cloudsearch; do
  echo "==> dotnet publish src/${tool%%:*} -c Release -r linux-x64 -p:PublishAot=true"
  dotnet publish "src/${tool%%:*}" -c Release -r linux-x64 -p:PublishAot=true -o "artifacts/aot/${tool##*:}" -nologo -v quiet </dev/null
done

log="$(mktemp -t gaptools-test-XXXXXX.log)"
trap 'rm -f "$log"' EXIT

echo "==> dotnet test --solution GapTools.sln -c Release --no-build"
set +e
dotnet test --solution GapTools.sln -c Release --no-build --no-progress </dev/null 2>&1 | tee "$log"
test_exit=${PIPESTATUS[0]}
set -e

# Totals from the run's own summary (summed by dotnet test across all test assemblies):
#   total: N / failed: N / succeeded: N / skipped: N
summary_value() {
  sed -n "s/^[[:space:]]*$1:[[:space:]]*\([0-9][0-9]*\)[[:space:]]*$/\1/p" "$log" | tail -n 1
}
total="$(summary_value total)"
failed="$(summary_value failed)"
passed="$(summary_value succeeded)"
skipped="$(summary_value skipped)"

if [ -z "$total" ] || [ -z "$failed" ] || [ -z "$passed" ] || [ -z "$skipped" ]; then
  # No totals to report: fail on the exit code alone rather than print invented counts.
  echo "error: could not read the test run summary (dotnet test exit code $test_exit)" >&2
  exit 1
fi

status=0
if [ "$test_exit" -ne 0 ]; then
  echo "error: dotnet test exited with code $test_exit" >&2
  status=1
fi
if [ "$failed" -ne 0 ]; then
  status=1
fi
if [ "$total" -eq 0 ]; then
  echo "error: no test ran" >&2
  status=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
