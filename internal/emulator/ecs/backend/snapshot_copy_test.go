package backend

import (
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"
)

// newCopyBackend is a backend on a fake clock whose snapshots take snapDur and copies copyDur.
func newCopyBackend(t *testing.T, snapDur, copyDur time.Duration) (*Backend, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: time.Date(2024, 5, 22, 10, 0, 0, 0, time.UTC)}
	b, err := New(Options{Now: clk.Now, SnapshotDuration: snapDur, CopyDuration: copyDur})
	if err != nil {
		t.Fatal(err)
	}
	return b, clk
}

// accomplished creates a snapshot of disk and lets it finish.
func accomplished(t *testing.T, b *Backend, clk *fakeClock, in CreateSnapshotInput) string {
	t.Helper()
	id := mustCreate(t, b, in)
	clk.Advance(time.Hour)
	if s := mustSnapshot(t, b, id); s.Status != "accomplished" {
		t.Fatalf("snapshot %s is %s", id, s.Status)
	}
	return id
}

func mustCopy(t *testing.T, b *Backend, in CopySnapshotInput) string {
	t.Helper()
	out, err := b.CopySnapshot(in)
	if err != nil {
		t.Fatalf("CopySnapshot(%+v): %v", in, err)
	}
	return out.SnapshotId
}

func TestCopySnapshot_toAnotherRegion(t *testing.T) {
	b, clk := newCopyBackend(t, 10*time.Second, 60*time.Second)
	src := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "source", Description: "the source",
		RetentionDays: "7", ResourceGroupID: rgOther, Tags: []Tag{{"env", "prod"}}})
	id := mustCopy(t, b, CopySnapshotInput{RegionID: region, DestinationRegionID: regionSH, SnapshotID: src,
		DestinationSnapshotName: "dr.copy-1", DestinationSnapshotDescription: "kept in Shanghai", RetentionDays: "30",
		Tags: []Tag{{"role", "dr"}}})
	if !regexp.MustCompile(`^s-uf6[a-z0-9]{17}$`).MatchString(id) || id == src {
		t.Fatalf("copy ID %s", id)
	}
	c := mustSnapshot(t, b, id)
	want := Snapshot{RegionId: regionSH, SourceSnapshotId: src, SourceRegionId: region, SnapshotName: "dr.copy-1",
		Description: "kept in Shanghai", RetentionDays: 30, SourceDiskId: diskWebData, SourceDiskSize: "100", SourceDiskType: "data",
		Category: "standard", SnapshotType: "user", ResourceGroupId: rgDefault, Status: "progressing", Progress: "0%", RemainTime: 60}
	if c.RegionId != want.RegionId || c.SourceSnapshotId != want.SourceSnapshotId || c.SourceRegionId != want.SourceRegionId ||
		c.SnapshotName != want.SnapshotName || c.Description != want.Description || c.RetentionDays != want.RetentionDays ||
		c.SourceDiskId != want.SourceDiskId || c.SourceDiskSize != want.SourceDiskSize || c.SourceDiskType != want.SourceDiskType ||
		c.Category != want.Category || c.SnapshotType != want.SnapshotType || c.ResourceGroupId != want.ResourceGroupId ||
		c.Status != want.Status || c.Progress != want.Progress || c.RemainTime != want.RemainTime || c.Encrypted || c.Available {
		t.Fatalf("copy %+v", c)
	}
	// The source's tags are not copied; the call's are the copy's.
	if !slices.Equal(c.Tags.Tag, []SnapshotTag{{TagKey: "role", TagValue: "dr"}}) {
		t.Fatalf("copy tags %+v", c.Tags.Tag)
	}
	// It is in the destination region only, and DescribeSnapshots there shows it.
	if got := b.SnapshotsIn(region); len(got) != 1 || got[0].SnapshotId != src || got[0].SourceSnapshotId != "" {
		t.Fatalf("source region: %+v", got)
	}
	out, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: regionSH, SnapshotIDs: `["` + id + `"]`})
	if err != nil || out.TotalCount != 1 || out.Snapshots.Snapshot[0].SourceSnapshotId != src {
		t.Fatalf("DescribeSnapshots in the destination: %+v, %v", out, err)
	}
	// It progresses over the copy duration, not the snapshot duration.
	clk.Advance(30 * time.Second)
	if c := mustSnapshot(t, b, id); c.Status != "progressing" || c.Progress != "50%" || c.RemainTime != 30 {
		t.Fatalf("half-way: %s %s %d", c.Status, c.Progress, c.RemainTime)
	}
	clk.Advance(30 * time.Second)
	if c := mustSnapshot(t, b, id); c.Status != "accomplished" || c.Progress != "100%" || !c.Available {
		t.Fatalf("done: %+v", c)
	}
	// Its retention is its own: released after 30 days, while the 7-day source went long before.
	clk.Advance(8 * 24 * time.Hour)
	if _, ok := b.Snapshot(src); ok {
		t.Fatal("the 7-day source outlived its retention")
	}
	if _, ok := b.Snapshot(id); !ok {
		t.Fatal("the copy took the source's retention")
	}
	clk.Advance(23 * 24 * time.Hour)
	if _, ok := b.Snapshot(id); ok {
		t.Fatal("the copy outlived its 30 days")
	}
}

