package ecsclient

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
)

func describePolicy(t *testing.T, c Client, id string) (AutoSnapshotPolicy, bool) {
	t.Helper()
	got, err := c.DescribeAutoSnapshotPolicies(context.Background(), DescribeAutoSnapshotPoliciesInput{PolicyID: id})
	if err != nil {
		t.Fatalf("DescribeAutoSnapshotPolicies: %v", err)
	}
	switch len(got) {
	case 0:
		return AutoSnapshotPolicy{}, false
	case 1:
		return got[0], true
	}
	t.Fatalf("DescribeAutoSnapshotPolicies of one ID answered %d policies", len(got))
	return AutoSnapshotPolicy{}, false
}

func diskPolicies(t *testing.T, c Client, ids ...string) map[string]string {
	t.Helper()
	disks, err := c.DescribeDisks(context.Background(), DescribeDisksInput{DiskIDs: ids})
	if err != nil {
		t.Fatalf("DescribeDisks: %v", err)
	}
	out := map[string]string{}
	for _, d := range disks {
		out[d.DiskID] = d.AutoSnapshotPolicyID
	}
	return out
}

func TestEmulator_autoSnapshotPolicyRoundTrip(t *testing.T) {
	c, _ := newEmulatorClient(t)
	ctx := context.Background()

	id, err := c.CreateAutoSnapshotPolicy(ctx, AutoSnapshotPolicyInput{
		Name: new("daily"), TimePoints: []int{1, 13}, RepeatWeekdays: []int{1, 2, 3, 4, 5, 6, 7}, RetentionDays: new(7),
		Tags: map[string]string{"env": "test"},
	})
	if err != nil {
		t.Fatalf("CreateAutoSnapshotPolicy: %v", err)
	}
	p, ok := describePolicy(t, c, id)
	if !ok {
		t.Fatalf("policy %s not found", id)
	}
	if p.Name != "daily" || !reflect.DeepEqual(p.TimePoints, []int{1, 13}) || !reflect.DeepEqual(p.RepeatWeekdays, []int{1, 2, 3, 4, 5, 6, 7}) ||
		p.RetentionDays != 7 || p.RegionID != "cn-hangzhou" || p.CreationTime.IsZero() || p.Status != "Normal" ||
		!reflect.DeepEqual(p.Tags, map[string]string{"env": "test"}) || p.DiskNums != 0 {
		t.Errorf("created policy reads back as %+v", p)
	}

	if err := c.ModifyAutoSnapshotPolicy(ctx, id, AutoSnapshotPolicyInput{TimePoints: []int{5}, RetentionDays: new(-1)}); err != nil {
		t.Fatalf("ModifyAutoSnapshotPolicy: %v", err)
	}
	p, _ = describePolicy(t, c, id)
	if p.Name != "daily" || !reflect.DeepEqual(p.TimePoints, []int{5}) || len(p.RepeatWeekdays) != 7 || p.RetentionDays != -1 {
		t.Errorf("modified policy reads back as %+v", p)
	}

	if err := c.TagResources(ctx, ResourceTypeAutoSnapshotPolicy, []string{id}, map[string]string{"owner": "me"}); err != nil {
		t.Fatalf("TagResources: %v", err)
	}
	if err := c.UntagResources(ctx, ResourceTypeAutoSnapshotPolicy, []string{id}, []string{"env"}); err != nil {
		t.Fatalf("UntagResources: %v", err)
	}
	if err := c.JoinResourceGroup(ctx, ResourceTypeAutoSnapshotPolicy, id, emuOtherGroup); err != nil {
		t.Fatalf("JoinResourceGroup: %v", err)
	}
	p, _ = describePolicy(t, c, id)
	if !reflect.DeepEqual(p.Tags, map[string]string{"owner": "me"}) || p.ResourceGroupID != emuOtherGroup {
		t.Errorf("tags %v, resource group %q after tagging and joining", p.Tags, p.ResourceGroupID)
	}
	byTag, err := c.DescribeAutoSnapshotPolicies(ctx, DescribeAutoSnapshotPoliciesInput{Tags: map[string]string{"owner": "me"}, ResourceGroupID: emuOtherGroup})
	if err != nil || len(byTag) != 1 || byTag[0].ID != id {
		t.Errorf("filter by tag and group: %+v, %v", byTag, err)
	}

	if err := c.ApplyAutoSnapshotPolicy(ctx, id, []string{emuDataDisk, emuScratchDisk}); err != nil {
		t.Fatalf("ApplyAutoSnapshotPolicy: %v", err)
	}
	if got := diskPolicies(t, c, emuDataDisk, emuScratchDisk); got[emuDataDisk] != id || got[emuScratchDisk] != id {
		t.Errorf("disks' policies after Apply: %v", got)
	}
	applied, err := c.DescribeDisks(ctx, DescribeDisksInput{AutoSnapshotPolicyID: id})
	if err != nil || len(applied) != 2 {
		t.Errorf("DescribeDisks by policy: %+v, %v", applied, err)
	}
	if p, _ = describePolicy(t, c, id); p.DiskNums != 2 {
		t.Errorf("DiskNums %d after applying to two disks", p.DiskNums)
	}

	if err := c.CancelAutoSnapshotPolicy(ctx, id, []string{emuDataDisk}); err != nil {
		t.Fatalf("CancelAutoSnapshotPolicy with the policy: %v", err)
	}
	if err := c.CancelAutoSnapshotPolicy(ctx, "", []string{emuScratchDisk}); err != nil {
		t.Fatalf("CancelAutoSnapshotPolicy without the policy: %v", err)
	}
	if got := diskPolicies(t, c, emuDataDisk, emuScratchDisk); got[emuDataDisk] != "" || got[emuScratchDisk] != "" {
		t.Errorf("disks' policies after Cancel: %v", got)
	}

	if err := c.DeleteAutoSnapshotPolicy(ctx, id); err != nil {
		t.Fatalf("DeleteAutoSnapshotPolicy: %v", err)
	}
	if _, ok := describePolicy(t, c, id); ok {
		t.Errorf("policy %s still listed after Delete", id)
	}
}

