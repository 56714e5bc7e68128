package emulator

import (
	"sort"
	"strings"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

func ids(snaps []*ecs.DescribeSnapshotsResponseBodySnapshotsSnapshot) []string {
	out := make([]string, 0, len(snaps))
	for _, s := range snaps {
		out = append(out, tea.StringValue(s.SnapshotId))
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, ",") == strings.Join(b, ",")
}

// Each DescribeSnapshots filter, sent by the SDK, selects what it should.
func TestDescribeSnapshots_filters(t *testing.T) {
	clock := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clock.Now}, Config{})
	c := sdk(t, ts)
	mk := func(req *ecs.CreateSnapshotRequest) string {
		out, err := c.CreateSnapshot(req)
		mustOK(t, err)
		clock.Advance(time.Hour)
		return tea.StringValue(out.Body.SnapshotId)
	}
	t0 := clock.Now()
	data := mk(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), SnapshotName: tea.String("alpha"),
		Tag: []*ecs.CreateSnapshotRequestTag{{Key: tea.String("env"), Value: tea.String("prod")}}})
	system := mk(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningSystem), SnapshotName: tea.String("beta"),
		Tag: []*ecs.CreateSnapshotRequestTag{{Key: tea.String("env"), Value: tea.String("dev")}}})
	encrypted := mk(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskEncrypted), ResourceGroupId: tea.String(rgOther)})
	stopped := mk(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskStoppedData), Tag: []*ecs.CreateSnapshotRequestTag{
		{Key: tea.String("env"), Value: tea.String("prod")}, {Key: tea.String("tier"), Value: tea.String("gold")}}})
	mustOK(t, ts.Backend().SetSnapshotUsage(stopped, "disk"))
	all := []string{data, system, encrypted, stopped}
	minute := func(tm time.Time) string { return tm.UTC().Format("2006-01-02T15:04Z") }

	for name, tc := range map[string]struct {
		req  ecs.DescribeSnapshotsRequest
		want []string
	}{
		"none":                  {ecs.DescribeSnapshotsRequest{}, all},
		"DiskId":                {ecs.DescribeSnapshotsRequest{DiskId: tea.String(diskRunningSystem)}, []string{system}},
		"InstanceId":            {ecs.DescribeSnapshotsRequest{InstanceId: tea.String(instanceRunning)}, []string{data, system}},
		"SnapshotIds":           {ecs.DescribeSnapshotsRequest{SnapshotIds: tea.String(`["` + data + `","` + stopped + `","s-unknown"]`)}, []string{data, stopped}},
		"SnapshotName":          {ecs.DescribeSnapshotsRequest{SnapshotName: tea.String("beta")}, []string{system}},
		"Status accomplished":   {ecs.DescribeSnapshotsRequest{Status: tea.String("accomplished")}, all},
		"Status progressing":    {ecs.DescribeSnapshotsRequest{Status: tea.String("progressing")}, nil},
		"SnapshotType user":     {ecs.DescribeSnapshotsRequest{SnapshotType: tea.String("user")}, all},
		"SnapshotType auto":     {ecs.DescribeSnapshotsRequest{SnapshotType: tea.String("auto")}, nil},
		"Usage disk":            {ecs.DescribeSnapshotsRequest{Usage: tea.String("disk")}, []string{stopped}},
		"SourceDiskType DATA":   {ecs.DescribeSnapshotsRequest{SourceDiskType: tea.String("DATA")}, []string{data, encrypted, stopped}},
		"SourceDiskType system": {ecs.DescribeSnapshotsRequest{SourceDiskType: tea.String("system")}, []string{system}},
		"Encrypted true":        {ecs.DescribeSnapshotsRequest{Encrypted: tea.Bool(true)}, []string{encrypted}},
		"Encrypted false":       {ecs.DescribeSnapshotsRequest{Encrypted: tea.Bool(false)}, []string{data, system, stopped}},
		"KMSKeyId":              {ecs.DescribeSnapshotsRequest{KMSKeyId: tea.String(kmsKey)}, []string{encrypted}},
		// Snapshots of the default resource group show whatever group is asked for.
		"ResourceGroupId": {ecs.DescribeSnapshotsRequest{ResourceGroupId: tea.String(rgOther)}, all},
		"Category":        {ecs.DescribeSnapshotsRequest{Category: tea.String("Standard")}, all},
		"one tag":         {ecs.DescribeSnapshotsRequest{Tag: []*ecs.DescribeSnapshotsRequestTag{{Key: tea.String("env"), Value: tea.String("prod")}}}, []string{data, stopped}},
		"two tags": {ecs.DescribeSnapshotsRequest{Tag: []*ecs.DescribeSnapshotsRequestTag{{Key: tea.String("env"), Value: tea.String("prod")},
			{Key: tea.String("tier"), Value: tea.String("gold")}}}, []string{stopped}},
		"tag key only": {ecs.DescribeSnapshotsRequest{Tag: []*ecs.DescribeSnapshotsRequestTag{{Key: tea.String("env")}}}, []string{data, system, stopped}},
		"CreationStartTime": {ecs.DescribeSnapshotsRequest{Filter: []*ecs.DescribeSnapshotsRequestFilter{
			{Key: tea.String("CreationStartTime"), Value: tea.String(minute(t0.Add(90 * time.Minute)))}}}, []string{encrypted, stopped}},
		"CreationEndTime second": {ecs.DescribeSnapshotsRequest{Filter: []*ecs.DescribeSnapshotsRequestFilter{
			{Key: tea.String("CreationStartTime"), Value: tea.String(minute(t0.Add(30 * time.Minute)))},
			{Key: tea.String("CreationEndTime"), Value: tea.String(minute(t0.Add(150 * time.Minute)))}}}, []string{system, encrypted}},
		"everything ANDed": {ecs.DescribeSnapshotsRequest{InstanceId: tea.String(instanceRunning), SourceDiskType: tea.String("data"),
			Tag: []*ecs.DescribeSnapshotsRequestTag{{Key: tea.String("env"), Value: tea.String("prod")}}}, []string{data}},
	} {
		t.Run(name, func(t *testing.T) {
			req := tc.req
			req.RegionId = tea.String(ts.Region)
			req.PageSize = tea.Int32(100)
			out, err := c.DescribeSnapshots(&req)
			mustOK(t, err)
			got := ids(out.Body.Snapshots.Snapshot)
			if !sameSet(got, tc.want) || int(tea.Int32Value(out.Body.TotalCount)) != len(tc.want) {
				t.Fatalf("got %v (TotalCount %d), want %v", got, tea.Int32Value(out.Body.TotalCount), tc.want)
			}
		})
	}
}

