package backend

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func describeIDs(t *testing.T, b *Backend, in DescribeSnapshotsInput) ([]string, *DescribeSnapshotsOutput) {
	t.Helper()
	if in.RegionID == "" {
		in.RegionID = region
	}
	if in.PageSize == "" && in.MaxResults == "" {
		in.PageSize = "100"
	}
	out, err := b.DescribeSnapshots(in)
	if err != nil {
		t.Fatalf("DescribeSnapshots(%+v): %v", in, err)
	}
	ids := make([]string, 0, len(out.Snapshots.Snapshot))
	for _, s := range out.Snapshots.Snapshot {
		ids = append(ids, s.SnapshotId)
	}
	return ids, out
}

func TestDescribeSnapshots_validation(t *testing.T) {
	ids101 := make([]string, 101)
	for i := range ids101 {
		ids101[i] = fmt.Sprintf("%q", fmt.Sprintf("s-%d", i))
	}
	tags21 := make([]Tag, 21)
	for i := range tags21 {
		tags21[i] = Tag{Key: fmt.Sprint("k", i)}
	}
	cases := []struct {
		name   string
		in     DescribeSnapshotsInput
		status int
		code   string
	}{
		{"missing region", DescribeSnapshotsInput{}, 400, "MissingParameter"},
		{"unknown region", DescribeSnapshotsInput{RegionID: "cn-beijing"}, 404, "InvalidRegionId.NotFound"},
		{"snapshot ids not json", DescribeSnapshotsInput{RegionID: region, SnapshotIDs: "s-1,s-2"}, 403, "InvalidSnapshotIds.Malformed"},
		{"101 snapshot ids", DescribeSnapshotsInput{RegionID: region, SnapshotIDs: "[" + strings.Join(ids101, ",") + "]"}, 403, "InvalidSnapshotIds.Malformed"},
		{"unknown link", DescribeSnapshotsInput{RegionID: region, SnapshotLinkID: "sl-bp1nosuch"}, 404, "InvalidSnapshotLinkId.NotFound"},
		{"unknown link in list", DescribeSnapshotsInput{RegionID: region, SnapshotLinkID: `["sl-bp1nosuch"]`}, 404, "InvalidSnapshotLinkId.NotFound"},
		{"malformed link list", DescribeSnapshotsInput{RegionID: region, SnapshotLinkID: `["sl-1"`}, 400, "InvalidParameter"},
		{"bad status", DescribeSnapshotsInput{RegionID: region, Status: "done"}, 404, "InvalidStatus.NotFound"},
		{"bad snapshot type", DescribeSnapshotsInput{RegionID: region, SnapshotType: "manual"}, 404, "InvalidSnapshotType.NotFound"},
		{"bad filter key", DescribeSnapshotsInput{RegionID: region, Filters: []Filter{{Key: "CreatedAfter", Value: "2024-01-01T00:00Z"}}}, 404, "InvalidFilterKey.NotFound"},
		{"filter value without key", DescribeSnapshotsInput{RegionID: region, Filters: []Filter{{Value: "2024-01-01T00:00Z"}}}, 404, "InvalidFilterKey.NotFound"},
		{"bad filter value", DescribeSnapshotsInput{RegionID: region, Filters: []Filter{{Key: "CreationStartTime", Value: "2024-01-01"}}}, 404, "InvalidFilterValue"},
		{"bad usage", DescribeSnapshotsInput{RegionID: region, Usage: "images"}, 404, "InvalidUsage"},
		{"bad source disk type", DescribeSnapshotsInput{RegionID: region, SourceDiskType: "root"}, 404, "InvalidSourceDiskType"},
		{"bad encrypted", DescribeSnapshotsInput{RegionID: region, Encrypted: "maybe"}, 400, "InvalidParameter"},
		{"bad category", DescribeSnapshotsInput{RegionID: region, Category: "premium"}, 403, "InvalidSnapshotCategory.Malformed"},
		{"21 tags", DescribeSnapshotsInput{RegionID: region, Tags: tags21}, 400, "InvalidTagCount"},
		{"tag value without key", DescribeSnapshotsInput{RegionID: region, Tags: []Tag{{Value: "v"}}}, 400, "InvalidTag.Mismatch"},
		{"bad dry run", DescribeSnapshotsInput{RegionID: region, DryRun: "1"}, 400, "InvalidParameter"},
		{"dry run", DescribeSnapshotsInput{RegionID: region, DryRun: "true"}, 400, "DryRunOperation"},
		{"page number 0", DescribeSnapshotsInput{RegionID: region, PageNumber: "0"}, 400, "InvalidParam.PageNumber"},
		{"page number text", DescribeSnapshotsInput{RegionID: region, PageNumber: "x"}, 400, "InvalidParam.PageNumber"},
		{"page size 0", DescribeSnapshotsInput{RegionID: region, PageSize: "0"}, 400, "InvalidParam.PageSize"},
		{"page size 101", DescribeSnapshotsInput{RegionID: region, PageSize: "101"}, 400, "InvalidParam.PageSize"},
		{"max results 0", DescribeSnapshotsInput{RegionID: region, MaxResults: "0"}, 400, "InvalidParameter.MaxResults"},
		{"max results 101", DescribeSnapshotsInput{RegionID: region, MaxResults: "101"}, 400, "InvalidParameter.MaxResults"},
		{"next token garbage", DescribeSnapshotsInput{RegionID: region, NextToken: "caeba0bbb2be03f84eb48b699f0a4883"}, 400, "InvalidParameter.NextToken"},
		{"next token not hex", DescribeSnapshotsInput{RegionID: region, NextToken: "zz"}, 400, "InvalidParameter.NextToken"},
		{"next token bad cursor", DescribeSnapshotsInput{RegionID: region, NextToken: encodeToken("12")}, 400, "InvalidParameter.NextToken"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := newTestBackend(t, 0)
			mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
			_, err := b.DescribeSnapshots(tc.in)
			wantAPIError(t, err, tc.status, tc.code)
		})
	}
}

