package backend

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// newPolicy creates a policy in the default region; settings edits the input first.
func newPolicy(t *testing.T, b *Backend, timePoints, weekdays, retention string, edit ...func(*CreateAutoSnapshotPolicyInput)) string {
	t.Helper()
	in := CreateAutoSnapshotPolicyInput{RegionID: region}
	in.TimePoints, in.RepeatWeekdays, in.RetentionDays = timePoints, weekdays, retention
	for _, e := range edit {
		e(&in)
	}
	out, err := b.CreateAutoSnapshotPolicy(in)
	if err != nil {
		t.Fatalf("CreateAutoSnapshotPolicy: %v", err)
	}
	return out.AutoSnapshotPolicyId
}

func mustApply(t *testing.T, b *Backend, policyID string, disks ...string) {
	t.Helper()
	if err := b.ApplyAutoSnapshotPolicy(ApplyAutoSnapshotPolicyInput{RegionID: region, AutoSnapshotPolicyID: policyID,
		DiskIDs: jsonList(disks)}); err != nil {
		t.Fatalf("ApplyAutoSnapshotPolicy: %v", err)
	}
}

func jsonList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	return "[" + strings.Join(q, ",") + "]"
}

func mustAdvance(t *testing.T, b *Backend, d time.Duration) {
	t.Helper()
	if _, err := b.AdvanceClock(d); err != nil {
		t.Fatal(err)
	}
}

// autoSnapshots are the region's automatic snapshots, oldest first.
func autoSnapshots(b *Backend) []Snapshot {
	var out []Snapshot
	for _, s := range b.SnapshotsIn(region) {
		if s.SnapshotType == "auto" {
			out = append(out, s)
		}
	}
	return out
}

func diskPolicyID(t *testing.T, b *Backend, disk string) string {
	t.Helper()
	out, err := b.DescribeDisks(DescribeDisksInput{RegionID: region, DiskIDs: jsonList([]string{disk})})
	if err != nil || len(out.Disks.Disk) != 1 {
		t.Fatalf("DescribeDisks %s: %v %+v", disk, err, out)
	}
	d := out.Disks.Disk[0]
	if d.EnableAutomatedSnapshotPolicy != (d.AutoSnapshotPolicyId != "") {
		t.Fatalf("disk %s: EnableAutomatedSnapshotPolicy %v with AutoSnapshotPolicyId %q", disk, d.EnableAutomatedSnapshotPolicy, d.AutoSnapshotPolicyId)
	}
	return d.AutoSnapshotPolicyId
}

// The clock starts on Wednesday 2024-05-22 18:00 UTC+8 (10:00 UTC). A week of a policy with two time points on
// three weekdays (Monday, Wednesday, Sunday) over two disks is 2 x 3 x 2 = 12 snapshots, each at one of its hours
// (UTC+8) on one of its days, named auto_yyyyMMdd_N with N counting the disk's snapshots of that day.
func TestAutoSnapshots_weekCountsTimePointsWeekdaysDisks(t *testing.T) {
	b, _ := newTestBackend(t, time.Minute)
	p := newPolicy(t, b, `["2","14"]`, `["1","3","7"]`, "-1")
	mustApply(t, b, p, diskWebData, diskScratch)
	mustAdvance(t, b, 168*time.Hour)

	snaps := autoSnapshots(b)
	if len(snaps) != 12 {
		t.Fatalf("got %d automatic snapshots, want 2 time points x 3 weekdays x 2 disks = 12: %+v", len(snaps), snaps)
	}
	names := map[string][]string{}
	for _, s := range snaps {
		created, _ := time.Parse(wireTime, s.CreationTime)
		local := created.In(utc8)
		if local.Minute() != 0 || (local.Hour() != 2 && local.Hour() != 14) {
			t.Errorf("%s taken at %s UTC+8, not at a time point", s.SnapshotId, local)
		}
		if wd := local.Weekday(); wd != time.Monday && wd != time.Wednesday && wd != time.Sunday {
			t.Errorf("%s taken on %s", s.SnapshotId, wd)
		}
		if s.Status != "accomplished" || s.RetentionDays != 0 || s.SnapshotType != "auto" {
			t.Errorf("%s: %+v", s.SnapshotId, s)
		}
		names[s.SourceDiskId] = append(names[s.SourceDiskId], s.SnapshotName)
	}
	// Wednesday 22nd: 18:00 has passed, nothing that day; Sunday 26th, Monday 27th, Wednesday 29th (until 18:00).
	want := []string{"auto_20240526_1", "auto_20240526_2", "auto_20240527_1", "auto_20240527_2", "auto_20240529_1", "auto_20240529_2"}
	for _, d := range []string{diskWebData, diskScratch} {
		if !slices.Equal(names[d], want) {
			t.Errorf("disk %s names = %v, want %v", d, names[d], want)
		}
	}
	auto, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region, SnapshotType: "auto", PageSize: "100"})
	if err != nil || auto.TotalCount != 12 {
		t.Fatalf("SnapshotType=auto: %v, %d", err, auto.TotalCount)
	}
	user, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region, SnapshotType: "user"})
	if err != nil || user.TotalCount != 0 {
		t.Fatalf("SnapshotType=user: %v, %d", err, user.TotalCount)
	}
}