func TestDescribeSnapshots_errors(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	many := make([]string, 101)
	for i := range many {
		many[i] = `"s-x"`
	}
	tags21 := make([]*ecs.DescribeSnapshotsRequestTag, 21)
	for i := range tags21 {
		tags21[i] = &ecs.DescribeSnapshotsRequestTag{Key: tea.String("k"), Value: tea.String("v")}
	}
	for name, tc := range map[string]struct {
		req    ecs.DescribeSnapshotsRequest
		status int
		code   string
	}{
		"no region":            {ecs.DescribeSnapshotsRequest{RegionId: tea.String("")}, 400, "MissingParameter"},
		"unknown region":       {ecs.DescribeSnapshotsRequest{RegionId: tea.String("mars-1")}, 404, "InvalidRegionId.NotFound"},
		"101 snapshot IDs":     {ecs.DescribeSnapshotsRequest{SnapshotIds: tea.String("[" + strings.Join(many, ",") + "]")}, 403, "InvalidSnapshotIds.Malformed"},
		"SnapshotIds not JSON": {ecs.DescribeSnapshotsRequest{SnapshotIds: tea.String("s-1,s-2")}, 403, "InvalidSnapshotIds.Malformed"},
		"category unknown":     {ecs.DescribeSnapshotsRequest{Category: tea.String("Gold")}, 403, "InvalidSnapshotCategory.Malformed"},
		"filter key unknown": {ecs.DescribeSnapshotsRequest{Filter: []*ecs.DescribeSnapshotsRequestFilter{
			{Key: tea.String("CreatedAfter"), Value: tea.String("2024-01-01T00:00Z")}}}, 404, "InvalidFilterKey.NotFound"},
		"filter value bad": {ecs.DescribeSnapshotsRequest{Filter: []*ecs.DescribeSnapshotsRequestFilter{
			{Key: tea.String("CreationStartTime"), Value: tea.String("yesterday")}}}, 404, "InvalidFilterValue"},
		"usage unknown":       {ecs.DescribeSnapshotsRequest{Usage: tea.String("images")}, 404, "InvalidUsage"},
		"source disk unknown": {ecs.DescribeSnapshotsRequest{SourceDiskType: tea.String("root")}, 404, "InvalidSourceDiskType"},
		"status unknown":      {ecs.DescribeSnapshotsRequest{Status: tea.String("done")}, 404, "InvalidStatus.NotFound"},
		"type unknown":        {ecs.DescribeSnapshotsRequest{SnapshotType: tea.String("manual")}, 404, "InvalidSnapshotType.NotFound"},
		"link unknown":        {ecs.DescribeSnapshotsRequest{SnapshotLinkId: tea.String("sl-nope")}, 404, "InvalidSnapshotLinkId.NotFound"},
		"tag value without key": {ecs.DescribeSnapshotsRequest{Tag: []*ecs.DescribeSnapshotsRequestTag{{Value: tea.String("v")}}},
			400, "InvalidTag.Mismatch"},
		"21 tags":           {ecs.DescribeSnapshotsRequest{Tag: tags21}, 400, "InvalidTagCount"},
		"page number 0":     {ecs.DescribeSnapshotsRequest{PageNumber: tea.Int32(0)}, 400, "InvalidParam.PageNumber"},
		"page size 101":     {ecs.DescribeSnapshotsRequest{PageSize: tea.Int32(101)}, 400, "InvalidParam.PageSize"},
		"max results 0":     {ecs.DescribeSnapshotsRequest{MaxResults: tea.Int32(0)}, 400, "InvalidParameter.MaxResults"},
		"next token forged": {ecs.DescribeSnapshotsRequest{NextToken: tea.String("caeba0bbb2be03f84eb48b699f0a4883")}, 400, "InvalidParameter.NextToken"},
		"dry run passes":    {ecs.DescribeSnapshotsRequest{DryRun: tea.Bool(true)}, 400, "DryRunOperation"},
		"dry run checks first": {ecs.DescribeSnapshotsRequest{DryRun: tea.Bool(true), Status: tea.String("done")},
			404, "InvalidStatus.NotFound"},
	} {
		t.Run(name, func(t *testing.T) {
			req := tc.req
			if req.RegionId == nil {
				req.RegionId = tea.String(ts.Region)
			}
			_, err := c.DescribeSnapshots(&req)
			wantAPIError(t, err, tc.status, tc.code)
		})
	}
}

