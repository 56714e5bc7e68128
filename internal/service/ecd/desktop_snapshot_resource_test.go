package ecd

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// scripted answers a wait's checks from a list, one per check, and records the sleeps between them.
type scripted struct {
	answers []func() (*ecdclient.Snapshot, error)
	checks  int
	sleeps  []time.Duration
}

func (s *scripted) find(context.Context, string, time.Duration) (*ecdclient.Snapshot, error) {
	i := min(s.checks, len(s.answers)-1)
	s.checks++
	return s.answers[i]()
}

func (s *scripted) sleep(_ context.Context, d time.Duration) error {
	s.sleeps = append(s.sleeps, d)
	return nil
}

func snap(status string, progress string, remain int) func() (*ecdclient.Snapshot, error) {
	return func() (*ecdclient.Snapshot, error) {
		return &ecdclient.Snapshot{SnapshotID: "s-1", Status: status, Progress: progress, ProgressPercent: ecdclient.ParsePercent(progress), RemainTime: remain}, nil
	}
}

func missing() (*ecdclient.Snapshot, error) {
	return nil, &wait.NotFoundError{Kind: "desktop snapshot", ID: "s-1"}
}

func TestWaitDesktopSnapshotCreated_followsRemainTimeUntilAccomplished(t *testing.T) {
	s := &scripted{answers: []func() (*ecdclient.Snapshot, error){
		missing, // eventual consistency right after CreateSnapshot
		snap(ecdclient.StatusProgressing, "0%", -1),
		snap(ecdclient.StatusProgressing, "40%", 12),
		snap(ecdclient.StatusAccomplished, "100%", 0),
	}}
	got, err := waitDesktopSnapshotCreated(t.Context(), s.find, s.sleep, "s-1")
	if err != nil || got == nil || got.Status != ecdclient.StatusAccomplished {
		t.Fatalf("%+v, %v", got, err)
	}
	want := []time.Duration{wait.MinInterval, wait.MinInterval, 12 * time.Second}
	if len(s.sleeps) != len(want) {
		t.Fatalf("sleeps %v, want %v", s.sleeps, want)
	}
	for i := range want {
		if s.sleeps[i] != want[i] {
			t.Errorf("sleep %d = %v, want %v", i, s.sleeps[i], want[i])
		}
	}
}

func TestWaitDesktopSnapshotCreated_failedEndsAtOnce(t *testing.T) {
	s := &scripted{answers: []func() (*ecdclient.Snapshot, error){
		snap(ecdclient.StatusProgressing, "10%", 30),
		snap(ecdclient.StatusFailed, "10%", 0),
		snap(ecdclient.StatusAccomplished, "100%", 0),
	}}
	got, err := waitDesktopSnapshotCreated(t.Context(), s.find, s.sleep, "s-1")
	if err == nil || got == nil || got.Status != ecdclient.StatusFailed || s.checks != 2 {
		t.Fatalf("%+v, %v after %d checks", got, err, s.checks)
	}
	if !strings.Contains(err.Error(), `failed to be created (status "FAILED" at 10%)`) || strings.Contains(err.Error(), "untaint") {
		t.Errorf("error %q: want the failure, and no advice to keep a failed snapshot", err)
	}
}

func TestWaitDesktopSnapshotCreated_goneWhileCreating(t *testing.T) {
	s := &scripted{answers: []func() (*ecdclient.Snapshot, error){snap(ecdclient.StatusProgressing, "10%", 3), missing}}
	_, err := waitDesktopSnapshotCreated(t.Context(), s.find, s.sleep, "s-1")
	var we *wait.Error
	if !errors.As(err, &we) || we.Reason != wait.ReasonDisappeared || !strings.Contains(err.Error(), "disappeared") {
		t.Fatalf("error %v", err)
	}
}

func TestWaitDesktopSnapshotCreated_timeoutSaysHowFar(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	s := &scripted{answers: []func() (*ecdclient.Snapshot, error){snap(ecdclient.StatusProgressing, "55%", 20)}}
	sleep := func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }
	last, err := waitDesktopSnapshotCreated(ctx, s.find, sleep, "s-1")
	if err == nil || last == nil || !strings.Contains(err.Error(), "55%") || !strings.Contains(err.Error(), "terraform untaint") ||
		!strings.Contains(err.Error(), "aliecs_desktop_snapshot.example") {
		t.Fatalf("%v", err)
	}
}

