#!/usr/bin/env bash
# Runs every test of the repository: installs what the tests need (PostgreSQL via apt), builds the solution in
# Release (warnings are errors) and runs all test projects on Microsoft.Testing.Platform.
# Idempotent and non-interactive. Ends with one line: "N passed, N failed, N skipped".
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DEBIAN_FRONTEND=noninteractive

apt_updated=0

# as_root CMD...: runs CMD as root (directly, or through sudo when available).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    echo "error: '$*' needs root and sudo is not available" >&2
    return 1
  fi
}

# ensure_apt_package <cmd-or-path-glob> <package>: installs <package> unless <cmd> is on PATH or the path glob
# (anything containing '/') matches an existing file. Runs 'apt-get update' at most once per run.
ensure_apt_package() {
  local probe="$1" package="$2"
  if [[ "$probe" == */* ]]; then
    if compgen -G "$probe" >/dev/null; then return 0; fi
  elif command -v "$probe" >/dev/null 2>&1; then
    return 0
  fi
  echo "==> installing $package (apt)"
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq </dev/null
    apt_updated=1
  fi
  as_root apt-get install -y -qq --no-install-recommends "$package" </dev/null
}

ensure_apt_package '/usr/lib/postgresql/*/bin/initdb' postgresql
# The Redshift COPY tests compress their data with the real tools (an encoder independent of the decoder tested).
ensure_apt_package bzip2 bzip2
ensure_apt_package zstd zstd
# Later: ensure_apt_package clang clang (NativeAOT publish), ensure_apt_package aws awscli (CLI interop tests).

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK (dotnet) is not on PATH; install the SDK named in global.json" >&2
  exit 1
fi

# Tests must never reach real AWS: fake static credentials, no instance metadata lookups, no ambient profile or
# endpoint overrides from the developer's shell.
export AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE
for name in $(compgen -e | grep '^AWS_ENDPOINT_URL' || true); do unset "$name"; done
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "==> dotnet build GapTools.sln -c Release"
dotnet build GapTools.sln -c Release </dev/null

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
