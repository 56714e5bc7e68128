package emulator

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// Resources of backend.DefaultFixture's other regions the copy tests use.
const (
	regionSH   = "cn-shanghai"
	regionSG   = "ap-southeast-1"
	diskSGData = "d-t4n9p2o7i4u1y6t3r8ew"
	kmsKeySH   = "5c1f7e2a-9b3d-4e8f-a6c4-2d7b9e1f3a58"
)

// describeIn is the snapshot id as DescribeSnapshots of region shows it, nil when that region does not list it.
func describeIn(t *testing.T, c *ecs.Client, region, id string) *ecs.DescribeSnapshotsResponseBodySnapshotsSnapshot {
	t.Helper()
	out, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(region), SnapshotIds: tea.String(`["` + id + `"]`)})
	mustOK(t, err)
	if len(out.Body.Snapshots.Snapshot) == 0 {
		return nil
	}
	return out.Body.Snapshots.Snapshot[0]
}

// TestCopySnapshotAPI_throughSDK: the v4 SDK's CopySnapshotRequest, every documented parameter, reaches the
// emulator by its documented name; the copy is in the destination region with SourceSnapshotId and
// SourceRegionId, progresses over the copy duration, refuses a second unfinished copy of the disk, and is
// cancelled by DeleteSnapshot.
func TestCopySnapshotAPI_throughSDK(t *testing.T) {
	clk := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clk.Now, CopyDuration: 10 * time.Second}, Config{})
	c := sdk(t, ts)
	src := createSnapshot(t, c, diskRunningData)
	req := &ecs.CopySnapshotRequest{
		RegionId: tea.String(ts.Region), DestinationRegionId: tea.String(regionSH), SnapshotId: tea.String(src),
		DestinationSnapshotName: tea.String("dr-copy"), DestinationSnapshotDescription: tea.String("disaster recovery"),
		RetentionDays: tea.Int32(14), Encrypted: tea.Bool(true), KMSKeyId: tea.String(kmsKeySH),
		ResourceGroupId: tea.String(rgOther), ClientToken: tea.String("copy-1"),
		Tag: []*ecs.CopySnapshotRequestTag{{Key: tea.String("role"), Value: tea.String("dr")}},
	}
	out, err := c.CopySnapshot(req)
	mustOK(t, err)
	id := tea.StringValue(out.Body.SnapshotId)
	if !strings.HasPrefix(id, "s-uf6") || tea.StringValue(out.Body.RequestId) == "" {
		t.Fatalf("CopySnapshot answered %s", out.Body)
	}
	again, err := c.CopySnapshot(req)
	mustOK(t, err)
	if got := tea.StringValue(again.Body.SnapshotId); got != id {
		t.Fatalf("the same ClientToken made %s, want %s", got, id)
	}

	s := describeIn(t, c, regionSH, id)
	if s == nil || tea.StringValue(s.SourceSnapshotId) != src || tea.StringValue(s.SourceRegionId) != ts.Region ||
		tea.StringValue(s.RegionId) != regionSH || tea.StringValue(s.SnapshotName) != "dr-copy" ||
		tea.StringValue(s.Description) != "disaster recovery" || tea.Int32Value(s.RetentionDays) != 14 ||
		!tea.BoolValue(s.Encrypted) || tea.StringValue(s.KMSKeyId) != kmsKeySH || tea.StringValue(s.ResourceGroupId) != rgOther ||
		tea.StringValue(s.Status) != "progressing" || tea.Int32Value(s.RemainTime) != 10 || tea.StringValue(s.SourceDiskId) != diskRunningData ||
		len(s.Tags.Tag) != 1 || tea.StringValue(s.Tags.Tag[0].TagKey) != "role" {
		t.Fatalf("the copy as DescribeSnapshots shows it: %s", s)
	}
	if describeIn(t, c, ts.Region, id) != nil {
		t.Fatal("the copy is listed in the source region")
	}
	if s := describeIn(t, c, ts.Region, src); tea.StringValue(s.SourceSnapshotId) != "" || tea.StringValue(s.SourceRegionId) != "" {
		t.Fatalf("a snapshot that is no copy: %s", s)
	}

	// One unfinished copy per disk and destination region.
	second := createSnapshot(t, c, diskRunningData)
	_, err = c.CopySnapshot(&ecs.CopySnapshotRequest{RegionId: tea.String(ts.Region), DestinationRegionId: tea.String(regionSH), SnapshotId: tea.String(second)})
	wantAPIError(t, err, 403, "InvalidOperation.UnfinishedCrossRegionCopy")
	clk.Advance(5 * time.Second)
	if s := describeIn(t, c, regionSH, id); tea.StringValue(s.Progress) != "50%" {
		t.Fatalf("half-way: %s", tea.StringValue(s.Progress))
	}
	// Deleting the copy cancels it, from a client of the destination region (DeleteSnapshot has no RegionId).
	sh := sdk(t, ts, func(cfg *openapi.Config) { cfg.RegionId = tea.String(regionSH) })
	_, err = sh.DeleteSnapshot(&ecs.DeleteSnapshotRequest{SnapshotId: tea.String(id)})
	mustOK(t, err)
	if describeIn(t, c, regionSH, id) != nil {
		t.Fatal("the cancelled copy is still listed")
	}
	next, err := c.CopySnapshot(&ecs.CopySnapshotRequest{RegionId: tea.String(ts.Region), DestinationRegionId: tea.String(regionSH), SnapshotId: tea.String(second)})
	mustOK(t, err)
	clk.Advance(10 * time.Second)
	if s := describeIn(t, c, regionSH, tea.StringValue(next.Body.SnapshotId)); tea.StringValue(s.Status) != "accomplished" ||
		tea.StringValue(s.SnapshotName) != "" || tea.BoolValue(s.Encrypted) || tea.StringValue(s.ResourceGroupId) != rgDefault {
		t.Fatalf("a copy with only the required parameters: %s", s)
	}
}

