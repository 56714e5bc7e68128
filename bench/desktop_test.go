package bench

import (
	"fmt"
	"testing"

	ecdbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd/backend"
)

// The target for the refresh of desktop snapshots: the official provider refreshes 20 in 0.06 s with 20
// DescribeSnapshots calls of ECD (one each, ten in flight); the target is its time at a third of its calls.
const (
	manyDesktopSnapshots     = 20
	desktopRefreshSeconds    = 0.06
	desktopMaxDescribes      = 7
	describeDesktopSnapshots = "ecd:DescribeSnapshots"
)

// desktopSnapshotsConfig is n snapshots of the data disks of the default fixture's running and stopped desktops.
func desktopSnapshotsConfig(n int) string {
	return desktopSnapshotsBody("aliecs_desktop_snapshot", "data", n)
}

// desktopSnapshotsBody is n resources of resourceType (this provider's desktop snapshot, or the official provider's)
// snapshotting the disk of type diskType (as that resource spells it) of the default fixture's running and stopped
// desktops in turn.
func desktopSnapshotsBody(resourceType, diskType string, n int) string {
	return fmt.Sprintf(`
locals {
  desktops = [%q, %q]
}

resource %q "s" {
  count            = %d
  desktop_id       = local.desktops[count.index %% 2]
  snapshot_name    = "bench-${count.index}"
  source_disk_type = %q
}
`, ecdbackend.DesktopRunning, ecdbackend.DesktopStopped, resourceType, n, diskType)
}

// BenchmarkDesktopSnapshots20 is scenario 8: 20 desktop snapshots (made at once, their creation is not
// measured), refreshed in a plan.
func BenchmarkDesktopSnapshots20(b *testing.B) {
	for range b.N {
		h := NewHarness(b)
		h.Backend().SetSnapshotDuration(0)
		h.WriteConfig(desktopSnapshotsConfig(manyDesktopSnapshots))
		h.Terraform("apply", "-auto-approve", "-input=false", parallelism)

		refresh(b, h, "8. refresh 20 desktop snapshots", manyDesktopSnapshots, refreshTarget{action: describeDesktopSnapshots,
			label: "ECD DescribeSnapshots calls", seconds: desktopRefreshSeconds, maxCalls: desktopMaxDescribes})

		h.Terraform("destroy", "-auto-approve", "-input=false", parallelism)
	}
}
