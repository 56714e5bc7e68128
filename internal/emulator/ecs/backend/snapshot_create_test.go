package backend

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestCreateSnapshot_validation(t *testing.T) {
	tags := func(n int) []Tag {
		var out []Tag
		for i := range n {
			out = append(out, Tag{Key: "k" + strconv.Itoa(i), Value: "v"})
		}
		return out
	}
	cases := []struct {
		name   string
		in     CreateSnapshotInput
		status int
		code   string
	}{
		{"missing disk", CreateSnapshotInput{}, 400, "MissingParameter"},
		{"unknown disk", CreateSnapshotInput{DiskID: "d-bp1nosuchdisk0000000"}, 404, "InvalidDiskId.NotFound"},
		{"unknown region", CreateSnapshotInput{RegionID: "cn-beijing", DiskID: diskWebData}, 404, "InvalidRegionId.NotFound"},
		{"name too short", CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "a"}, 400, "InvalidSnapshotName.Malformed"},
		{"name too long", CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "a" + strings.Repeat("b", 128)}, 400, "InvalidSnapshotName.Malformed"},
		{"name starts with digit", CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "1abc"}, 400, "InvalidSnapshotName.Malformed"},
		{"name starts with auto", CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "autoBackup"}, 400, "InvalidSnapshotName.Malformed"},
		{"name with http", CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "http://x"}, 400, "InvalidSnapshotName.Malformed"},
		{"name with dot", CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "v1.2"}, 400, "InvalidSnapshotName.Malformed"},
		{"name with space", CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "my snap"}, 400, "InvalidSnapshotName.Malformed"},
		{"description too short", CreateSnapshotInput{DiskID: diskWebData, Description: "x"}, 404, "InvalidDescription.Malformed"},
		{"description too long", CreateSnapshotInput{DiskID: diskWebData, Description: strings.Repeat("x", 257)}, 404, "InvalidDescription.Malformed"},
		{"description https", CreateSnapshotInput{DiskID: diskWebData, Description: "https://example.com"}, 404, "InvalidDescription.Malformed"},
		{"retention zero", CreateSnapshotInput{DiskID: diskWebData, RetentionDays: "0"}, 400, "InvalidRetentionDays.Malformed"},
		{"retention too big", CreateSnapshotInput{DiskID: diskWebData, RetentionDays: "65537"}, 400, "InvalidRetentionDays.Malformed"},
		{"retention not a number", CreateSnapshotInput{DiskID: diskWebData, RetentionDays: "abc"}, 400, "InvalidRetentionDays.Malformed"},
		{"ia retention too big", CreateSnapshotInput{DiskID: diskWebData, InstantAccess: "true", InstantAccessRetentionDays: "65536"}, 400, "InvalidRetentionDays.Malformed"},
		{"category unknown", CreateSnapshotInput{DiskID: diskWebData, Category: "archive"}, 403, "InvalidSnapshotCategory.Malformed"},
		{"category lower case", CreateSnapshotInput{DiskID: diskWebData, Category: "standard"}, 403, "InvalidSnapshotCategory.Malformed"},
		{"category with instant access", CreateSnapshotInput{DiskID: diskWebData, Category: "Standard", InstantAccess: "true"}, 403, "InvalidSnapshotCategory.Malformed"},
		{"instant access not bool", CreateSnapshotInput{DiskID: diskWebData, InstantAccess: "yes"}, 400, "InvalidParameter"},
		{"instant access on efficiency disk", CreateSnapshotInput{DiskID: diskScratch, InstantAccess: "true"}, 400, "DiskCategory.OperationNotSupported"},
		{"flash on efficiency disk", CreateSnapshotInput{DiskID: diskScratch, Category: "Flash"}, 400, "DiskCategory.OperationNotSupported"},
		{"21 tags", CreateSnapshotInput{DiskID: diskWebData, Tags: tags(21)}, 403, "QuotaExceed.Tags"},
		{"empty tag key", CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "", Value: "v"}}}, 400, "InvalidTagKey.Malformed"},
		{"tag key aliyun", CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "aliyunx", Value: "v"}}}, 400, "InvalidTagKey.Malformed"},
		{"tag key acs:", CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "acs:x", Value: "v"}}}, 400, "InvalidTagKey.Malformed"},
		{"tag key url", CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "see http://x", Value: "v"}}}, 400, "InvalidTagKey.Malformed"},
		{"tag key too long", CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: strings.Repeat("k", 129)}}}, 400, "InvalidTagKey.Malformed"},
		{"tag value acs:", CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "k", Value: "acs:v"}}}, 400, "InvalidTagValue.Malformed"},
		{"tag value url", CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "k", Value: "x https://y"}}}, 400, "InvalidTagValue.Malformed"},
		{"tag value too long", CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "k", Value: strings.Repeat("v", 129)}}}, 400, "InvalidTagValue.Malformed"},
		{"duplicate tag key", CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "k", Value: "1"}, {Key: "k", Value: "2"}}}, 400, "Duplicate.TagKey"},
		{"client token too long", CreateSnapshotInput{DiskID: diskWebData, ClientToken: strings.Repeat("t", 65)}, 400, "InvalidParameter"},
		{"client token not ascii", CreateSnapshotInput{DiskID: diskWebData, ClientToken: "tökén"}, 400, "InvalidParameter"},
		{"unknown resource group", CreateSnapshotInput{DiskID: diskWebData, ResourceGroupID: "rg-nosuch"}, 404, "InvalidResourceGroup.NotFound"},
		{"never attached disk", CreateSnapshotInput{DiskID: diskSpare}, 403, "IncorrectDiskStatus.NeverAttached"},
		{"instance never started", CreateSnapshotInput{DiskID: diskFresh}, 400, "IncorrectInstanceStatus"},
		{"instance starting", CreateSnapshotInput{DiskID: diskBooting}, 400, "IncorrectInstanceStatus"},
		{"instance locked", CreateSnapshotInput{DiskID: diskLocked}, 403, "InstanceLockedForSecurity"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := newTestBackend(t, 0)
			_, err := b.CreateSnapshot(tc.in)
			wantAPIError(t, err, tc.status, tc.code)
			if n := len(b.Snapshots()); n != 0 {
				t.Fatalf("a refused create left %d snapshots", n)
			}
		})
	}
}

