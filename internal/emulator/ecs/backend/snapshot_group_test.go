package backend

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// Seeded for the rules the default fixture cannot show (its ESSD disks are few, small and on one Running instance).
const (
	instStoppedESSD = "i-bp1zz0stoppedessd0001"
	instOtherZone   = "i-bp1zz0otherzone000001"
	instSameZone    = "i-bp1zz0samezone0000001"
	instMany        = "i-bp1zz0manydisks000001"
	instBig         = "i-bp1zz0bigdisks0000001"
	diskStoppedSys  = "d-bp1zz0stoppedsys00001"
	diskOtherZone   = "d-bp1zz0otherzone000001"
	diskSameZone    = "d-bp1zz0samezone0000001"
	diskAutoPL      = "d-bp1zz0autopl000000001"
	diskEntry       = "d-bp1zz0entry0000000001"
)

func seedGroupWorld(t *testing.T, b *Backend) {
	t.Helper()
	f := Fixture{
		Instances: []Instance{
			{InstanceID: instStoppedESSD, ZoneID: "cn-hangzhou-i", Status: "Stopped", EverStarted: true},
			{InstanceID: instOtherZone, ZoneID: "cn-hangzhou-k", Status: "Running", EverStarted: true},
			{InstanceID: instSameZone, ZoneID: "cn-hangzhou-i", Status: "Running", EverStarted: true},
			{InstanceID: instMany, ZoneID: "cn-hangzhou-i", Status: "Running", EverStarted: true},
			{InstanceID: instBig, ZoneID: "cn-hangzhou-i", Status: "Running", EverStarted: true},
		},
		Disks: []Disk{
			{DiskID: diskStoppedSys, InstanceID: instStoppedESSD, ZoneID: "cn-hangzhou-i", Type: "system", Category: "cloud_essd",
				Status: "In_use", SizeGiB: 40, EverAttached: true, EverUsed: true},
			{DiskID: diskOtherZone, InstanceID: instOtherZone, ZoneID: "cn-hangzhou-k", Type: "system", Category: "cloud_essd",
				Status: "In_use", SizeGiB: 40, EverAttached: true, EverUsed: true},
			{DiskID: diskSameZone, InstanceID: instSameZone, ZoneID: "cn-hangzhou-i", Type: "system", Category: "cloud_essd",
				Status: "In_use", SizeGiB: 40, EverAttached: true, EverUsed: true},
			{DiskID: diskAutoPL, InstanceID: instSameZone, ZoneID: "cn-hangzhou-i", Type: "data", Category: "cloud_auto",
				Status: "In_use", SizeGiB: 100, EverAttached: true, EverUsed: true},
			{DiskID: diskEntry, InstanceID: instSameZone, ZoneID: "cn-hangzhou-i", Type: "data", Category: "cloud_essd_entry",
				Status: "In_use", SizeGiB: 100, EverAttached: true, EverUsed: true},
			{DiskID: "d-bp1zz0big000000000001", InstanceID: instBig, ZoneID: "cn-hangzhou-i", Type: "system", Category: "cloud_essd",
				Status: "In_use", SizeGiB: 32768, EverAttached: true, EverUsed: true},
			{DiskID: "d-bp1zz0big000000000002", InstanceID: instBig, ZoneID: "cn-hangzhou-i", Type: "data", Category: "cloud_essd",
				Status: "In_use", SizeGiB: 1, EverAttached: true, EverUsed: true},
		},
	}
	for i := range maxGroupDisks + 1 { // 17 ESSDs on one instance
		typ := "data"
		if i == 0 {
			typ = "system"
		}
		f.Disks = append(f.Disks, Disk{DiskID: fmt.Sprintf("d-bp1zz0many0000000%04d", i), InstanceID: instMany, ZoneID: "cn-hangzhou-i",
			Type: typ, Category: "cloud_essd", Status: "In_use", SizeGiB: 20, EverAttached: true, EverUsed: true})
	}
	if err := b.Seed(f); err != nil {
		t.Fatal(err)
	}
}

func mustGroup(t *testing.T, b *Backend, in CreateSnapshotGroupInput) string {
	t.Helper()
	if in.RegionID == "" {
		in.RegionID = region
	}
	out, err := b.CreateSnapshotGroup(in)
	if err != nil {
		t.Fatalf("CreateSnapshotGroup(%+v): %v", in, err)
	}
	return out.SnapshotGroupId
}

