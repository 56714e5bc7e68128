#!/usr/bin/env bash
# make demo: builds the provider and the emulator, starts the emulator on a free loopback port, applies
# examples/quickstart through a dev_overrides CLI config, prints the outputs, destroys, and stops the emulator.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.tmp/demo"
terraform=${TERRAFORM:-$(command -v terraform || echo /usr/local/bin/terraform)}
rm -rf "$work" && mkdir -p "$work/bin"

echo "==> building terraform-provider-aliecs and ecs-emulator"
go build -C "$root" -o "$work/bin/terraform-provider-aliecs" .
go build -C "$root" -o "$work/bin/ecs-emulator" ./cmd/ecs-emulator

echo "==> starting the emulator"
"$work/bin/ecs-emulator" -listen 127.0.0.1:0 -snapshot-duration "${DEMO_SNAPSHOT_DURATION:-5s}" >"$work/emulator.log" 2>&1 &
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

cp -R "$root/examples/quickstart" "$work/quickstart"
cd "$work/quickstart"

echo "==> terraform apply"
"$terraform" apply -auto-approve -input=false
echo "==> terraform output"
"$terraform" output
echo "==> terraform plan (expect no changes)"
"$terraform" plan -detailed-exitcode -input=false >/dev/null && echo "    no changes"
echo "==> terraform destroy"
"$terraform" destroy -auto-approve -input=false
echo "==> emulator calls"
curl -fsS "$endpoint/_emulator/calls" && echo
echo "==> demo finished"
