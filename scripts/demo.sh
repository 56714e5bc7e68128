#!/usr/bin/env bash
# make demo: builds the provider and the emulator, starts the emulator on a free loopback port, applies
# examples/quickstart through a dev_overrides CLI config, prints the outputs, destroys, and stops the emulator.
# Plans are summarised to one line per resource; when stdout is not a terminal (a log, CI, a pipe) nothing is coloured.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${DEMO_WORK:-$root/.tmp/demo} # DEMO_WORK: another directory, so that the test of this script runs beside make demo
terraform=${TERRAFORM:-$(command -v terraform || echo /usr/local/bin/terraform)}
command -v "$terraform" >/dev/null || { echo "demo: terraform not found at $terraform; set TERRAFORM=/path/to/terraform" >&2; exit 1; }
command -v curl >/dev/null || { echo "demo: curl not found; it reads the emulator's call counts (apt-get install curl)" >&2; exit 1; }
color=()
if [ ! -t 1 ]; then
	# https://developer.hashicorp.com/terraform/cli/commands/plan#no-color; NO_COLOR for anything else that honours it.
	color=(-no-color)
	export NO_COLOR=1
fi
rm -rf "$work" && mkdir -p "$work/bin"

echo "==> building terraform-provider-aliecs and ecs-emulator"
go build -C "$root" -o "$work/bin/terraform-provider-aliecs" .
go build -C "$root" -o "$work/bin/ecs-emulator" ./cmd/ecs-emulator

echo "==> starting the emulator"
"$work/bin/ecs-emulator" -listen 127.0.0.1:0 -snapshot-duration "${DEMO_SNAPSHOT_DURATION:-5s}" \
	-copy-duration "${DEMO_COPY_DURATION:-5s}" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
cleanup() {
	kill "$emulator_pid" 2>/dev/null || true
	wait "$emulator_pid" 2>/dev/null || true
}
trap cleanup EXIT

endpoint=""
for _ in $(seq 1 100); do
	endpoint=$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*' "$work/emulator.log" || true)
	[ -n "$endpoint" ] && break
	kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log"; echo "the emulator did not start" >&2; exit 1; }
	sleep 0.1
done
[ -n "$endpoint" ] || { cat "$work/emulator.log"; echo "the emulator printed no endpoint" >&2; exit 1; }
echo "    emulator at $endpoint"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "aliecs/aliecs" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export ALIECS_ENDPOINT="$endpoint" ALIECS_STS_ENDPOINT="$endpoint"
export ALIBABA_CLOUD_REGION_ID=cn-hangzhou
export ALIBABA_CLOUD_ACCESS_KEY_ID=emulator-access-key-id
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=emulator-access-key-secret

# DEMO_EXAMPLE: another module of examples/ (make demo-copy: cross-region-copy).
example=${DEMO_EXAMPLE:-quickstart}
cp -R "$root/examples/$example" "$work/$example"
cd "$work/$example"

# summarise_plan LOG: the resources a plan would change and its "Plan:" line; the whole log if the plan failed.
summarise_plan() {
	grep -E '^  # |^Plan:|^No changes|^Warning:|^Error:' "$1" | sed 's/^  # /    /' || true
}

# compact_apply: an apply's output with each compact warning on one line and without its copy of the outputs.
compact_apply() {
	awk '
		{ plain = $0; gsub(/\033\[[0-9;]*m/, "", plain) }
		plain ~ /^Outputs:/ { skip = 1 }
		skip { next }
		plain ~ /^Warnings:$/ { warnings = 1; next }
		warnings && plain ~ /^To see the full warning notes/ { warnings = 0; next }
		warnings && plain ~ /^- / { print "    warning: " substr(plain, 3); next }
		plain == "" { next }
		{ print }
	'
}

# plan_then_apply WHAT [PLAN FLAGS]: a saved plan, summarised, then applied (so the plan is not printed twice);
# the apply's own copy of the outputs is left to `terraform output`.
plan_then_apply() {
	local what=$1
	shift
	echo "==> terraform plan${*:+ $*} (summary)"
	if ! "$terraform" plan -no-color -input=false -compact-warnings -out="$what.tfplan" "$@" >"$work/$what.plan.log" 2>&1; then
		cat "$work/$what.plan.log"
		exit 1
	fi
	summarise_plan "$work/$what.plan.log"
	echo "==> terraform apply $what.tfplan"
	"$terraform" apply "${color[@]}" -input=false -compact-warnings "$what.tfplan" | compact_apply
}

plan_then_apply create
echo "==> terraform output"
"$terraform" output "${color[@]}"
echo "==> terraform plan (expect no changes)"
"$terraform" plan -no-color -detailed-exitcode -input=false >"$work/noop.plan.log" 2>&1 && echo "    no changes" ||
	{ cat "$work/noop.plan.log"; echo "demo: the second plan is not empty" >&2; exit 1; }
plan_then_apply destroy -destroy
echo "==> emulator calls"
curl -fsS "$endpoint/_emulator/calls" && echo
echo "==> demo finished"