func describeGroup(t *testing.T, b *Backend, id string) SnapshotGroupItem {
	t.Helper()
	out, err := b.DescribeSnapshotGroups(DescribeSnapshotGroupsInput{RegionID: region, SnapshotGroupIDs: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.SnapshotGroups.SnapshotGroup) != 1 {
		t.Fatalf("group %s: %d groups listed", id, len(out.SnapshotGroups.SnapshotGroup))
	}
	return out.SnapshotGroups.SnapshotGroup[0]
}

func tagValue(tags []SnapshotTag, key string) (string, bool) {
	for _, t := range tags {
		if t.TagKey == key {
			return t.TagValue, true
		}
	}
	return "", false
}

func TestCreateSnapshotGroup_everyDiskOfTheInstanceAtOneInstant(t *testing.T) {
	b, clk := newTestBackend(t, 10*time.Minute)
	id := mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instWeb, Name: "db.consistent-1", Description: "nightly set",
		ResourceGroupID: rgOther, Tags: []Tag{{Key: "env", Value: "prod"}}})
	if len(id) != 24 || id[:7] != "ssg-bp1" {
		t.Fatalf("group ID %q", id)
	}
	g := describeGroup(t, b, id)
	if g.Status != "progressing" || g.InstanceId != instWeb || g.Name != "db.consistent-1" || g.Description != "nightly set" ||
		g.ResourceGroupId != rgOther || g.CreationTime != "2024-05-22T10:00:00Z" {
		t.Fatalf("group %+v", g)
	}
	if len(g.Tags.Tag) != 1 || g.Tags.Tag[0] != (GroupTag{Key: "env", Value: "prod"}) {
		t.Fatalf("group tags %+v", g.Tags.Tag)
	}
	if len(g.Snapshots.Snapshot) != 2 || g.Snapshots.Snapshot[0].SourceDiskId != diskWebSys || g.Snapshots.Snapshot[1].SourceDiskId != diskWebData ||
		g.Snapshots.Snapshot[0].SourceDiskType != "system" || g.Snapshots.Snapshot[1].SourceDiskType != "data" {
		t.Fatalf("members %+v", g.Snapshots.Snapshot)
	}
	var created string
	for _, m := range g.Snapshots.Snapshot {
		if m.Progress != "0%" || m.Available || len(m.Tags.Tag) != 1 || m.Tags.Tag[0] != (GroupTag{Key: createFromTagKey, Value: instWeb}) {
			t.Fatalf("member %+v", m)
		}
		// The members are ordinary snapshots: DescribeSnapshots shows them, all with the group's instant.
		s := mustSnapshot(t, b, m.SnapshotId)
		if created == "" {
			created = s.CreationTime
		}
		if s.CreationTime != created || s.CreationTime != g.CreationTime || s.SourceDiskId != m.SourceDiskId || s.Status != "progressing" ||
			s.ResourceGroupId != rgOther || s.SnapshotType != "user" || s.SnapshotLinkId == "" {
			t.Fatalf("member snapshot %+v", s)
		}
		if v, ok := tagValue(s.Tags.Tag, createFromTagKey); !ok || v != instWeb {
			t.Fatalf("member snapshot tags %+v", s.Tags.Tag)
		}
	}
	out, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region, InstanceID: instWeb})
	if err != nil || out.TotalCount != 2 {
		t.Fatalf("DescribeSnapshots by instance: %v %+v", err, out)
	}

	clk.Advance(5 * time.Minute)
	if g := describeGroup(t, b, id); g.Status != "progressing" || g.Snapshots.Snapshot[0].Progress != "50%" {
		t.Fatalf("half-way %+v", g)
	}
	clk.Advance(5 * time.Minute)
	g = describeGroup(t, b, id)
	if g.Status != "accomplished" || !g.Snapshots.Snapshot[0].Available || g.Snapshots.Snapshot[1].Progress != "100%" {
		t.Fatalf("done %+v", g)
	}
}