func TestEmulator_autoSnapshotPolicyTagAssociation(t *testing.T) {
	c, _ := newEmulatorClient(t)
	id, err := c.CreateAutoSnapshotPolicy(context.Background(), AutoSnapshotPolicyInput{
		TimePoints: []int{0}, RepeatWeekdays: []int{1}, RetentionDays: new(3),
		AssociationType: "AssociatedWithInstanceTag", TargetTags: map[string]string{"app": "web", "tier": ""},
	})
	if err != nil {
		t.Fatalf("CreateAutoSnapshotPolicy: %v", err)
	}
	p, ok := describePolicy(t, c, id)
	if !ok || p.AssociationType != "AssociatedWithInstanceTag" || !reflect.DeepEqual(p.TargetTags, map[string]string{"app": "web", "tier": ""}) {
		t.Errorf("policy reads back as %+v (found %v)", p, ok)
	}
}

// The emulator's documented errors come back typed, with code and HTTP status, and are not retried.
func TestEmulator_autoSnapshotPolicyErrors(t *testing.T) {
	c, _ := newEmulatorClient(t)
	ctx := context.Background()
	check := func(call string, err error, code string, status int) {
		t.Helper()
		apiErr, ok := errors.AsType[*client.APIError](err)
		if !ok || apiErr.Code != code || apiErr.HTTPStatus != status || apiErr.Attempts != 1 {
			t.Errorf("%s: error %v, want %s (HTTP %d) after one attempt", call, err, code, status)
		}
	}
	check("Apply", c.ApplyAutoSnapshotPolicy(ctx, "sp-doesnotexist", []string{emuDataDisk}), "InvalidAutoSnapshotPolicyId.NotFound", http.StatusBadRequest)
	check("Delete", c.DeleteAutoSnapshotPolicy(ctx, "sp-doesnotexist"), "ParameterInvalid", http.StatusNotFound)
	_, err := c.CreateAutoSnapshotPolicy(ctx, AutoSnapshotPolicyInput{TimePoints: []int{24}, RepeatWeekdays: []int{1}, RetentionDays: new(1)})
	check("Create", err, "ParameterInvalid", http.StatusForbidden)
}

// policiesNamed lists the region's policies of a name, through the API.
func policiesNamed(t *testing.T, c Client, name string) []AutoSnapshotPolicy {
	t.Helper()
	got, err := c.DescribeAutoSnapshotPolicies(context.Background(), DescribeAutoSnapshotPoliciesInput{PolicyName: name})
	if err != nil {
		t.Fatalf("DescribeAutoSnapshotPolicies: %v", err)
	}
	return got
}

// The emulator acts on CreateAutoSnapshotPolicy and drops the answer: the retry finds the policy by its marker
// and returns it, leaving the user's policy of the same name alone and no second policy, and the marker is gone.
func TestEmulator_autoSnapshotPolicyLostAnswerFoundByMarker(t *testing.T) {
	c, ts := newEmulatorClient(t)
	ctx := context.Background()
	in := AutoSnapshotPolicyInput{Name: new("daily"), TimePoints: []int{1}, RepeatWeekdays: []int{1}, RetentionDays: new(7), Tags: map[string]string{"env": "test"}}
	users, err := c.CreateAutoSnapshotPolicy(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.SetFaults([]emulator.Fault{{Action: "CreateAutoSnapshotPolicy", Mode: emulator.FaultDropAfter, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	id, err := c.CreateAutoSnapshotPolicy(ctx, in)
	if err != nil {
		t.Fatalf("CreateAutoSnapshotPolicy after a lost answer: %v", err)
	}
	if id == users {
		t.Fatalf("the user's policy %s was adopted", users)
	}
	all := policiesNamed(t, c, "daily")
	if len(all) != 2 {
		t.Fatalf("%d policies named daily, want 2 (the user's and this one): %+v", len(all), all)
	}
	for _, p := range all {
		if !reflect.DeepEqual(p.Tags, map[string]string{"env": "test"}) {
			t.Errorf("policy %s tags %v, want only env=test (no marker)", p.ID, p.Tags)
		}
	}
	if f := ts.Faults(); len(f) != 1 || f[0].Remaining != 0 {
		t.Errorf("faults %+v: the drop did not fire", f)
	}
}

// UntagResources refuses to remove the marker: the create still succeeds with the policy, which keeps the
// marker (the resources hide it).
func TestEmulator_autoSnapshotPolicyMarkerRemovalFails(t *testing.T) {
	c, ts := newEmulatorClient(t)
	if err := ts.SetFaults([]emulator.Fault{{Action: "UntagResources", Code: "Forbidden.RAM", HTTPStatus: http.StatusForbidden}}); err != nil {
		t.Fatal(err)
	}
	id, err := c.CreateAutoSnapshotPolicy(context.Background(), AutoSnapshotPolicyInput{Name: new("daily"), TimePoints: []int{1}, RepeatWeekdays: []int{1}, RetentionDays: new(7)})
	if err != nil {
		t.Fatalf("CreateAutoSnapshotPolicy: %v", err)
	}
	p, ok := describePolicy(t, c, id)
	if !ok || len(p.Tags) != 1 || len(p.Tags[client.AttemptMarkerKey]) != 36 {
		t.Errorf("policy %s (found %v) tags %v, want the marker left", id, ok, p.Tags)
	}
}
