package ecs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
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

// powerClient answers DescribeDisks from diskClient and DescribeInstances from its instances, recording the
// InstanceIds of each call.
type powerClient struct {
	*diskClient
	instances     map[string]ecsclient.Instance
	instanceCalls [][]string
}

func (c *powerClient) DescribeInstances(_ context.Context, in ecsclient.DescribeInstancesInput) ([]ecsclient.Instance, error) {
	c.instanceCalls = append(c.instanceCalls, in.InstanceIDs)
	var out []ecsclient.Instance
	for _, id := range in.InstanceIDs {
		if i, ok := c.instances[id]; ok {
			out = append(out, i)
		}
	}
	return out, nil
}

// Before a roll-back of several disks, their instances' power state is checked with the disks read together and
// then their instances together: a DescribeDisks and a DescribeInstances call (two round trips), not two per disk.
// A disk of a running instance refuses the whole roll-back, named.
func TestResetDiskCheckStopped_readsTogether(t *testing.T) {
	for name, tc := range map[string]struct {
		statusB string
		refused string
	}{
		"all stopped":        {statusB: ecsclient.InstanceStatusStopped},
		"one running":        {statusB: "Running", refused: "Disk d-4 is attached to instance i-b, which is Running"},
		"instance not found": {refused: "Reading instance i-b of disk d-4: instance i-b not found"},
	} {
		t.Run(name, func(t *testing.T) {
			dc := &diskClient{disks: map[string]ecsclient.Disk{
				"d-1": {DiskID: "d-1", InstanceID: "i-a"}, "d-2": {DiskID: "d-2", InstanceID: "i-a"},
				"d-3": {DiskID: "d-3"}, "d-4": {DiskID: "d-4", InstanceID: "i-b"},
			}, heldCalls: newHeldCalls[[]string]()}
			close(dc.release)
			pc := &powerClient{diskClient: dc, instances: map[string]ecsclient.Instance{"i-a": {InstanceID: "i-a", Status: ecsclient.InstanceStatusStopped}}}
			if tc.statusB != "" {
				pc.instances["i-b"] = ecsclient.Instance{InstanceID: "i-b", Status: tc.statusB}
			}
			a := framework.Configured(&resetDiskAction{}, connstest.ECS(t, pc))
			plan := []rollback{{"d-1", "s-1"}, {"d-2", "s-2"}, {"d-3", "s-3"}, {"d-4", "s-4"}}
			var resp action.InvokeResponse
			ok := a.checkStopped(context.Background(), plan, &resp)
			if ok != (tc.refused == "") || (tc.refused != "" && !strings.Contains(fmt.Sprint(resp.Diagnostics), tc.refused)) {
				t.Errorf("checkStopped %v, %v; want refused %q", ok, resp.Diagnostics, tc.refused)
			}
			if len(dc.calls) != 1 || !slices.Equal(dc.calls[0], []string{"d-1", "d-2", "d-3", "d-4"}) {
				t.Errorf("DescribeDisks calls %v, want one for the four disks", dc.calls)
			}
			if len(pc.instanceCalls) != 1 || !slices.Equal(pc.instanceCalls[0], []string{"i-a", "i-b"}) {
				t.Errorf("DescribeInstances calls %v, want one for i-a and i-b", pc.instanceCalls)
			}
		})
	}
}