func TestCopySnapshot_duration(t *testing.T) {
	// Without a copy duration of its own, a copy takes as long as a snapshot.
	b, clk := newCopyBackend(t, 20*time.Second, 0)
	src := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebData})
	id := mustCopy(t, b, CopySnapshotInput{RegionID: region, DestinationRegionID: regionSH, SnapshotID: src})
	if c := mustSnapshot(t, b, id); c.RemainTime != 20 {
		t.Fatalf("default copy duration: %d s left", c.RemainTime)
	}
	// SetCopyDuration changes the copies started afterwards; snapshots keep theirs.
	b.SetCopyDuration(0)
	next := mustCopy(t, b, CopySnapshotInput{RegionID: region, DestinationRegionID: regionSG, SnapshotID: src})
	if c := mustSnapshot(t, b, next); c.Status != "accomplished" {
		t.Fatalf("copy with duration 0: %s", c.Status)
	}
	if c := mustSnapshot(t, b, id); c.Status != "progressing" {
		t.Fatalf("the earlier copy changed its duration: %s", c.Status)
	}
	if s := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: diskSHData})); s.RemainTime != 20 {
		t.Fatalf("SetCopyDuration changed snapshots: %d s left", s.RemainTime)
	}
}

func TestCopySnapshot_refused(t *testing.T) {
	b, clk := newCopyBackend(t, 10*time.Second, 60*time.Second)
	src := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebData})
	encrypted := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskEncrypted})
	local := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebSys, Category: "Flash"})
	archived := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskScratch})
	if err := b.ArchiveSnapshot(archived); err != nil {
		t.Fatal(err)
	}
	if err := b.FailNextSnapshots(diskBatchSys, 1); err != nil {
		t.Fatal(err)
	}
	failed := mustCreate(t, b, CreateSnapshotInput{DiskID: diskBatchSys})
	clk.Advance(time.Hour)
	if s := mustSnapshot(t, b, failed); s.Status != "failed" {
		t.Fatalf("armed snapshot: %s", s.Status)
	}
	sh := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskSHData})
	progressing := mustCreate(t, b, CreateSnapshotInput{DiskID: diskDetached})

	ok := CopySnapshotInput{RegionID: region, DestinationRegionID: regionSH, SnapshotID: src}
	with := func(f func(*CopySnapshotInput)) CopySnapshotInput { in := ok; f(&in); return in }
	long := make([]byte, 129)
	for i := range long {
		long[i] = 'a'
	}
	many := make([]Tag, 21)
	for i := range many {
		many[i] = Tag{Key: "k" + string(rune('a'+i)), Value: "v"}
	}
	for _, tc := range []struct {
		name   string
		in     CopySnapshotInput
		status int
		code   string
	}{
		{"no RegionId", with(func(in *CopySnapshotInput) { in.RegionID = "" }), 400, "MissingParameter"},
		{"unknown RegionId", with(func(in *CopySnapshotInput) { in.RegionID = "cn-beijing" }), 404, "InvalidRegionId.NotFound"},
		{"no SnapshotId", with(func(in *CopySnapshotInput) { in.SnapshotID = "" }), 400, "MissingParameter"},
		{"no DestinationRegionId", with(func(in *CopySnapshotInput) { in.DestinationRegionID = "" }), 400, "MissingParameter"},
		{"unknown destination", with(func(in *CopySnapshotInput) { in.DestinationRegionID = "cn-beijing" }), 403, "InvalidRegionId.NotExists"},
		{"name starts with a digit", with(func(in *CopySnapshotInput) { in.DestinationSnapshotName = "1copy" }), 403, "InvalidSnapshotName.Malformed"},
		{"name too long", with(func(in *CopySnapshotInput) { in.DestinationSnapshotName = string(long) }), 403, "InvalidSnapshotName.Malformed"},
		{"name with a URL", with(func(in *CopySnapshotInput) { in.DestinationSnapshotName = "http://x" }), 403, "InvalidSnapshotName.Malformed"},
		{"description with a URL", with(func(in *CopySnapshotInput) { in.DestinationSnapshotDescription = "https://x" }), 403, "InvalidDescription.Malformed"},
		{"one-character description", with(func(in *CopySnapshotInput) { in.DestinationSnapshotDescription = "x" }), 403, "InvalidDescription.Malformed"},
		{"retention 0", with(func(in *CopySnapshotInput) { in.RetentionDays = "0" }), 403, "InvalidRetentionDays.Malformed"},
		{"retention 65537", with(func(in *CopySnapshotInput) { in.RetentionDays = "65537" }), 403, "InvalidRetentionDays.Malformed"},
		{"tag key acs:", with(func(in *CopySnapshotInput) { in.Tags = []Tag{{"acs:x", "v"}} }), 400, "InvalidTagKey.Malformed"},
		{"duplicate tag key", with(func(in *CopySnapshotInput) { in.Tags = []Tag{{"k", "1"}, {"k", "2"}} }), 400, "Duplicate.TagKey"},
		{"21 tags", with(func(in *CopySnapshotInput) { in.Tags = many }), 403, "QuotaExceed.Tags"},
		{"Encrypted not a boolean", with(func(in *CopySnapshotInput) { in.Encrypted = "yes" }), 400, "InvalidParameter"},
		{"KMS key without Encrypted", with(func(in *CopySnapshotInput) { in.KMSKeyID = kmsKeySH }), 403, "InvalidEncrypted.NotMatchKmsKeyId"},
		{"ClientToken too long", with(func(in *CopySnapshotInput) { in.ClientToken = string(long[:65]) }), 400, "InvalidParameter"},
		{"unknown source", with(func(in *CopySnapshotInput) { in.SnapshotID = "s-bp1doesnotexist00000" }), 403, "InvalidSnapshotId.NotFound"},
		{"source in another region", with(func(in *CopySnapshotInput) { in.SnapshotID = sh }), 403, "InvalidSnapshotId.NotFound"},
		{"source progressing", with(func(in *CopySnapshotInput) { in.SnapshotID = progressing }), 403, "InvalidSnapshotId.NotReady"},
		{"source failed", with(func(in *CopySnapshotInput) { in.SnapshotID = failed }), 403, "InvalidSnapshotId.NotReady"},
		{"local snapshot", with(func(in *CopySnapshotInput) { in.SnapshotID = local }), 403, "InvalidSnapshotCategory.NotSupportCopy"},
		{"archived snapshot", with(func(in *CopySnapshotInput) { in.SnapshotID = archived }), 403, "OperationDenied.SnapshotCategoryNotSupportCopy"},
		{"same region unencrypted", with(func(in *CopySnapshotInput) { in.DestinationRegionID = region }), 403, "InvalidOperation.NotSupportCopyInSameRegion"},
		{"decrypting copy", with(func(in *CopySnapshotInput) { in.SnapshotID = encrypted }), 403, "InvalidEncrypted.NotSupportDecrypt"},
		{"decrypting copy, Encrypted=false", with(func(in *CopySnapshotInput) { in.SnapshotID, in.Encrypted = encrypted, "false" }), 403, "InvalidEncrypted.NotSupportDecrypt"},
		{"KMS key of the source region", with(func(in *CopySnapshotInput) { in.Encrypted, in.KMSKeyID = "true", kmsKey }), 403, "InvalidParameter.KMSKeyId.NotFound"},
		{"KMS key of a third region", with(func(in *CopySnapshotInput) { in.Encrypted, in.KMSKeyID = "true", kmsKeySG }), 403, "InvalidParameter.KMSKeyId.NotFound"},
		{"unknown resource group", with(func(in *CopySnapshotInput) { in.ResourceGroupID = "rg-aek3ppbydwdkrvy" }), 404, "InvalidResourceGroup.NotFound"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.CopySnapshot(tc.in)
			wantAPIError(t, err, tc.status, tc.code)
		})
	}
	if got := b.SnapshotsIn(regionSH); len(got) != 1 || got[0].SnapshotId != sh {
		t.Fatalf("a refused copy left something behind: %+v", got)
	}
	// Archiving needs an accomplished snapshot.
	wantAPIError(t, b.ArchiveSnapshot(progressing), 403, "InvalidSnapshotId.NotReady")
}

