package bench

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// officialProviderVariable names the directory holding a built terraform-provider-alicloud, the official
// provider (scripts/alicloud-provider.sh builds one; make bench-official sets this). Without it the scenarios
// skip: building that provider takes minutes and 400 MB, too much for every make bench.
const officialProviderVariable = "BENCH_ALICLOUD_DIR"

// The official provider's scenarios (9, 9b-9e) run the same work as this provider's scenarios they are named
// beside, on the same emulator and machine, so that the targets set from the official provider's figures can be
// checked against it at hand: each is judged against this provider's target for comparison. Its resources read
// each object with a call of their own, so its calls are shown, not judged.

// officialProvider is the directory of the built official provider, or skips b.
func officialProvider(b *testing.B) string {
	b.Helper()
	dir := os.Getenv(officialProviderVariable)
	if dir == "" {
		b.Skipf("%s is not set: make bench-official builds the official provider and runs this scenario", officialProviderVariable)
	}
	return dir
}

// officialHarness is a harness whose state holds body applied through the official provider, with disks disks
// seeded and the emulator's snapshots taking no time (that provider's create still waits 5 s for each).
func officialHarness(b *testing.B, dir string, disks int, body string) *Harness {
	b.Helper()
	h := NewHarness(b)
	if disks > 0 {
		seedDisks(b, h, disks)
	}
	h.Backend().SetSnapshotDuration(0)
	h.UseProvider("aliyun/alicloud", dir, officialConfig(h, body))
	h.Terraform("apply", "-auto-approve", "-input=false", parallelism)
	return h
}

// BenchmarkOfficial50 is scenario 9: the official provider refreshing 50 snapshots (beside 3b), at 20 ms a call
// and then with the API answering at once (beside 3c).
func BenchmarkOfficial50(b *testing.B) {
	dir := officialProvider(b)
	const n = 50
	for range b.N {
		h := officialHarness(b, dir, n, officialSnapshotsBody(n))
		refresh(b, h, "9. official provider: refresh 50 snapshots", n, refreshTarget{action: describeAction,
			label: "DescribeSnapshots calls", seconds: refresh50Seconds})
		refreshAtOnce(b, h, "9b. official provider: refresh 50 snapshots, API answering at once", n)
	}
}

// BenchmarkOfficialAttachments50 is scenario 9c: the official provider refreshing 50 policy attachments and their
// policy (beside 6).
func BenchmarkOfficialAttachments50(b *testing.B) {
	dir := officialProvider(b)
	for range b.N {
		h := officialHarness(b, dir, manyAttachments, officialAttachmentsBody(manyAttachments))
		refresh(b, h, "9c. official provider: refresh 50 policy attachments", manyAttachments, refreshTarget{
			action: describeDisksAction, label: "DescribeDisks calls", seconds: attachmentsRefreshSeconds, roundTrips: 1})
	}
}

// BenchmarkOfficialDesktopSnapshots20 is scenario 9d: the official provider refreshing 20 desktop snapshots
// (beside 8).
func BenchmarkOfficialDesktopSnapshots20(b *testing.B) {
	dir := officialProvider(b)
	for range b.N {
		h := officialHarness(b, dir, 0, desktopSnapshotsBody("alicloud_ecd_snapshot", "DATA", manyDesktopSnapshots))
		refresh(b, h, "9d. official provider: refresh 20 desktop snapshots", manyDesktopSnapshots, refreshTarget{
			action: describeDesktopSnapshots, label: "ECD DescribeSnapshots calls", seconds: desktopRefreshSeconds})
	}
}

// BenchmarkOfficialDestroy200 is scenario 9e: the official provider destroying 200 snapshots (beside 5 and 5c).
// It deletes without waiting until each is gone: its DescribeSnapshots calls are its refresh's alone. The snapshots
// are made in the emulator and imported: that provider's create waits at least 5 s for each snapshot whatever its
// duration, which would add over a minute and a half to every run.
func BenchmarkOfficialDestroy200(b *testing.B) {
	dir := officialProvider(b)
	const n = 200
	for range b.N {
		h := NewHarness(b)
		seedDisks(b, h, n)
		h.Backend().SetSnapshotDuration(0)
		var imports strings.Builder
		for i := range n {
			out, err := h.Backend().CreateSnapshot(backend.CreateSnapshotInput{DiskID: diskID(i),
				SnapshotName: fmt.Sprintf("bench-%d", i), ResourceGroupID: defaultRGroupID})
			if err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(&imports, "\nimport {\n  to = alicloud_ecs_snapshot.s[%d]\n  id = %q\n}\n", i, out.SnapshotId)
		}
		h.UseProvider("aliyun/alicloud", dir, officialConfig(h, officialSnapshotsBody(n)+imports.String()))
		h.Terraform("apply", "-auto-approve", "-input=false", parallelism)
		destroy(b, h, "9e. official provider: destroy 200 snapshots", n, destroy200Seconds, 0)
	}
}

// officialConfig is body under the official provider pointed at the harness's emulator over plain HTTP (ECS,
// STS and ECD, whose endpoint that provider names gwsecd).
func officialConfig(h *Harness, body string) string {
	host := strings.TrimPrefix(h.URL, "http://")
	return fmt.Sprintf(`
terraform {
  required_providers {
    alicloud = { source = "aliyun/alicloud" }
  }
}

provider "alicloud" {
  region                 = %q
  access_key             = %q
  secret_key             = %q
  protocol               = "HTTP"
  skip_region_validation = true
  endpoints {
    ecs    = %q
    sts    = %q
    gwsecd = %q
  }
}
`, h.Backend().Region(), emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, host, host, host) + body
}

// officialSnapshotsBody is n alicloud_ecs_snapshot of the seeded disks. resource_group_id is set because that
// provider plans to clear the group the emulator reports for a snapshot made without one (the account's default
// group, as it reports for every resource made without one), which would make every refresh a plan with changes.
func officialSnapshotsBody(n int) string {
	return fmt.Sprintf(`
resource "alicloud_ecs_snapshot" "s" {
  count             = %d
  disk_id           = format("d-bench%%03d", count.index)
  snapshot_name     = "bench-${count.index}"
  resource_group_id = %q
}
`, n, defaultRGroupID)
}

// officialAttachmentsBody is attachmentsConfig in the official provider's resources: one policy, attached to n
// of the seeded disks. The copy encryption block is set as the API reports it (not encrypted) because that
// provider plans to remove it otherwise, which would make every refresh a plan with changes.
func officialAttachmentsBody(n int) string {
	return fmt.Sprintf(`
resource "alicloud_ecs_auto_snapshot_policy" "p" {
  auto_snapshot_policy_name = "bench-policy"
  time_points       = ["3", "15"]
  repeat_weekdays   = ["1", "2", "3", "4", "5", "6", "7"]
  retention_days    = 7
  resource_group_id = %q
  copy_encryption_configuration {
    encrypted = false
  }
}

resource "alicloud_ecs_auto_snapshot_policy_attachment" "a" {
  count                   = %d
  auto_snapshot_policy_id = alicloud_ecs_auto_snapshot_policy.p.id
  disk_id                 = format("d-bench%%03d", count.index)
}
`, defaultRGroupID, n)
}
