package emulator

import (
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

func TestDeleteSnapshot_throughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	id := createSnapshot(t, c, diskRunningData)
	mustOK(t, deleteSnapshot(c, id))
	if _, ok := ts.Backend().Snapshot(id); ok {
		t.Fatal("snapshot still there after DeleteSnapshot")
	}
	mustOK(t, deleteSnapshot(c, id)) // an unknown ID is ignored
	_, err := c.DeleteSnapshot(&ecs.DeleteSnapshotRequest{})
	wantAPIError(t, err, 400, "MissingParameter")
}

func TestDeleteSnapshot_usage(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	for _, tc := range []struct {
		usage  string
		force  bool
		status int
		code   string
	}{
		{"image", false, 403, "SnapshotCreatedImage"},
		{"image", true, 403, "SnapshotCreatedImage"},
		{"image_disk", true, 403, "SnapshotCreatedImage"},
		{"disk", false, 403, "SnapshotCreatedDisk"},
		{"disk", true, 0, ""},
		{"none", false, 0, ""},
	} {
		id := createSnapshot(t, c, diskRunningData)
		mustOK(t, ts.Backend().SetSnapshotUsage(id, tc.usage))
		_, err := c.DeleteSnapshot(&ecs.DeleteSnapshotRequest{SnapshotId: tea.String(id), Force: tea.Bool(tc.force)})
		_, exists := ts.Backend().Snapshot(id)
		if tc.code == "" {
			mustOK(t, err)
			if exists {
				t.Fatalf("usage %s force %v: not deleted", tc.usage, tc.force)
			}
			continue
		}
		wantAPIError(t, err, tc.status, tc.code)
		if !exists {
			t.Fatalf("usage %s force %v: refused but deleted", tc.usage, tc.force)
		}
		mustOK(t, ts.Backend().SetSnapshotUsage(id, "none"))
		mustOK(t, deleteSnapshot(c, id))
	}
}

// Deleting a snapshot still being created cancels it and frees the disk.
func TestDeleteSnapshot_whileCreating(t *testing.T) {
	clock := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clock.Now, SnapshotDuration: time.Hour}, Config{})
	c := sdk(t, ts)
	id := createSnapshot(t, c, diskRunningData)
	mustOK(t, deleteSnapshot(c, id))
	createSnapshot(t, c, diskRunningData)
}

func TestModifySnapshotAttribute_throughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	out, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), SnapshotName: tea.String("before"), RetentionDays: tea.Int32(10)})
	mustOK(t, err)
	id := tea.StringValue(out.Body.SnapshotId)
	_, err = c.ModifySnapshotAttribute(&ecs.ModifySnapshotAttributeRequest{SnapshotId: tea.String(id), SnapshotName: tea.String("after"),
		Description: tea.String("changed"), RetentionDays: tea.Int32(20)})
	mustOK(t, err)
	s := describeOne(t, c, ts, id)
	if tea.StringValue(s.SnapshotName) != "after" || tea.StringValue(s.Description) != "changed" || tea.Int32Value(s.RetentionDays) != 20 {
		t.Fatalf("after modify: %q %q %d", tea.StringValue(s.SnapshotName), tea.StringValue(s.Description), tea.Int32Value(s.RetentionDays))
	}

	for name, tc := range map[string]struct {
		req    ecs.ModifySnapshotAttributeRequest
		status int
		code   string
	}{
		"missing id":        {ecs.ModifySnapshotAttributeRequest{SnapshotName: tea.String("x1")}, 400, "MissingParameter"},
		"unknown id":        {ecs.ModifySnapshotAttributeRequest{SnapshotId: tea.String("s-nope"), SnapshotName: tea.String("x1")}, 404, "InvalidSnapshotId.NotFound"},
		"bad name":          {ecs.ModifySnapshotAttributeRequest{SnapshotId: tea.String(id), SnapshotName: tea.String("auto-1")}, 400, "InvalidSnapshotName.Malformed"},
		"bad description":   {ecs.ModifySnapshotAttributeRequest{SnapshotId: tea.String(id), Description: tea.String("http://x")}, 404, "InvalidDescription.Malformed"},
		"retention shorter": {ecs.ModifySnapshotAttributeRequest{SnapshotId: tea.String(id), RetentionDays: tea.Int32(5)}, 400, "InvalidRetentionDays.Malformed"},
		"retention too big": {ecs.ModifySnapshotAttributeRequest{SnapshotId: tea.String(id), RetentionDays: tea.Int32(65537)}, 400, "InvalidRetentionDays.Malformed"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.ModifySnapshotAttribute(&tc.req)
			wantAPIError(t, err, tc.status, tc.code)
		})
	}
	if s := describeOne(t, c, ts, id); tea.StringValue(s.SnapshotName) != "after" || tea.Int32Value(s.RetentionDays) != 20 {
		t.Fatal("a refused modify changed the snapshot")
	}
}

