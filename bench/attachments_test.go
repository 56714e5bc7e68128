package bench

import (
	"fmt"
	"math"
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

		// -detailed-exitcode: a plan with changes (an attachment read as gone) fails the run.
		plan := h.Terraform("plan", "-input=false", "-detailed-exitcode", parallelism)
		describes := float64(plan.Calls[describeDisksAction])
		refreshTime := plan.APIWindow.Seconds()
		minDescribe := math.Ceil(float64(manyAttachments) / maxPageSize)
		record(result("6. refresh 50 policy attachments", "terraform plan "+parallelism, plan,
			check("DescribeDisks calls", "", describes, minDescribe,
				fmt.Sprintf("<= %d", attachmentsMaxDescribes), bound(float64(attachmentsMaxDescribes))),
			check("refresh time (first call to last answer)", "s", refreshTime, (minDescribe+1)*rtt.Seconds(),
				fmt.Sprintf("<= %g s", attachmentsRefreshSeconds), bound(float64(attachmentsRefreshSeconds)))))
		b.ReportMetric(describes, "refresh_describe_disks")

		h.Terraform("destroy", "-auto-approve", "-input=false", parallelism)
	}
}