func TestCopySnapshot_encryption(t *testing.T) {
	b, clk := newCopyBackend(t, 0, 0)
	plain := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebData})
	encrypted := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskEncrypted})
	for _, tc := range []struct {
		name          string
		in            CopySnapshotInput
		region, kmsID string
	}{
		// An encrypted source copies into an encrypted copy, with the destination's key or its default key.
		{"encrypted source, destination key", CopySnapshotInput{RegionID: region, DestinationRegionID: regionSH, SnapshotID: encrypted,
			Encrypted: "true", KMSKeyID: kmsKeySH}, regionSH, kmsKeySH},
		{"encrypted source, default key", CopySnapshotInput{RegionID: region, DestinationRegionID: regionSG, SnapshotID: encrypted,
			Encrypted: "true"}, regionSG, ""},
		// Within the region, an encrypted copy encrypts a plain snapshot or changes an encrypted one's key.
		{"same region, encrypt", CopySnapshotInput{RegionID: region, DestinationRegionID: region, SnapshotID: plain,
			Encrypted: "true", KMSKeyID: kmsKey}, region, kmsKey},
		{"same region, rotate key", CopySnapshotInput{RegionID: region, DestinationRegionID: region, SnapshotID: encrypted,
			Encrypted: "TRUE"}, region, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustSnapshot(t, b, mustCopy(t, b, tc.in))
			if !c.Encrypted || c.KMSKeyId != tc.kmsID || c.RegionId != tc.region || c.SourceSnapshotId != tc.in.SnapshotID {
				t.Fatalf("copy %+v", c)
			}
		})
	}
	// A plain copy of a plain snapshot stays plain.
	if c := mustSnapshot(t, b, mustCopy(t, b, CopySnapshotInput{RegionID: region, DestinationRegionID: regionSG, SnapshotID: plain,
		Encrypted: "false"})); c.Encrypted || c.KMSKeyId != "" {
		t.Fatalf("plain copy %+v", c)
	}
	// A key seeded into a region is accepted there.
	if err := b.Seed(Fixture{Regions: []RegionFixture{{RegionID: regionSH, KMSKeys: []string{"key-seeded"}}}}); err != nil {
		t.Fatal(err)
	}
	other := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskScratch})
	if c := mustSnapshot(t, b, mustCopy(t, b, CopySnapshotInput{RegionID: region, DestinationRegionID: regionSH, SnapshotID: other,
		Encrypted: "true", KMSKeyID: "key-seeded"})); c.KMSKeyId != "key-seeded" {
		t.Fatalf("seeded key: %+v", c)
	}
}

