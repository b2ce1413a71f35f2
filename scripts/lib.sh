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
