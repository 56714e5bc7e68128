package emulator

import (
	"fmt"
	"strings"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

func TestCreateSnapshot_fields(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	out, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{
		DiskId: tea.String(diskEncrypted), SnapshotName: tea.String("nightly:db_1"), Description: tea.String("before upgrade"),
		RetentionDays: tea.Int32(30), ResourceGroupId: tea.String(rgOther),
		Tag: []*ecs.CreateSnapshotRequestTag{{Key: tea.String("team"), Value: tea.String("db")}, {Key: tea.String("empty"), Value: tea.String("")}},
	})
	mustOK(t, err)
	s := describeOne(t, c, ts, tea.StringValue(out.Body.SnapshotId))
	for field, got := range map[string]string{
		"Status": tea.StringValue(s.Status), "Progress": tea.StringValue(s.Progress), "SnapshotName": tea.StringValue(s.SnapshotName),
		"Description": tea.StringValue(s.Description), "SourceDiskId": tea.StringValue(s.SourceDiskId),
		"SourceDiskSize": tea.StringValue(s.SourceDiskSize), "SourceDiskType": tea.StringValue(s.SourceDiskType),
		"KMSKeyId": tea.StringValue(s.KMSKeyId), "ResourceGroupId": tea.StringValue(s.ResourceGroupId),
		"RegionId": tea.StringValue(s.RegionId), "SnapshotType": tea.StringValue(s.SnapshotType), "Usage": tea.StringValue(s.Usage),
	} {
		want := map[string]string{
			"Status": "accomplished", "Progress": "100%", "SnapshotName": "nightly:db_1", "Description": "before upgrade",
			"SourceDiskId": diskEncrypted, "SourceDiskSize": "2000", "SourceDiskType": "data", "KMSKeyId": kmsKey,
			"ResourceGroupId": rgOther, "RegionId": ts.Region, "SnapshotType": "user", "Usage": "none",
		}[field]
		if got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	if !tea.BoolValue(s.Encrypted) || tea.Int32Value(s.RetentionDays) != 30 || tea.Int32Value(s.RemainTime) != 0 {
		t.Errorf("Encrypted %v RetentionDays %d RemainTime %d", tea.BoolValue(s.Encrypted), tea.Int32Value(s.RetentionDays), tea.Int32Value(s.RemainTime))
	}
	if tags := s.Tags.Tag; len(tags) != 2 || tea.StringValue(tags[0].TagKey) != "team" || tea.StringValue(tags[1].TagValue) != "" {
		t.Errorf("Tags = %v", tags)
	}
	if _, err := time.Parse("2006-01-02T15:04:05Z", tea.StringValue(s.CreationTime)); err != nil {
		t.Errorf("CreationTime %q: %v", tea.StringValue(s.CreationTime), err)
	}
}

// Every CreateSnapshot rule answers its documented code and HTTP status over the wire, and acts on nothing.
func TestCreateSnapshot_errors(t *testing.T) {
	tags := func(n int) []*ecs.CreateSnapshotRequestTag {
		var out []*ecs.CreateSnapshotRequestTag
		for i := range n {
			out = append(out, &ecs.CreateSnapshotRequestTag{Key: tea.String(fmt.Sprintf("k%d", i)), Value: tea.String("v")})
		}
		return out
	}
	tag := func(k, v string) []*ecs.CreateSnapshotRequestTag {
		return []*ecs.CreateSnapshotRequestTag{{Key: tea.String(k), Value: tea.String(v)}}
	}
	for name, tc := range map[string]struct {
		req    ecs.CreateSnapshotRequest
		status int
		code   string
	}{
		"missing DiskId":        {ecs.CreateSnapshotRequest{}, 400, "MissingParameter"},
		"unknown disk":          {ecs.CreateSnapshotRequest{DiskId: tea.String("d-nope")}, 404, "InvalidDiskId.NotFound"},
		"name starting digit":   {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), SnapshotName: tea.String("1st")}, 400, "InvalidSnapshotName.Malformed"},
		"name starting auto":    {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), SnapshotName: tea.String("autoBackup")}, 400, "InvalidSnapshotName.Malformed"},
		"name too short":        {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), SnapshotName: tea.String("a")}, 400, "InvalidSnapshotName.Malformed"},
		"name with a space":     {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), SnapshotName: tea.String("a b")}, 400, "InvalidSnapshotName.Malformed"},
		"description too short": {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Description: tea.String("x")}, 404, "InvalidDescription.Malformed"},
		"description a URL":     {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Description: tea.String("https://x.io")}, 404, "InvalidDescription.Malformed"},
		"retention 0":           {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), RetentionDays: tea.Int32(0)}, 400, "InvalidRetentionDays.Malformed"},
		"retention 65537":       {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), RetentionDays: tea.Int32(65537)}, 400, "InvalidRetentionDays.Malformed"},
		"category unknown":      {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Category: tea.String("Gold")}, 403, "InvalidSnapshotCategory.Malformed"},
		"category with IA": {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Category: tea.String("Standard"),
			InstantAccess: tea.Bool(true)}, 403, "InvalidSnapshotCategory.Malformed"},
		"instant access on efficiency disk": {ecs.CreateSnapshotRequest{DiskId: tea.String(diskStoppedData), InstantAccess: tea.Bool(true)},
			400, "DiskCategory.OperationNotSupported"},
		"21 tags":          {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Tag: tags(21)}, 403, "QuotaExceed.Tags"},
		"tag key aliyun":   {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Tag: tag("aliyun:x", "v")}, 400, "InvalidTagKey.Malformed"},
		"tag key acs:":     {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Tag: tag("acs:x", "v")}, 400, "InvalidTagKey.Malformed"},
		"tag key empty":    {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Tag: tag("", "v")}, 400, "InvalidTagKey.Malformed"},
		"tag value a URL":  {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Tag: tag("k", "see http://x")}, 400, "InvalidTagValue.Malformed"},
		"tag value acs:":   {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Tag: tag("k", "acs:v")}, 400, "InvalidTagValue.Malformed"},
		"tag key too long": {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Tag: tag(strings.Repeat("k", 129), "v")}, 400, "InvalidTagKey.Malformed"},
		"duplicate tag key": {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), Tag: []*ecs.CreateSnapshotRequestTag{
			{Key: tea.String("k"), Value: tea.String("1")}, {Key: tea.String("k"), Value: tea.String("2")}}}, 400, "Duplicate.TagKey"},
		"unknown resource group": {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), ResourceGroupId: tea.String("rg-nope")},
			404, "InvalidResourceGroup.NotFound"},
		"instance never started": {ecs.CreateSnapshotRequest{DiskId: tea.String(diskNeverStarted)}, 400, "IncorrectInstanceStatus"},
		"instance starting":      {ecs.CreateSnapshotRequest{DiskId: tea.String(diskStarting)}, 400, "IncorrectInstanceStatus"},
		"instance locked":        {ecs.CreateSnapshotRequest{DiskId: tea.String(diskLocked)}, 403, "InstanceLockedForSecurity"},
		"disk never attached":    {ecs.CreateSnapshotRequest{DiskId: tea.String(diskNeverAttached)}, 403, "IncorrectDiskStatus.NeverAttached"},
		"client token not ASCII": {ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), ClientToken: tea.String("tök")}, 400, "InvalidParameter"},
	} {
		t.Run(name, func(t *testing.T) {
			ts := start(t)
			_, err := sdk(t, ts).CreateSnapshot(&tc.req)
			wantAPIError(t, err, tc.status, tc.code)
			if n := len(ts.Backend().Snapshots()); n != 0 {
				t.Fatalf("a refused CreateSnapshot made %d snapshots", n)
			}
		})
	}
}