// TestCopySnapshotAPI_errorsThroughSDK: the documented codes and HTTP statuses as the SDK reports them.
func TestCopySnapshotAPI_errorsThroughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	plain := createSnapshot(t, c, diskRunningData)
	encrypted := createSnapshot(t, c, diskEncrypted)
	local, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningSystem), Category: tea.String("Flash")})
	mustOK(t, err)
	copyOf := func(id, dest string, edit ...func(*ecs.CopySnapshotRequest)) error {
		req := &ecs.CopySnapshotRequest{RegionId: tea.String(ts.Region), DestinationRegionId: tea.String(dest), SnapshotId: tea.String(id)}
		for _, e := range edit {
			e(req)
		}
		_, err := c.CopySnapshot(req)
		return err
	}
	wantAPIError(t, copyOf(plain, ts.Region), 403, "InvalidOperation.NotSupportCopyInSameRegion")
	wantAPIError(t, copyOf(plain, "cn-beijing"), 403, "InvalidRegionId.NotExists")
	wantAPIError(t, copyOf("s-bp1doesnotexist00000", regionSH), 403, "InvalidSnapshotId.NotFound")
	wantAPIError(t, copyOf(tea.StringValue(local.Body.SnapshotId), regionSH), 403, "InvalidSnapshotCategory.NotSupportCopy")
	wantAPIError(t, copyOf(encrypted, regionSH), 403, "InvalidEncrypted.NotSupportDecrypt")
	wantAPIError(t, copyOf(plain, regionSH, func(r *ecs.CopySnapshotRequest) { r.KMSKeyId = tea.String(kmsKeySH) }),
		403, "InvalidEncrypted.NotMatchKmsKeyId")
	wantAPIError(t, copyOf(plain, regionSH, func(r *ecs.CopySnapshotRequest) { r.Encrypted, r.KMSKeyId = tea.Bool(true), tea.String(kmsKey) }),
		403, "InvalidParameter.KMSKeyId.NotFound")
	wantAPIError(t, copyOf(plain, regionSH, func(r *ecs.CopySnapshotRequest) { r.DestinationSnapshotName = tea.String("9lives") }),
		403, "InvalidSnapshotName.Malformed")
	wantAPIError(t, copyOf(plain, regionSH, func(r *ecs.CopySnapshotRequest) { r.DestinationSnapshotDescription = tea.String("http://x") }),
		403, "InvalidDescription.Malformed")
	wantAPIError(t, copyOf(plain, regionSH, func(r *ecs.CopySnapshotRequest) { r.RetentionDays = tea.Int32(0) }),
		403, "InvalidRetentionDays.Malformed")
	wantAPIError(t, copyOf(plain, regionSH, func(r *ecs.CopySnapshotRequest) {
		r.Tag = []*ecs.CopySnapshotRequestTag{{Key: tea.String("aliyun-x"), Value: tea.String("v")}}
	}), 400, "InvalidTagKey.Malformed")
	wantAPIError(t, copyOf(plain, ""), 400, "MissingParameter")
	_, err = c.CopySnapshot(&ecs.CopySnapshotRequest{DestinationRegionId: tea.String(regionSH), SnapshotId: tea.String(plain)})
	wantAPIError(t, err, 400, "MissingParameter")
	// Within the region, an encrypted copy is allowed (encrypting, or changing the key).
	mustOK(t, copyOf(plain, ts.Region, func(r *ecs.CopySnapshotRequest) { r.Encrypted = tea.Bool(true) }))
	// The archive tier (set by its control) is refused.
	wantControl(t, ts, http.MethodPost, "/_emulator/snapshots/"+encrypted+"/archive", "", http.StatusNoContent)
	wantAPIError(t, copyOf(encrypted, regionSH, func(r *ecs.CopySnapshotRequest) { r.Encrypted = tea.Bool(true) }),
		403, "OperationDenied.SnapshotCategoryNotSupportCopy")
}

