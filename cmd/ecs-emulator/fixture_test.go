package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// TestRun_printsFixture: the start-up lines name every disk that accepts snapshots in every region, with its
// instance, and the ones that refuse; GET /_emulator/fixture serves the same as JSON.
func TestRun_printsFixture(t *testing.T) {
	out := &lines{ch: make(chan string, 100)}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-log", "warn"}, out, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	var printed []string
	for len(printed) == 0 || !strings.HasPrefix(printed[len(printed)-1], "# disks that refuse snapshots:") {
		select {
		case line := <-out.ch:
			printed = append(printed, line)
		case err := <-done:
			t.Fatalf("run ended: %v; printed %q", err, printed)
		}
	}
	m := listening.FindStringSubmatch(printed[0])
	if m == nil {
		t.Fatalf("first line %q", printed[0])
	}
	for _, want := range []string{"export ALIECS_STS_ENDPOINT=http://" + m[1],
		"export ALIBABA_CLOUD_REGION_ID=cn-hangzhou ALIBABA_CLOUD_ACCESS_KEY_ID=emulator-access-key-id ALIBABA_CLOUD_ACCESS_KEY_SECRET=emulator-access-key-secret"} {
		if !slices.Contains(printed, want) {
			t.Errorf("no line %q in\n%s", want, strings.Join(printed, "\n"))
		}
	}
	text := strings.Join(printed, "\n")
	f := backend.DefaultFixture()
	for _, region := range f.RegionIDs() {
		for _, id := range f.SnapshottableDisksIn(region) {
			if !regexp.MustCompile(`(?m)^#   ` + region + ` .*\b` + id + ` (data|system)\b`).MatchString(text) {
				t.Errorf("disk %s of %s is not listed as accepting snapshots:\n%s", id, region, text)
			}
		}
	}
	if !strings.Contains(text, "d-bp1s3d6f9g2h5j8k1lq0 (InstanceLockedForSecurity)") {
		t.Errorf("the locked instance's disk is not listed as refused:\n%s", text)
	}

	resp, err := http.Get("http://" + m[1] + "/_emulator/fixture")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var view []backend.RegionView
	if err := json.NewDecoder(resp.Body).Decode(&view); err != nil {
		t.Fatalf("GET /_emulator/fixture: %v", err)
	}
	if len(view) != len(f.RegionIDs()) || view[0].RegionID != "cn-hangzhou" || !view[0].Default {
		t.Fatalf("GET /_emulator/fixture: %+v", view)
	}
	for _, r := range view {
		var accepting []string
		for _, d := range r.Disks {
			if d.AcceptsSnapshots {
				accepting = append(accepting, d.DiskID)
			}
		}
		if want := f.SnapshottableDisksIn(r.RegionID); !sameSet(accepting, want) {
			t.Errorf("GET /_emulator/fixture, %s: accepting %v, want %v", r.RegionID, accepting, want)
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

var (
	exampleDiskID     = regexp.MustCompile(`"(d-[a-z0-9]+)"`)
	exampleInstanceID = regexp.MustCompile(`"(i-[a-z0-9]+)"`)
)

// TestExamples_runAgainstDefaultFixture: every disk an example names accepts snapshots in the emulator's default
// region, and every instance it names is there, so that the registry examples run against `ecs-emulator`
// unchanged.
func TestExamples_runAgainstDefaultFixture(t *testing.T) {
	f := backend.DefaultFixture()
	region := f.RegionIDs()[0]
	disks := f.SnapshottableDisksIn(region)
	b, err := backend.New(backend.Options{Fixture: f})
	if err != nil {
		t.Fatal(err)
	}
	var instances []string
	for _, in := range b.FixtureView()[0].Instances {
		instances = append(instances, in.InstanceID)
	}
	var files int
	err = filepath.WalkDir(filepath.Join("..", "..", "examples"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || (!strings.HasSuffix(path, ".tf") && !strings.HasSuffix(path, ".tfquery.hcl")) {
			return err
		}
		files++
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range exampleDiskID.FindAllStringSubmatch(string(src), -1) {
			if !slices.Contains(disks, m[1]) {
				t.Errorf("%s: disk %s does not accept snapshots in the emulator's default region %s (those that do: %v)", path, m[1], region, disks)
			}
		}
		for _, m := range exampleInstanceID.FindAllStringSubmatch(string(src), -1) {
			if !slices.Contains(instances, m[1]) {
				t.Errorf("%s: instance %s is not in the emulator's default region %s (%v)", path, m[1], region, instances)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("no examples found")
	}
}

// TestREADME_listsDefaultFixture: the README's table of the default fixture names every disk, under the right
// heading (accepting or refusing snapshots), so that it cannot drift from the fixture.
func TestREADME_listsDefaultFixture(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "| region | instance | disks that accept snapshots |")
	refusedAt := strings.Index(text, "Disks that refuse snapshots, for trying the errors:")
	if start < 0 || refusedAt < start {
		t.Fatal("README: no table of the default fixture followed by its disks that refuse snapshots")
	}
	accepting, refusing := text[start:refusedAt], text[refusedAt:refusedAt+strings.Index(text[refusedAt:], "\n\n")]
	b, err := backend.New(backend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range b.FixtureView() {
		for _, d := range r.Disks {
			if !d.AcceptsSnapshots {
				if !strings.Contains(refusing, "`"+d.DiskID+"` (") || !strings.Contains(refusing, d.Refusal) {
					t.Errorf("README: disk %s is not listed as refusing snapshots with %s", d.DiskID, d.Refusal)
				}
				continue
			}
			if !regexp.MustCompile(`(?m)^\| ` + r.RegionID + `\b.*` + "`" + d.DiskID + "` " + d.Type).MatchString(accepting) {
				t.Errorf("README: disk %s (%s) is not in a row of %s in the table of disks that accept snapshots", d.DiskID, d.Type, r.RegionID)
			}
		}
	}
}
