package emulator

import (
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

const instanceStopped = "i-bp1g6zv0ce8oghu7k7ww" // Stopped instance whose disks are cloud_efficiency and an encrypted ESSD

func describeGroups(t *testing.T, c *ecs.Client, req *ecs.DescribeSnapshotGroupsRequest) *ecs.DescribeSnapshotGroupsResponseBody {
	t.Helper()
	out, err := c.DescribeSnapshotGroups(req)
	mustOK(t, err)
	return out.Body
}

// Every group call through the v4 SDK's typed requests: what Create sends (DiskId.N, Tag.N, instant access), what
// Describe decodes (the group, its snapshots and both kinds of tags, Key/Value), the snapshots as DescribeSnapshots
// shows them, Modify, the tag and resource group calls with ResourceType snapshotgroup, and Delete's per-snapshot
// answer.
func TestSnapshotGroupAPI_lifecycleThroughSDK(t *testing.T) {
	clk := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clk.Now, SnapshotDuration: time.Minute}, Config{})
	c := sdk(t, ts)
	out, err := c.CreateSnapshotGroup(&ecs.CreateSnapshotGroupRequest{
		RegionId: tea.String(ts.Region), InstanceId: tea.String(instanceRunning),
		DiskId: []*string{tea.String(diskRunningData), tea.String(diskRunningSystem)}, Name: tea.String("db.set-1"),
		Description: tea.String("one instant"), InstantAccess: tea.Bool(true), InstantAccessRetentionDays: tea.Int32(2),
		ResourceGroupId: tea.String(rgOther), ClientToken: tea.String("tok-group-1"),
		Tag: []*ecs.CreateSnapshotGroupRequestTag{{Key: tea.String("env"), Value: tea.String("prod")}},
	})
	mustOK(t, err)
	id := tea.StringValue(out.Body.SnapshotGroupId)
	if len(id) != 24 || id[:4] != "ssg-" {
		t.Fatalf("group ID %q", id)
	}

	body := describeGroups(t, c, &ecs.DescribeSnapshotGroupsRequest{RegionId: tea.String(ts.Region),
		SnapshotGroupId: []*string{tea.String(id)}, Status: []*string{tea.String("progressing")},
		Tag:        []*ecs.DescribeSnapshotGroupsRequestTag{{Key: tea.String("env"), Value: tea.String("prod")}},
		InstanceId: tea.String(instanceRunning), Name: tea.String("db.set-1"), ResourceGroupId: tea.String(rgOther)})
	if len(body.SnapshotGroups.SnapshotGroup) != 1 || tea.StringValue(body.NextToken) != "" {
		t.Fatalf("Describe with every filter: %s", tea.Prettify(body))
	}
	g := body.SnapshotGroups.SnapshotGroup[0]
	created := clk.Now().UTC().Format("2006-01-02T15:04:05Z")
	if tea.StringValue(g.SnapshotGroupId) != id || tea.StringValue(g.Name) != "db.set-1" || tea.StringValue(g.Description) != "one instant" ||
		tea.StringValue(g.InstanceId) != instanceRunning || tea.StringValue(g.Status) != "progressing" ||
		tea.StringValue(g.ResourceGroupId) != rgOther || tea.StringValue(g.CreationTime) != created ||
		len(g.Tags.Tag) != 1 || tea.StringValue(g.Tags.Tag[0].Key) != "env" || tea.StringValue(g.Tags.Tag[0].Value) != "prod" {
		t.Fatalf("group %s", tea.Prettify(g))
	}
	members := g.Snapshots.Snapshot
	if len(members) != 2 || tea.StringValue(members[0].SourceDiskId) != diskRunningData || tea.StringValue(members[1].SourceDiskId) != diskRunningSystem {
		t.Fatalf("members %s", tea.Prettify(members))
	}
	for _, m := range members {
		if tea.StringValue(m.Progress) != "0%" || !tea.BoolValue(m.InstantAccess) || tea.Int32Value(m.InstantAccessRetentionDays) != 2 ||
			!tea.BoolValue(m.Available) || len(m.Tags.Tag) != 1 || tea.StringValue(m.Tags.Tag[0].Key) != "acs:ecs:createFrom" ||
			tea.StringValue(m.Tags.Tag[0].Value) != instanceRunning {
			t.Fatalf("member %s", tea.Prettify(m))
		}
		s := describeOne(t, c, ts, tea.StringValue(m.SnapshotId))
		if tea.StringValue(s.CreationTime) != created || tea.StringValue(s.SourceDiskId) != tea.StringValue(m.SourceDiskId) ||
			tea.StringValue(s.SourceDiskType) != tea.StringValue(m.SourceDiskType) || tea.StringValue(s.ResourceGroupId) != rgOther {
			t.Fatalf("member as DescribeSnapshots shows it: %s", tea.Prettify(s))
		}
	}
	again, err := c.CreateSnapshotGroup(&ecs.CreateSnapshotGroupRequest{
		RegionId: tea.String(ts.Region), InstanceId: tea.String(instanceRunning),
		DiskId: []*string{tea.String(diskRunningData), tea.String(diskRunningSystem)}, Name: tea.String("db.set-1"),
		Description: tea.String("one instant"), InstantAccess: tea.Bool(true), InstantAccessRetentionDays: tea.Int32(2),
		ResourceGroupId: tea.String(rgOther), ClientToken: tea.String("tok-group-1"),
		Tag: []*ecs.CreateSnapshotGroupRequestTag{{Key: tea.String("env"), Value: tea.String("prod")}},
	})
	mustOK(t, err)
	if tea.StringValue(again.Body.SnapshotGroupId) != id {
		t.Fatalf("retried create answered %s, want %s", tea.StringValue(again.Body.SnapshotGroupId), id)
	}

	clk.Advance(time.Minute)
	body = describeGroups(t, c, &ecs.DescribeSnapshotGroupsRequest{RegionId: tea.String(ts.Region), Status: []*string{tea.String("accomplished")}})
	if len(body.SnapshotGroups.SnapshotGroup) != 1 || tea.StringValue(body.SnapshotGroups.SnapshotGroup[0].Snapshots.Snapshot[0].Progress) != "100%" {
		t.Fatalf("accomplished: %s", tea.Prettify(body))
	}

	_, err = c.ModifySnapshotGroup(&ecs.ModifySnapshotGroupRequest{RegionId: tea.String(ts.Region), SnapshotGroupId: tea.String(id),
		Name: tea.String("db.set-2"), Description: tea.String("renamed")})
	mustOK(t, err)
	_, err = c.TagResources(&ecs.TagResourcesRequest{RegionId: tea.String(ts.Region), ResourceType: tea.String("snapshotgroup"),
		ResourceId: []*string{tea.String(id)}, Tag: []*ecs.TagResourcesRequestTag{{Key: tea.String("team"), Value: tea.String("db")}}})
	mustOK(t, err)
	_, err = c.UntagResources(&ecs.UntagResourcesRequest{RegionId: tea.String(ts.Region), ResourceType: tea.String("snapshotgroup"),
		ResourceId: []*string{tea.String(id)}, TagKey: []*string{tea.String("env")}})
	mustOK(t, err)
	_, err = c.JoinResourceGroup(&ecs.JoinResourceGroupRequest{RegionId: tea.String(ts.Region), ResourceType: tea.String("snapshotgroup"),
		ResourceId: tea.String(id), ResourceGroupId: tea.String(rgDefault)})
	mustOK(t, err)
	g = describeGroups(t, c, &ecs.DescribeSnapshotGroupsRequest{RegionId: tea.String(ts.Region), SnapshotGroupId: []*string{tea.String(id)}}).SnapshotGroups.SnapshotGroup[0]
	if tea.StringValue(g.Name) != "db.set-2" || tea.StringValue(g.Description) != "renamed" || tea.StringValue(g.ResourceGroupId) != rgDefault ||
		len(g.Tags.Tag) != 1 || tea.StringValue(g.Tags.Tag[0].Key) != "team" {
		t.Fatalf("after modify, tag and join: %s", tea.Prettify(g))
	}

	mustOK(t, ts.Backend().SetSnapshotUsage(tea.StringValue(members[1].SnapshotId), "image"))
	del, err := c.DeleteSnapshotGroup(&ecs.DeleteSnapshotGroupRequest{RegionId: tea.String(ts.Region), SnapshotGroupId: tea.String(id)})
	mustOK(t, err)
	ops := del.Body.OperationProgressSet.OperationProgress
	if len(ops) != 2 || tea.StringValue(ops[0].OperationStatus) != "Success" || tea.StringValue(ops[1].OperationStatus) != "Failed" ||
		tea.StringValue(ops[1].ErrorCode) != "SnapshotCreatedImage" ||
		tea.StringValue(ops[0].RelatedItemSet.RelatedItem[0].Name) != "SnapshotId" ||
		tea.StringValue(ops[0].RelatedItemSet.RelatedItem[0].Value) != tea.StringValue(members[0].SnapshotId) {
		t.Fatalf("delete answer %s", tea.Prettify(del.Body))
	}
	left := ts.Backend().Snapshots()
	if len(left) != 1 || left[0].SnapshotId != tea.StringValue(members[1].SnapshotId) {
		t.Fatalf("left after delete: %+v (want only the image's snapshot)", left)
	}
	body = describeGroups(t, c, &ecs.DescribeSnapshotGroupsRequest{RegionId: tea.String(ts.Region)})
	if len(body.SnapshotGroups.SnapshotGroup) != 0 {
		t.Fatalf("groups after delete: %s", tea.Prettify(body))
	}
}

