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
	bigListDisks   = 40
	bigListPerDisk = 250 // ECS keeps at most 256 manual snapshots per disk
	bigListTotal   = bigListDisks * bigListPerDisk
	maxPageSize    = 100
	// rssTargetMiB is the target for the provider's peak memory in the data source read of 10,000 snapshots,
	// through the framework's public API (providerserver, no private ReadDataSource path), with the provider's
	// garbage collector settings as main.go applies them (GOGC 400 under a soft 160 MiB limit).
	rssTargetMiB    = 200
	describeAction  = "DescribeSnapshots"
	defaultRGroupID = "rg-acfmzw2jz2z4fxa"
)

// The targets of the snapshot scenarios, set beside the official alicloud provider's figures on the same emulator
// (20 ms a call, 5 s a snapshot, -parallelism 10), which reads each resource with a call of its own and keeps ten
// calls in flight: refresh 50 in 0.24 s with 50 DescribeSnapshots, refresh 200 in 1.18-1.25 s with 200, destroy 200 in
// 3.08-3.55 s. The targets ask for no more time than that at a third of its calls.
const (
	// refresh50Seconds and refresh50MaxDescribes bound the refresh of 50 (terraform plan): first call to last
	// answer, and DescribeSnapshots calls.
	refresh50Seconds      = 0.22
	refresh50MaxDescribes = 17
	// refresh200Seconds and refresh200MaxDescribes, the same for 200.
	refresh200Seconds      = 1.1
	refresh200MaxDescribes = 67
	// createAPISeconds bounds the create of 200 at -parallelism 10 (no slower than before several calls were
	// let in flight), applyDescribesPerSnapshot its DescribeSnapshots calls per snapshot.
	createAPISeconds          = 104
	applyDescribesPerSnapshot = 0.3
	// destroy200Seconds and destroy200MaxDescribes bound the destroy of 200, its refresh and each delete's wait
	// until the snapshot is gone included; destroy30MaxDescribes the calls of a destroy of 30.
	destroy200Seconds      = 3.0
	destroy200MaxDescribes = 67
	destroy30MaxDescribes  = 10
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
				fmt.Sprintf("<= 1.1 x duration + 1 RTT = %.2f s", target), bound(float64(target))),
			check("DescribeSnapshots calls", "", float64(r.Calls[describeAction]), 1, "", nil)))
		b.ReportMetric(measured, "create_s")
	}
}

// BenchmarkSnapshots200 is scenarios 2, 3 and 5 on one state: apply 200 snapshots over 200 disks, refresh them
// in a plan, destroy them.
func BenchmarkSnapshots200(b *testing.B) {
	const n = 200
	for range b.N {
		h := NewHarness(b)
		seedDisks(b, h, n)
		h.WriteConfig(snapshotsConfig(n))
		waves := math.Ceil(float64(n) / Parallelism)

		apply := h.Terraform("apply", "-auto-approve", "-input=false", parallelism)
		if got := len(h.Backend().Snapshots()); got != n {
			b.Fatalf("after apply the emulator holds %d snapshots, want %d", got, n)
		}
		perSnapshot := float64(apply.Calls[describeAction]) / n
		applyTime := apply.APIWindow.Seconds()
		record(result("2. apply 200 snapshots", "terraform apply "+parallelism, apply,
			check("apply time (first call to last answer)", "s", applyTime, waves*SnapshotDuration.Seconds(),
				fmt.Sprintf("<= %d s", createAPISeconds), bound(createAPISeconds)),
			check("DescribeSnapshots calls per snapshot", "", perSnapshot, waves/n,
				fmt.Sprintf("<= %g", applyDescribesPerSnapshot), bound(applyDescribesPerSnapshot))))
		b.ReportMetric(perSnapshot, "describe/snapshot")

		refresh(b, h, "3. refresh 200 snapshots", n, snapshotsRefresh(refresh200Seconds, refresh200MaxDescribes))
		destroy(b, h, "5. destroy 200 snapshots", n, destroy200Seconds, destroy200MaxDescribes)
	}
}