// Advancing in small steps gives the same snapshots as one big step: time points are played in order.
func TestAutoSnapshots_stepsEqualOneLeap(t *testing.T) {
	leap, _ := newTestBackend(t, 0)
	steps, clk := newTestBackend(t, 0)
	for _, b := range []*Backend{leap, steps} {
		mustApply(t, b, newPolicy(t, b, `["0","9","23"]`, `["1","2","3","4","5","6","7"]`, "2"), diskWebData)
	}
	mustAdvance(t, leap, 72*time.Hour)
	for range 72 {
		clk.Advance(time.Hour) // the injected clock moving is the same as AdvanceClock
		steps.SnapshotsIn(region)
	}
	a, s := autoSnapshots(leap), autoSnapshots(steps)
	if len(a) != len(s) || len(a) == 0 {
		t.Fatalf("leap %d, steps %d snapshots", len(a), len(s))
	}
	for i := range a {
		if a[i].SnapshotName != s[i].SnapshotName || a[i].CreationTime != s[i].CreationTime {
			t.Fatalf("snapshot %d: leap %s %s, steps %s %s", i, a[i].SnapshotName, a[i].CreationTime, s[i].SnapshotName, s[i].CreationTime)
		}
	}
}

// Automatic snapshots are released when their retention ends; -1 keeps them; a manual snapshot is never touched.
func TestAutoSnapshots_retentionReleases(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	short := newPolicy(t, b, `["12"]`, `["1","2","3","4","5","6","7"]`, "2")
	forever := newPolicy(t, b, `["12"]`, `["1","2","3","4","5","6","7"]`, "-1")
	mustApply(t, b, short, diskWebData)
	mustApply(t, b, forever, diskScratch)
	manual := mustCreate(t, b, CreateSnapshotInput{RegionID: region, DiskID: diskWebData})
	mustAdvance(t, b, 168*time.Hour)
	count := map[string]int{}
	for _, s := range autoSnapshots(b) {
		count[s.SourceDiskId]++
		if s.SourceDiskId == diskWebData && s.RetentionDays != 2 {
			t.Errorf("%s RetentionDays = %d", s.SnapshotId, s.RetentionDays)
		}
	}
	// Seven noons (UTC+8) passed; with 2 days' retention only the two taken in the last 48 hours remain.
	if count[diskWebData] != 2 || count[diskScratch] != 7 {
		t.Fatalf("remaining per disk = %v, want 2 on the 2-day policy and 7 on the -1 one", count)
	}
	if _, ok := b.Snapshot(manual); !ok {
		t.Fatal("the manual snapshot was released")
	}
	// Cancelled, the policy takes no more, and retention still releases what it took.
	if err := b.CancelAutoSnapshotPolicy(CancelAutoSnapshotPolicyInput{RegionID: region, DiskIDs: jsonList([]string{diskWebData})}); err != nil {
		t.Fatal(err)
	}
	mustAdvance(t, b, 72*time.Hour)
	count = map[string]int{}
	for _, s := range autoSnapshots(b) {
		count[s.SourceDiskId]++
	}
	if count[diskWebData] != 0 || count[diskScratch] != 10 {
		t.Fatalf("after cancel and 3 days: %v", count)
	}
}

// A disk keeps at most maxAutoSnapshotsPerDisk automatic snapshots: the next one releases the oldest. Manual
// snapshots do not count towards it.
func TestAutoSnapshots_quotaReleasesOldest(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	all := `["0","1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17","18","19","20","21","22","23"]`
	mustApply(t, b, newPolicy(t, b, all, `["1","2","3","4","5","6","7"]`, "-1"), diskWebData)
	mustAdvance(t, b, 1100*time.Hour)
	snaps := autoSnapshots(b)
	if len(snaps) != maxAutoSnapshotsPerDisk {
		t.Fatalf("%d automatic snapshots, want the quota %d", len(snaps), maxAutoSnapshotsPerDisk)
	}
	// 1,100 hourly time points were taken; the first 100 were released.
	first, _ := time.Parse(wireTime, snaps[0].CreationTime)
	if want := time.Date(2024, 5, 22, 11, 0, 0, 0, time.UTC).Add(100 * time.Hour); !first.Equal(want) {
		t.Fatalf("oldest kept = %s, want %s", first, want)
	}
	// The manual quota is separate: a manual snapshot is still accepted.
	mustCreate(t, b, CreateSnapshotInput{RegionID: region, DiskID: diskWebData})
}

