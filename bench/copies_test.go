package bench

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// The targets for cross-region copies: 50 copies at -parallelism 10 share their waits' DescribeSnapshots
// calls as snapshots do, and take about ceil(50/10) copy durations.
const (
	manyCopies               = 50
	copyDescribesPerCopy     = 0.3
	copySlackSeconds         = 1.0
	copyDestinationRegion    = "cn-shanghai"
	copyDuration             = SnapshotDuration // the emulator's copy duration in this scenario
	copySnapshotAction       = "CopySnapshot"
	copyDestinationAliasName = "dr"
)

// copiesConfig copies each source snapshot to copyDestinationRegion through an aliased provider of that region.
func copiesConfig(h *Harness, sources []string) string {
	return fmt.Sprintf(`
provider "aliecs" {
  alias      = %[1]q
  region     = %[2]q
  endpoint   = %[3]q
  access_key = %[4]q
  secret_key = %[5]q
}

locals {
  sources = [%[6]s]
}

resource "aliecs_snapshot_copy" "c" {
  count              = length(local.sources)
  provider           = aliecs.%[1]s
  source_snapshot_id = local.sources[count.index]
  source_region_id   = %[7]q
  snapshot_name      = "bench-copy-${count.index}"
}
`, copyDestinationAliasName, copyDestinationRegion, h.URL, emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret,
		`"`+strings.Join(sources, `", "`)+`"`, h.Backend().Region())
}

// BenchmarkCopies50 is scenario 7: 50 copies of 50 disks' snapshots to a second region at -parallelism 10. The
// sources are made through the emulator beforehand, so that the apply's calls are the copies' own.
func BenchmarkCopies50(b *testing.B) {
	for range b.N {
		h := NewHarness(b)
		seedDisks(b, h, manyCopies)
		be := h.Backend()
		be.SetSnapshotDuration(0)
		sources := make([]string, manyCopies)
		for i := range sources {
			out, err := be.CreateSnapshot(backend.CreateSnapshotInput{DiskID: diskID(i)})
			if err != nil {
				b.Fatal(err)
			}
			sources[i] = out.SnapshotId
		}
		be.SetSnapshotDuration(SnapshotDuration)
		be.SetCopyDuration(copyDuration)
		h.WriteConfig(copiesConfig(h, sources))
		waves := math.Ceil(float64(manyCopies) / Parallelism)

		apply := h.Terraform("apply", "-auto-approve", "-input=false", parallelism)
		copies := 0
		for _, s := range be.Snapshots() {
			if s.RegionId == copyDestinationRegion && s.Status == "accomplished" {
				copies++
			}
		}
		if copies != manyCopies {
			b.Fatalf("after apply %s holds %d accomplished copies, want %d", copyDestinationRegion, copies, manyCopies)
		}
		perCopy := float64(apply.Calls[describeAction]) / manyCopies
		limit := waves * copyDuration.Seconds()
		target := limit + copySlackSeconds
		applyTime := apply.APIWindow.Seconds()
		record(result("7. apply 50 cross-region copies", "terraform apply "+parallelism, apply,
			check("apply time (first call to last answer)", "s", applyTime, limit,
				fmt.Sprintf("<= ceil(50/%d) x copy duration + %g s = %g s", Parallelism, copySlackSeconds, target),
				bound(float64(target))),
			check("DescribeSnapshots calls per copy", "", perCopy, waves/manyCopies,
				fmt.Sprintf("<= %g", copyDescribesPerCopy), bound(float64(copyDescribesPerCopy))),
			check("CopySnapshot calls", "", float64(apply.Calls[copySnapshotAction]), manyCopies, "", nil)))
		b.ReportMetric(perCopy, "describe/copy")
		b.ReportMetric(applyTime, "apply_s")

		h.Terraform("destroy", "-auto-approve", "-input=false", parallelism)
		for _, s := range be.Snapshots() {
			if s.RegionId == copyDestinationRegion {
				b.Fatalf("after destroy %s still holds %s", copyDestinationRegion, s.SnapshotId)
			}
		}
	}
}