func TestCreateSnapshotGroup_excludedDisksAndChosenDisks(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	seedGroupWorld(t, b)
	id := mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instWeb, ExcludeDiskIDs: []string{diskWebData}})
	g := describeGroup(t, b, id)
	if len(g.Snapshots.Snapshot) != 1 || g.Snapshots.Snapshot[0].SourceDiskId != diskWebSys || g.Status != "accomplished" {
		t.Fatalf("excluded data disk: %+v", g)
	}
	// Without InstanceId, DiskId.N may span instances of one zone; the group then names no instance. A detached
	// disk that was attached before qualifies, and each ESSD kind (ESSD, AutoPL, Entry) does.
	id = mustGroup(t, b, CreateSnapshotGroupInput{DiskIDs: []string{diskWebData, diskAutoPL, diskEntry, diskDetached, diskWebData}})
	g = describeGroup(t, b, id)
	if g.InstanceId != "" || len(g.Snapshots.Snapshot) != 4 {
		t.Fatalf("cross-instance group %+v", g)
	}
	// A stopped instance's disks qualify.
	id = mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instStoppedESSD})
	if g := describeGroup(t, b, id); g.InstanceId != instStoppedESSD || len(g.Snapshots.Snapshot) != 1 {
		t.Fatalf("stopped instance group %+v", g)
	}
	// DiskId.N from one instance, without InstanceId, names that instance.
	id = mustGroup(t, b, CreateSnapshotGroupInput{DiskIDs: []string{diskAutoPL}})
	if g := describeGroup(t, b, id); g.InstanceId != instSameZone {
		t.Fatalf("one-instance DiskId group %+v", g)
	}
}