func TestCopySnapshot_oneUnfinishedPerDiskAndRegion(t *testing.T) {
	b, clk := newCopyBackend(t, 0, time.Minute)
	first := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebData})
	second := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebData})
	otherDisk := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskScratch})
	to := func(snapshot, dest string) CopySnapshotInput {
		return CopySnapshotInput{RegionID: region, DestinationRegionID: dest, SnapshotID: snapshot}
	}
	inFlight := mustCopy(t, b, to(first, regionSH))
	// The same disk, the same destination: refused while the first copy is unfinished, whichever snapshot.
	_, err := b.CopySnapshot(to(second, regionSH))
	wantAPIError(t, err, 403, "InvalidOperation.UnfinishedCrossRegionCopy")
	_, err = b.CopySnapshot(to(first, regionSH))
	wantAPIError(t, err, 403, "InvalidOperation.UnfinishedCrossRegionCopy")
	// Another destination, or another disk: accepted.
	mustCopy(t, b, to(second, regionSG))
	mustCopy(t, b, to(otherDisk, regionSH))
	// Snapshots of the disk are not held up by its copies.
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	// Deleting the unfinished copy cancels it and frees the slot.
	if err := b.DeleteSnapshot(DeleteSnapshotInput{SnapshotID: inFlight}); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Snapshot(inFlight); ok {
		t.Fatal("the deleted copy is still there")
	}
	again := mustCopy(t, b, to(second, regionSH))
	// Once the copy is accomplished, the next one may start.
	clk.Advance(time.Minute)
	if c := mustSnapshot(t, b, again); c.Status != "accomplished" {
		t.Fatalf("copy %s", c.Status)
	}
	mustCopy(t, b, to(first, regionSH))

	// A failed copy is finished too.
	clk.Advance(time.Minute)
	if err := b.FailNextCopies(first, 1); err != nil {
		t.Fatal(err)
	}
	failing := mustCopy(t, b, to(first, regionSH))
	clk.Advance(30 * time.Second)
	if c := mustSnapshot(t, b, failing); c.Status != "failed" || c.Progress != "50%" {
		t.Fatalf("armed copy: %s %s", c.Status, c.Progress)
	}
	if c := mustSnapshot(t, b, mustCopy(t, b, to(first, regionSH))); c.Status != "progressing" {
		t.Fatalf("the copy after a failed one: %s (only the next copy was armed)", c.Status)
	}
	wantAPIError(t, b.FailNextCopies("s-bp1doesnotexist00000", 1), 404, "InvalidSnapshotId.NotFound")

	// Within the region the encrypted-copy code answers.
	enc := CopySnapshotInput{RegionID: region, DestinationRegionID: region, SnapshotID: otherDisk, Encrypted: "true"}
	mustCopy(t, b, enc)
	_, err = b.CopySnapshot(enc)
	wantAPIError(t, err, 403, "InvalidOperation.UnfinishedEncryptedSnapshotCopy")
	// ... and a same-region copy in flight blocks neither the disk's snapshots nor its copies elsewhere.
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskScratch})
	clk.Advance(time.Minute)
	mustCopy(t, b, to(otherDisk, regionSG))
}