func TestCreateSnapshot_missingDiskMessage(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	_, err := b.CreateSnapshot(CreateSnapshotInput{})
	want := `The input parameter "DiskId" that is mandatory for processing this request is not supplied.`
	if msg := apiMessage(t, err); msg != want {
		t.Fatalf("message %q, want %q", msg, want)
	}
}

func TestCreateSnapshot_acceptsEdgeValues(t *testing.T) {
	cases := []CreateSnapshotInput{
		{DiskID: diskWebData, SnapshotName: "ab"},
		{DiskID: diskWebData, SnapshotName: "a" + strings.Repeat("b", 127)},
		{DiskID: diskWebData, SnapshotName: "db:backup_2024-05-22"},
		{DiskID: diskWebData, SnapshotName: "快照备份"},
		{DiskID: diskWebData, SnapshotName: "Autumn"}, // only lower-case "auto" is reserved
		{DiskID: diskWebData, Description: "ok"},
		{DiskID: diskWebData, Description: strings.Repeat("x", 256)},
		{DiskID: diskWebData, RetentionDays: "1"},
		{DiskID: diskWebData, RetentionDays: "65536"},
		{DiskID: diskWebData, Category: "Standard"},
		{DiskID: diskWebData, Category: "Flash"},
		{DiskID: diskWebData, InstantAccess: "false", Category: "Standard"},
		{DiskID: diskWebData, InstantAccess: "true", InstantAccessRetentionDays: "65535"},
		{DiskID: diskWebData, Tags: []Tag{{Key: strings.Repeat("k", 128), Value: ""}}},
		{DiskID: diskWebData, ClientToken: strings.Repeat("t", 64)},
		{DiskID: diskWebData, ResourceGroupID: rgOther},
		{DiskID: diskBatchSys},  // Stopped instance
		{DiskID: diskDetached},  // detached but used before
		{DiskID: diskEncrypted}, // encrypted
	}
	for i, in := range cases {
		b, _ := newTestBackend(t, 0)
		if _, err := b.CreateSnapshot(in); err != nil {
			t.Errorf("case %d %+v: %v", i, in, err)
		}
	}
}