func TestCreateSnapshotGroup_refusals(t *testing.T) {
	many := make([]string, maxGroupDisks+1)
	for i := range many {
		many[i] = fmt.Sprintf("d-bp1zz0many0000000%04d", i)
	}
	for _, tc := range []struct {
		name   string
		in     CreateSnapshotGroupInput
		status int
		code   string
	}{
		{"no region", CreateSnapshotGroupInput{RegionID: "-", InstanceID: instWeb}, 400, "MissingParameter"},
		{"unknown region", CreateSnapshotGroupInput{RegionID: "cn-nowhere", InstanceID: instWeb}, 404, "InvalidRegionId.NotFound"},
		{"both lists", CreateSnapshotGroupInput{InstanceID: instWeb, DiskIDs: []string{diskWebSys}, ExcludeDiskIDs: []string{diskWebData}},
			400, "InvalidParam.ExcludeDiskIdsAndDiskIds.Conflict"},
		{"no instance, no disks", CreateSnapshotGroupInput{}, 400, "MissingParamter.InstanceId"},
		{"exclude without instance", CreateSnapshotGroupInput{ExcludeDiskIDs: []string{diskWebData}}, 400, "MissingParamter.InstanceId"},
		{"name starts with a digit", CreateSnapshotGroupInput{InstanceID: instWeb, Name: "1db"}, 400, "InvalidParameter.Name"},
		{"name is a URL", CreateSnapshotGroupInput{InstanceID: instWeb, Name: "http://x"}, 400, "InvalidParameter.Name"},
		{"description is a URL", CreateSnapshotGroupInput{InstanceID: instWeb, Description: "https://x"}, 400, "InvalidParameter.Description"},
		{"instant access days 0", CreateSnapshotGroupInput{InstanceID: instWeb, InstantAccess: "true", InstantAccessRetentionDays: "0"},
			400, "InvalidRetentionDays.Malformed"},
		{"instant access days 65536", CreateSnapshotGroupInput{InstanceID: instWeb, InstantAccess: "true", InstantAccessRetentionDays: "65536"},
			400, "InvalidRetentionDays.Malformed"},
		{"system tag key", CreateSnapshotGroupInput{InstanceID: instWeb, Tags: []Tag{{Key: "acs:x", Value: "v"}}}, 400, "InvalidTagKey.Malformed"},
		{"duplicate tag", CreateSnapshotGroupInput{InstanceID: instWeb, Tags: []Tag{{Key: "a"}, {Key: "a"}}}, 400, "Duplicate.TagKey"},
		{"unknown resource group", CreateSnapshotGroupInput{InstanceID: instWeb, ResourceGroupID: "rg-nope"}, 404, "InvalidResourceGroup.NotFound"},
		{"unknown instance", CreateSnapshotGroupInput{InstanceID: "i-bp1nope"}, 404, "InvalidInstanceId.NotFound"},
		{"unknown disk", CreateSnapshotGroupInput{DiskIDs: []string{"d-bp1nope"}}, 404, "InvalidDiskId.NotFound"},
		{"unknown excluded disk", CreateSnapshotGroupInput{InstanceID: instWeb, ExcludeDiskIDs: []string{diskBatchSys}}, 404, "InvalidDiskId.NotFound"},
		{"every disk excluded", CreateSnapshotGroupInput{InstanceID: instWeb, ExcludeDiskIDs: []string{diskWebSys, diskWebData}}, 403, "InvalidInstance.NoDisk"},
		{"disk of another instance", CreateSnapshotGroupInput{InstanceID: instWeb, DiskIDs: []string{diskWebSys, diskSameZone}}, 403, "DiskId.ValueNotSupported"},
		{"not an ESSD", CreateSnapshotGroupInput{InstanceID: instBatch}, 400, "DiskCategory.OperationNotSupported"},
		{"an ESSD beside a non-ESSD", CreateSnapshotGroupInput{DiskIDs: []string{diskWebData, diskScratch}}, 400, "DiskCategory.OperationNotSupported"},
		{"locked instance", CreateSnapshotGroupInput{InstanceID: "i-bp1f8s2hx1a9zq4ne0lk"}, 403, "InstanceLockedForSecurity"},
		{"starting instance", CreateSnapshotGroupInput{InstanceID: "i-bp1d3k8mzl2q7wxr5c9e"}, 400, "IncorrectInstanceStatus"},
		{"instance never started", CreateSnapshotGroupInput{InstanceID: "i-bp13zt4kqc0fm7r2uw5a"}, 400, "IncorrectInstanceStatus"},
		{"never attached disk", CreateSnapshotGroupInput{DiskIDs: []string{diskSpare}}, 403, "IncorrectDiskStatus.NeverAttached"},
		{"zones differ", CreateSnapshotGroupInput{DiskIDs: []string{diskWebData, diskOtherZone}}, 400, "InvalidDiskIds.NotInSameZone"},
		{"17 disks of the instance", CreateSnapshotGroupInput{InstanceID: instMany}, 403, "NumberExceed.TooManyDisks"},
		{"17 DiskId.N", CreateSnapshotGroupInput{DiskIDs: many}, 403, "NumberExceed.TooManyDisks"},
		{"over 32 TiB", CreateSnapshotGroupInput{InstanceID: instBig}, 403, "CapacityExceed.TooManyDisks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := newTestBackend(t, 0)
			seedGroupWorld(t, b)
			in := tc.in
			switch in.RegionID {
			case "":
				in.RegionID = region
			case "-":
				in.RegionID = ""
			}
			_, err := b.CreateSnapshotGroup(in)
			wantAPIError(t, err, tc.status, tc.code)
			if n := len(b.Snapshots()); n != 0 {
				t.Fatalf("a refused group left %d snapshots", n)
			}
		})
	}
}

func TestCreateSnapshotGroup_limitsAreInclusive(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	seedGroupWorld(t, b)
	mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instMany, ExcludeDiskIDs: []string{"d-bp1zz0many0000000" + "0016"}}) // 16 disks
	mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instBig, ExcludeDiskIDs: []string{"d-bp1zz0big000000000002"}})       // 32 TiB
	mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instWeb, InstantAccess: "true", InstantAccessRetentionDays: "65535",
		Name: "ab", Description: "cd"})
}

func TestCreateSnapshotGroup_snapshotInProgressOnADisk(t *testing.T) {
	b, _ := newTestBackend(t, time.Minute)
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	_, err := b.CreateSnapshotGroup(CreateSnapshotGroupInput{RegionID: region, InstanceID: instWeb})
	wantAPIError(t, err, 403, "IncorrectDiskStatus.CreatingSnapshot")
	// And a group in progress blocks the next snapshot of its disks.
	b2, _ := newTestBackend(t, time.Minute)
	mustGroup(t, b2, CreateSnapshotGroupInput{InstanceID: instWeb})
	_, err = b2.CreateSnapshot(CreateSnapshotInput{DiskID: diskWebSys})
	wantAPIError(t, err, 403, "IncorrectDiskStatus.CreatingSnapshot")
}

