#!/usr/bin/env bash
# Prints the path of Terraform 1.5.7 (the last release under the MPL, which many teams pin), built from its Go module
# as scripts/tofu.sh builds OpenTofu (the release archives are not reachable here), building it first when the cached
# binary is missing. The build takes about 3 minutes from an empty build cache; the binary is kept under .tmp/.
# TERRAFORM_BUILD_VERSION picks another release that builds from the module proxy (1.13 and earlier).
set -euo pipefail
# shellcheck source=scripts/build-from-module.sh
. "$(dirname "$0")/build-from-module.sh"

version=${TERRAFORM_BUILD_VERSION:-1.5.7}
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${TERRAFORM_BUILD_CACHE_DIR:-$root/.tmp/terraform}
bin="$cache/v$version/terraform"

if [ -x "$bin" ] && "$bin" version 2>/dev/null | head -1 | grep -qx "Terraform v$version"; then
	echo "$bin"
	exit 0
fi

echo "==> building Terraform v$version from its module (about 3 minutes)" >&2
# The release's version/version.go already says Prerelease = "", so the binary reports v$version as the released
# one does.
build_from_module github.com/hashicorp/terraform "$version" . "$bin"
"$bin" version >&2
echo "$bin"
