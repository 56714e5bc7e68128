package backend

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"
)

// Resources of the default fixture's second region.
const (
	regionSH     = "cn-shanghai"
	diskSHSystem = "d-uf6b2n8c4x7v1z5m3k9q"
	diskSHData   = "d-uf6h7j2k9l4m1n8p3q6r"
	instSH       = "i-uf6f5mgk2xq8w9z3r7ha"
	kmsKeySH     = "5c1f7e2a-9b3d-4e8f-a6c4-2d7b9e1f3a58"
)

// Resources of the default fixture's third region.
const (
	regionSG     = "ap-southeast-1"
	diskSGSystem = "d-t4n6c1v8b3n7m2x9z4qa"
	diskSGData   = "d-t4n9p2o7i4u1y6t3r8ew"
	instSG       = "i-t4n3k8w2q9z5x7m1r6hb"
	kmsKeySG     = "8e2d4c6a-1f3b-4a5d-9c7e-b0a2f4d6e8c1"
)

func TestDefaultFixture_secondRegion(t *testing.T) {
	f := DefaultFixture()
	if got := f.RegionIDs(); !slices.Equal(got, []string{region, regionSH, regionSG}) {
		t.Fatalf("regions %v", got)
	}
	idShape := regexp.MustCompile(`^(i|d)-uf6[a-z0-9]{17}$`)
	sh := f.Regions[0]
	running := false
	for _, in := range sh.Instances {
		running = running || in.Status == "Running"
		if !idShape.MatchString(in.InstanceID) {
			t.Errorf("instance ID %q", in.InstanceID)
		}
	}
	for _, d := range sh.Disks {
		if !idShape.MatchString(d.DiskID) {
			t.Errorf("disk ID %q", d.DiskID)
		}
	}
	if !running {
		t.Error("cn-shanghai has no Running instance")
	}
	if got := f.SnapshottableDisksIn(regionSH); !slices.Equal(got, []string{diskSHData, diskSHSystem}) {
		t.Fatalf("SnapshottableDisksIn(cn-shanghai) = %v", got)
	}
	if got, first := f.SnapshottableDisks(), f.SnapshottableDisksIn(region); !slices.Equal(got, first) || slices.Contains(got, diskSHData) {
		t.Fatalf("SnapshottableDisks() = %v, want the default region's %v", got, first)
	}
	if got := f.SnapshottableDisksIn("mars-1"); got != nil {
		t.Fatalf("unknown region: %v", got)
	}
}

// TestDefaultFixture_thirdRegion: ap-southeast-1 has a running instance whose disks accept snapshots, IDs in the
// region's t4n shape, and a KMS key of its own, so that it can be a CopySnapshot source and destination.
func TestDefaultFixture_thirdRegion(t *testing.T) {
	f := DefaultFixture()
	sg := f.Regions[1]
	if sg.RegionID != regionSG || len(sg.Instances) != 1 || sg.Instances[0].InstanceID != instSG || sg.Instances[0].Status != "Running" {
		t.Fatalf("third region %+v", sg)
	}
	idShape := regexp.MustCompile(`^(i|d)-t4n[a-z0-9]{17}$`)
	for _, id := range []string{sg.Instances[0].InstanceID, sg.Disks[0].DiskID, sg.Disks[1].DiskID} {
		if !idShape.MatchString(id) {
			t.Errorf("ID %q", id)
		}
	}
	if got := f.SnapshottableDisksIn(regionSG); !slices.Equal(got, []string{diskSGData, diskSGSystem}) {
		t.Fatalf("SnapshottableDisksIn(ap-southeast-1) = %v", got)
	}
	if !slices.Equal(sg.KMSKeys, []string{kmsKeySG}) || !slices.Equal(f.Regions[0].KMSKeys, []string{kmsKeySH}) {
		t.Fatalf("KMS keys: %v, %v", sg.KMSKeys, f.Regions[0].KMSKeys)
	}
	b, _ := newTestBackend(t, 0)
	if s := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: diskSGData})); s.RegionId != regionSG ||
		!regexp.MustCompile(`^s-t4n[a-z0-9]{17}$`).MatchString(s.SnapshotId) || s.ResourceGroupId != rgDefault {
		t.Fatalf("snapshot in the third region: %+v", s)
	}
}