// A time point is skipped while the disk's previous snapshot is still being created.
func TestAutoSnapshots_skipWhileRunning(t *testing.T) {
	b, _ := newTestBackend(t, 90*time.Minute)
	mustApply(t, b, newPolicy(t, b, `["2","3","4"]`, `["1","2","3","4","5","6","7"]`, "-1"), diskWebData)
	mustAdvance(t, b, 24*time.Hour)
	var names []string
	for _, s := range autoSnapshots(b) {
		names = append(names, s.SnapshotName)
		created, _ := time.Parse(wireTime, s.CreationTime)
		if h := created.In(utc8).Hour(); h != 2 && h != 4 {
			t.Errorf("%s taken at %d:00, while 2:00's was still running", s.SnapshotName, h)
		}
	}
	// 2:00 taken (runs to 3:30), 3:00 skipped, 4:00 taken: ordinals count the day's snapshots taken.
	if want := []string{"auto_20240523_1", "auto_20240523_2"}; !slices.Equal(names, want) {
		t.Fatalf("names = %v, want %v", names, want)
	}
}

// Disks that CreateSnapshot refuses (never-started instance, Starting instance, security lock) get no automatic
// snapshots; a Stopped instance's disk and a detached disk used before do.
func TestAutoSnapshots_onlyDisksThatAcceptSnapshots(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	p := newPolicy(t, b, `["12"]`, `["1","2","3","4","5","6","7"]`, "-1")
	mustApply(t, b, p, diskBatchSys, diskDetached, diskFresh, diskBooting, diskLocked, diskSpare)
	mustAdvance(t, b, 24*time.Hour)
	got := map[string]bool{}
	for _, s := range autoSnapshots(b) {
		got[s.SourceDiskId] = true
	}
	if !got[diskBatchSys] || !got[diskDetached] || len(got) != 2 {
		t.Fatalf("snapshotted disks = %v, want only %s and %s", got, diskBatchSys, diskDetached)
	}
}

// One policy per disk: Apply replaces; Cancel with a policy ID only cancels that policy; DescribeDisks shows
// and filters by the policy; DiskNums counts.
func TestAutoSnapshotPolicy_onePolicyPerDisk(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	p1 := newPolicy(t, b, `["1"]`, `["1"]`, "-1")
	p2 := newPolicy(t, b, `["1"]`, `["1"]`, "-1")
	mustApply(t, b, p1, diskWebData, diskScratch)
	mustApply(t, b, p2, diskWebData)
	if got := diskPolicyID(t, b, diskWebData); got != p2 {
		t.Fatalf("disk policy = %q, want the replacing %s", got, p2)
	}
	nums := func() map[string]int {
		out, err := b.DescribeAutoSnapshotPolicyEx(DescribeAutoSnapshotPolicyExInput{RegionID: region})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]int{}
		for _, p := range out.AutoSnapshotPolicies.AutoSnapshotPolicy {
			m[p.AutoSnapshotPolicyId] = p.DiskNums
		}
		return m
	}
	if n := nums(); n[p1] != 1 || n[p2] != 1 {
		t.Fatalf("DiskNums = %v", n)
	}
	filtered, err := b.DescribeDisks(DescribeDisksInput{RegionID: region, AutoSnapshotPolicyID: p1})
	if err != nil || filtered.TotalCount != 1 || filtered.Disks.Disk[0].DiskId != diskScratch {
		t.Fatalf("DescribeDisks AutoSnapshotPolicyId=%s: %v %+v", p1, err, filtered)
	}
	// Cancelling p1 on the disk that now carries p2 leaves p2.
	if err := b.CancelAutoSnapshotPolicy(CancelAutoSnapshotPolicyInput{RegionID: region, AutoSnapshotPolicyID: p1,
		DiskIDs: jsonList([]string{diskWebData, diskScratch})}); err != nil {
		t.Fatal(err)
	}
	if diskPolicyID(t, b, diskWebData) != p2 || diskPolicyID(t, b, diskScratch) != "" {
		t.Fatalf("after cancelling %s: %q, %q", p1, diskPolicyID(t, b, diskWebData), diskPolicyID(t, b, diskScratch))
	}
	if err := b.CancelAutoSnapshotPolicy(CancelAutoSnapshotPolicyInput{RegionID: region, DiskIDs: jsonList([]string{diskWebData})}); err != nil {
		t.Fatal(err)
	}
	if got := diskPolicyID(t, b, diskWebData); got != "" {
		t.Fatalf("after cancel without policy: %q", got)
	}
}

