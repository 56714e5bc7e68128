package emulator

import (
	"fmt"
	"testing"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// BenchmarkDescribeSnapshots_http measures DescribeSnapshots pages of 100 over 10,000 snapshots, through the SDK,
// V3 signatures and loopback HTTP: what a data source listing a large account costs per page.
func BenchmarkDescribeSnapshots_http(b *testing.B) {
	const disks, perDisk = 40, 250 // ECS allows 256 manual snapshots per disk
	ts := start(b)
	seed := backend.Fixture{}
	for i := range disks {
		seed.Disks = append(seed.Disks, backend.Disk{DiskID: fmt.Sprintf("d-bench%03d", i), ZoneID: "cn-hangzhou-i", Type: "data",
			Category: "cloud_essd", Status: "Available", SizeGiB: 20, EverAttached: true, EverUsed: true, ResourceGroupID: rgDefault})
	}
	if err := ts.Backend().Seed(seed); err != nil {
		b.Fatal(err)
	}
	for _, d := range seed.Disks {
		for range perDisk {
			if _, err := ts.Backend().CreateSnapshot(backend.CreateSnapshotInput{DiskID: d.DiskID}); err != nil {
				b.Fatal(err)
			}
		}
	}
	c := sdk(b, ts)
	req := &ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region), PageSize: tea.Int32(100)}
	for b.Loop() {
		out, err := c.DescribeSnapshots(req)
		if err != nil {
			b.Fatal(err)
		}
		if tea.Int32Value(out.Body.TotalCount) != disks*perDisk || len(out.Body.Snapshots.Snapshot) != 100 {
			b.Fatalf("TotalCount %d, page of %d", tea.Int32Value(out.Body.TotalCount), len(out.Body.Snapshots.Snapshot))
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "requests/s")
}
