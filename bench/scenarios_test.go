package bench

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// The scenarios run only as benchmarks (`make bench`, -benchtime=1x); each writes its figures for the report.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := removeProviderBin(); err != nil {
		fmt.Fprintln(os.Stderr, "bench cleanup:", err)
	}
	if err := writeReport(os.Stdout, "out"); err != nil {
		fmt.Fprintln(os.Stderr, "bench report:", err)
		code = 1
	}
	os.Exit(code)
}

const (
	rtt            = Latency // one round trip: the latency the emulator adds to every call
	manySnapshots  = 100
	bigListDisks   = 40
	bigListPerDisk = 250 // ECS keeps at most 256 manual snapshots per disk
	bigListTotal   = bigListDisks * bigListPerDisk
	maxPageSize    = 100
	// rssTargetMiB is the target for the data source read through the framework's public API
	// (providerserver, no private ReadDataSource path, no forced GC percentage): a deliberate trade of memory
	// for simplicity, up from 150 MiB.
	rssTargetMiB    = 300
	describeAction  = "DescribeSnapshots"
	defaultRGroupID = "rg-acfmzw2jz2z4fxa"
)

// The targets for the 100-snapshot scenarios (batching without delay): a read a user waits on goes at once,
// sharing a call only with one being assembled or in flight.
const (
	// refreshTargetSeconds and refreshMaxDescribes bound the refresh of 100 (terraform plan): first call to last
	// answer, and DescribeSnapshots calls.
	refreshTargetSeconds = 0.7
	refreshMaxDescribes  = 25
	// applyDescribesPerSnapshot and applySlackSeconds bound the create of 100 at -parallelism 10: calls per
	// snapshot, and the API time over ceil(100/10) x the snapshot duration.
	applyDescribesPerSnapshot = 0.3
	applySlackSeconds         = 2.0
	// destroyTargetSeconds bounds the destroy of 100, including each delete's wait until the snapshot is gone.
	destroyTargetSeconds = 4.0
)

// seedDisks adds n data disks, d-bench000..., attached to running instances (ten disks each).
func seedDisks(tb testing.TB, h *Harness, n int) {
	tb.Helper()
	var f backend.Fixture
	for i := range (n + 9) / 10 {
		f.Instances = append(f.Instances, backend.Instance{InstanceID: fmt.Sprintf("i-bench%03d", i), InstanceName: fmt.Sprintf("bench-%03d", i),
			ZoneID: "cn-hangzhou-i", Status: "Running", EverStarted: true})
	}
	for i := range n {
		f.Disks = append(f.Disks, backend.Disk{DiskID: diskID(i), DiskName: fmt.Sprintf("bench-data-%03d", i),
			InstanceID: fmt.Sprintf("i-bench%03d", i/10), ZoneID: "cn-hangzhou-i", Type: "data", Category: "cloud_essd",
			Status: "In_use", SizeGiB: 20, EverAttached: true, EverUsed: true, ResourceGroupID: defaultRGroupID})
	}
	if err := h.Backend().Seed(f); err != nil {
		tb.Fatal(err)
	}
}

func diskID(i int) string { return fmt.Sprintf("d-bench%03d", i) }

func snapshotsConfig(n int) string {
	return fmt.Sprintf(`
resource "aliecs_snapshot" "s" {
  count         = %d
  disk_id       = format("d-bench%%03d", count.index)
  snapshot_name = "bench-${count.index}"
}
`, n)
}

func result(scenario, command string, r Run, checks ...Check) Result {
	return Result{Scenario: scenario, Command: command, WallSeconds: r.Wall.Seconds(), APIWindowSeconds: r.APIWindow.Seconds(),
		Calls: r.Calls, CPUSeconds: roundMS(r.CPU), ProviderCPUSeconds: roundMS(r.ProviderCPU), Checks: checks}
}

// roundMS is d in seconds, to the millisecond.
func roundMS(d time.Duration) float64 { return math.Round(d.Seconds()*1000) / 1000 }

// BenchmarkCreateOne is scenario 1: one snapshot, from CreateSnapshot to the answer that shows it accomplished,
// against the snapshot's own duration.
func BenchmarkCreateOne(b *testing.B) {
	for range b.N {
		h := NewHarness(b)
		seedDisks(b, h, 1)
		h.WriteConfig(snapshotsConfig(1))
		r := h.Terraform("apply", "-auto-approve", "-input=false")
		limit := SnapshotDuration.Seconds()
		target := 1.1*limit + rtt.Seconds()
		measured := r.APIWindow.Seconds()
		record(result("1. create one snapshot", "terraform apply", r,
			check("create time (first call to last answer)", "s", measured, limit,
				fmt.Sprintf("<= 1.1 x duration + 1 RTT = %.2f s", target), ptr(measured <= target)),
			check("DescribeSnapshots calls", "", float64(r.Calls[describeAction]), 1, "", nil)))
		b.ReportMetric(measured, "create_s")
	}
}

