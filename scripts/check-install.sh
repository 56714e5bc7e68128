#!/usr/bin/env bash
# make check-install: follows the README's "Installing before the registry" steps for real, in a temporary
# directory, so that they stay true. The CLI configurations are the README's own blocks (marked
# <!-- check-install: NAME -->), with its placeholder paths replaced by the temporary ones. Each way plans the
# registry examples (examples/provider, examples/resources, examples/data-sources, unchanged) against the emulator
# that `make install` installed, after terraform init except under dev_overrides (which needs none); the
# dev_overrides way also applies and destroys.
#   1. make install (GOBIN=<tmp>/gobin), dev_overrides
#   2. make install-mirror (MIRROR_DIR=<tmp>/mirror), filesystem_mirror
#   3. make install-mirror into the default MIRROR_DIR under HOME=<tmp>/home, no provider_installation block at all
# under terraform ($TERRAFORM) and, when $TOFU names a tofu binary, OpenTofu. Needs no network: nothing but the
# aliecs provider is installed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
terraform=${TERRAFORM:-$(command -v terraform || echo /usr/local/bin/terraform)}
tofu=${TOFU:-}
version=0.0.1
command -v "$terraform" >/dev/null || { echo "check-install: terraform not found at $terraform (set TERRAFORM=...)" >&2; exit 1; }

# Step 3 changes HOME; the Go caches stay where they are (a fresh build cache would take minutes, a fresh module
# cache the network).
export GOCACHE GOMODCACHE GOPATH
GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOPATH=$(go env GOPATH)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/aliecs-check-install.XXXXXX")
emulator_pid=""
cleanup() {
	if [ -n "$emulator_pid" ]; then
		kill "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
	fi
	chmod -R u+w "$tmp" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "check-install FAILED: $*" >&2
	exit 1
}