func TestTagResources_throughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	a := createSnapshot(t, c, diskRunningData)
	b := createSnapshot(t, c, diskRunningSystem)
	region := tea.String(ts.Region)
	_, err := c.TagResources(&ecs.TagResourcesRequest{RegionId: region, ResourceType: tea.String("snapshot"), ResourceId: []*string{tea.String(a), tea.String(b)},
		Tag: []*ecs.TagResourcesRequestTag{{Key: tea.String("env"), Value: tea.String("prod")}, {Key: tea.String("owner"), Value: tea.String("me")}}})
	mustOK(t, err)
	_, err = c.UntagResources(&ecs.UntagResourcesRequest{RegionId: region, ResourceType: tea.String("snapshot"), ResourceId: []*string{tea.String(b)},
		TagKey: []*string{tea.String("owner")}})
	mustOK(t, err)

	list, err := c.ListTagResources(&ecs.ListTagResourcesRequest{RegionId: region, ResourceType: tea.String("snapshot"), ResourceId: []*string{tea.String(a), tea.String(b)}})
	mustOK(t, err)
	got := map[string]string{}
	for _, r := range list.Body.TagResources.TagResource {
		got[tea.StringValue(r.ResourceId)+"/"+tea.StringValue(r.TagKey)] = tea.StringValue(r.TagValue)
		if tea.StringValue(r.ResourceType) != "snapshot" {
			t.Fatalf("ResourceType %q", tea.StringValue(r.ResourceType))
		}
	}
	want := map[string]string{a + "/env": "prod", a + "/owner": "me", b + "/env": "prod"}
	if len(got) != len(want) {
		t.Fatalf("ListTagResources %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("ListTagResources %v, want %v", got, want)
		}
	}
	byTag, err := c.ListTagResources(&ecs.ListTagResourcesRequest{RegionId: region, ResourceType: tea.String("snapshot"),
		Tag: []*ecs.ListTagResourcesRequestTag{{Key: tea.String("owner"), Value: tea.String("me")}}})
	mustOK(t, err)
	if rows := byTag.Body.TagResources.TagResource; len(rows) != 2 || tea.StringValue(rows[0].ResourceId) != a {
		t.Fatalf("ListTagResources by tag: %v", rows)
	}
	if tags := describeOne(t, c, ts, b).Tags.Tag; len(tags) != 1 || tea.StringValue(tags[0].TagKey) != "env" {
		t.Fatalf("DescribeSnapshots tags of %s: %v", b, tags)
	}

	_, err = c.UntagResources(&ecs.UntagResourcesRequest{RegionId: region, ResourceType: tea.String("snapshot"), ResourceId: []*string{tea.String(a)}, All: tea.Bool(true)})
	mustOK(t, err)
	if tags := describeOne(t, c, ts, a).Tags.Tag; len(tags) != 0 {
		t.Fatalf("All=true left %v", tags)
	}
}

