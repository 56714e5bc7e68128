package bench

import (
	"fmt"
	"testing"
)

// The target for the refresh of many policy attachments: each reads its disk, and the reads share
// DescribeDisks calls (up to 100 disks a call) without waiting for company. The official provider refreshes 50 in
// 0.19 s with 50 DescribeDisks calls; the target is its time at a third of its calls.
const (
	manyAttachments           = 50
	attachmentsMaxDescribes   = 17
	attachmentsRefreshSeconds = 0.19
	describeDisksAction       = "DescribeDisks"
)

func attachmentsConfig(n int) string {
	return fmt.Sprintf(`
resource "aliecs_auto_snapshot_policy" "p" {
  name            = "bench-policy"
  time_points     = [3, 15]
  repeat_weekdays = [1, 2, 3, 4, 5, 6, 7]
  retention_days  = 7
}

resource "aliecs_auto_snapshot_policy_attachment" "a" {
  count                   = %d
  auto_snapshot_policy_id = aliecs_auto_snapshot_policy.p.id
  disk_id                 = format("d-bench%%03d", count.index)
}
`, n)
}

// BenchmarkAttachments50 is scenario 6: 50 policy attachments over 50 disks, refreshed in a plan.
func BenchmarkAttachments50(b *testing.B) {
	for range b.N {
		h := NewHarness(b)
		seedDisks(b, h, manyAttachments)
		h.WriteConfig(attachmentsConfig(manyAttachments))
		h.Terraform("apply", "-auto-approve", "-input=false", parallelism)

		refresh(b, h, "6. refresh 50 policy attachments", manyAttachments, refreshTarget{action: describeDisksAction,
			label: "DescribeDisks calls", seconds: attachmentsRefreshSeconds, maxCalls: attachmentsMaxDescribes, roundTrips: 1})

		h.Terraform("destroy", "-auto-approve", "-input=false", parallelism)
	}
}