// Paging through the SDK: MaxResults and the NextToken it hands back cover every group once.
func TestSnapshotGroupAPI_pagesThroughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	made := map[string]bool{}
	for range 5 {
		out, err := c.CreateSnapshotGroup(&ecs.CreateSnapshotGroupRequest{RegionId: tea.String(ts.Region), InstanceId: tea.String(instanceRunning),
			ExcludeDiskId: []*string{tea.String(diskRunningSystem)}})
		mustOK(t, err)
		made[tea.StringValue(out.Body.SnapshotGroupId)] = true
	}
	seen := map[string]bool{}
	var token *string
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatal("more pages than 5 groups in twos need")
		}
		body := describeGroups(t, c, &ecs.DescribeSnapshotGroupsRequest{RegionId: tea.String(ts.Region), MaxResults: tea.Int32(2), NextToken: token})
		for _, g := range body.SnapshotGroups.SnapshotGroup {
			id := tea.StringValue(g.SnapshotGroupId)
			if seen[id] || !made[id] || len(g.Snapshots.Snapshot) != 1 || tea.StringValue(g.Snapshots.Snapshot[0].SourceDiskId) != diskRunningData {
				t.Fatalf("page entry %s", tea.Prettify(g))
			}
			seen[id] = true
		}
		if tea.StringValue(body.NextToken) == "" {
			break
		}
		token = body.NextToken
	}
	if len(seen) != 5 {
		t.Fatalf("walked %d groups, want 5", len(seen))
	}
}

