#!/usr/bin/env bash
# Prints the directory of the official alicloud provider (terraform-provider-alicloud), built from its Go module,
# building it first when the cached binary is missing: make bench-official compares it with this provider on the
# same emulator (bench/official_test.go). The build takes about 8 minutes and 2 GB of module downloads from an
# empty cache, and the binary is 400 MB; it is kept under .tmp/. v1.240.0 is the release the module proxy served
# here (v1.250.0 and later were refused); ALICLOUD_PROVIDER_VERSION picks another.
set -euo pipefail

version=${ALICLOUD_PROVIDER_VERSION:-1.240.0}
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${ALICLOUD_PROVIDER_CACHE_DIR:-$root/.tmp/alicloud-provider}
dir="$cache/v$version"
bin="$dir/terraform-provider-alicloud"

if [ -x "$bin" ]; then
	echo "$dir"
	exit 0
fi

echo "==> building terraform-provider-alicloud v$version from its module (about 8 minutes)" >&2
mod=$(go mod download -json "github.com/aliyun/terraform-provider-alicloud@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$mod" ] && [ -d "$mod" ] || { echo "go mod download of terraform-provider-alicloud v$version gave no directory" >&2; exit 1; }
src=$(mktemp -d "${TMPDIR:-/tmp}/alicloud-src.XXXXXX")
trap 'chmod -R u+w "$src" 2>/dev/null; rm -rf "$src"' EXIT
# The module cache is read-only; the build needs a writable copy of its own.
cp -R "$mod/." "$src/"
chmod -R u+w "$src"
mkdir -p "$dir"
(cd "$src" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -o "$bin.tmp" .)
mv "$bin.tmp" "$bin"
echo "$dir"