// TestControlCopies_durationAndFailure: PUT /_emulator/copy-duration sets how long later copies take, apart from
// snapshots; POST .../fail-next-copy makes the next copy of a snapshot end failed.
func TestControlCopies_durationAndFailure(t *testing.T) {
	ts := StartTestServer(t, backend.Options{SnapshotDuration: 0, CopyDuration: time.Hour}, Config{})
	c := sdk(t, ts)
	sg := sdk(t, ts, func(cfg *openapi.Config) { cfg.RegionId = tea.String(regionSG) })
	src := createSnapshot(t, sg, diskSGData)
	copyTo := func(dest string) string {
		out, err := sg.CopySnapshot(&ecs.CopySnapshotRequest{RegionId: tea.String(regionSG), DestinationRegionId: tea.String(dest), SnapshotId: tea.String(src)})
		mustOK(t, err)
		return tea.StringValue(out.Body.SnapshotId)
	}
	if s := describeIn(t, c, ts.Region, copyTo(ts.Region)); tea.StringValue(s.Status) != "progressing" || tea.Int32Value(s.RemainTime) != 3600 {
		t.Fatalf("copy with an hour's duration: %s", s)
	}
	wantControl(t, ts, http.MethodPut, "/_emulator/copy-duration", `{"duration":"0s"}`, http.StatusNoContent)
	wantControl(t, ts, http.MethodPut, "/_emulator/copy-duration", `{"duration":"-1s"}`, http.StatusBadRequest)
	wantControl(t, ts, http.MethodPut, "/_emulator/copy-duration", `{"duration":"soon"}`, http.StatusBadRequest)
	if s := describeIn(t, c, regionSH, copyTo(regionSH)); tea.StringValue(s.Status) != "accomplished" {
		t.Fatalf("copy with duration 0: %s", tea.StringValue(s.Status))
	}
	wantControl(t, ts, http.MethodPut, "/_emulator/copy-duration", `{"duration":"2s"}`, http.StatusNoContent)
	wantControl(t, ts, http.MethodPost, "/_emulator/snapshots/"+src+"/fail-next-copy", `{"count":1}`, http.StatusNoContent)
	wantControl(t, ts, http.MethodPost, "/_emulator/snapshots/s-t4nnosuchsnapshot000/fail-next-copy", `{}`, http.StatusNotFound)
	// Snapshots keep their own duration: the new snapshot is accomplished at once.
	if s := describeOne(t, c, ts, createSnapshot(t, c, diskStoppedData)); tea.StringValue(s.Status) != "accomplished" {
		t.Fatalf("copy-duration changed snapshots: %s", tea.StringValue(s.Status))
	}
	// The last copy of src to cn-shanghai was accomplished at once, so a new one may start; it fails half-way.
	failing := copyTo(regionSH)
	deadline := time.Now().Add(10 * time.Second)
	for tea.StringValue(describeIn(t, c, regionSH, failing).Status) != "failed" {
		if time.Now().After(deadline) {
			t.Fatal("the armed copy did not fail")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !slices.Contains(strings.Split(ControlEndpoints(), "\n"), `  PUT    /_emulator/ecs/copy-duration       {"duration":"5s"}: time a CopySnapshot copy takes from 0% to 100%`) {
		t.Fatal("GET /_emulator/ does not document /_emulator/ecs/copy-duration")
	}
}