// Refusals reach the SDK with their documented HTTP statuses and codes.
func TestSnapshotGroupAPI_refusalsThroughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	region := tea.String(ts.Region)
	_, err := c.CreateSnapshotGroup(&ecs.CreateSnapshotGroupRequest{RegionId: region, InstanceId: tea.String(instanceRunning),
		DiskId: []*string{tea.String(diskRunningData)}, ExcludeDiskId: []*string{tea.String(diskRunningSystem)}})
	wantAPIError(t, err, 400, "InvalidParam.ExcludeDiskIdsAndDiskIds.Conflict")
	_, err = c.CreateSnapshotGroup(&ecs.CreateSnapshotGroupRequest{RegionId: region, InstanceId: tea.String(instanceStopped)})
	wantAPIError(t, err, 400, "DiskCategory.OperationNotSupported")
	_, err = c.CreateSnapshotGroup(&ecs.CreateSnapshotGroupRequest{RegionId: region})
	wantAPIError(t, err, 400, "MissingParamter.InstanceId")
	_, err = c.CreateSnapshotGroup(&ecs.CreateSnapshotGroupRequest{RegionId: region, InstanceId: tea.String(instanceRunning), Name: tea.String("9lives")})
	wantAPIError(t, err, 400, "InvalidParameter.Name")
	_, err = c.CreateSnapshotGroup(&ecs.CreateSnapshotGroupRequest{RegionId: region, InstanceId: tea.String("i-bp1h6jmbefj2cyqs6xxx")})
	wantAPIError(t, err, 404, "InvalidInstanceId.NotFound")
	_, err = c.CreateSnapshotGroup(&ecs.CreateSnapshotGroupRequest{RegionId: region, DiskId: []*string{tea.String(diskLocked)}})
	wantAPIError(t, err, 403, "InstanceLockedForSecurity")
	_, err = c.DescribeSnapshotGroups(&ecs.DescribeSnapshotGroupsRequest{RegionId: region, Status: []*string{tea.String("Accomplished")}})
	wantAPIError(t, err, 403, "InvalidStatus.ValueNotSupported")
	_, err = c.ModifySnapshotGroup(&ecs.ModifySnapshotGroupRequest{RegionId: region, SnapshotGroupId: tea.String("ssg-bp1aaaaaaaaaaaaaaaaa"), Name: tea.String("ok-name")})
	wantAPIError(t, err, 404, "InvalidSnapshotGroup.NotFound")
	_, err = c.DeleteSnapshotGroup(&ecs.DeleteSnapshotGroupRequest{RegionId: region, SnapshotGroupId: tea.String("ssg-bp1aaaaaaaaaaaaaaaaa")})
	wantAPIError(t, err, 404, "InvalidSnapshotGroup.NotFound")
	_, err = c.JoinResourceGroup(&ecs.JoinResourceGroupRequest{RegionId: region, ResourceType: tea.String("snapshotgroup"),
		ResourceId: tea.String("ssg-bp1aaaaaaaaaaaaaaaaa"), ResourceGroupId: tea.String(rgOther)})
	wantAPIError(t, err, 404, "InvalidResourceId.NotFound")
	if n := len(ts.Backend().Snapshots()); n != 0 {
		t.Fatalf("refused calls left %d snapshots", n)
	}
}