// BenchmarkSnapshots50 is scenario 3b: the refresh of 50 snapshots (made at once, their creation is not measured),
// then 3c: the same refresh with the emulator answering at once.
func BenchmarkSnapshots50(b *testing.B) {
	const n = 50
	for range b.N {
		h := snapshotsMadeAtOnce(b, n)
		refresh(b, h, "3b. refresh 50 snapshots", n, snapshotsRefresh(refresh50Seconds, refresh50MaxDescribes))
		refreshAtOnce(b, h, "3c. refresh 50 snapshots, API answering at once", n)
	}
}

// refreshAtOnce measures the plan of refresh again with no latency added to any call: the time then left between
// the first call and the last answer is the CPU of terraform and of the provider going through the resources, the
// floor under the refresh time that no batching can lower (on a 2-core machine, where both share the cores). It
// has no target of its own: it is there to be read beside the refresh time and its target. The latency is put
// back afterwards.
func refreshAtOnce(b *testing.B, h *Harness, scenario string, n int) {
	b.Helper()
	h.Emulator.SetLatency("", 0)
	defer h.Emulator.SetLatency("", Latency)
	plan := refreshPlan(h)
	record(result(scenario, refreshCommand, plan,
		check("refresh time (first call to last answer)", "s", plan.APIWindow.Seconds(), 0, "", nil),
		check("CPU of terraform and the provider", "s", roundMS(plan.CPU), 0, "", nil),
		check("CPU of the provider", "s", roundMS(plan.ProviderCPU), 0, "", nil),
		check("share of the machine's CPU busy, first call to last answer", "", math.Round(plan.WindowBusy*100)/100, 0, "", nil),
		check("DescribeSnapshots calls", "", float64(plan.Calls[describeAction]), math.Ceil(float64(n)/maxPageSize), "", nil)))
	b.ReportMetric(plan.APIWindow.Seconds(), "refresh_s_at_once")
}

// BenchmarkDestroy30 is scenario 5b: the destroy of 30 snapshots, three waves of deletes, each waited for until gone.
func BenchmarkDestroy30(b *testing.B) {
	const n = 30
	for range b.N {
		h := snapshotsMadeAtOnce(b, n)
		destroy(b, h, "5b. destroy 30 snapshots", n, 0, destroy30MaxDescribes)
	}
}

// BenchmarkDestroy200 is scenario 5c: the destroy of scenario 5 on 200 snapshots made at once, for comparison
// with the official provider's (9e) on a state made the same way, in a few seconds instead of the two minutes of
// scenario 2.
func BenchmarkDestroy200(b *testing.B) {
	const n = 200
	for range b.N {
		h := snapshotsMadeAtOnce(b, n)
		destroy(b, h, "5c. destroy 200 snapshots made at once", n, destroy200Seconds, destroy200MaxDescribes)
	}
}

// snapshotsMadeAtOnce is a harness whose state holds n snapshots of n disks, applied with snapshots that take no
// time: for the scenarios that measure what comes after the create.
func snapshotsMadeAtOnce(b *testing.B, n int) *Harness {
	b.Helper()
	h := NewHarness(b)
	seedDisks(b, h, n)
	h.Backend().SetSnapshotDuration(0)
	h.WriteConfig(snapshotsConfig(n))
	h.Terraform("apply", "-auto-approve", "-input=false", parallelism)
	return h
}

// parallelism is terraform's flag for Parallelism.
var parallelism = fmt.Sprintf("-parallelism=%d", Parallelism)

// refreshTarget is what a refresh scenario counts and the targets it is judged on.
type refreshTarget struct {
	action, label string  // the describe call counted, and its name in the table
	seconds       float64 // the target for the refresh time
	maxCalls      int     // the target for the calls of action; 0 shows them without one
	// roundTrips is the round trips the refresh needs beside its pages of action (the attachments' policy read):
	// the lower bound of its time is (pages + roundTrips) round trips.
	roundTrips float64
}

// snapshotsRefresh is the target of a refresh of snapshots.
func snapshotsRefresh(seconds float64, maxCalls int) refreshTarget {
	return refreshTarget{action: describeAction, label: "DescribeSnapshots calls", seconds: seconds, maxCalls: maxCalls}
}

