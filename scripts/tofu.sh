#!/usr/bin/env bash
# Prints the path of an OpenTofu CLI built from its Go module (the registry is not reachable here), building it
# first if the cached binary is missing. The build takes a few minutes; the binary is kept under .tmp/.
set -euo pipefail
# shellcheck source=scripts/build-from-module.sh
. "$(dirname "$0")/build-from-module.sh"

version=${TOFU_VERSION:-1.12.6}
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${TOFU_CACHE_DIR:-$root/.tmp/tofu}
bin="$cache/v$version/tofu"

if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -qx "OpenTofu v$version"; then
	echo "$bin"
	exit 0
fi

echo "==> building OpenTofu v$version from its module (a few minutes)" >&2
# version.dev=no makes it report v$version as a release build does, not v$version-dev.
build_from_module github.com/opentofu/opentofu "$version" ./cmd/tofu "$bin" \
	-ldflags "-X github.com/opentofu/opentofu/version.dev=no"
"$bin" version >&2
echo "$bin"