func TestDescribeSnapshots_regionMessage(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	_, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: "us-west-1"})
	if msg := apiMessage(t, err); msg != "The specified RegionId does not exist." {
		t.Fatalf("message %q", msg)
	}
}

// world of snapshots for the filter tests, created a minute apart, oldest first.
type filterWorld struct {
	b                                *Backend
	clk                              *fakeClock
	webData, webSys, enc, batch, det string
	t0                               time.Time
}

func newFilterWorld(t *testing.T) filterWorld {
	b, clk := newTestBackend(t, 10*time.Second)
	f := filterWorld{b: b, clk: clk, t0: clk.Now()}
	f.webData = mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "web-data", Tags: []Tag{{Key: "env", Value: "prod"}, {Key: "app", Value: "web"}}})
	clk.Advance(time.Minute)
	f.webSys = mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebSys, SnapshotName: "web-sys", Category: "Flash", Tags: []Tag{{Key: "env", Value: "dev"}}})
	clk.Advance(time.Minute)
	f.enc = mustCreate(t, b, CreateSnapshotInput{DiskID: diskEncrypted, SnapshotName: "enc", ResourceGroupID: rgOther})
	clk.Advance(time.Minute)
	f.batch = mustCreate(t, b, CreateSnapshotInput{DiskID: diskBatchSys, SnapshotName: "batch", ResourceGroupID: rgOther})
	if err := b.FailNextSnapshots(diskDetached, 1); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	f.det = mustCreate(t, b, CreateSnapshotInput{DiskID: diskDetached, SnapshotName: "det"}) // fails at 5s
	clk.Advance(5 * time.Second)
	for id, usage := range map[string]string{f.webData: "image", f.webSys: "disk"} {
		if err := b.SetSnapshotUsage(id, usage); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func TestDescribeSnapshots_filters(t *testing.T) {
	f := newFilterWorld(t)
	link := mustSnapshot(t, f.b, f.enc).SnapshotLinkId
	cases := []struct {
		name string
		in   DescribeSnapshotsInput
		want []string
	}{
		{"all newest first", DescribeSnapshotsInput{}, []string{f.det, f.batch, f.enc, f.webSys, f.webData}},
		{"instance", DescribeSnapshotsInput{InstanceID: instWeb}, []string{f.webSys, f.webData}},
		{"unknown instance", DescribeSnapshotsInput{InstanceID: "i-nosuch"}, []string{}},
		{"disk", DescribeSnapshotsInput{DiskID: diskEncrypted}, []string{f.enc}},
		{"snapshot ids", DescribeSnapshotsInput{SnapshotIDs: fmt.Sprintf(`["%s", "%s", "s-unknown"]`, f.webData, f.batch)}, []string{f.batch, f.webData}},
		{"empty snapshot ids", DescribeSnapshotsInput{SnapshotIDs: `[]`}, []string{f.det, f.batch, f.enc, f.webSys, f.webData}},
		{"link single", DescribeSnapshotsInput{SnapshotLinkID: link}, []string{f.enc}},
		{"link list", DescribeSnapshotsInput{SnapshotLinkID: fmt.Sprintf(`["%s"]`, link)}, []string{f.enc}},
		{"name", DescribeSnapshotsInput{SnapshotName: "batch"}, []string{f.batch}},
		{"name is exact", DescribeSnapshotsInput{SnapshotName: "web"}, []string{}},
		{"status accomplished", DescribeSnapshotsInput{Status: "accomplished"}, []string{f.batch, f.enc, f.webSys, f.webData}},
		{"status failed", DescribeSnapshotsInput{Status: "failed"}, []string{f.det}},
		{"status progressing", DescribeSnapshotsInput{Status: "progressing"}, []string{}},
		{"status all", DescribeSnapshotsInput{Status: "all"}, []string{f.det, f.batch, f.enc, f.webSys, f.webData}},
		{"type user", DescribeSnapshotsInput{SnapshotType: "user"}, []string{f.det, f.batch, f.enc, f.webSys, f.webData}},
		{"type auto", DescribeSnapshotsInput{SnapshotType: "auto"}, []string{}},
		{"type timer", DescribeSnapshotsInput{SnapshotType: "timer"}, []string{}},
		{"usage image", DescribeSnapshotsInput{Usage: "image"}, []string{f.webData}},
		{"usage disk", DescribeSnapshotsInput{Usage: "disk"}, []string{f.webSys}},
		{"usage none", DescribeSnapshotsInput{Usage: "none"}, []string{f.det, f.batch, f.enc}},
		{"source system", DescribeSnapshotsInput{SourceDiskType: "system"}, []string{f.batch, f.webSys}},
		{"source Data any case", DescribeSnapshotsInput{SourceDiskType: "DATA"}, []string{f.det, f.enc, f.webData}},
		{"encrypted", DescribeSnapshotsInput{Encrypted: "true"}, []string{f.enc}},
		{"not encrypted", DescribeSnapshotsInput{Encrypted: "false"}, []string{f.det, f.batch, f.webSys, f.webData}},
		// Default-group snapshots show whatever group is asked for, as documented.
		{"resource group", DescribeSnapshotsInput{ResourceGroupID: rgOther}, []string{f.det, f.batch, f.enc, f.webSys, f.webData}},
		{"default resource group", DescribeSnapshotsInput{ResourceGroupID: rgDefault}, []string{f.det, f.webSys, f.webData}},
		{"kms key", DescribeSnapshotsInput{KMSKeyID: kmsKey}, []string{f.enc}},
		{"category flash", DescribeSnapshotsInput{Category: "Flash"}, []string{f.webSys}},
		{"category standard lower", DescribeSnapshotsInput{Category: "standard"}, []string{f.det, f.batch, f.enc, f.webData}},
		{"category archive", DescribeSnapshotsInput{Category: "archive"}, []string{}},
		{"tag key and value", DescribeSnapshotsInput{Tags: []Tag{{Key: "env", Value: "prod"}}}, []string{f.webData}},
		{"tag key any value", DescribeSnapshotsInput{Tags: []Tag{{Key: "env"}}}, []string{f.webSys, f.webData}},
		{"tags all must match", DescribeSnapshotsInput{Tags: []Tag{{Key: "env"}, {Key: "app", Value: "web"}}}, []string{f.webData}},
		{"start time", DescribeSnapshotsInput{Filters: []Filter{{Key: "CreationStartTime", Value: f.t0.Add(2 * time.Minute).Format("2006-01-02T15:04Z")}}}, []string{f.det, f.batch, f.enc}},
		{"end time", DescribeSnapshotsInput{Filters: []Filter{{}, {Key: "CreationEndTime", Value: f.t0.Add(time.Minute).Format("2006-01-02T15:04Z")}}}, []string{f.webSys, f.webData}},
		{"time window with seconds", DescribeSnapshotsInput{Filters: []Filter{{Key: "CreationStartTime", Value: f.t0.Add(time.Minute).Format(wireTime)},
			{Key: "CreationEndTime", Value: f.t0.Add(2 * time.Minute).Format(wireTime)}}}, []string{f.enc, f.webSys}},
		{"filters are ANDed", DescribeSnapshotsInput{InstanceID: instWeb, SourceDiskType: "data", Tags: []Tag{{Key: "env"}}}, []string{f.webData}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, out := describeIDs(t, f.b, tc.in)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if out.TotalCount != len(tc.want) {
				t.Fatalf("TotalCount %d, want %d", out.TotalCount, len(tc.want))
			}
		})
	}
}