func TestBackend_regionOfACall(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	if got := b.Regions(); !slices.Equal(got, []string{region, regionSH, regionSG}) || b.Region() != region {
		t.Fatalf("Regions() %v, Region() %s", got, b.Region())
	}
	// No RegionId: the region of the disk the call names.
	sh := mustCreate(t, b, CreateSnapshotInput{DiskID: diskSHData})
	hz := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	if s := mustSnapshot(t, b, sh); s.RegionId != regionSH || s.SnapshotId[:5] != "s-uf6" {
		t.Fatalf("snapshot of a cn-shanghai disk: region %s, ID %s", s.RegionId, s.SnapshotId)
	}
	if s := mustSnapshot(t, b, hz); s.RegionId != region {
		t.Fatalf("snapshot of a cn-hangzhou disk in %s", s.RegionId)
	}
	// A RegionId that is not the disk's: the disk is not there.
	_, err := b.CreateSnapshot(CreateSnapshotInput{RegionID: region, DiskID: diskSHSystem})
	wantAPIError(t, err, 404, "InvalidDiskId.NotFound")
	mustCreate(t, b, CreateSnapshotInput{RegionID: regionSH, DiskID: diskSHSystem})
	_, err = b.CreateSnapshot(CreateSnapshotInput{RegionID: "mars-1", DiskID: diskSHSystem})
	wantAPIError(t, err, 404, "InvalidRegionId.NotFound")

	// Describe calls list one region each.
	for reg, want := range map[string]int{region: 1, regionSH: 2} {
		out, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: reg})
		if err != nil || out.TotalCount != want {
			t.Fatalf("DescribeSnapshots(%s): %v %v", reg, out, err)
		}
		for _, s := range out.Snapshots.Snapshot {
			if s.RegionId != reg {
				t.Fatalf("%s lists %s of %s", reg, s.SnapshotId, s.RegionId)
			}
		}
	}
	disks, err := b.DescribeDisks(DescribeDisksInput{RegionID: regionSH})
	if err != nil || disks.TotalCount != 2 || disks.Disks.Disk[0].RegionId != regionSH {
		t.Fatalf("DescribeDisks(cn-shanghai): %+v %v", disks, err)
	}
	insts, err := b.DescribeInstances(DescribeInstancesInput{RegionID: regionSH})
	if err != nil || insts.TotalCount != 1 || insts.Instances.Instance[0].InstanceId != instSH {
		t.Fatalf("DescribeInstances(cn-shanghai): %+v %v", insts, err)
	}
	_, err = b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: "mars-1"})
	wantAPIError(t, err, 404, "InvalidRegionId.NotFound")

	// Snapshot calls without RegionId find the snapshot's region; with another region's ID they do not.
	wantAPIError(t, b.ModifySnapshotAttribute(ModifySnapshotAttributeInput{RegionID: region, SnapshotID: sh, SnapshotName: "moved"}),
		404, "InvalidSnapshotId.NotFound")
	if err := b.ModifySnapshotAttribute(ModifySnapshotAttributeInput{SnapshotID: sh, SnapshotName: "renamed"}); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, b.TagResources(TagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{sh},
		Tags: []Tag{{Key: "k", Value: "v"}}}), 404, "InvalidResourceId.NotFound")
	if err := b.TagResources(TagResourcesInput{RegionID: regionSH, ResourceType: "snapshot", ResourceIDs: []string{sh},
		Tags: []Tag{{Key: "k", Value: "v"}}}); err != nil {
		t.Fatal(err)
	}
	if err := b.JoinResourceGroup(JoinResourceGroupInput{ResourceType: "snapshot", ResourceID: sh, ResourceGroupID: rgOther}); err != nil {
		t.Fatal(err)
	}
	// DeleteSnapshot in another region ignores the unknown ID, as ECS does; the snapshot stays.
	if err := b.DeleteSnapshot(DeleteSnapshotInput{RegionID: region, SnapshotID: sh}); err != nil {
		t.Fatal(err)
	}
	if s := mustSnapshot(t, b, sh); s.SnapshotName != "renamed" || len(s.Tags.Tag) != 1 || s.ResourceGroupId != rgOther {
		t.Fatalf("%+v", s)
	}
	if err := b.DeleteSnapshot(DeleteSnapshotInput{SnapshotID: sh}); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Snapshot(sh); ok {
		t.Fatal("deleted without RegionId, still there")
	}
	if n := len(b.SnapshotsIn(regionSH)); n != 1 {
		t.Fatalf("%d snapshots left in cn-shanghai", n)
	}
}

func TestBackend_clientTokensPerRegion(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	hz := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, ClientToken: "tok"})
	sh := mustCreate(t, b, CreateSnapshotInput{DiskID: diskSHData, ClientToken: "tok"})
	if hz == sh {
		t.Fatal("a client token of cn-hangzhou answered in cn-shanghai")
	}
	if again := mustCreate(t, b, CreateSnapshotInput{DiskID: diskSHData, ClientToken: "tok"}); again != sh {
		t.Fatalf("retry in cn-shanghai answered %s, want %s", again, sh)
	}
}