func TestCreateSnapshot_fields(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	id := mustCreate(t, b, CreateSnapshotInput{RegionID: region, DiskID: diskEncrypted, SnapshotName: "nightly", Description: "before upgrade",
		RetentionDays: "30", Tags: []Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: ""}}})
	if !regexp.MustCompile(`^s-bp1[a-z0-9]{17}$`).MatchString(id) {
		t.Fatalf("snapshot ID %q is not ECS-shaped", id)
	}
	s := mustSnapshot(t, b, id)
	created := clk.Now().Format(wireTime)
	want := Snapshot{
		Status: "accomplished", CreationTime: created, Progress: "100%", Available: true, RemainTime: 0,
		SourceDiskSize: "2000", RetentionDays: 30, SourceDiskType: "data", SourceStorageType: "disk", Usage: "none",
		LastModifiedTime: created, Encrypted: true, SnapshotType: "user", SourceDiskId: diskEncrypted, SnapshotName: "nightly",
		Description: "before upgrade", SnapshotId: id, RegionId: region, ResourceGroupId: rgDefault, Category: "standard",
		KMSKeyId: kmsKey, SnapshotSN: s.SnapshotSN, SnapshotLinkId: s.SnapshotLinkId,
		Tags: SnapshotTags{Tag: []SnapshotTag{{TagKey: "env", TagValue: "prod"}, {TagKey: "team", TagValue: ""}}},
	}
	gotJSON, _ := json.Marshal(s)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Fatalf("got  %s\nwant %s", gotJSON, wantJSON)
	}
	if !regexp.MustCompile(`^64472-\d+-\d+$`).MatchString(s.SnapshotSN) {
		t.Fatalf("SnapshotSN %q", s.SnapshotSN)
	}
	if !regexp.MustCompile(`^sl-bp1[a-z0-9]{17}$`).MatchString(s.SnapshotLinkId) {
		t.Fatalf("SnapshotLinkId %q", s.SnapshotLinkId)
	}
	// Every one of the 29 documented response fields is present, even when empty.
	var fields map[string]any
	if err := json.Unmarshal(gotJSON, &fields); err != nil {
		t.Fatal(err)
	}
	if len(fields) != 29 {
		t.Fatalf("%d response fields, want 29: %v", len(fields), fields)
	}
}

func TestCreateSnapshot_systemDiskAndCategories(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	sys := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: diskBatchSys}))
	if sys.SourceDiskType != "system" || sys.SourceDiskSize != "20" || sys.Encrypted || sys.KMSKeyId != "" {
		t.Fatalf("system disk snapshot: %+v", sys)
	}
	flash := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, Category: "Flash"}))
	if flash.Category != "flash" {
		t.Fatalf("Category %q, want flash", flash.Category)
	}
	ia := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebSys, InstantAccess: "true", RetentionDays: "7"}))
	if !ia.InstantAccess || ia.InstantAccessRetentionDays != 7 {
		t.Fatalf("instant access defaults to RetentionDays: %+v", ia)
	}
	ia2 := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: diskDetached, InstantAccessRetentionDays: "3"}))
	if ia2.InstantAccess || ia2.InstantAccessRetentionDays != 0 {
		t.Fatalf("InstantAccessRetentionDays without InstantAccess must have no effect: %+v", ia2)
	}
}

func TestCreateSnapshot_progressesWithClock(t *testing.T) {
	b, clk := newTestBackend(t, 10*time.Second)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	steps := []struct {
		advance  time.Duration
		status   string
		progress string
		remain   int
		avail    bool
	}{
		{0, "progressing", "0%", 10, false},
		{2500 * time.Millisecond, "progressing", "25%", 8, false},
		{5 * time.Second, "progressing", "75%", 3, false},
		{2499 * time.Millisecond, "progressing", "99%", 1, false},
		{time.Millisecond, "accomplished", "100%", 0, true},
		{time.Hour, "accomplished", "100%", 0, true},
	}
	for i, st := range steps {
		clk.Advance(st.advance)
		s := mustSnapshot(t, b, id)
		if s.Status != st.status || s.Progress != st.progress || s.RemainTime != st.remain || s.Available != st.avail {
			t.Fatalf("step %d: got %s %s remain %d available %v", i, s.Status, s.Progress, s.RemainTime, s.Available)
		}
	}
	s := mustSnapshot(t, b, id)
	if want := s.CreationTime; s.LastModifiedTime == want {
		t.Fatalf("LastModifiedTime should move to completion, still %s", s.LastModifiedTime)
	}
}

func TestCreateSnapshot_instantAccessAvailableWhileProgressing(t *testing.T) {
	b, _ := newTestBackend(t, time.Minute)
	s := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, InstantAccess: "true"}))
	if s.Status != "progressing" || !s.Available {
		t.Fatalf("instant access snapshot: %s available=%v", s.Status, s.Available)
	}
}

func TestCreateSnapshot_oneProgressingPerDisk(t *testing.T) {
	b, clk := newTestBackend(t, 10*time.Second)
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	_, err := b.CreateSnapshot(CreateSnapshotInput{DiskID: diskWebData})
	wantAPIError(t, err, 403, "IncorrectDiskStatus.CreatingSnapshot")
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebSys}) // another disk is free
	clk.Advance(10 * time.Second)
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
}

