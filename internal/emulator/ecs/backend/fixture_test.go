package backend

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestDefaultFixture_shape(t *testing.T) {
	f := DefaultFixture()
	if err := f.validate(); err != nil {
		t.Fatal(err)
	}
	idShape := regexp.MustCompile(`^(i|d)-bp1[a-z0-9]{17}$`)
	statuses := map[string]bool{}
	neverStarted := false
	for _, in := range f.Instances {
		if !idShape.MatchString(in.InstanceID) {
			t.Errorf("instance ID %q", in.InstanceID)
		}
		statuses[in.Status] = true
		neverStarted = neverStarted || !in.EverStarted
	}
	if !statuses["Running"] || !statuses["Stopped"] || !neverStarted || len(f.Instances) < 3 {
		t.Errorf("instances lack Running, Stopped or never-started: %v", statuses)
	}
	cats := map[string]bool{}
	var sys, data, encrypted, neverAttached, small, big bool
	for _, d := range f.Disks {
		if !idShape.MatchString(d.DiskID) {
			t.Errorf("disk ID %q", d.DiskID)
		}
		cats[d.Category] = true
		sys = sys || d.Type == "system"
		data = data || d.Type == "data"
		encrypted = encrypted || (d.Encrypted && d.KMSKeyID != "")
		neverAttached = neverAttached || (!d.EverAttached && d.InstanceID == "")
		small = small || d.SizeGiB == 20
		big = big || d.SizeGiB == 2000
	}
	if len(f.Disks) < 5 || !cats["cloud_essd"] || !cats["cloud_efficiency"] || !sys || !data || !encrypted || !neverAttached || !small || !big {
		t.Errorf("disks do not cover the required cases")
	}
	if len(f.ResourceGroups) < 2 || !strings.HasPrefix(f.ResourceGroups[0], "rg-") {
		t.Errorf("resource groups %v", f.ResourceGroups)
	}
}

func TestLoadFixture_goodAndBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "fixture.json")
	data, err := json.Marshal(DefaultFixture())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"size_gib":2000`) || !strings.Contains(string(data), `"ever_started":true`) {
		t.Fatalf("fixture JSON keys are not snake_case: %s", data)
	}
	if err := os.WriteFile(good, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFixture(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Disks) != len(DefaultFixture().Disks) {
		t.Fatal("disks lost")
	}
	for name, body := range map[string]string{
		"no region":        `{"resource_groups":["rg-1"]}`,
		"no groups":        `{"region_id":"cn-hangzhou"}`,
		"unknown instance": `{"region_id":"r","resource_groups":["rg-1"],"disks":[{"disk_id":"d-1","type":"data","category":"cloud_essd","size_gib":20,"instance_id":"i-x"}]}`,
		"bad disk type":    `{"region_id":"r","resource_groups":["rg-1"],"disks":[{"disk_id":"d-1","type":"root","category":"cloud_essd","size_gib":20}]}`,
		"bad status":       `{"region_id":"r","resource_groups":["rg-1"],"instances":[{"instance_id":"i-1","status":"Sleeping"}]}`,
		"duplicate disk":   `{"region_id":"r","resource_groups":["rg-1"],"disks":[{"disk_id":"d-1","type":"data","category":"c","size_gib":1},{"disk_id":"d-1","type":"data","category":"c","size_gib":1}]}`,
		"not json":         `{`,
	} {
		p := filepath.Join(dir, "f.json")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadFixture(p); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := LoadFixture(filepath.Join(dir, "absent.json")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestNew_customFixture(t *testing.T) {
	f := &Fixture{RegionID: "eu-central-1", ResourceGroups: []string{"rg-eu"},
		Instances: []Instance{{InstanceID: "i-1", Status: "Running", EverStarted: true}},
		Disks:     []Disk{{DiskID: "d-1", InstanceID: "i-1", Type: "data", Category: "cloud_essd", SizeGiB: 10}}}
	b, err := New(Options{Fixture: f})
	if err != nil {
		t.Fatal(err)
	}
	if b.Region() != "eu-central-1" {
		t.Fatal(b.Region())
	}
	// An attached disk counts as attached even if the fixture did not say ever_attached.
	s := mustSnapshot(t, b, mustCreate(t, b, CreateSnapshotInput{DiskID: "d-1"}))
	if s.RegionId != "eu-central-1" || s.ResourceGroupId != "rg-eu" {
		t.Fatalf("%+v", s)
	}
	f.Disks[0].SizeGiB = 0
	if _, err := New(Options{Fixture: f}); err == nil {
		t.Fatal("invalid fixture accepted")
	}
}

// SnapshottableDisks names exactly the default fixture's disks that CreateSnapshot accepts, data disks first.
func TestSnapshottableDisks_areThoseCreateSnapshotAccepts(t *testing.T) {
	f := DefaultFixture()
	got := f.SnapshottableDisks()
	listed := map[string]bool{}
	for _, id := range got {
		listed[id] = true
	}
	diskType := map[string]string{}
	for _, d := range f.Disks {
		diskType[d.DiskID] = d.Type
		b, _ := newTestBackend(t, 0)
		_, err := b.CreateSnapshot(CreateSnapshotInput{RegionID: region, DiskID: d.DiskID})
		if accepted := err == nil; accepted != listed[d.DiskID] {
			t.Errorf("disk %s: CreateSnapshot error %v, but listed = %v", d.DiskID, err, listed[d.DiskID])
		}
	}
	for i := 1; i < len(got); i++ {
		if diskType[got[i-1]] == "system" && diskType[got[i]] == "data" {
			t.Errorf("data disk %s listed after system disk %s: %v", got[i], got[i-1], got)
		}
	}
}