// Deleting a policy that applies to disks: it stops applying; its snapshots stay with their retention.
func TestAutoSnapshotPolicy_deleteInUse(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	p := newPolicy(t, b, `["12"]`, `["1","2","3","4","5","6","7"]`, "3")
	mustApply(t, b, p, diskWebData)
	mustAdvance(t, b, 48*time.Hour)
	before := len(autoSnapshots(b))
	if before != 2 {
		t.Fatalf("%d snapshots before delete", before)
	}
	if err := b.DeleteAutoSnapshotPolicy(DeleteAutoSnapshotPolicyInput{RegionID: region, AutoSnapshotPolicyID: p}); err != nil {
		t.Fatal(err)
	}
	if got := diskPolicyID(t, b, diskWebData); got != "" {
		t.Fatalf("disk still shows %q", got)
	}
	mustAdvance(t, b, 24*time.Hour)
	if got := len(autoSnapshots(b)); got != 2 {
		t.Fatalf("%d snapshots a day after delete, want the 2 kept and none new", got)
	}
	mustAdvance(t, b, 72*time.Hour)
	if got := len(autoSnapshots(b)); got != 0 {
		t.Fatalf("%d snapshots after their retention, want 0", got)
	}
	wantAPIError(t, b.DeleteAutoSnapshotPolicy(DeleteAutoSnapshotPolicyInput{RegionID: region, AutoSnapshotPolicyID: p}), 404, "ParameterInvalid")
}

// AssociatedWithInstanceTag applies the policy to the disks of instances carrying every target tag.
func TestAutoSnapshotPolicy_instanceTagAssociation(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	f := DefaultFixture()
	web := f.Instances[0]
	web.Tags = map[string]string{"env": "prod", "team": "web"}
	if err := b.Seed(Fixture{Instances: []Instance{web}}); err != nil {
		t.Fatal(err)
	}
	p := newPolicy(t, b, `["12"]`, `["1","2","3","4","5","6","7"]`, "-1", func(in *CreateAutoSnapshotPolicyInput) {
		in.AssociationType = "AssociatedWithInstanceTag"
		in.TargetTags = []Tag{{Key: "env", Value: "prod"}, {Key: "team"}}
	})
	out, err := b.DescribeDisks(DescribeDisksInput{RegionID: region, AutoSnapshotPolicyID: p})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range out.Disks.Disk {
		ids = append(ids, d.DiskId)
	}
	if !slices.Equal(ids, []string{diskWebSys, diskWebData}) {
		t.Fatalf("disks of %s = %v", p, ids)
	}
	mustAdvance(t, b, 24*time.Hour)
	if got := len(autoSnapshots(b)); got != 2 {
		t.Fatalf("%d snapshots, want one per disk of the tagged instance", got)
	}
	pol, _ := b.DescribeAutoSnapshotPolicyEx(DescribeAutoSnapshotPolicyExInput{RegionID: region, AutoSnapshotPolicyID: p})
	item := pol.AutoSnapshotPolicies.AutoSnapshotPolicy[0]
	if item.AssociationType != "AssociatedWithInstanceTag" || len(item.TargetTags.TargetTag) != 2 || item.DiskNums != 2 {
		t.Fatalf("policy = %+v", item)
	}
	for _, bad := range []func(*CreateAutoSnapshotPolicyInput){
		func(in *CreateAutoSnapshotPolicyInput) { in.AssociationType = "AssociatedWithInstanceTag" },
		func(in *CreateAutoSnapshotPolicyInput) { in.TargetTags = []Tag{{Key: "env"}} },
		func(in *CreateAutoSnapshotPolicyInput) { in.AssociationType = "Other" },
	} {
		in := CreateAutoSnapshotPolicyInput{RegionID: region}
		in.TimePoints, in.RepeatWeekdays, in.RetentionDays = `["1"]`, `["1"]`, "1"
		bad(&in)
		if _, err := b.CreateAutoSnapshotPolicy(in); err == nil {
			t.Errorf("%+v accepted", in)
		}
	}
}