// BenchmarkSnapshots100 is scenarios 2, 3 and 5 on one state: apply 100 snapshots over 100 disks, refresh them
// in a plan, destroy them.
func BenchmarkSnapshots100(b *testing.B) {
	for range b.N {
		h := NewHarness(b)
		seedDisks(b, h, manySnapshots)
		h.WriteConfig(snapshotsConfig(manySnapshots))
		par := fmt.Sprintf("-parallelism=%d", Parallelism)
		waves := math.Ceil(float64(manySnapshots) / Parallelism)
		minDescribe := math.Ceil(float64(manySnapshots) / maxPageSize)

		apply := h.Terraform("apply", "-auto-approve", "-input=false", par)
		if n := len(h.Backend().Snapshots()); n != manySnapshots {
			b.Fatalf("after apply the emulator holds %d snapshots, want %d", n, manySnapshots)
		}
		perSnapshot := float64(apply.Calls[describeAction]) / manySnapshots
		applyLimit := waves * SnapshotDuration.Seconds()
		applyTarget := applyLimit + applySlackSeconds
		applyTime := apply.APIWindow.Seconds()
		record(result("2. apply 100 snapshots", "terraform apply "+par, apply,
			check("apply time (first call to last answer)", "s", applyTime, applyLimit,
				fmt.Sprintf("<= ceil(100/%d) x duration + %g s = %g s", Parallelism, applySlackSeconds, applyTarget),
				ptr(applyTime <= applyTarget)),
			check("DescribeSnapshots calls per snapshot", "", perSnapshot, waves/manySnapshots,
				fmt.Sprintf("<= %g", applyDescribesPerSnapshot), ptr(perSnapshot <= applyDescribesPerSnapshot))))
		b.ReportMetric(perSnapshot, "describe/snapshot")

		plan := h.Terraform("plan", "-input=false", "-detailed-exitcode", par)
		describes := float64(plan.Calls[describeAction])
		refreshTime := plan.APIWindow.Seconds()
		record(result("3. refresh 100 snapshots", "terraform plan "+par, plan,
			check("DescribeSnapshots calls", "", describes, minDescribe,
				fmt.Sprintf("<= %d", refreshMaxDescribes), ptr(describes <= refreshMaxDescribes)),
			check("refresh time (first call to last answer)", "s", refreshTime, minDescribe*rtt.Seconds(),
				fmt.Sprintf("<= %g s", refreshTargetSeconds), ptr(refreshTime <= refreshTargetSeconds))))
		b.ReportMetric(describes, "refresh_describes")

		destroy := h.Terraform("destroy", "-auto-approve", "-input=false", par)
		if n := len(h.Backend().Snapshots()); n != 0 {
			b.Fatalf("after destroy the emulator holds %d snapshots", n)
		}
		// Destroy refreshes first (one batched read at best), then deletes in waves of -parallelism and confirms
		// each deletion (one batched read at best).
		destroyLimit := (waves + 2) * rtt.Seconds()
		destroyTime := destroy.APIWindow.Seconds()
		record(result("5. destroy 100 snapshots", "terraform destroy "+par, destroy,
			check("destroy time (first call to last answer)", "s", destroyTime, destroyLimit,
				fmt.Sprintf("<= %g s (limit: (ceil(100/%d) + 2) RTT)", destroyTargetSeconds, Parallelism),
				ptr(destroyTime <= destroyTargetSeconds)),
			check("DescribeSnapshots calls", "", float64(destroy.Calls[describeAction]), 2*minDescribe, "", nil),
			check("DeleteSnapshot calls", "", float64(destroy.Calls["DeleteSnapshot"]), manySnapshots, "", nil)))
	}
}

// BenchmarkDataSource10k is scenario 4: a plan that reads aliecs_snapshots over 10,000 snapshots.
func BenchmarkDataSource10k(b *testing.B) {
	for range b.N {
		h := NewHarness(b)
		seedDisks(b, h, bigListDisks)
		h.Backend().SetSnapshotDuration(0)
		var oneID string
		for i := range bigListDisks {
			for j := range bigListPerDisk {
				out, err := h.Backend().CreateSnapshot(backend.CreateSnapshotInput{DiskID: diskID(i),
					SnapshotName: fmt.Sprintf("big-%03d-%03d", i, j)})
				if err != nil {
					b.Fatal(err)
				}
				oneID = out.SnapshotId
			}
		}
		// The same plan over one snapshot: what terraform and the provider cost whatever the size of the result.
		h.WriteConfig(fmt.Sprintf(`
data "aliecs_snapshots" "all" {
  ids = [%q]
}
output "count" { value = data.aliecs_snapshots.all.total_count }
`, oneID))
		base := h.Terraform("plan", "-input=false")

		h.WriteConfig(`
data "aliecs_snapshots" "all" {}
output "count" { value = data.aliecs_snapshots.all.total_count }
`)
		r := h.Terraform("plan", "-input=false")
		if !strings.Contains(r.Output, fmt.Sprint(bigListTotal)) {
			b.Fatalf("the plan does not show %d snapshots:\n%s", bigListTotal, tail(r.Output, 2000))
		}
		calls := float64(r.Calls[describeAction])
		minCalls := math.Ceil(float64(bigListTotal) / maxPageSize)
		extra := (r.Wall - base.Wall).Seconds()
		rssMiB := float64(r.PeakRSSKiB) / 1024
		res := result("4. data source over 10,000 snapshots", "terraform plan", r,
			check("DescribeSnapshots calls", "", calls, minCalls, "exactly the minimum", ptr(calls == minCalls)),
			check("wall time over a 1-snapshot plan", "s", extra, minCalls*rtt.Seconds(), "", nil),
			check("API time (first call to last answer)", "s", r.APIWindow.Seconds(), minCalls*rtt.Seconds(), "", nil),
			check("provider peak RSS (VmHWM)", "MiB", rssMiB, rssTargetMiB, fmt.Sprintf("<= %d MiB", rssTargetMiB),
				ptr(r.PeakRSSKiB > 0 && rssMiB <= rssTargetMiB)))
		res.PeakRSSMiB = rssMiB
		record(res)
		b.ReportMetric(rssMiB, "provider_peak_MiB")
		b.ReportMetric(calls, "describe_calls")
	}
}