func TestCreateSnapshotGroup_instantAccess(t *testing.T) {
	b, _ := newTestBackend(t, time.Minute)
	id := mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instWeb, InstantAccess: "true", InstantAccessRetentionDays: "3"})
	for _, m := range describeGroup(t, b, id).Snapshots.Snapshot {
		if !m.InstantAccess || m.InstantAccessRetentionDays != 3 || !m.Available {
			t.Fatalf("instant access member %+v", m)
		}
		if s := mustSnapshot(t, b, m.SnapshotId); !s.InstantAccess || s.InstantAccessRetentionDays != 3 {
			t.Fatalf("instant access snapshot %+v", s)
		}
	}
	// The retention is checked without InstantAccess=true but has no effect then.
	b2, _ := newTestBackend(t, time.Minute)
	id = mustGroup(t, b2, CreateSnapshotGroupInput{InstanceID: instWeb, InstantAccessRetentionDays: "3"})
	if m := describeGroup(t, b2, id).Snapshots.Snapshot[0]; m.InstantAccess || m.InstantAccessRetentionDays != 0 || m.Available {
		t.Fatalf("member without instant access %+v", m)
	}
}

func TestSnapshotGroup_failedMemberFailsTheGroup(t *testing.T) {
	b, clk := newTestBackend(t, 10*time.Minute)
	if err := b.FailNextSnapshots(diskWebData, 1); err != nil {
		t.Fatal(err)
	}
	id := mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instWeb})
	clk.Advance(5 * time.Minute)
	if g := describeGroup(t, b, id); g.Status != "failed" {
		t.Fatalf("status %s, want failed once a member failed", g.Status)
	}
	out, err := b.DescribeSnapshotGroups(DescribeSnapshotGroupsInput{RegionID: region, Statuses: []string{"failed"}})
	if err != nil || len(out.SnapshotGroups.SnapshotGroup) != 1 {
		t.Fatalf("Status.1=failed: %v %+v", err, out)
	}
}

func TestCreateSnapshotGroup_clientToken(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	in := CreateSnapshotGroupInput{InstanceID: instWeb, ClientToken: "tok-1"}
	first := mustGroup(t, b, in)
	if again := mustGroup(t, b, in); again != first {
		t.Fatalf("retry made %s, want %s", again, first)
	}
	if n := len(b.Snapshots()); n != 2 {
		t.Fatalf("%d snapshots after a retried create, want 2", n)
	}
	_, err := b.CreateSnapshotGroup(CreateSnapshotGroupInput{RegionID: region, InstanceID: instWeb, ClientToken: "tok-1", Name: "other"})
	wantAPIError(t, err, 403, "IdempotentParameterMismatch")
}