// Create's and Modify's rules, codes and statuses; a failed Modify changes nothing.
func TestAutoSnapshotPolicy_parameterErrors(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	base := func() CreateAutoSnapshotPolicyInput {
		in := CreateAutoSnapshotPolicyInput{RegionID: region}
		in.TimePoints, in.RepeatWeekdays, in.RetentionDays = `["1"]`, `["1"]`, "7"
		return in
	}
	cases := []struct {
		name   string
		edit   func(*CreateAutoSnapshotPolicyInput)
		status int
		code   string
	}{
		{"no region", func(in *CreateAutoSnapshotPolicyInput) { in.RegionID = "" }, 400, "MissingParameter"},
		{"unknown region", func(in *CreateAutoSnapshotPolicyInput) { in.RegionID = "xx-nowhere" }, 403, "ParameterInvalid"}, // the page's code, not the snapshot calls' 404,
		{"no time points", func(in *CreateAutoSnapshotPolicyInput) { in.TimePoints = "" }, 400, "MissingParameter"},
		{"hour 24", func(in *CreateAutoSnapshotPolicyInput) { in.TimePoints = `["24"]` }, 403, "ParameterInvalid"},
		{"empty hours", func(in *CreateAutoSnapshotPolicyInput) { in.TimePoints = `[]` }, 403, "ParameterInvalid"},
		{"not JSON", func(in *CreateAutoSnapshotPolicyInput) { in.TimePoints = `1,2` }, 403, "ParameterInvalid"},
		{"weekday 0", func(in *CreateAutoSnapshotPolicyInput) { in.RepeatWeekdays = `["0"]` }, 403, "ParameterInvalid"},
		{"weekday 8", func(in *CreateAutoSnapshotPolicyInput) { in.RepeatWeekdays = `["8"]` }, 403, "ParameterInvalid"},
		{"retention 0", func(in *CreateAutoSnapshotPolicyInput) { in.RetentionDays = "0" }, 403, "ParameterInvalid"},
		{"retention -2", func(in *CreateAutoSnapshotPolicyInput) { in.RetentionDays = "-2" }, 403, "ParameterInvalid"},
		{"retention 65536 on create", func(in *CreateAutoSnapshotPolicyInput) { in.RetentionDays = "65536" }, 403, "ParameterInvalid"},
		{"name digit first", func(in *CreateAutoSnapshotPolicyInput) { in.Name = "1abc" }, 400, "InvalidSnapshotPolicyName.Malformed"},
		{"name short", func(in *CreateAutoSnapshotPolicyInput) { in.Name = "a" }, 400, "InvalidSnapshotPolicyName.Malformed"},
		{"name url", func(in *CreateAutoSnapshotPolicyInput) { in.Name = "http://x" }, 400, "InvalidSnapshotPolicyName.Malformed"},
		{"two target regions", func(in *CreateAutoSnapshotPolicyInput) {
			in.EnableCrossRegionCopy, in.TargetCopyRegions = "true", `["cn-beijing","cn-shanghai"]`
		}, 403, "InvalidParameter.TargetCopyRegions"},
		{"copy without region", func(in *CreateAutoSnapshotPolicyInput) { in.EnableCrossRegionCopy = "true" }, 403, "InvalidParameter.TargetCopyRegions"},
		{"copied retention 0", func(in *CreateAutoSnapshotPolicyInput) { in.CopiedSnapshotsRetentionDays = "0" }, 403, "InvalidParameter.CopiedSnapshotsRetentionDays"},
		{"kms without encrypted", func(in *CreateAutoSnapshotPolicyInput) { in.CopyKMSKeyID = kmsKey }, 400, "InvalidParameter.EncryptedIllegal"},
		{"tag key acs:", func(in *CreateAutoSnapshotPolicyInput) { in.Tags = []Tag{{Key: "acs:x"}} }, 400, "InvalidTagKey.Malformed"},
		{"duplicate tag", func(in *CreateAutoSnapshotPolicyInput) { in.Tags = []Tag{{Key: "a"}, {Key: "a"}} }, 400, "Duplicate.TagKey"},
		{"unknown group", func(in *CreateAutoSnapshotPolicyInput) { in.ResourceGroupID = "rg-nope" }, 404, "InvalidResourceGroup.NotFound"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			c.edit(&in)
			_, err := b.CreateAutoSnapshotPolicy(in)
			wantAPIError(t, err, c.status, c.code)
		})
	}
	id := newPolicy(t, b, `["1","5"]`, `["2"]`, "65535", func(in *CreateAutoSnapshotPolicyInput) { in.Name = "nightly:db_1" })
	// Modify allows 65536, and keeps what it is not given.
	mod := ModifyAutoSnapshotPolicyExInput{RegionID: region, AutoSnapshotPolicyID: id}
	mod.RetentionDays = "65536"
	if err := b.ModifyAutoSnapshotPolicyEx(mod); err != nil {
		t.Fatal(err)
	}
	mod = ModifyAutoSnapshotPolicyExInput{RegionID: region, AutoSnapshotPolicyID: id}
	mod.TimePoints, mod.RetentionDays = `["3"]`, "65537"
	wantAPIError(t, b.ModifyAutoSnapshotPolicyEx(mod), 403, "ParameterInvalid")
	out, _ := b.DescribeAutoSnapshotPolicyEx(DescribeAutoSnapshotPolicyExInput{RegionID: region, AutoSnapshotPolicyID: id})
	got := out.AutoSnapshotPolicies.AutoSnapshotPolicy[0]
	if got.TimePoints != `["1","5"]` || got.RepeatWeekdays != `["2"]` || got.RetentionDays != 65536 || got.AutoSnapshotPolicyName != "nightly:db_1" ||
		got.CopiedSnapshotsRetentionDays != -1 || got.TargetCopyRegions != "[]" || got.ResourceGroupId != rgDefault || got.Type != "Custom" || got.Status != "Normal" {
		t.Fatalf("after a good and a failed Modify: %+v", got)
	}
	mod = ModifyAutoSnapshotPolicyExInput{RegionID: region, AutoSnapshotPolicyID: "sp-nope"}
	wantAPIError(t, b.ModifyAutoSnapshotPolicyEx(mod), 404, "ParameterInvalid")
	wantAPIError(t, b.ApplyAutoSnapshotPolicy(ApplyAutoSnapshotPolicyInput{RegionID: region, AutoSnapshotPolicyID: "sp-nope", DiskIDs: `["` + diskWebData + `"]`}),
		400, "InvalidAutoSnapshotPolicyId.NotFound")
	wantAPIError(t, b.ApplyAutoSnapshotPolicy(ApplyAutoSnapshotPolicyInput{RegionID: region, AutoSnapshotPolicyID: id, DiskIDs: `["d-nope"]`}), 404, "InvalidDiskId.NotFound")
	wantAPIError(t, b.ApplyAutoSnapshotPolicy(ApplyAutoSnapshotPolicyInput{RegionID: region, AutoSnapshotPolicyID: id, DiskIDs: `d-x`}), 403, "ParameterInvalid")
	wantAPIError(t, b.ApplyAutoSnapshotPolicy(ApplyAutoSnapshotPolicyInput{RegionID: region, AutoSnapshotPolicyID: id}), 400, "MissingParameter")
	wantAPIError(t, b.CancelAutoSnapshotPolicy(CancelAutoSnapshotPolicyInput{RegionID: region, DiskIDs: `x`}), 404, "ParameterInvalid")
	wantAPIError(t, b.CancelAutoSnapshotPolicy(CancelAutoSnapshotPolicyInput{RegionID: region, DiskIDs: `["d-nope"]`}), 404, "ParameterInvalid")
	for _, err := range []error{
		b.ModifyAutoSnapshotPolicyEx(ModifyAutoSnapshotPolicyExInput{RegionID: "mars-north-1", AutoSnapshotPolicyID: id}),
		b.ApplyAutoSnapshotPolicy(ApplyAutoSnapshotPolicyInput{RegionID: "mars-north-1", AutoSnapshotPolicyID: id, DiskIDs: `["` + diskWebData + `"]`}),
		b.DeleteAutoSnapshotPolicy(DeleteAutoSnapshotPolicyInput{RegionID: "mars-north-1", AutoSnapshotPolicyID: id}),
	} {
		wantAPIError(t, err, 403, "ParameterInvalid")
	}
	wantAPIError(t, b.CancelAutoSnapshotPolicy(CancelAutoSnapshotPolicyInput{RegionID: "mars-north-1", DiskIDs: `["` + diskWebData + `"]`}), 404, "ParameterInvalid")
	// The policy lives in its region only.
	wantAPIError(t, b.DeleteAutoSnapshotPolicy(DeleteAutoSnapshotPolicyInput{RegionID: "cn-shanghai", AutoSnapshotPolicyID: id}), 404, "ParameterInvalid")
}