# readme_block NAME: the fenced block after the README's <!-- check-install: NAME --> marker.
readme_block() {
	awk -v want="<!-- check-install: $1 -->" '
		$0 == want { found = 1; next }
		found && /^```/ { if (inside) exit; inside = 1; next }
		inside { print }
	' "$root/README.md"
}

echo "==> make install GOBIN=$tmp/gobin"
GOBIN="$tmp/gobin" make -s -C "$root" install VERSION=$version >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "make install"; }
[ -x "$tmp/gobin/terraform-provider-aliecs" ] && [ -x "$tmp/gobin/ecs-emulator" ] || fail "make install put no binaries in GOBIN"

echo "==> starting the installed ecs-emulator"
"$tmp/gobin/ecs-emulator" -listen 127.0.0.1:0 -snapshot-duration 0s -log warn >"$tmp/emulator.out" 2>&1 &
emulator_pid=$!
endpoint=""
for _ in $(seq 1 100); do
	endpoint=$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*' "$tmp/emulator.out" || true)
	[ -n "$endpoint" ] && break
	kill -0 "$emulator_pid" 2>/dev/null || { cat "$tmp/emulator.out"; fail "the emulator did not start"; }
	sleep 0.1
done
[ -n "$endpoint" ] || fail "the emulator printed no endpoint"
# What the emulator prints at start is what the README tells users to export.
eval "$(grep '^export ' "$tmp/emulator.out")"
[ "${ALIECS_ENDPOINT:-}" = "$endpoint" ] && [ -n "${ALIBABA_CLOUD_ACCESS_KEY_SECRET:-}" ] ||
	fail "the emulator's export lines did not set ALIECS_ENDPOINT and the key pair"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

# workspace DIR: the registry examples, unchanged, as one configuration.
workspace() {
	mkdir -p "$1"
	cp "$root/examples/provider/provider.tf" "$1/provider.tf"
	cp "$root/examples/resources/aliecs_snapshot/resource.tf" "$1/snapshot.tf"
	cp "$root/examples/data-sources/aliecs_snapshots/data-source.tf" "$1/snapshots.tf"
	cp "$root/examples/data-sources/aliecs_caller_identity/data-source.tf" "$1/caller_identity.tf"
}

# run CLI NAME DIR CMD...: runs a CLI command in DIR with the CLI config $tmp/NAME.tfrc, its output in a log.
run() {
	local cli=$1 name=$2 dir=$3
	shift 3
	local log
	log="$tmp/$name.$(basename "$cli").log"
	echo "    $(basename "$cli") $*" >>"$log"
	(cd "$dir" && TF_CLI_CONFIG_FILE="$tmp/$name.tfrc" "$cli" "$1" -no-color "${@:2}") >>"$log" 2>&1 ||
		{ cat "$log"; fail "$name: $(basename "$cli") $* (log above)"; }
}

# check CLI NAME [apply]: init and plan (and apply and destroy) the examples with CLI config NAME.
check() {
	local cli=$1 name=$2
	local dir="$tmp/configs/$name.$(basename "$cli")"
	workspace "$dir"
	# Under dev_overrides, init would look the provider up on the registry (Terraform: "Skip terraform init when
	# using provider development overrides"), and plan needs no init.
	if [ "$name" != dev_overrides ]; then
		run "$cli" "$name" "$dir" init -input=false
		grep -q "Installed aliecs/aliecs v$version" "$tmp/$name.$(basename "$cli").log" ||
			fail "$name: $(basename "$cli") init did not install aliecs/aliecs v$version from the mirror"
	fi
	run "$cli" "$name" "$dir" plan -input=false -out=plan.out
	grep -q 'aliecs_snapshot.nightly will be created' "$tmp/$name.$(basename "$cli").log" ||
		fail "$name: the plan does not create aliecs_snapshot.nightly"
	if [ "${3:-}" = apply ]; then
		run "$cli" "$name" "$dir" apply -input=false plan.out
		run "$cli" "$name" "$dir" destroy -input=false -auto-approve
	fi
	echo "    $(basename "$cli"): $([ "$name" = dev_overrides ] || echo "init, ")plan$([ "${3:-}" = apply ] && echo ", apply, destroy") ok"
}

clis=("$terraform")
if [ -n "$tofu" ]; then
	clis+=("$tofu")
else
	echo "    (no OpenTofu: run make testacc-tofu once to build it, or set TOFU=/path/to/tofu)"
fi

echo "==> 1. dev_overrides pointing at GOBIN"
readme_block dev_overrides | sed "s|/home/you/go/bin|$tmp/gobin|" >"$tmp/dev_overrides.tfrc"
grep -q "\"aliecs/aliecs\" = \"$tmp/gobin\"" "$tmp/dev_overrides.tfrc" || fail "README: no dev_overrides block with the placeholder /home/you/go/bin"
for cli in "${clis[@]}"; do check "$cli" dev_overrides apply; done

echo "==> 2. make install-mirror MIRROR_DIR=$tmp/mirror, filesystem_mirror"
GOBIN="$tmp/gobin" make -s -C "$root" install-mirror VERSION=$version MIRROR_DIR="$tmp/mirror" >"$tmp/mirror.log" 2>&1 ||
	{ cat "$tmp/mirror.log"; fail "make install-mirror"; }
goos_arch=$(go env GOOS)_$(go env GOARCH)
for host in registry.terraform.io registry.opentofu.org; do
	f="$tmp/mirror/$host/aliecs/aliecs/$version/$goos_arch/terraform-provider-aliecs_v$version"
	[ -x "$f" ] || fail "make install-mirror did not write $f"
done
readme_block filesystem_mirror | sed "s|/home/you/.terraform.d/plugins|$tmp/mirror|" >"$tmp/filesystem_mirror.tfrc"
grep -q "path *= \"$tmp/mirror\"" "$tmp/filesystem_mirror.tfrc" || fail "README: no filesystem_mirror block with the placeholder /home/you/.terraform.d/plugins"
for cli in "${clis[@]}"; do check "$cli" filesystem_mirror; done
# What the README says to do after a change: a new VERSION, then init -upgrade.
next=0.0.2
GOBIN="$tmp/gobin" make -s -C "$root" install-mirror VERSION=$next MIRROR_DIR="$tmp/mirror" >>"$tmp/mirror.log" 2>&1 ||
	{ cat "$tmp/mirror.log"; fail "make install-mirror VERSION=$next"; }
run "$terraform" filesystem_mirror "$tmp/configs/filesystem_mirror.$(basename "$terraform")" init -input=false -upgrade
grep -q "Installed aliecs/aliecs v$next" "$tmp/filesystem_mirror.$(basename "$terraform").log" ||
	fail "filesystem_mirror: terraform init -upgrade did not install v$next"
echo "    $(basename "$terraform"): make install-mirror VERSION=$next, init -upgrade ok"

echo "==> 3. make install-mirror into the default MIRROR_DIR (HOME=$tmp/home), no CLI configuration"
HOME="$tmp/home" GOBIN="$tmp/gobin" make -s -C "$root" install-mirror VERSION=$version >"$tmp/implied.log" 2>&1 ||
	{ cat "$tmp/implied.log"; fail "make install-mirror (default MIRROR_DIR)"; }
: >"$tmp/implied.tfrc"
for cli in "${clis[@]}"; do HOME="$tmp/home" check "$cli" implied; done

echo "==> check-install passed"