func TestTagResources_errors(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	id := createSnapshot(t, c, diskRunningData)
	region, typ := tea.String(ts.Region), tea.String("snapshot")
	one := []*string{tea.String(id)}
	tag := func(k, v string) []*ecs.TagResourcesRequestTag {
		return []*ecs.TagResourcesRequestTag{{Key: tea.String(k), Value: tea.String(v)}}
	}
	many := func(n int) []*ecs.TagResourcesRequestTag {
		var out []*ecs.TagResourcesRequestTag
		for i := range n {
			out = append(out, &ecs.TagResourcesRequestTag{Key: tea.String("k" + string(rune('a'+i))), Value: tea.String("v")})
		}
		return out
	}
	for name, tc := range map[string]struct {
		req    ecs.TagResourcesRequest
		status int
		code   string
	}{
		"no region":        {ecs.TagResourcesRequest{ResourceType: typ, ResourceId: one, Tag: tag("k", "v")}, 400, "MissingParameter"},
		"no resource type": {ecs.TagResourcesRequest{RegionId: region, ResourceId: one, Tag: tag("k", "v")}, 400, "MissingParameter"},
		"wrong type":       {ecs.TagResourcesRequest{RegionId: region, ResourceType: tea.String("disk"), ResourceId: one, Tag: tag("k", "v")}, 404, "InvalidResourceType.NotFound"},
		"unknown snapshot": {ecs.TagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: []*string{tea.String("s-nope")}, Tag: tag("k", "v")}, 404, "InvalidResourceId.NotFound"},
		"no tags":          {ecs.TagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: one}, 404, "MissingParameter.Tags"},
		"21 tags":          {ecs.TagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: one, Tag: many(21)}, 400, "NumberExceed.Tags"},
		"bad key":          {ecs.TagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: one, Tag: tag("aliyun-k", "v")}, 400, "InvalidTagKey.Malformed"},
		"bad value":        {ecs.TagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: one, Tag: tag("k", "https://v")}, 400, "InvalidTagValue.Malformed"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.TagResources(&tc.req)
			wantAPIError(t, err, tc.status, tc.code)
		})
	}
	_, err := c.TagResources(&ecs.TagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: one, Tag: many(15)})
	mustOK(t, err)
	_, err = c.TagResources(&ecs.TagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: one, Tag: tag("sixteen-plus", "v")})
	mustOK(t, err)
	_, err = c.TagResources(&ecs.TagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: one, Tag: []*ecs.TagResourcesRequestTag{
		{Key: tea.String("x1"), Value: tea.String("v")}, {Key: tea.String("x2"), Value: tea.String("v")},
		{Key: tea.String("x3"), Value: tea.String("v")}, {Key: tea.String("x4"), Value: tea.String("v")},
		{Key: tea.String("x5"), Value: tea.String("v")}}})
	wantAPIError(t, err, 400, "OperationDenied.QuotaExceed")

	_, err = c.UntagResources(&ecs.UntagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: []*string{tea.String("s-nope")}, TagKey: []*string{tea.String("k")}})
	wantAPIError(t, err, 404, "InvalidResourceId.NotFound")
	_, err = c.ListTagResources(&ecs.ListTagResourcesRequest{RegionId: region, ResourceType: typ})
	wantAPIError(t, err, 400, "MissingParameter")
	_, err = c.ListTagResources(&ecs.ListTagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: one, NextToken: tea.String("zz")})
	wantAPIError(t, err, 400, "InvalidParameter.NextToken")
}