// 100 policies per region; the 101st is refused, in another region it is not.
func TestAutoSnapshotPolicy_quotaPerRegion(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	for range maxPoliciesPerRegion {
		newPolicy(t, b, `["1"]`, `["1"]`, "1")
	}
	in := CreateAutoSnapshotPolicyInput{RegionID: region}
	in.TimePoints, in.RepeatWeekdays, in.RetentionDays = `["1"]`, `["1"]`, "1"
	_, err := b.CreateAutoSnapshotPolicy(in)
	wantAPIError(t, err, 403, "AutoSnapshotPolicy.QuotaExceed")
	in.RegionID = "cn-shanghai"
	if _, err := b.CreateAutoSnapshotPolicy(in); err != nil {
		t.Fatal(err)
	}
}

// DescribeAutoSnapshotPolicyEx filters and pages; the tag calls and JoinResourceGroup take snapshotpolicy.
func TestAutoSnapshotPolicy_describeTagsAndGroups(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	var ids []string
	for i := range 12 {
		ids = append(ids, newPolicy(t, b, `["1"]`, `["1"]`, "1", func(in *CreateAutoSnapshotPolicyInput) {
			in.Name = fmt.Sprintf("p%02d", i)
			if i%2 == 0 {
				in.Tags = []Tag{{Key: "even", Value: "yes"}}
			}
		}))
	}
	page := func(in DescribeAutoSnapshotPolicyExInput) []string {
		t.Helper()
		in.RegionID = region
		out, err := b.DescribeAutoSnapshotPolicyEx(in)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range out.AutoSnapshotPolicies.AutoSnapshotPolicy {
			got = append(got, p.AutoSnapshotPolicyId)
		}
		return got
	}
	if got := page(DescribeAutoSnapshotPolicyExInput{}); !slices.Equal(got, ids[:10]) {
		t.Fatalf("default page = %v", got)
	}
	if got := page(DescribeAutoSnapshotPolicyExInput{PageNumber: "2", PageSize: "5"}); !slices.Equal(got, ids[5:10]) {
		t.Fatalf("page 2 of 5 = %v", got)
	}
	if got := page(DescribeAutoSnapshotPolicyExInput{AutoSnapshotPolicyName: "p03"}); !slices.Equal(got, ids[3:4]) {
		t.Fatalf("by name = %v", got)
	}
	if got := page(DescribeAutoSnapshotPolicyExInput{Tags: []Tag{{Key: "even"}}, PageSize: "100"}); len(got) != 6 {
		t.Fatalf("by tag = %v", got)
	}
	_, err := b.DescribeAutoSnapshotPolicyEx(DescribeAutoSnapshotPolicyExInput{RegionID: region, PageSize: "101"})
	wantAPIError(t, err, 400, "InvalidParam.PageSize")
	_, err = b.DescribeAutoSnapshotPolicyEx(DescribeAutoSnapshotPolicyExInput{})
	wantAPIError(t, err, 400, "MissingParameter")

	if err := b.TagResources(TagResourcesInput{RegionID: region, ResourceType: "snapshotpolicy", ResourceIDs: ids[1:2],
		Tags: []Tag{{Key: "owner", Value: "ops"}}}); err != nil {
		t.Fatal(err)
	}
	list, err := b.ListTagResources(ListTagResourcesInput{RegionID: region, ResourceType: "snapshotpolicy", Tags: []Tag{{Key: "owner"}}})
	if err != nil || len(list.TagResources.TagResource) != 1 || list.TagResources.TagResource[0].ResourceType != "snapshotpolicy" {
		t.Fatalf("ListTagResources: %v %+v", err, list)
	}
	if err := b.UntagResources(UntagResourcesInput{RegionID: region, ResourceType: "snapshotpolicy", ResourceIDs: ids[1:2], TagKeys: []string{"owner"}}); err != nil {
		t.Fatal(err)
	}
	if got := page(DescribeAutoSnapshotPolicyExInput{Tags: []Tag{{Key: "owner"}}}); len(got) != 0 {
		t.Fatalf("still tagged: %v", got)
	}
	wantAPIError(t, b.TagResources(TagResourcesInput{RegionID: region, ResourceType: "snapshotpolicy", ResourceIDs: []string{"sp-nope"},
		Tags: []Tag{{Key: "a"}}}), 404, "InvalidResourceId.NotFound")
	if err := b.JoinResourceGroup(JoinResourceGroupInput{RegionID: region, ResourceType: "snapshotpolicy", ResourceID: ids[0], ResourceGroupID: rgOther}); err != nil {
		t.Fatal(err)
	}
	if got := page(DescribeAutoSnapshotPolicyExInput{ResourceGroupID: rgOther}); !slices.Equal(got, ids[:1]) {
		t.Fatalf("by group = %v", got)
	}
	wantAPIError(t, b.JoinResourceGroup(JoinResourceGroupInput{RegionID: region, ResourceType: "snapshotpolicy", ResourceID: "sp-nope",
		ResourceGroupID: rgOther}), 404, "InvalidResourceId.NotFound")
}