// refreshCommand is the plan a refresh scenario measures, as the report names it; refreshPlan runs it. It must find
// nothing to change (-detailed-exitcode: a plan with changes, such as an object read as gone, fails the run).
var refreshCommand = "terraform plan " + parallelism

func refreshPlan(h *Harness) Run {
	return h.Terraform("plan", "-input=false", "-detailed-exitcode", parallelism)
}

// optionalTarget is the target text (format applied to v) and bound of a check judged against at most v, or
// neither when v is 0: a figure shown for reading beside others, not judged.
func optionalTarget(format string, v float64) (string, *float64) {
	if v <= 0 {
		return "", nil
	}
	return fmt.Sprintf(format, v), bound(v)
}

// refresh measures refreshPlan over the n objects of the state.
func refresh(b *testing.B, h *Harness, scenario string, n int, t refreshTarget) {
	b.Helper()
	plan := refreshPlan(h)
	calls := float64(plan.Calls[t.action])
	pages := math.Ceil(float64(n) / maxPageSize)
	callsTarget, callsAtMost := optionalTarget("<= %g", float64(t.maxCalls))
	record(result(scenario, refreshCommand, plan,
		check("refresh time (first call to last answer)", "s", plan.APIWindow.Seconds(), (pages+t.roundTrips)*rtt.Seconds(),
			fmt.Sprintf("<= %g s", t.seconds), bound(t.seconds)),
		check(t.label, "", calls, pages, callsTarget, callsAtMost),
		check("share of the machine's CPU busy, first call to last answer", "", math.Round(plan.WindowBusy*100)/100, 0, "", nil)))
	b.ReportMetric(calls, "refresh_describes")
}

// destroy measures the destroy of the n snapshots of the state, its refresh and the waits until each is gone
// included; targetSeconds 0 sets no target for its time, maxDescribes 0 none for its calls.
func destroy(b *testing.B, h *Harness, scenario string, n int, targetSeconds float64, maxDescribes int) {
	b.Helper()
	r := h.Terraform("destroy", "-auto-approve", "-input=false", parallelism)
	if got := len(h.Backend().Snapshots()); got != 0 {
		b.Fatalf("after destroy the emulator holds %d snapshots", got)
	}
	waves := math.Ceil(float64(n) / Parallelism)
	minDescribe := math.Ceil(float64(n) / maxPageSize)
	// The refresh (one call at best), then the deletes in waves of -parallelism, each confirmed gone (one
	// call at best): (waves + 2) round trips at the least.
	timeTarget, timeAtMost := optionalTarget("<= %g s", targetSeconds)
	timeCheck := check("destroy time (first call to last answer)", "s", r.APIWindow.Seconds(), (waves+2)*rtt.Seconds(),
		timeTarget, timeAtMost)
	callsTarget, callsAtMost := optionalTarget("<= %g", float64(maxDescribes))
	record(result(scenario, "terraform destroy "+parallelism, r, timeCheck,
		check("DescribeSnapshots calls", "", float64(r.Calls[describeAction]), 2*minDescribe, callsTarget, callsAtMost),
		check("DeleteSnapshot calls", "", float64(r.Calls["DeleteSnapshot"]), float64(n), "", nil)))
	b.ReportMetric(float64(r.Calls[describeAction]), "destroy_describes")
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
		if r.PeakRSSKiB == 0 {
			b.Fatal("the provider's peak RSS could not be read")
		}
		rssMiB := float64(r.PeakRSSKiB) / 1024
		res := result("4. data source over 10,000 snapshots", "terraform plan", r,
			check("DescribeSnapshots calls", "", calls, minCalls, "exactly the minimum", bound(minCalls)),
			check("wall time over a 1-snapshot plan", "s", extra, minCalls*rtt.Seconds(), "", nil),
			check("API time (first call to last answer)", "s", r.APIWindow.Seconds(), minCalls*rtt.Seconds(), "", nil),
			check("provider peak RSS (VmHWM)", "MiB", rssMiB, rssTargetMiB, fmt.Sprintf("<= %d MiB", rssTargetMiB),
				bound(rssTargetMiB)))
		res.PeakRSSMiB = rssMiB
		record(res)
		b.ReportMetric(rssMiB, "provider_peak_MiB")
		b.ReportMetric(calls, "describe_calls")
	}
}
