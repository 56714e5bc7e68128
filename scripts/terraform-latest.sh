#!/usr/bin/env bash
# Prints the path of Terraform 1.15.9, unpacked from the workplace's copy (../shared/tools/terraform-1.15.9, see its
# README: no Terraform after 1.13 builds from the Go module proxy) into .tmp/ and checked against its SHA-256.
# Terraform 1.14+ is what list resources (terraform query), actions and their docs pages need.
# Exits 3 with a message on stderr when the copy is absent (a clone outside this workplace): callers skip then.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src=${TERRAFORM_LATEST_SRC:-$root/../shared/tools/terraform-1.15.9}
bin=$root/.tmp/terraform-1.15.9
sum=4a6b491c605318db6ad787ed621403152ad1929c9b956bf83444e7958d76ce2d

if [ -x "$bin" ] && echo "$sum  $bin" | sha256sum -c --status; then
	echo "$bin"
	exit 0
fi
if [ ! -f "$src/terraform_linux_amd64.xz" ]; then
	echo "Terraform 1.15.9 not available: $src/terraform_linux_amd64.xz is absent" >&2
	exit 3
fi
mkdir -p "$(dirname "$bin")"
xz -dc "$src/terraform_linux_amd64.xz" > "$bin.tmp"
echo "$sum  $bin.tmp" | sha256sum -c --status || { echo "Terraform 1.15.9 from $src does not match its SHA-256" >&2; rm -f "$bin.tmp"; exit 1; }
chmod +x "$bin.tmp"
mv "$bin.tmp" "$bin"
echo "$bin"