func TestBackend_snapshotsAcrossRegions(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	first := mustCreate(t, b, CreateSnapshotInput{DiskID: diskSHData})
	second := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData}) // same instant: creation order decides
	clk.Advance(time.Second)
	third := mustCreate(t, b, CreateSnapshotInput{DiskID: diskSHSystem})
	all := b.Snapshots()
	var ids, regions []string
	for _, s := range all {
		ids, regions = append(ids, s.SnapshotId), append(regions, s.RegionId)
	}
	if !slices.Equal(ids, []string{first, second, third}) || !slices.Equal(regions, []string{regionSH, region, regionSH}) {
		t.Fatalf("Snapshots(): %v in %v", ids, regions)
	}
	if err := b.SetSnapshotUsage(first, "disk"); err != nil {
		t.Fatal(err)
	}
	if err := b.FailNextSnapshots(diskSHData, 1); err != nil {
		t.Fatal(err)
	}
}

func TestBackend_describeRegions(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	// Without AcceptLanguage, the default zh-CN.
	out, err := b.DescribeRegions(DescribeRegionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if names := []string{out.Regions.Region[0].LocalName, out.Regions.Region[2].LocalName}; !slices.Equal(names, []string{"华东1（杭州）", "新加坡"}) {
		t.Fatalf("LocalName without AcceptLanguage: %q, want the zh-CN names", names)
	}
	if out, err = b.DescribeRegions(DescribeRegionsInput{AcceptLanguage: "en-US"}); err != nil {
		t.Fatal(err)
	}
	want := []RegionItem{
		{RegionId: region, LocalName: "China (Hangzhou)", RegionEndpoint: "ecs.cn-hangzhou.aliyuncs.com", Status: "available"},
		{RegionId: regionSH, LocalName: "China (Shanghai)", RegionEndpoint: "ecs.cn-shanghai.aliyuncs.com", Status: "available"},
		{RegionId: regionSG, LocalName: "Singapore", RegionEndpoint: "ecs.ap-southeast-1.aliyuncs.com", Status: "available"},
	}
	if !slices.Equal(out.Regions.Region, want) {
		t.Fatalf("%+v", out.Regions.Region)
	}
	_, err = b.DescribeRegions(DescribeRegionsInput{ResourceType: "bucket"})
	wantAPIError(t, err, 404, "InvalidResourceType.NotFound")
	_, err = b.DescribeRegions(DescribeRegionsInput{AcceptLanguage: "tlh"})
	wantAPIError(t, err, 404, "InvalidAcceptLanguage.NotFound")
	_, err = b.DescribeRegions(DescribeRegionsInput{InstanceChargeType: "Free"})
	wantAPIError(t, err, 400, "InvalidParameter")
}

func TestSeed_regionsForm(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	err := b.Seed(Fixture{Regions: []RegionFixture{
		{RegionID: regionSH, Disks: []Disk{{DiskID: "d-uf6seeded00000000000", InstanceID: instSH, Type: "data", Category: "cloud_essd",
			SizeGiB: 10, EverAttached: true, EverUsed: true}}},
		{RegionID: "cn-beijing", ResourceGroups: []string{"rg-bj"},
			Instances: []Instance{{InstanceID: "i-2zeseeded00000000000", Status: "Running", EverStarted: true}},
			Disks: []Disk{{DiskID: "d-2zeseeded00000000000", InstanceID: "i-2zeseeded00000000000", Type: "system", Category: "cloud_essd",
				SizeGiB: 20, EverAttached: true, EverUsed: true}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Regions(); !slices.Equal(got, []string{region, regionSH, regionSG, "cn-beijing"}) {
		t.Fatalf("regions %v", got)
	}
	if s := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: "d-uf6seeded00000000000"})); s.RegionId != regionSH {
		t.Fatalf("seeded cn-shanghai disk snapshotted in %s", s.RegionId)
	}
	if s := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{RegionID: "cn-beijing", DiskID: "d-2zeseeded00000000000"})); s.ResourceGroupId != "rg-bj" {
		t.Fatalf("new region's default group: %s", s.ResourceGroupId)
	}
	// IDs are unique across regions; a new region needs resource groups; nothing changes on an error.
	wantAPIError(t, b.Seed(Fixture{RegionID: regionSH, Disks: []Disk{{DiskID: diskWebData, Type: "data", Category: "c", SizeGiB: 1}}}),
		400, "InvalidParameter")
	wantAPIError(t, b.Seed(Fixture{Regions: []RegionFixture{{RegionID: "cn-qingdao"}}}), 400, "InvalidParameter")
	if got := b.Regions(); len(got) != 4 {
		t.Fatalf("regions after refused seeds: %v", got)
	}
	b.Reset()
	if got := b.Regions(); !slices.Equal(got, []string{region, regionSH, regionSG}) {
		t.Fatalf("regions after reset: %v", got)
	}
}

func TestFixture_regionsValidation(t *testing.T) {
	dup := DefaultFixture()
	dup.Regions[0].Disks = append(dup.Regions[0].Disks, Disk{DiskID: diskWebData, Type: "data", Category: "cloud_essd", SizeGiB: 1})
	if _, err := New(Options{Fixture: dup}); err == nil {
		t.Fatal("a disk ID in two regions was accepted")
	}
	twice := DefaultFixture()
	twice.Regions = append(twice.Regions, RegionFixture{RegionID: region, ResourceGroups: []string{"rg-x"}})
	if _, err := New(Options{Fixture: twice}); err == nil {
		t.Fatal("a region listed twice was accepted")
	}
	noGroups := &Fixture{Regions: []RegionFixture{{RegionID: regionSH}}}
	if _, err := New(Options{Fixture: noGroups}); err == nil {
		t.Fatal("a region without resource groups was accepted")
	}
	// Only regions: the first listed is the default.
	only := &Fixture{Regions: []RegionFixture{{RegionID: regionSH, ResourceGroups: []string{"rg-1"}}, {RegionID: region, ResourceGroups: []string{"rg-1"}}}}
	b, err := New(Options{Fixture: only})
	if err != nil || b.Region() != regionSH {
		t.Fatalf("regions-only fixture: %v, default %s", err, b.Region())
	}
}

func TestFixture_withDefaultRegion(t *testing.T) {
	f := DefaultFixture().WithDefaultRegion(regionSH)
	if got := f.RegionIDs(); !slices.Equal(got, []string{regionSH, region, regionSG}) || f.Instances[0].InstanceID != instSH {
		t.Fatalf("cn-shanghai first: %v", got)
	}
	if err := f.validate(); err != nil {
		t.Fatal(err)
	}
	g := DefaultFixture().WithDefaultRegion("cn-beijing")
	if got := g.RegionIDs(); !slices.Equal(got, []string{"cn-beijing", regionSH, regionSG}) || g.Instances[0].InstanceID != instWeb {
		t.Fatalf("renamed default: %v", got)
	}
}

func TestStateFile_legacySingleRegion(t *testing.T) {
	// A state file as written before regions: one region's fields at the top level.
	legacy := map[string]any{
		"region": "cn-beijing", "resource_groups": []string{"rg-old"}, "seq": 7,
		"instances": []Instance{{InstanceID: "i-old", Status: "Running", EverStarted: true}},
		"disks": []Disk{{DiskID: "d-old", InstanceID: "i-old", Type: "data", Category: "cloud_essd", SizeGiB: 5,
			EverAttached: true, EverUsed: true}},
		"snapshots": []map[string]any{{"id": "s-old", "seq": 7, "disk_id": "d-old", "disk_type": "data", "disk_size": 5,
			"created": "2024-05-22T09:00:00Z", "category": "standard", "resource_group_id": "rg-old", "usage": "none"}},
		"tokens": map[string]any{"tok": map[string]string{"fingerprint": "x", "snapshot_id": "s-old"}},
	}
	data, err := json.Marshal(legacy)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Regions(); !slices.Equal(got, []string{"cn-beijing"}) {
		t.Fatalf("regions %v", got)
	}
	if s := mustSnapshot(t, b, "s-old"); s.RegionId != "cn-beijing" || s.SourceDiskId != "d-old" {
		t.Fatalf("%+v", s)
	}
	if s := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: "d-old"})); s.SnapshotSN[len(s.SnapshotSN)-1] != '8' {
		t.Fatalf("sequence not continued: %s", s.SnapshotSN)
	}
	// Saved again, it is the new form, and loads as such.
	b2, err := New(Options{StateFile: path})
	if err != nil || len(b2.Snapshots()) != 2 {
		t.Fatalf("reload: %v", err)
	}
	raw, _ := os.ReadFile(path)
	var saved struct {
		Products struct {
			ECS struct {
				Regions []json.RawMessage `json:"regions"`
			} `json:"ecs"`
		} `json:"products"`
	}
	if err := json.Unmarshal(raw, &saved); err != nil || len(saved.Products.ECS.Regions) != 1 {
		t.Fatalf("saved form: %v %s", err, raw)
	}
}