// Both paging styles walk every snapshot exactly once, newest first, with TotalCount and PageNumber right.
func TestDescribeSnapshots_paging(t *testing.T) {
	clock := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clock.Now}, Config{})
	var made []string
	for i := range 25 {
		disk := []string{diskRunningData, diskRunningSystem, diskStoppedData}[i%3]
		out, err := ts.Backend().CreateSnapshot(backend.CreateSnapshotInput{DiskID: disk})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, out.SnapshotId)
		clock.Advance(time.Second)
	}
	newestFirst := make([]string, len(made))
	for i, id := range made {
		newestFirst[len(made)-1-i] = id
	}
	c := sdk(t, ts)

	t.Run("PageNumber/PageSize", func(t *testing.T) {
		var got []string
		for page := int32(1); page <= 3; page++ {
			out, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region), PageNumber: tea.Int32(page), PageSize: tea.Int32(10)})
			mustOK(t, err)
			b := out.Body
			if tea.Int32Value(b.TotalCount) != 25 || tea.Int32Value(b.PageNumber) != page || tea.Int32Value(b.PageSize) != 10 {
				t.Fatalf("page %d: TotalCount %d PageNumber %d PageSize %d", page, tea.Int32Value(b.TotalCount), tea.Int32Value(b.PageNumber), tea.Int32Value(b.PageSize))
			}
			got = append(got, ids(b.Snapshots.Snapshot)...)
		}
		if strings.Join(got, ",") != strings.Join(newestFirst, ",") {
			t.Fatalf("pages gave %v, want %v", got, newestFirst)
		}
		out, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region), PageNumber: tea.Int32(4), PageSize: tea.Int32(10)})
		mustOK(t, err)
		if n := len(out.Body.Snapshots.Snapshot); n != 0 {
			t.Fatalf("page past the end has %d snapshots", n)
		}
	})

	t.Run("NextToken/MaxResults", func(t *testing.T) {
		var got []string
		token, pages := "", 0
		for {
			req := &ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region), MaxResults: tea.Int32(7)}
			if token != "" {
				req.NextToken = tea.String(token)
			}
			out, err := c.DescribeSnapshots(req)
			mustOK(t, err)
			pages++
			got = append(got, ids(out.Body.Snapshots.Snapshot)...)
			if tea.Int32Value(out.Body.TotalCount) != 25 {
				t.Fatalf("TotalCount %d", tea.Int32Value(out.Body.TotalCount))
			}
			if token = tea.StringValue(out.Body.NextToken); token == "" {
				break
			}
			if pages > 10 {
				t.Fatal("NextToken never ends")
			}
		}
		if pages != 4 || strings.Join(got, ",") != strings.Join(newestFirst, ",") {
			t.Fatalf("%d pages gave %v, want 4 pages of %v", pages, got, newestFirst)
		}
	})
}