func TestDescribeSnapshotGroups_filtersAndPaging(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	seedGroupWorld(t, b)
	var ids []string
	for i := range 5 {
		in := CreateSnapshotGroupInput{InstanceID: instWeb, Name: fmt.Sprintf("g%d", i)}
		if i%2 == 1 {
			in.ResourceGroupID = rgOther
			in.Tags = []Tag{{Key: "odd", Value: "yes"}}
		}
		ids = append(ids, mustGroup(t, b, in))
		clk.Advance(time.Second)
	}
	other := mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instSameZone, Name: "g0"})

	list := func(in DescribeSnapshotGroupsInput) []string {
		t.Helper()
		in.RegionID = region
		out, err := b.DescribeSnapshotGroups(in)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range out.SnapshotGroups.SnapshotGroup {
			got = append(got, g.SnapshotGroupId)
		}
		return got
	}
	eq := func(what string, got []string, want ...string) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: got %v, want %v", what, got, want)
		}
	}
	eq("all, newest first", list(DescribeSnapshotGroupsInput{}), other, ids[4], ids[3], ids[2], ids[1], ids[0])
	eq("ids", list(DescribeSnapshotGroupsInput{SnapshotGroupIDs: []string{ids[0], ids[2], "ssg-unknown"}}), ids[2], ids[0])
	eq("instance", list(DescribeSnapshotGroupsInput{InstanceID: instSameZone}), other)
	eq("name", list(DescribeSnapshotGroupsInput{Name: "g0"}), other, ids[0])
	eq("resource group", list(DescribeSnapshotGroupsInput{ResourceGroupID: rgOther}), ids[3], ids[1])
	eq("tag", list(DescribeSnapshotGroupsInput{Tags: []Tag{{Key: "odd", Value: "yes"}}}), ids[3], ids[1])
	eq("tag key only", list(DescribeSnapshotGroupsInput{Tags: []Tag{{Key: "odd"}}}), ids[3], ids[1])
	eq("AND", list(DescribeSnapshotGroupsInput{Name: "g0", InstanceID: instWeb}), ids[0])
	eq("status", list(DescribeSnapshotGroupsInput{Statuses: []string{"progressing", "failed"}}))
	eq("status accomplished", list(DescribeSnapshotGroupsInput{Statuses: []string{"accomplished"}, Name: "g1"}), ids[1])

	// Paging: MaxResults 2 walks every group once, in order, with a token while more remain.
	var walked []string
	token := ""
	for range 10 {
		out, err := b.DescribeSnapshotGroups(DescribeSnapshotGroupsInput{RegionID: region, MaxResults: "2", NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range out.SnapshotGroups.SnapshotGroup {
			walked = append(walked, g.SnapshotGroupId)
		}
		if len(out.SnapshotGroups.SnapshotGroup) > 2 {
			t.Fatalf("page of %d", len(out.SnapshotGroups.SnapshotGroup))
		}
		if token = out.NextToken; token == "" {
			break
		}
		// A group deleted between pages does not shift the next page.
		if len(walked) == 2 {
			if _, err := b.DeleteSnapshotGroup(DeleteSnapshotGroupInput{RegionID: region, SnapshotGroupID: other}); err != nil {
				t.Fatal(err)
			}
		}
	}
	eq("paged walk", walked, other, ids[4], ids[3], ids[2], ids[1], ids[0])
	// Default page size: 10.
	for range 6 {
		mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instWeb})
	}
	out, err := b.DescribeSnapshotGroups(DescribeSnapshotGroupsInput{RegionID: region})
	if err != nil || len(out.SnapshotGroups.SnapshotGroup) != 10 || out.NextToken == "" {
		t.Fatalf("default page: %v, %d groups, token %q", err, len(out.SnapshotGroups.SnapshotGroup), out.NextToken)
	}
}

func TestDescribeSnapshotGroups_refusals(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = fmt.Sprintf("ssg-%d", i)
	}
	for _, tc := range []struct {
		name   string
		in     DescribeSnapshotGroupsInput
		status int
		code   string
	}{
		{"no region", DescribeSnapshotGroupsInput{}, 400, "MissingParameter"},
		{"unknown status", DescribeSnapshotGroupsInput{RegionID: region, Statuses: []string{"done"}}, 403, "InvalidStatus.ValueNotSupported"},
		{"four statuses", DescribeSnapshotGroupsInput{RegionID: region, Statuses: []string{"failed", "failed", "failed", "failed"}}, 400, "InvalidParameter"},
		{"eleven IDs", DescribeSnapshotGroupsInput{RegionID: region, SnapshotGroupIDs: eleven}, 400, "InvalidParameter"},
		{"MaxResults 0", DescribeSnapshotGroupsInput{RegionID: region, MaxResults: "0"}, 400, "InvalidParameter.MaxResults"},
		{"MaxResults 101", DescribeSnapshotGroupsInput{RegionID: region, MaxResults: "101"}, 400, "InvalidParameter.MaxResults"},
		{"made-up token", DescribeSnapshotGroupsInput{RegionID: region, NextToken: "caeba0bbb2be03f84eb48b699f0a4883"}, 400, "InvalidParameter.NextToken"},
		{"snapshot token", DescribeSnapshotGroupsInput{RegionID: region, NextToken: encodeToken("5")}, 400, "InvalidParameter.NextToken"},
		{"value without key", DescribeSnapshotGroupsInput{RegionID: region, Tags: []Tag{{Value: "v"}}}, 400, "InvalidTag.Mismatch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.DescribeSnapshotGroups(tc.in)
			wantAPIError(t, err, tc.status, tc.code)
		})
	}
}