func TestJoinResourceGroup_throughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	id := createSnapshot(t, c, diskRunningData)
	region, typ := tea.String(ts.Region), tea.String("snapshot")
	_, err := c.JoinResourceGroup(&ecs.JoinResourceGroupRequest{RegionId: region, ResourceType: typ, ResourceId: tea.String(id), ResourceGroupId: tea.String(rgOther)})
	mustOK(t, err)
	if rg := tea.StringValue(describeOne(t, c, ts, id).ResourceGroupId); rg != rgOther {
		t.Fatalf("ResourceGroupId %s, want %s", rg, rgOther)
	}
	for name, tc := range map[string]struct {
		req    ecs.JoinResourceGroupRequest
		status int
		code   string
	}{
		"unknown group":    {ecs.JoinResourceGroupRequest{RegionId: region, ResourceType: typ, ResourceId: tea.String(id), ResourceGroupId: tea.String("rg-nope")}, 404, "InvalidResourceGroup.NotFound"},
		"unknown snapshot": {ecs.JoinResourceGroupRequest{RegionId: region, ResourceType: typ, ResourceId: tea.String("s-nope"), ResourceGroupId: tea.String(rgDefault)}, 404, "InvalidResourceId.NotFound"},
		"wrong type":       {ecs.JoinResourceGroupRequest{RegionId: region, ResourceType: tea.String("instance"), ResourceId: tea.String(id), ResourceGroupId: tea.String(rgDefault)}, 404, "InvalidResourceType.NotFound"},
		"no group":         {ecs.JoinResourceGroupRequest{RegionId: region, ResourceType: typ, ResourceId: tea.String(id)}, 400, "MissingParameter"},
		"no resource":      {ecs.JoinResourceGroupRequest{RegionId: region, ResourceType: typ, ResourceGroupId: tea.String(rgDefault)}, 400, "MissingParameter"},
		"unknown region":   {ecs.JoinResourceGroupRequest{RegionId: tea.String("mars-1"), ResourceType: typ, ResourceId: tea.String(id), ResourceGroupId: tea.String(rgDefault)}, 404, "InvalidRegionId.NotFound"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.JoinResourceGroup(&tc.req)
			wantAPIError(t, err, tc.status, tc.code)
		})
	}
}

func TestDescribeDisks_throughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	region := tea.String(ts.Region)
	all, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: region, PageSize: tea.Int32(100)})
	mustOK(t, err)
	fixture := backend.DefaultFixture()
	if n := int(tea.Int32Value(all.Body.TotalCount)); n != len(fixture.Disks) || len(all.Body.Disks.Disk) != n {
		t.Fatalf("TotalCount %d, %d disks; fixture has %d", n, len(all.Body.Disks.Disk), len(fixture.Disks))
	}
	d := all.Body.Disks.Disk[0]
	want := fixture.Disks[0]
	if tea.StringValue(d.DiskId) != want.DiskID || tea.StringValue(d.Type) != want.Type || tea.Int32Value(d.Size) != int32(want.SizeGiB) ||
		tea.StringValue(d.InstanceId) != want.InstanceID || tea.StringValue(d.RegionId) != ts.Region {
		t.Fatalf("first disk %s %s %d %s %s, want %+v", tea.StringValue(d.DiskId), tea.StringValue(d.Type), tea.Int32Value(d.Size),
			tea.StringValue(d.InstanceId), tea.StringValue(d.RegionId), want)
	}
	byInstance, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: region, InstanceId: tea.String(instanceRunning), DiskType: tea.String("data")})
	mustOK(t, err)
	if disks := byInstance.Body.Disks.Disk; len(disks) != 1 || tea.StringValue(disks[0].DiskId) != diskRunningData {
		t.Fatalf("data disks of %s: %d", instanceRunning, len(disks))
	}
	byIDs, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: region, DiskIds: tea.String(`["` + diskEncrypted + `"]`), Encrypted: tea.Bool(true)})
	mustOK(t, err)
	if disks := byIDs.Body.Disks.Disk; len(disks) != 1 || tea.StringValue(disks[0].KMSKeyId) != kmsKey {
		t.Fatalf("DiskIds+Encrypted: %v", disks)
	}
	paged, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: region, MaxResults: tea.Int32(3)})
	mustOK(t, err)
	next, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: region, MaxResults: tea.Int32(3), NextToken: paged.Body.NextToken})
	mustOK(t, err)
	if tea.StringValue(next.Body.Disks.Disk[0].DiskId) != fixture.Disks[3].DiskID {
		t.Fatalf("second token page starts at %s", tea.StringValue(next.Body.Disks.Disk[0].DiskId))
	}
	_, err = c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: region, DiskIds: tea.String("d-1")})
	wantAPIError(t, err, 400, "InvalidDiskIds.Malformed")
	_, err = c.DescribeDisks(&ecs.DescribeDisksRequest{})
	wantAPIError(t, err, 400, "MissingParameter")
}