// Progress, RemainTime and Status advance with the backend's clock, as seen through the SDK.
func TestDescribeSnapshots_progress(t *testing.T) {
	clock := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clock.Now, SnapshotDuration: 100 * time.Second}, Config{})
	c := sdk(t, ts)
	id := createSnapshot(t, c, diskRunningData)
	for _, step := range []struct {
		advance  time.Duration
		status   string
		progress string
		remain   int32
	}{
		{0, "progressing", "0%", 100},
		{25 * time.Second, "progressing", "25%", 75},
		{50 * time.Second, "progressing", "75%", 25},
		{25 * time.Second, "accomplished", "100%", 0},
		{time.Hour, "accomplished", "100%", 0},
	} {
		clock.Advance(step.advance)
		s := describeOne(t, c, ts, id)
		if tea.StringValue(s.Status) != step.status || tea.StringValue(s.Progress) != step.progress || tea.Int32Value(s.RemainTime) != step.remain {
			t.Fatalf("after +%v: %s %s %ds, want %s %s %ds", step.advance, tea.StringValue(s.Status), tea.StringValue(s.Progress),
				tea.Int32Value(s.RemainTime), step.status, step.progress, step.remain)
		}
	}
}

func TestDescribeSnapshots_failedSnapshot(t *testing.T) {
	clock := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clock.Now, SnapshotDuration: 10 * time.Second}, Config{})
	mustOK(t, ts.Backend().FailNextSnapshots(diskRunningData, 1))
	c := sdk(t, ts)
	id := createSnapshot(t, c, diskRunningData)
	clock.Advance(time.Minute)
	if s := describeOne(t, c, ts, id); tea.StringValue(s.Status) != "failed" {
		t.Fatalf("Status %s, want failed", tea.StringValue(s.Status))
	}
	out, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region), Status: tea.String("failed")})
	mustOK(t, err)
	if got := ids(out.Body.Snapshots.Snapshot); len(got) != 1 || got[0] != id {
		t.Fatalf("Status=failed gave %v", got)
	}
}

func TestDescribeSnapshots_bySnapshotLinkID(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	a := createSnapshot(t, c, diskRunningData)
	createSnapshot(t, c, diskRunningSystem)
	link := tea.StringValue(describeOne(t, c, ts, a).SnapshotLinkId)
	out, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region), SnapshotLinkId: tea.String(link)})
	mustOK(t, err)
	if got := ids(out.Body.Snapshots.Snapshot); len(got) != 1 || got[0] != a {
		t.Fatalf("SnapshotLinkId %s gave %v", link, got)
	}
}
