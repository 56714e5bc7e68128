package bench

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
)

// officialProviderVariable names the directory holding a built terraform-provider-alicloud, the official
// provider (scripts/alicloud-provider.sh builds one; make bench-official sets this). Without it the scenario
// skips: building that provider takes minutes and 400 MB, too much for every make bench.
const officialProviderVariable = "BENCH_ALICLOUD_DIR"

// BenchmarkOfficial50 is scenario 9: the official alicloud provider refreshing 50 snapshots on the same emulator
// as scenarios 3b and 3c, at 20 ms a call and then with the API answering at once, so that the targets set beside
// its figures can be checked on the machine at hand. Its snapshot resource reads each snapshot with a call of its
// own, so its calls are not judged; its refresh time is shown with this provider's target for comparison.
func BenchmarkOfficial50(b *testing.B) {
	dir := os.Getenv(officialProviderVariable)
	if dir == "" {
		b.Skipf("%s is not set: make bench-official builds the official provider and runs this scenario", officialProviderVariable)
	}
	const n = 50
	for range b.N {
		h := NewHarness(b)
		seedDisks(b, h, n)
		h.Backend().SetSnapshotDuration(0)
		h.UseProvider("aliyun/alicloud", dir, officialSnapshotsConfig(h, n))
		h.Terraform("apply", "-auto-approve", "-input=false", parallelism)
		refresh(b, h, "9. official provider: refresh 50 snapshots", n, refreshTarget{action: describeAction,
			label: "DescribeSnapshots calls", seconds: refresh50Seconds})
		refreshAtOnce(b, h, "9b. official provider: refresh 50 snapshots, API answering at once", n)
	}
}

// officialSnapshotsConfig is n alicloud_ecs_snapshot of the seeded disks, through the official provider pointed at
// the harness's emulator over plain HTTP. resource_group_id is set because that provider plans to clear the
// group the emulator reports for a snapshot made without one (the account's default group, as it reports for every
// resource made without one), which would make every refresh a plan with changes.
func officialSnapshotsConfig(h *Harness, n int) string {
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
    ecs = %q
    sts = %q
  }
}

resource "alicloud_ecs_snapshot" "s" {
  count             = %d
  disk_id           = format("d-bench%%03d", count.index)
  snapshot_name     = "bench-${count.index}"
  resource_group_id = %q
}
`, h.Backend().Region(), emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, host, host, n, defaultRGroupID)
}
