#!/usr/bin/env bash
# Prints the directory of the official alicloud provider (terraform-provider-alicloud), built from its Go module,
# building it first when the cached binary is missing: make bench-official compares it with this provider on the
# same emulator (bench/official_test.go). The build took 8 minutes on a 2-core VM with its modules already
# downloaded, and the binary is 400 MB; it is kept under .tmp/. v1.240.0 is the release the module proxy served
# here of those tried (1.250.0, 1.260.0, 1.262.0 and 1.263.0 were refused); ALICLOUD_PROVIDER_VERSION picks another.
set -euo pipefail
# shellcheck source=scripts/build-from-module.sh
. "$(dirname "$0")/build-from-module.sh"

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
build_from_module github.com/aliyun/terraform-provider-alicloud "$version" . "$bin"
echo "$dir"