func TestCopySnapshot_clientToken(t *testing.T) {
	b, clk := newCopyBackend(t, 0, time.Minute)
	src := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebData})
	in := CopySnapshotInput{RegionID: region, DestinationRegionID: regionSH, SnapshotID: src, ClientToken: "copy-token-1"}
	id := mustCopy(t, b, in)
	// A retry answers the same copy (and is not refused as a second unfinished copy).
	if again := mustCopy(t, b, in); again != id {
		t.Fatalf("retried copy %s, want %s", again, id)
	}
	if got := b.SnapshotsIn(regionSH); len(got) != 1 {
		t.Fatalf("%d copies after a retry", len(got))
	}
	in.DestinationSnapshotName = "changed"
	_, err := b.CopySnapshot(in)
	wantAPIError(t, err, 403, "IdempotentParameterMismatch")
	// A CreateSnapshot token is not a CopySnapshot's.
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskScratch, ClientToken: "create-token"})
	_, err = b.CopySnapshot(CopySnapshotInput{RegionID: region, DestinationRegionID: regionSG, SnapshotID: src, ClientToken: "create-token"})
	wantAPIError(t, err, 403, "IdempotentParameterMismatch")
}

func TestCopySnapshot_copyOfACopy(t *testing.T) {
	b, clk := newCopyBackend(t, 0, time.Minute)
	src := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebData})
	first := mustCopy(t, b, CopySnapshotInput{RegionID: region, DestinationRegionID: regionSH, SnapshotID: src})
	_, err := b.CopySnapshot(CopySnapshotInput{RegionID: regionSH, DestinationRegionID: regionSG, SnapshotID: first})
	wantAPIError(t, err, 403, "InvalidSnapshotId.NotReady")
	clk.Advance(time.Minute)
	c := mustSnapshot(t, b, mustCopy(t, b, CopySnapshotInput{RegionID: regionSH, DestinationRegionID: regionSG, SnapshotID: first}))
	if c.SourceSnapshotId != first || c.SourceRegionId != regionSH || c.SourceDiskId != diskWebData || c.RegionId != regionSG {
		t.Fatalf("copy of a copy %+v", c)
	}
}