func TestWaitDesktopSnapshotCreated_ridesOutTransientErrors(t *testing.T) {
	throttled := func() (*ecdclient.Snapshot, error) {
		return nil, &client.APIError{Product: client.ProductECD, Action: "DescribeSnapshots", Code: "Throttling", HTTPStatus: 400}
	}
	s := &scripted{answers: []func() (*ecdclient.Snapshot, error){throttled, throttled, snap(ecdclient.StatusAccomplished, "100%", 0)}}
	if _, err := waitDesktopSnapshotCreated(t.Context(), s.find, s.sleep, "s-1"); err != nil {
		t.Fatal(err)
	}
	refused := func() (*ecdclient.Snapshot, error) {
		return nil, &client.APIError{Product: client.ProductECD, Action: "DescribeSnapshots", Code: "Forbidden.RAM", HTTPStatus: 403}
	}
	s = &scripted{answers: []func() (*ecdclient.Snapshot, error){refused}}
	if _, err := waitDesktopSnapshotCreated(t.Context(), s.find, s.sleep, "s-1"); err == nil || s.checks != 1 {
		t.Fatalf("%v after %d checks", err, s.checks)
	}
}

func TestWaitDesktopSnapshotDeleted_untilGone(t *testing.T) {
	s := &scripted{answers: []func() (*ecdclient.Snapshot, error){snap(ecdclient.StatusAccomplished, "100%", 0), snap(ecdclient.StatusAccomplished, "100%", 0), missing}}
	if err := waitDesktopSnapshotDeleted(t.Context(), s.find, s.sleep, "s-1"); err != nil || s.checks != 3 {
		t.Fatalf("%v after %d checks", err, s.checks)
	}
	if s.sleeps[0] != time.Second || s.sleeps[1] != 2*time.Second {
		t.Errorf("sleeps %v: want a backoff from 1s", s.sleeps)
	}
}

// The arguments keep the configuration's case when the API answers another; an import gets lower case.
func TestFlattenDesktopSnapshot_caseNeverDrifts(t *testing.T) {
	api := &ecdclient.Snapshot{SnapshotID: "s-1", DesktopID: "ecd-1", SnapshotName: "n", SourceDiskType: "SYSTEM",
		Status: "ACCOMPLISHED", ProgressPercent: 100, SourceDiskSize: 80, SnapshotType: "USER", CreationTime: "2026-01-01T00:00:00Z"}
	prior := desktopSnapshotModel{SourceDiskType: types.StringValue("System"), Description: types.StringNull()}
	m := flattenDesktopSnapshot(api, prior)
	if m.SourceDiskType.ValueString() != "System" {
		t.Errorf("source_disk_type %q, want the configured System", m.SourceDiskType.ValueString())
	}
	if !m.Description.IsNull() {
		t.Errorf("description %v, want null as configured", m.Description)
	}
	if m.Progress.ValueInt64() != 100 || m.SourceDiskSize.ValueInt64() != 80 || m.Status.ValueString() != "ACCOMPLISHED" {
		t.Errorf("computed %+v", m)
	}
	imported := flattenDesktopSnapshot(api, desktopSnapshotModel{SourceDiskType: types.StringNull(), Description: types.StringNull()})
	if imported.SourceDiskType.ValueString() != "system" {
		t.Errorf("imported source_disk_type %q, want system", imported.SourceDiskType.ValueString())
	}
	api.SourceDiskType = "DATA"
	if got := flattenDesktopSnapshot(api, prior).SourceDiskType.ValueString(); got != "data" {
		t.Errorf("a real change is shown: got %q, want data", got)
	}
}

func TestSnapshotNameValidators_rules(t *testing.T) {
	nameOK := func(v string) bool {
		for _, rule := range snapshotNameValidators() {
			r, ok := rule.(validate.StringRule)
			if !ok {
				t.Fatalf("validator %T", rule)
			}
			if !r.OK(v) {
				return false
			}
		}
		return true
	}
	for _, v := range []string{"ab", "Daily_backup-1", "名字x", strings.Repeat("a", 127)} {
		if !nameOK(v) {
			t.Errorf("%q refused", v)
		}
	}
	for _, v := range []string{"a", strings.Repeat("a", 128), "1abc", "auto_x", "has space", "a:b"} {
		if nameOK(v) {
			t.Errorf("%q accepted", v)
		}
	}
}