func TestDescribeSnapshots_statusProgressing(t *testing.T) {
	b, clk := newTestBackend(t, time.Minute)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	got, _ := describeIDs(t, b, DescribeSnapshotsInput{Status: "progressing"})
	if len(got) != 1 || got[0] != id {
		t.Fatalf("progressing: %v", got)
	}
	clk.Advance(time.Minute)
	if got, _ := describeIDs(t, b, DescribeSnapshotsInput{Status: "progressing"}); len(got) != 0 {
		t.Fatalf("still progressing: %v", got)
	}
}

func seedSnapshots(t testing.TB, b *Backend, clk *fakeClock, n int) []string {
	t.Helper()
	disks := []string{diskWebData, diskWebSys, diskBatchSys, diskEncrypted, diskScratch, diskDetached}
	var ids []string
	for i := range n {
		ids = append(ids, mustCreate(t, b, CreateSnapshotInput{DiskID: disks[i%len(disks)]}))
		if i%3 == 0 { // some share a creation second, so ties must order deterministically
			clk.Advance(time.Second)
		}
	}
	return ids
}

func reversed(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[len(ids)-1-i] = id
	}
	return out
}

func TestDescribeSnapshots_pageNumberPaging(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	want := reversed(seedSnapshots(t, b, clk, 25))
	var got []string
	for page := 1; page <= 3; page++ {
		out, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region, PageNumber: fmt.Sprint(page)})
		if err != nil {
			t.Fatal(err)
		}
		if out.TotalCount != 25 || out.PageNumber != page || out.PageSize != 10 {
			t.Fatalf("page %d: total %d number %d size %d", page, out.TotalCount, out.PageNumber, out.PageSize)
		}
		if (out.NextToken != "") != (page < 3) {
			t.Fatalf("page %d NextToken %q", page, out.NextToken)
		}
		for _, s := range out.Snapshots.Snapshot {
			got = append(got, s.SnapshotId)
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("pages out of order:\n got %v\nwant %v", got, want)
	}
	out, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region, PageNumber: "9999999999", PageSize: "100"})
	if err != nil || len(out.Snapshots.Snapshot) != 0 || out.TotalCount != 25 {
		t.Fatalf("page past the end: %v %+v", err, out)
	}
}

