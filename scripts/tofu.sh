#!/usr/bin/env bash
# Prints the path of an OpenTofu CLI built from its Go module (the registry is not reachable here), building it
# first if the cached binary is missing. The build takes a few minutes; the binary is kept under .tmp/.
set -euo pipefail

version=${TOFU_VERSION:-1.12.6}
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${TOFU_CACHE_DIR:-$root/.tmp/tofu}
bin="$cache/v$version/tofu"

if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -qx "OpenTofu v$version"; then
	echo "$bin"
	exit 0
fi

echo "==> building OpenTofu v$version from its module (a few minutes)" >&2
dir=$(go mod download -json "github.com/opentofu/opentofu@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] && [ -d "$dir" ] || { echo "go mod download of opentofu v$version gave no directory" >&2; exit 1; }
src=$(mktemp -d "${TMPDIR:-/tmp}/tofu-src.XXXXXX")
trap 'chmod -R u+w "$src" 2>/dev/null; rm -rf "$src"' EXIT
# The module cache is read-only; the build needs a writable copy of its own.
cp -R "$dir/." "$src/"
chmod -R u+w "$src"
mkdir -p "$(dirname "$bin")"
# GOFLAGS from the caller must not interfere; version.dev=no makes it report v$version as a release build does,
# not v$version-dev.
(cd "$src" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
	-ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "$bin.tmp" ./cmd/tofu)
mv "$bin.tmp" "$bin"
"$bin" version >&2
echo "$bin"