func TestModifySnapshotGroup_nameAndDescription(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	id := mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instWeb, Name: "before", Description: "old text"})
	if err := b.ModifySnapshotGroup(ModifySnapshotGroupInput{RegionID: region, SnapshotGroupID: id, Name: "after.v2"}); err != nil {
		t.Fatal(err)
	}
	if g := describeGroup(t, b, id); g.Name != "after.v2" || g.Description != "old text" {
		t.Fatalf("after name change %+v", g)
	}
	if err := b.ModifySnapshotGroup(ModifySnapshotGroupInput{RegionID: region, SnapshotGroupID: id, Description: "new text"}); err != nil {
		t.Fatal(err)
	}
	if g := describeGroup(t, b, id); g.Name != "after.v2" || g.Description != "new text" {
		t.Fatalf("after description change %+v", g)
	}
	wantAPIError(t, b.ModifySnapshotGroup(ModifySnapshotGroupInput{RegionID: region, SnapshotGroupID: id, Name: "x"}), 400, "InvalidParameter.Name")
	wantAPIError(t, b.ModifySnapshotGroup(ModifySnapshotGroupInput{RegionID: region, SnapshotGroupID: id, Description: "x"}), 400, "InvalidParameter.Description")
	wantAPIError(t, b.ModifySnapshotGroup(ModifySnapshotGroupInput{RegionID: region, SnapshotGroupID: "ssg-bp1nope"}), 404, "InvalidSnapshotGroup.NotFound")
	wantAPIError(t, b.ModifySnapshotGroup(ModifySnapshotGroupInput{RegionID: region}), 400, "MissingParameter")
	wantAPIError(t, b.ModifySnapshotGroup(ModifySnapshotGroupInput{SnapshotGroupID: id}), 400, "MissingParameter")
}

func TestDeleteSnapshotGroup_deletesItsSnapshotsButThoseOfImages(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	seedGroupWorld(t, b)
	id := mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instSameZone})
	members := describeGroup(t, b, id).Snapshots.Snapshot
	imageSnap, diskSnap := members[0].SnapshotId, members[1].SnapshotId
	if err := b.SetSnapshotUsage(imageSnap, "image"); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSnapshotUsage(diskSnap, "disk"); err != nil {
		t.Fatal(err)
	}
	keep := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData}) // not in the group
	out, err := b.DeleteSnapshotGroup(DeleteSnapshotGroupInput{RegionID: region, SnapshotGroupID: id})
	if err != nil {
		t.Fatal(err)
	}
	ops := out.OperationProgressSet.OperationProgress
	if len(ops) != 3 {
		t.Fatalf("%d operations, want one per member", len(ops))
	}
	for i, op := range ops {
		item := op.RelatedItemSet.RelatedItem
		if len(item) != 1 || item[0].Name != "SnapshotId" || item[0].Value != members[i].SnapshotId {
			t.Fatalf("operation %d items %+v", i, item)
		}
		want := OperationProgress{OperationStatus: "Success", RelatedItemSet: op.RelatedItemSet}
		if i == 0 {
			want.OperationStatus, want.ErrorCode, want.ErrorMsg = "Failed", "SnapshotCreatedImage", errSnapshotCreatedImage.Message
		}
		if fmt.Sprint(op) != fmt.Sprint(want) {
			t.Fatalf("operation %d = %+v, want %+v", i, op, want)
		}
	}
	left := b.Snapshots()
	if len(left) != 2 || left[0].SnapshotId != imageSnap || left[1].SnapshotId != keep {
		t.Fatalf("left %+v: want the image's snapshot and the unrelated one", left)
	}
	_, err = b.DeleteSnapshotGroup(DeleteSnapshotGroupInput{RegionID: region, SnapshotGroupID: id})
	wantAPIError(t, err, 404, "InvalidSnapshotGroup.NotFound")
	_, err = b.DeleteSnapshotGroup(DeleteSnapshotGroupInput{RegionID: region})
	wantAPIError(t, err, 400, "MissingParameter")
}