func TestCreateSnapshot_neverUsedDisk(t *testing.T) {
	ts := start(t)
	mustOK(t, ts.Backend().Seed(backend.Fixture{Disks: []backend.Disk{{DiskID: "d-fresh", ZoneID: "cn-hangzhou-i", Type: "data",
		Category: "cloud_essd", Status: "Available", SizeGiB: 20, EverAttached: true, ResourceGroupID: rgDefault}}}))
	_, err := sdk(t, ts).CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String("d-fresh")})
	wantAPIError(t, err, 403, "IncorrectDiskStatus.NeverUsed")
}

func TestCreateSnapshot_whileCreating(t *testing.T) {
	clock := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clock.Now, SnapshotDuration: time.Minute}, Config{})
	c := sdk(t, ts)
	createSnapshot(t, c, diskRunningData)
	_, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData)})
	wantAPIError(t, err, 403, "IncorrectDiskStatus.CreatingSnapshot")
	createSnapshot(t, c, diskRunningSystem) // another disk is free
	clock.Advance(time.Minute)
	createSnapshot(t, c, diskRunningData) // done: the disk is free again
}

func TestCreateSnapshot_quota(t *testing.T) {
	ts := start(t)
	for range 256 {
		if _, err := ts.Backend().CreateSnapshot(backend.CreateSnapshotInput{DiskID: diskStoppedData}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := sdk(t, ts).CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskStoppedData)})
	wantAPIError(t, err, 403, "QuotaExceed.Snapshot")
}

func TestCreateSnapshot_clientToken(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	req := &ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), ClientToken: tea.String("123e4567-e89b-12d3-a456-426655440000"),
		SnapshotName: tea.String("once")}
	first, err := c.CreateSnapshot(req)
	mustOK(t, err)
	again, err := c.CreateSnapshot(req)
	mustOK(t, err)
	if a, b := tea.StringValue(first.Body.SnapshotId), tea.StringValue(again.Body.SnapshotId); a != b {
		t.Fatalf("same token, same parameters: %s then %s", a, b)
	}
	if n := len(ts.Backend().Snapshots()); n != 1 {
		t.Fatalf("%d snapshots, want 1", n)
	}
	req.SnapshotName = tea.String("other")
	_, err = c.CreateSnapshot(req)
	wantAPIError(t, err, 403, "IdempotentParameterMismatch")
}

func TestCreateSnapshot_instantAccess(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	out, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), InstantAccess: tea.Bool(true), RetentionDays: tea.Int32(7)})
	mustOK(t, err)
	s := describeOne(t, c, ts, tea.StringValue(out.Body.SnapshotId))
	if !tea.BoolValue(s.InstantAccess) || tea.Int32Value(s.InstantAccessRetentionDays) != 7 {
		t.Fatalf("InstantAccess %v, InstantAccessRetentionDays %d", tea.BoolValue(s.InstantAccess), tea.Int32Value(s.InstantAccessRetentionDays))
	}
}
