package ecs

import (
	"errors"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// A roll-back of several disks that stops part way names the disks done and those left, in order.
func TestPartialRollback_namesDoneAndLeft(t *testing.T) {
	rest := []rollback{{diskID: "d-2", snapshotID: "s-2"}, {diskID: "d-3", snapshotID: "s-3"}}
	got := partialRollback([]string{"d-1 (to s-1)"}, rest, "ResetDisk of disk d-2 to snapshot s-2: refused.")
	want := "ResetDisk of disk d-2 to snapshot s-2: refused.\n\nRolled back: d-1 (to s-1).\nNot rolled back: d-2 (to s-2), d-3 (to s-3)."
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := partialRollback(nil, rest[:1], "x"); !strings.Contains(got, "Rolled back: none.") {
		t.Errorf("nothing done must say none: %s", got)
	}
}

// ResetDisk's refusals come with what to do: stop the instance, wait for the disk, or the lock.
func TestResetAdvice_saysWhatToDo(t *testing.T) {
	r := rollback{diskID: "d-1", snapshotID: "s-1"}
	for code, want := range map[string]string{
		"IncorrectInstanceStatus":   "stop it first (aliecs_stop_instance)",
		"IncorrectDiskStatus":       "must be In_use or Available",
		"InstanceLockedForSecurity": "locked for security",
	} {
		if got := resetAdvice(r, &client.APIError{Code: code, Message: "refused"}); !strings.Contains(got, want) {
			t.Errorf("%s: %q does not say %q", code, got, want)
		}
	}
	if got := resetAdvice(r, errors.New("boom")); got != "boom" {
		t.Errorf("another error is left as it is, got %q", got)
	}
}
