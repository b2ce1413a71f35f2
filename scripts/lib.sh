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
