#!/usr/bin/env bash
# Shared by scripts/test.sh and scripts/demo.sh (source it; it runs nothing by itself except defining functions).
#   as_root CMD...                       run CMD as root (directly, or through sudo when available)
#   ensure_apt_package PROBE PACKAGE     install PACKAGE via apt unless PROBE is on PATH / matches a file
#   ensure_dotnet                        fail with a clear message when the .NET SDK is missing
#   use_fake_aws_environment             fake static credentials; nothing can reach real AWS

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

# ensure_dotnet: the SDK is the one prerequisite the scripts do not install.
ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET SDK (dotnet) is not on PATH; install the SDK named in global.json" >&2
    exit 1
  fi
}

# use_fake_aws_environment: tests and the demo must never reach real AWS: fake static credentials, no instance
# metadata lookups, no ambient profile or endpoint overrides from the developer's shell.
use_fake_aws_environment() {
  export AWS_EC2_METADATA_DISABLED=true
  export AWS_ACCESS_KEY_ID=test
  export AWS_SECRET_ACCESS_KEY=test
  export AWS_REGION=us-east-1
  export AWS_DEFAULT_REGION=us-east-1
  unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE
  local name
  for name in $(compgen -e | grep '^AWS_ENDPOINT_URL' || true); do unset "$name"; done
  export DOTNET_CLI_TELEMETRY_OPTOUT=1
  export DOTNET_NOLOGO=1
  export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# python_with_boto3: sets $python to a Python 3 that imports boto3 (the benchmark and comparison harnesses drive
# LocalAws with it): the one on PATH when it has boto3, else Debian's with python3-boto3 installed.
python_with_boto3() {
  ensure_apt_package python3 python3
  python=python3
  if ! python3 -c 'import boto3' 2>/dev/null; then
    ensure_apt_package /usr/lib/python3/dist-packages/boto3 python3-boto3
    python=/usr/bin/python3
  fi
}

# run_harness PID_FILE COMMAND...: runs a harness that writes the pid of every process it starts to PID_FILE (one per
# line) and, however this script ends (error, Ctrl-C, SIGTERM), stops the harness and whatever it left running: by
# pid, never by name. Returns the harness's exit status.
run_harness() {
  _harness_pid_file="$1"
  shift
  : >"$_harness_pid_file"
  _harness_pid=""
  trap _stop_harness EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  "$@" </dev/null &
  _harness_pid=$!
  local status=0
  wait "$_harness_pid" || status=$?
  _harness_pid=""
  : >"$_harness_pid_file"   # everything it started is reaped
  return "$status"
}

_stop_harness() {
  local pid
  if [ -n "${_harness_pid:-}" ] && kill -0 "$_harness_pid" 2>/dev/null; then
    kill -TERM "$_harness_pid" 2>/dev/null || true
    wait "$_harness_pid" 2>/dev/null || true
  fi
  if [ -f "${_harness_pid_file:-}" ]; then
    while read -r pid; do
      [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
    done <"$_harness_pid_file"
  fi
}

# Sets PEERS_BIN to a folder holding the Go peers (ssmwrap2, rin, s32cs-sqs, s32cs) for the benchmarks: PEERS_BIN
# itself when it names one; else, when the peers kit is next to the repository (../shared/peers) and the source
# snapshots are in MIRROR (default ../.mirror), builds them once into $1 (about 3 minutes; Debian's Go). Otherwise
# PEERS_BIN is left empty and the benchmarks measure against their own baselines only.
resolve_go_peers() {
  local build_dir="$1" kit mirror missing snapshot
  local wanted=(ssmwrap2 rin s32cs-sqs s32cs)
  has_peers() { local p; for p in "${wanted[@]}"; do [ -x "$1/$p" ] || return 1; done; }
  if [ -n "${PEERS_BIN:-}" ]; then
    has_peers "$PEERS_BIN" || echo "    PEERS_BIN=$PEERS_BIN lacks one of ${wanted[*]}: those peers are skipped"
    export PEERS_BIN
    return 0
  fi
  if has_peers "$build_dir"; then
    export PEERS_BIN="$build_dir"
    return 0
  fi
  kit="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/../shared/peers"
  mirror="${MIRROR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/../.mirror}"
  export PEERS_BIN=""
  if [ ! -d "$kit" ]; then
    echo "    ../shared/peers is absent: Go peers skipped"
    return 0
  fi
  missing=""
  for snapshot in fujiwara+Rin fujiwara+s32cs aws+aws-lambda-go kayac+go-config mashiike+redshift-data-sql-driver \
                  Songmu+retry handlename+ssmwrap samber+lo; do
    [ -d "$mirror/$snapshot/repo" ] || missing="$missing $snapshot"
  done
  if [ -n "$missing" ]; then
    echo "    no peer binaries in $build_dir and snapshots missing in $mirror ($missing ): Go peers skipped (see ../shared/peers/README.md)"
    return 0
  fi
  echo "    building the Go peers with ../shared/peers/build-peers.sh into $build_dir (about 3 minutes, once)"
  ensure_apt_package go golang-go
  mkdir -p "$build_dir"
  if MIRROR="$mirror" PEERS="$build_dir" as_root bash "$kit/build-peers.sh" >"$build_dir/build.log" 2>&1 && has_peers "$build_dir"; then
    export PEERS_BIN="$build_dir"
  else
    echo "    the peers build failed (see $build_dir/build.log): Go peers skipped"
  fi
}