func TestDescribeSnapshots_tokenPaging(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	want := reversed(seedSnapshots(t, b, clk, 23))
	var got []string
	token, pages := "", 0
	for {
		out, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region, MaxResults: "7", NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if out.TotalCount != 23 || out.PageSize != 7 || out.PageNumber != pages {
			t.Fatalf("page %d: total %d size %d number %d", pages, out.TotalCount, out.PageSize, out.PageNumber)
		}
		for _, s := range out.Snapshots.Snapshot {
			got = append(got, s.SnapshotId)
		}
		if out.NextToken == "" {
			break
		}
		token = out.NextToken
		if pages == 2 {
			// Changes between pages neither repeat nor skip what remains.
			mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
			if err := b.DeleteSnapshot(DeleteSnapshotInput{SnapshotID: got[0]}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if pages != 4 || strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("%d pages:\n got %v\nwant %v", pages, got, want)
	}
}

func TestDescribeSnapshots_tokenFromPageMode(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	want := reversed(seedSnapshots(t, b, clk, 15))
	first, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region})
	if err != nil {
		t.Fatal(err)
	}
	second, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region, NextToken: first.NextToken})
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Snapshots.Snapshot) != 5 || second.Snapshots.Snapshot[0].SnapshotId != want[10] || second.NextToken != "" {
		t.Fatalf("second page: %d entries, next %q", len(second.Snapshots.Snapshot), second.NextToken)
	}
}

func TestDescribeSnapshots_empty(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	out, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region})
	if err != nil {
		t.Fatal(err)
	}
	if out.TotalCount != 0 || out.NextToken != "" || out.Snapshots.Snapshot == nil || out.PageNumber != 1 || out.PageSize != 10 {
		t.Fatalf("%+v", out)
	}
}