// The state file keeps policies, their disks and the clock's offset; a restart neither loses nor repeats
// snapshots. Reset keeps the offset.
func TestAutoSnapshotPolicy_stateFileAndClock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	clk := &fakeClock{t: time.Date(2024, 5, 22, 10, 0, 0, 0, time.UTC)}
	b, err := New(Options{Now: clk.Now, StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	p := newPolicy(t, b, `["12"]`, `["1","2","3","4","5","6","7"]`, "-1")
	mustApply(t, b, p, diskWebData)
	mustAdvance(t, b, 48*time.Hour)
	if _, err := b.AdvanceClock(-time.Hour); err == nil {
		t.Fatal("a negative advance was accepted")
	}
	b2, err := New(Options{Now: clk.Now, StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if b2.ClockOffset() != 48*time.Hour || !b2.Now().Equal(clk.Now().Add(48*time.Hour)) {
		t.Fatalf("offset %s after restart", b2.ClockOffset())
	}
	if diskPolicyID(t, b2, diskWebData) != p || len(autoSnapshots(b2)) != 2 {
		t.Fatalf("after restart: policy %q, %d snapshots", diskPolicyID(t, b2, diskWebData), len(autoSnapshots(b2)))
	}
	mustAdvance(t, b2, 24*time.Hour)
	if got := len(autoSnapshots(b2)); got != 3 {
		t.Fatalf("%d snapshots a day later", got)
	}
	b2.Reset()
	if b2.ClockOffset() != 72*time.Hour || len(autoSnapshots(b2)) != 0 {
		t.Fatalf("after Reset: offset %s, %d snapshots", b2.ClockOffset(), len(autoSnapshots(b2)))
	}
}

// Cross-region copy needs a target region the account has, and the copies' KMS key in that region (where the copies
// are encrypted), on create and on modify alike.
func TestAutoSnapshotPolicy_copyTargetAndKeyChecked(t *testing.T) {
	b, _ := newTestBackend(t, time.Minute)
	const shanghaiKey = "5c1f7e2a-9b3d-4e8f-a6c4-2d7b9e1f3a58"
	base := func(region, key string) CreateAutoSnapshotPolicyInput {
		in := CreateAutoSnapshotPolicyInput{RegionID: "cn-hangzhou", policySettings: policySettings{TimePoints: `["1"]`,
			RepeatWeekdays: `["1"]`, RetentionDays: "7", EnableCrossRegionCopy: "true", TargetCopyRegions: `["` + region + `"]`}}
		if key != "" {
			in.CopyEncrypted, in.CopyKMSKeyID = "true", key
		}
		return in
	}
	_, err := b.CreateAutoSnapshotPolicy(base("mars-north-1", ""))
	wantAPIError(t, err, 403, "InvalidParameter.TargetCopyRegions")
	// The key of the policy's own region is not in the target region.
	_, err = b.CreateAutoSnapshotPolicy(base("cn-shanghai", kmsKey))
	wantAPIError(t, err, 403, "InvalidOperation.KMSKeyIdNotFound")
	out, err := b.CreateAutoSnapshotPolicy(base("cn-shanghai", shanghaiKey))
	if err != nil {
		t.Fatal(err)
	}
	id := out.AutoSnapshotPolicyId
	mod := func(region, key string) ModifyAutoSnapshotPolicyExInput {
		return ModifyAutoSnapshotPolicyExInput{RegionID: "cn-hangzhou", AutoSnapshotPolicyID: id,
			policySettings: policySettings{TargetCopyRegions: region, CopyKMSKeyID: key}}
	}
	wantAPIError(t, b.ModifyAutoSnapshotPolicyEx(mod(`["mars-north-1"]`, "")), 403, "InvalidParameter.TargetCopyRegions")
	// Moving the target away from the key's region, or the key away from the target, is refused alike.
	wantAPIError(t, b.ModifyAutoSnapshotPolicyEx(mod(`["ap-southeast-1"]`, "")), 404, "InvalidParameter.KMSKeyId.NotFound")
	wantAPIError(t, b.ModifyAutoSnapshotPolicyEx(mod("", kmsKey)), 404, "InvalidParameter.KMSKeyId.NotFound")
	if err := b.ModifyAutoSnapshotPolicyEx(mod(`["ap-southeast-1"]`, "8e2d4c6a-1f3b-4a5d-9c7e-b0a2f4d6e8c1")); err != nil {
		t.Fatalf("a target and a key of that region: %v", err)
	}
}
