#!/usr/bin/env bash
# Packages the command-line tools as AWS Lambda custom-runtime functions (provided.al2023): for each tool, a NativeAOT
# publish, the binary copied as `bootstrap` (mode 755) and zipped alone, ready for deploy/lambda/*.yaml.
#
#   bash scripts/package-lambda.sh                      # both tools
#   bash scripts/package-lambda.sh s3-to-redshift       # one (also: S3ToRedshift, s3-to-cloudsearch, S3ToCloudSearch)
#
# Output: artifacts/lambda/<tool>/linux-<arch>/ (the publish folder, bootstrap included) and
# artifacts/lambda/<tool>-linux-<arch>.zip, for x64 and then arm64. linux-x64 must build (exit 1 otherwise). linux-arm64
# is tried the same way: cross-compiling NativeAOT from an x64 host needs an arm64 linker, C runtime and libgcc, which
# the script installs from Debian's cross packages when it can (gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu,
# libc6-dev-arm64-cross); when arm64 still fails it prints one line saying so and goes on (exit 0).
# The build goes to artifacts/lambda/.build (UseArtifactsOutput), apart from src/*/bin|obj and other builds.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# shellcheck source=scripts/lib.sh
source "$repo_root/scripts/lib.sh"

out_root="$repo_root/artifacts/lambda"
build_root="$out_root/.build"

# tool name (the binary's) → project folder
project_of() {
  case "$1" in
    s3-to-redshift|S3ToRedshift) echo "src/S3ToRedshift.Cli" ;;
    s3-to-cloudsearch|S3ToCloudSearch) echo "src/S3ToCloudSearch.Cli" ;;
    *) return 1 ;;
  esac
}

tool_of() {
  case "$1" in
    s3-to-redshift|S3ToRedshift) echo "s3-to-redshift" ;;
    s3-to-cloudsearch|S3ToCloudSearch) echo "s3-to-cloudsearch" ;;
  esac
}

tools=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
  if ! project_of "$arg" >/dev/null; then
    echo "error: unknown tool '$arg' (s3-to-redshift or s3-to-cloudsearch)" >&2
    exit 2
  fi
  tools+=("$(tool_of "$arg")")
done
if [ "${#tools[@]}" -eq 0 ]; then
  tools=(s3-to-redshift s3-to-cloudsearch)
fi

ensure_dotnet
# NativeAOT's linker prerequisites (as scripts/demo.sh --aot), and zip for the package.
ensure_apt_package clang clang
ensure_apt_package '/usr/include/zlib.h' zlib1g-dev
ensure_apt_package zip zip
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

size_of() { stat -c %s "$1"; }
human() { numfmt --to=iec-i --suffix=B --round=nearest --format='%.1f' "$1"; }

# package TOOL RID: publish, bootstrap, zip. Returns non-zero (after printing why) when the publish fails.
package() {
  local tool="$1" rid="$2"
  local project publish_dir zip log started elapsed
  project="$(project_of "$tool")"
  publish_dir="$out_root/$tool/$rid"
  zip="$out_root/$tool-$rid.zip"
  log="$out_root/$tool-$rid.publish.log"
  rm -rf "$publish_dir" "$zip"
  mkdir -p "$publish_dir"

  echo "==> dotnet publish $project -c Release -r $rid -p:PublishAot=true -o ${publish_dir#"$repo_root"/}"
  started=$SECONDS
  if ! dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true -o "$publish_dir" \
      -p:UseArtifactsOutput=true "-p:ArtifactsPath=$build_root" \
      -nologo -tl:off -nodeReuse:false -v minimal </dev/null >"$log" 2>&1; then
    elapsed=$((SECONDS - started))
    # The first error the compiler or linker printed, without MSBuild's project suffix.
    # The linker's own complaint when there is one (clang's "linker command failed" says less), else the first error.
    first_error="$(grep -m1 -E '(^|/| )ld(\.[a-z]+)?: |cannot find ' "$log" || grep -m1 -E 'error[ :]|Error[ :]' "$log" || true)"
    first_error="$(printf '%s' "$first_error" | sed -E 's/^ +//; s/ \[[^]]*\]$//')"
    echo "    publish failed after ${elapsed} s (full log: ${log#"$repo_root"/}): ${first_error:-see the log}"
    return 1
  fi
  elapsed=$((SECONDS - started))

  local binary="$publish_dir/$tool"
  if [ ! -f "$binary" ]; then
    echo "    publish succeeded but $binary is missing" >&2
    return 1
  fi
  cp "$binary" "$publish_dir/bootstrap"
  chmod 755 "$publish_dir/bootstrap"
  # -j: bootstrap at the zip's root; -X: no extra attributes (the unix mode 755 is kept); the .dbg symbols stay out.
  (cd "$publish_dir" && zip -q -j -X "$zip" bootstrap)
  printf '    %s: published in %d s; bootstrap %s; %s %s\n' "$tool/$rid" "$elapsed" \
    "$(human "$(size_of "$publish_dir/bootstrap")")" "${zip#"$repo_root"/}" "$(human "$(size_of "$zip")")"
  built+=("$zip")
}

built=()
first_error=""
x64_failed=()
arm64_failed=()
for tool in "${tools[@]}"; do
  package "$tool" linux-x64 || x64_failed+=("$tool")
done
# NativeAOT links with clang --target=aarch64-linux-gnu: it needs an aarch64 ld, crt objects, libc and libgcc. Debian
# ships them as cross packages (no arm64 architecture in dpkg needed). Elsewhere, the arm64 publish fails and says why.
arm64_error=""
if [ "$(uname -m)" = "x86_64" ] && command -v apt-get >/dev/null 2>&1; then
  ensure_apt_package aarch64-linux-gnu-ld.bfd binutils-aarch64-linux-gnu \
    && ensure_apt_package aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu \
    && ensure_apt_package '/usr/aarch64-linux-gnu/lib/crt1.o' libc6-dev-arm64-cross \
    || echo "    could not install the arm64 cross toolchain; linux-arm64 will likely fail"
fi
for tool in "${tools[@]}"; do
  # A tool that does not build for x64 will not for arm64 either: the same compile error again, two minutes later.
  if [[ " ${x64_failed[*]} " == *" $tool "* ]]; then
    echo "==> linux-arm64 skipped for $tool (its linux-x64 publish failed)"
    continue
  fi
  if ! package "$tool" linux-arm64; then
    arm64_failed+=("$tool")
    arm64_error="${arm64_error:-$first_error}"
  fi
done

echo
echo "==> packages"
for zip in "${built[@]}"; do
  printf '%s\t%s (%s bytes)\n' "${zip#"$repo_root"/}" "$(human "$(size_of "$zip")")" "$(size_of "$zip")"
done
if [ "${#arm64_failed[@]}" -gt 0 ]; then
  echo "linux-arm64 NOT built for ${arm64_failed[*]} (${arm64_error:-see artifacts/lambda/*-linux-arm64.publish.log}): NativeAOT cross-compilation from this $(uname -m) host needs an aarch64 linker, C runtime and libgcc for clang --target=aarch64-linux-gnu (Debian: apt-get install binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu libc6-dev-arm64-cross), or run this script on an arm64 machine; the x64 packages are complete"
fi
if [ "${#x64_failed[@]}" -gt 0 ]; then
  echo "error: linux-x64 failed for ${x64_failed[*]} (see artifacts/lambda/*-linux-x64.publish.log)" >&2
  exit 1
fi