func TestSnapshotGroup_memberDeletedAloneLeavesTheGroup(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	id := mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instWeb})
	first := describeGroup(t, b, id).Snapshots.Snapshot[0].SnapshotId
	if err := b.DeleteSnapshot(DeleteSnapshotInput{SnapshotID: first}); err != nil {
		t.Fatal(err)
	}
	g := describeGroup(t, b, id)
	if len(g.Snapshots.Snapshot) != 1 || g.Snapshots.Snapshot[0].SourceDiskId != diskWebData {
		t.Fatalf("after deleting a member alone: %+v", g)
	}
	out, err := b.DeleteSnapshotGroup(DeleteSnapshotGroupInput{RegionID: region, SnapshotGroupID: id})
	if err != nil || len(out.OperationProgressSet.OperationProgress) != 1 || len(b.Snapshots()) != 0 {
		t.Fatalf("delete: %v %+v, %d snapshots left", err, out, len(b.Snapshots()))
	}
}

func TestSnapshotGroup_tagsAndResourceGroup(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	id := mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instWeb, Tags: []Tag{{Key: "a", Value: "1"}}})
	if err := b.TagResources(TagResourcesInput{RegionID: region, ResourceType: "snapshotgroup", ResourceIDs: []string{id},
		Tags: []Tag{{Key: "a", Value: "2"}, {Key: "b", Value: "3"}}}); err != nil {
		t.Fatal(err)
	}
	if err := b.UntagResources(UntagResourcesInput{RegionID: region, ResourceType: "snapshotgroup", ResourceIDs: []string{id}, TagKeys: []string{"b"}}); err != nil {
		t.Fatal(err)
	}
	lt, err := b.ListTagResources(ListTagResourcesInput{RegionID: region, ResourceType: "snapshotgroup", ResourceIDs: []string{id}})
	if err != nil || len(lt.TagResources.TagResource) != 1 ||
		lt.TagResources.TagResource[0] != (TagResource{ResourceId: id, ResourceType: "snapshotgroup", TagKey: "a", TagValue: "2"}) {
		t.Fatalf("ListTagResources: %v %+v", err, lt)
	}
	if g := describeGroup(t, b, id); len(g.Tags.Tag) != 1 || g.Tags.Tag[0] != (GroupTag{Key: "a", Value: "2"}) {
		t.Fatalf("group tags %+v", g.Tags)
	}
	// A group's tags are its own: its snapshots keep only their source tag.
	for _, m := range describeGroup(t, b, id).Snapshots.Snapshot {
		if len(m.Tags.Tag) != 1 || m.Tags.Tag[0].Key != createFromTagKey {
			t.Fatalf("member tags %+v", m.Tags)
		}
	}
	err = b.TagResources(TagResourcesInput{RegionID: region, ResourceType: "snapshotgroup", ResourceIDs: []string{"ssg-bp1nope"}, Tags: []Tag{{Key: "a"}}})
	wantAPIError(t, err, 404, "InvalidResourceId.NotFound")

	if err := b.JoinResourceGroup(JoinResourceGroupInput{ResourceType: "snapshotgroup", ResourceID: id, ResourceGroupID: rgOther}); err != nil {
		t.Fatal(err)
	}
	if g := describeGroup(t, b, id); g.ResourceGroupId != rgOther {
		t.Fatalf("resource group %s after JoinResourceGroup", g.ResourceGroupId)
	}
	err = b.JoinResourceGroup(JoinResourceGroupInput{ResourceType: "SnapshotGroup", ResourceID: id, ResourceGroupID: rgOther})
	wantAPIError(t, err, 404, "InvalidResourceType.NotFound")
	err = b.JoinResourceGroup(JoinResourceGroupInput{ResourceType: "snapshotgroup", ResourceID: "ssg-bp1nope", ResourceGroupID: rgOther})
	wantAPIError(t, err, 404, "InvalidResourceId.NotFound")
}

func TestSnapshotGroup_keptInTheStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	clk := &fakeClock{t: time.Date(2024, 5, 22, 10, 0, 0, 0, time.UTC)}
	b, err := New(Options{Now: clk.Now, StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	id := mustGroup(t, b, CreateSnapshotGroupInput{InstanceID: instWeb, Name: "kept", ClientToken: "tok"})
	again, err := New(Options{Now: clk.Now, StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if g := describeGroup(t, again, id); g.Name != "kept" || len(g.Snapshots.Snapshot) != 2 {
		t.Fatalf("reloaded group %+v", g)
	}
	if retry := mustGroup(t, again, CreateSnapshotGroupInput{InstanceID: instWeb, Name: "kept", ClientToken: "tok"}); retry != id {
		t.Fatalf("token after reload made %s, want %s", retry, id)
	}
}
