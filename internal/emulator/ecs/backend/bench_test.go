package backend

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkDescribeSnapshots_10k pages through the newest 100 of 10,000 snapshots and filters them, as the data
// source does.
func BenchmarkDescribeSnapshots_10k(b *testing.B) {
	be, clk := newTestBackend(b, 0)
	var disks []Disk
	for i := range 40 {
		disks = append(disks, Disk{DiskID: fmt.Sprintf("d-bp1bench%011d", i), InstanceID: instWeb, Type: "data", Category: "cloud_essd",
			SizeGiB: 100, EverAttached: true, EverUsed: true})
	}
	if err := be.Seed(Fixture{Disks: disks}); err != nil {
		b.Fatal(err)
	}
	for i := range 10000 {
		mustCreate(b, be, CreateSnapshotInput{DiskID: disks[i%len(disks)].DiskID, Tags: []Tag{{Key: "n", Value: fmt.Sprint(i % 7)}}})
		clk.Advance(time.Second)
	}
	queries := []DescribeSnapshotsInput{
		{RegionID: region, MaxResults: "100"},
		{RegionID: region, PageNumber: "50", PageSize: "100"},
		{RegionID: region, DiskID: disks[3].DiskID, Status: "accomplished"},
		{RegionID: region, Tags: []Tag{{Key: "n", Value: "3"}}, MaxResults: "100"},
	}
	for i := 0; b.Loop(); i++ {
		out, err := be.DescribeSnapshots(queries[i%len(queries)])
		if err != nil || out.TotalCount == 0 {
			b.Fatal(err)
		}
	}
}