func TestCopySnapshot_stateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	clk := &fakeClock{t: time.Date(2024, 5, 22, 10, 0, 0, 0, time.UTC)}
	b, err := New(Options{Now: clk.Now, StateFile: path, CopyDuration: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	src := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebData})
	if err := b.FailNextCopies(src, 2); err != nil {
		t.Fatal(err)
	}
	id := mustCopy(t, b, CopySnapshotInput{RegionID: region, DestinationRegionID: regionSH, SnapshotID: src})
	re, err := New(Options{Now: clk.Now, StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	c := mustSnapshot(t, re, id)
	if c.SourceSnapshotId != src || c.SourceRegionId != region || c.RemainTime != 60 {
		t.Fatalf("copy after a restart %+v", c)
	}
	// The second armed failure survived the restart too.
	clk.Advance(time.Minute)
	if c := mustSnapshot(t, re, mustCopy(t, re, CopySnapshotInput{RegionID: region, DestinationRegionID: regionSG, SnapshotID: src})); c.Status != "failed" {
		t.Fatalf("armed copy after a restart: %s", c.Status)
	}
}

// TestCopySnapshot_sourceDeletedMeanwhile: undocumented; the emulator lets the copy finish, since it holds the
// data it has read, and deleting the source is not refused.
func TestCopySnapshot_sourceDeletedMeanwhile(t *testing.T) {
	b, clk := newCopyBackend(t, 0, time.Minute)
	src := accomplished(t, b, clk, CreateSnapshotInput{DiskID: diskWebData})
	id := mustCopy(t, b, CopySnapshotInput{RegionID: region, DestinationRegionID: regionSH, SnapshotID: src})
	if err := b.DeleteSnapshot(DeleteSnapshotInput{SnapshotID: src}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	if c := mustSnapshot(t, b, id); c.Status != "accomplished" || c.SourceSnapshotId != src {
		t.Fatalf("copy of a deleted source: %+v", c)
	}
}