func TestDescribeInstances_throughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	region := tea.String(ts.Region)
	out, err := c.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: region, Status: tea.String("Running")})
	mustOK(t, err)
	var locked bool
	for _, in := range out.Body.Instances.Instance {
		if tea.StringValue(in.Status) != "Running" {
			t.Fatalf("Status filter let %s through", tea.StringValue(in.Status))
		}
		for _, l := range in.OperationLocks.LockReason {
			locked = locked || tea.StringValue(l.LockReason) == "security"
		}
	}
	if len(out.Body.Instances.Instance) != 2 || !locked {
		t.Fatalf("Running instances %d (want 2), one locked for security: %v", len(out.Body.Instances.Instance), locked)
	}
	one, err := c.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: region, InstanceIds: tea.String(`["` + instanceRunning + `"]`)})
	mustOK(t, err)
	if in := one.Body.Instances.Instance; len(in) != 1 || tea.StringValue(in[0].InstanceName) != "web-prod-01" {
		t.Fatalf("InstanceIds: %v", in)
	}
	_, err = c.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: region, InstanceIds: tea.String("not json")})
	wantAPIError(t, err, 400, "InvalidInstanceIds.Malformed")
	_, err = c.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: region, PageSize: tea.Int32(500)})
	wantAPIError(t, err, 400, "InvalidParam.PageSize")
}

// TestDescribeDisks_deleteAutoSnapshot: DescribeDisks answers DeleteAutoSnapshot (and the other cheap fields the
// typed SDK model declares), read into the SDK's model as values, not left nil.
func TestDescribeDisks_deleteAutoSnapshot(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	if err := ts.Backend().Seed(backend.Fixture{Disks: []backend.Disk{{DiskID: "d-bp1keepsauto0000001", InstanceID: instanceRunning,
		ZoneID: "cn-hangzhou-i", Type: "data", Category: "cloud_essd", Status: "In_use", SizeGiB: 20, EverAttached: true,
		DeleteAutoSnapshot: true}}}); err != nil {
		t.Fatal(err)
	}
	out, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: tea.String(ts.Region),
		DiskIds: tea.String(`["` + diskRunningData + `","d-bp1keepsauto0000001"]`)})
	mustOK(t, err)
	got := map[string]*ecs.DescribeDisksResponseBodyDisksDisk{}
	for _, d := range out.Body.Disks.Disk {
		got[tea.StringValue(d.DiskId)] = d
	}
	for id, want := range map[string]bool{diskRunningData: false, "d-bp1keepsauto0000001": true} {
		d := got[id]
		if d == nil {
			t.Fatalf("%s not answered", id)
		}
		if d.DeleteAutoSnapshot == nil || *d.DeleteAutoSnapshot != want {
			t.Errorf("%s: DeleteAutoSnapshot %v, want %v", id, d.DeleteAutoSnapshot, want)
		}
		if d.DeleteWithInstance == nil || !*d.DeleteWithInstance || tea.StringValue(d.DiskChargeType) != "PostPaid" ||
			tea.StringValue(d.MultiAttach) != "Disabled" || d.Description == nil || d.SourceSnapshotId == nil {
			t.Errorf("%s: DeleteWithInstance %v, DiskChargeType %v, MultiAttach %v, Description %v, SourceSnapshotId %v", id,
				d.DeleteWithInstance, d.DiskChargeType, d.MultiAttach, d.Description, d.SourceSnapshotId)
		}
	}
}