func TestCreateSnapshot_quotaPerDisk(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	for range maxManualSnapshotsPerDisk {
		mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	}
	_, err := b.CreateSnapshot(CreateSnapshotInput{DiskID: diskWebData})
	wantAPIError(t, err, 403, "QuotaExceed.Snapshot")
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebSys})
}

func TestCreateSnapshot_neverUsedDetachedDisk(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	if err := b.Seed(Fixture{Disks: []Disk{{DiskID: "d-bp1unused00000000000", Type: "data", Category: "cloud_essd", SizeGiB: 20, EverAttached: true}}}); err != nil {
		t.Fatal(err)
	}
	_, err := b.CreateSnapshot(CreateSnapshotInput{DiskID: "d-bp1unused00000000000"})
	wantAPIError(t, err, 403, "IncorrectDiskStatus.NeverUsed")
}

func TestCreateSnapshot_failNext(t *testing.T) {
	b, clk := newTestBackend(t, 10*time.Second)
	if err := b.FailNextSnapshots(diskWebData, 1); err != nil {
		t.Fatal(err)
	}
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	clk.Advance(4 * time.Second)
	if s := mustSnapshot(t, b, id); s.Status != "progressing" || s.Progress != "40%" {
		t.Fatalf("before failing: %s %s", s.Status, s.Progress)
	}
	clk.Advance(time.Second)
	s := mustSnapshot(t, b, id)
	if s.Status != "failed" || s.Progress != "50%" || s.RemainTime != 0 || s.Available {
		t.Fatalf("failed snapshot: %+v", s)
	}
	clk.Advance(time.Hour)
	if s := mustSnapshot(t, b, id); s.Status != "failed" || s.Progress != "50%" {
		t.Fatalf("a failed snapshot must stop progressing: %s %s", s.Status, s.Progress)
	}
	// The failure is spent: the next snapshot succeeds, and a failed one does not block the disk.
	next := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	clk.Advance(10 * time.Second)
	if s := mustSnapshot(t, b, next); s.Status != "accomplished" {
		t.Fatalf("next snapshot %s", s.Status)
	}
	wantAPIError(t, b.FailNextSnapshots("d-nosuch", 1), 404, "InvalidDiskId.NotFound")
}

func TestCreateSnapshot_clientToken(t *testing.T) {
	b, clk := newTestBackend(t, 10*time.Second)
	in := CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "tok", ClientToken: "123e4567-e89b-12d3-a456-426655440000"}
	first := mustCreate(t, b, in)
	// A retry while the first is still progressing answers the same ID rather than CreatingSnapshot.
	if again := mustCreate(t, b, in); again != first {
		t.Fatalf("retry answered %s, want %s", again, first)
	}
	clk.Advance(time.Minute)
	if again := mustCreate(t, b, in); again != first {
		t.Fatalf("retry after completion answered %s, want %s", again, first)
	}
	if n := len(b.Snapshots()); n != 1 {
		t.Fatalf("%d snapshots, want 1", n)
	}
	other := in
	other.SnapshotName = "different"
	_, err := b.CreateSnapshot(other)
	wantAPIError(t, err, 403, "IdempotentParameterMismatch")
	tagged := in
	tagged.Tags = []Tag{{Key: "a", Value: "b"}}
	_, err = b.CreateSnapshot(tagged)
	wantAPIError(t, err, 403, "IdempotentParameterMismatch")
	// Without a token, or with another one, a new snapshot is made.
	fresh := in
	fresh.ClientToken = "another"
	if id := mustCreate(t, b, fresh); id == first {
		t.Fatal("another token must make another snapshot")
	}
}

func TestCreateSnapshot_retentionReleases(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	keep := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebSys})
	short := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, RetentionDays: "1"})
	clk.Advance(24*time.Hour - time.Second)
	mustSnapshot(t, b, short)
	clk.Advance(time.Second)
	if _, ok := b.Snapshot(short); ok {
		t.Fatal("snapshot outlived its retention")
	}
	mustSnapshot(t, b, keep)
	out, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region})
	if err != nil {
		t.Fatal(err)
	}
	if out.TotalCount != 1 {
		t.Fatalf("TotalCount %d after release, want 1", out.TotalCount)
	}
}

func TestCreateSnapshot_resourceGroup(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	s := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, ResourceGroupID: rgOther}))
	if s.ResourceGroupId != rgOther {
		t.Fatalf("ResourceGroupId %q", s.ResourceGroupId)
	}
}
