package ecsclient

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

func wantQuery(t *testing.T, q url.Values, want map[string]string, absent ...string) {
	t.Helper()
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	for _, k := range absent {
		if q.Has(k) {
			t.Errorf("%s sent (%q), want it absent", k, q.Get(k))
		}
	}
}

func TestCreateSnapshot_parameters(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return createOK("s-9") })
	c, _ := newTestClient(t, fake.server.URL, nil)
	id, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{
		DiskID: "d-1", SnapshotName: "n", Description: "d", RetentionDays: 7, Category: "Standard", InstantAccess: true,
		InstantAccessRetentionDays: 3, ResourceGroupID: "rg-1", Tags: map[string]string{"z": "", "a": "1"}, ClientToken: "tok",
	})
	if err != nil || id != "s-9" {
		t.Fatalf("CreateSnapshot = %q, %v", id, err)
	}
	call := fake.Calls()[0]
	if call.Action != "CreateSnapshot" {
		t.Errorf("action %q", call.Action)
	}
	wantQuery(t, call.Query, map[string]string{
		"DiskId": "d-1", "SnapshotName": "n", "Description": "d", "RetentionDays": "7", "Category": "Standard",
		"InstantAccess": "true", "InstantAccessRetentionDays": "3", "ResourceGroupId": "rg-1", "ClientToken": "tok",
		"Tag.1.Key": "a", "Tag.1.Value": "1", "Tag.2.Key": "z", "Tag.2.Value": "",
	})
}

func TestCreateSnapshot_sendsOnlyWhatIsSet(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return createOK("s-9") })
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{DiskID: "d-1"}); err != nil {
		t.Fatal(err)
	}
	q := fake.Calls()[0].Query
	wantQuery(t, q, map[string]string{"DiskId": "d-1"}, "SnapshotName", "Description", "RetentionDays", "Category",
		"InstantAccess", "InstantAccessRetentionDays", "ResourceGroupId", "Tag.1.Key")
	if len(q.Get("ClientToken")) != 36 {
		t.Errorf("generated ClientToken %q", q.Get("ClientToken"))
	}
}

func TestCreateSnapshot_withoutIDInAnswer(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	_, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{DiskID: "d-1"})
	if !client.IsCode(err, "InvalidResponse") || !strings.Contains(err.Error(), "req-1") {
		t.Errorf("error %v, want InvalidResponse naming the request", err)
	}
}

func TestCreateSnapshot_retriesWhileDiskBusy(t *testing.T) {
	fake := newFakeECS(t, func(_ fakeCall, n int) fakeAnswer {
		if n == 1 {
			return fakeAnswer{Status: 403, Body: apiErrorBody("IncorrectDiskStatus.CreatingSnapshot", "A previous snapshot creation is in process.")}
		}
		return createOK("s-2")
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	if id, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{DiskID: "d-1"}); err != nil || id != "s-2" {
		t.Fatalf("CreateSnapshot = %q, %v", id, err)
	}
}

func TestDeleteSnapshot_parameters(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.DeleteSnapshot(context.Background(), "s-1", true); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteSnapshot(context.Background(), "s-2", false); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls()
	wantQuery(t, calls[0].Query, map[string]string{"SnapshotId": "s-1", "Force": "true"})
	wantQuery(t, calls[1].Query, map[string]string{"SnapshotId": "s-2"}, "Force")
	if calls[0].Action != "DeleteSnapshot" {
		t.Errorf("action %q", calls[0].Action)
	}
}

func TestModifySnapshotAttribute_parameters(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	name, days := "new-name", 30
	if err := c.ModifySnapshotAttribute(context.Background(), ModifySnapshotAttributeInput{SnapshotID: "s-1", SnapshotName: &name, RetentionDays: &days}); err != nil {
		t.Fatal(err)
	}
	empty := ""
	if err := c.ModifySnapshotAttribute(context.Background(), ModifySnapshotAttributeInput{SnapshotID: "s-1", Description: &empty}); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls()
	wantQuery(t, calls[0].Query, map[string]string{"SnapshotId": "s-1", "SnapshotName": "new-name", "RetentionDays": "30"}, "Description")
	// A pointer to "" is a value to send (clearing the description), not an absent one.
	if !calls[1].Query.Has("Description") {
		t.Error("an empty Description was not sent")
	}
	wantQuery(t, calls[1].Query, map[string]string{"Description": ""}, "SnapshotName", "RetentionDays")
	if calls[0].Action != "ModifySnapshotAttribute" {
		t.Errorf("action %q", calls[0].Action)
	}
}

func TestTagResources_parameters(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	var ids []string
	for i := range 120 {
		ids = append(ids, fmt.Sprintf("s-%d", i))
	}
	if err := c.TagResources(context.Background(), ResourceTypeSnapshot, ids, map[string]string{"k2": "v2", "k1": "v1"}); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls()
	if len(calls) != 3 {
		t.Fatalf("%d calls, want 3 (50 + 50 + 20 snapshots)", len(calls))
	}
	wantQuery(t, calls[0].Query, map[string]string{"RegionId": "cn-hangzhou", "ResourceType": "snapshot", "ResourceId.1": "s-0",
		"ResourceId.50": "s-49", "Tag.1.Key": "k1", "Tag.1.Value": "v1", "Tag.2.Key": "k2", "Tag.2.Value": "v2"}, "ResourceId.51")
	wantQuery(t, calls[2].Query, map[string]string{"ResourceId.1": "s-100", "ResourceId.20": "s-119"}, "ResourceId.21")
	if calls[0].Action != "TagResources" {
		t.Errorf("action %q", calls[0].Action)
	}
	if err := c.TagResources(context.Background(), ResourceTypeSnapshot, ids, nil); err != nil || len(fake.Calls()) != 3 {
		t.Errorf("no tags: %v, %d calls", err, len(fake.Calls()))
	}
}

func TestUntagResources_parameters(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.UntagResources(context.Background(), ResourceTypeSnapshot, []string{"s-1"}, []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	call := fake.Calls()[0]
	wantQuery(t, call.Query, map[string]string{"RegionId": "cn-hangzhou", "ResourceType": "snapshot", "ResourceId.1": "s-1",
		"TagKey.1": "a", "TagKey.2": "b"}, "All")
	if call.Action != "UntagResources" {
		t.Errorf("action %q", call.Action)
	}
	if err := c.UntagResources(context.Background(), ResourceTypeSnapshot, []string{"s-1"}, nil); err != nil || len(fake.Calls()) != 1 {
		t.Errorf("no keys: %v, %d calls", err, len(fake.Calls()))
	}
}

func TestJoinResourceGroup_parameters(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.JoinResourceGroup(context.Background(), ResourceTypeSnapshot, "s-1", "rg-2"); err != nil {
		t.Fatal(err)
	}
	call := fake.Calls()[0]
	wantQuery(t, call.Query, map[string]string{"RegionId": "cn-hangzhou", "ResourceType": "snapshot", "ResourceId": "s-1", "ResourceGroupId": "rg-2"})
	if call.Action != "JoinResourceGroup" {
		t.Errorf("action %q", call.Action)
	}
}

func TestAttempts_loggedWithoutSecrets(t *testing.T) {
	fake := newFakeECS(t, func(_ fakeCall, n int) fakeAnswer {
		if n == 1 {
			return throttled()
		}
		return fakeAnswer{}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	if err := c.DeleteSnapshot(ctx, "s-1", false); err != nil {
		t.Fatal(err)
	}
	logged := out.String()
	entries, err := tflogtest.MultilineJSONDecode(strings.NewReader(logged))
	if err != nil {
		t.Fatal(err)
	}
	var attempts []map[string]any
	for _, e := range entries {
		if e[client.LogFieldAttempt] != nil && e[client.LogFieldDurationMS] != nil {
			attempts = append(attempts, e)
		}
	}
	if len(attempts) != 2 {
		t.Fatalf("%d attempt entries, want 2: %v", len(attempts), entries)
	}
	first, second := attempts[0], attempts[1]
	if first[client.LogFieldAction] != "DeleteSnapshot" || first[client.LogFieldErrorCode] != "Throttling.User" || first[client.LogFieldRequestID] != "err-req" ||
		first[client.LogFieldAttempt] != float64(1) || first["@level"] != "debug" {
		t.Errorf("first attempt logged as %v", first)
	}
	if second[client.LogFieldRequestID] != "req-2" || second[client.LogFieldAttempt] != float64(2) || second[client.LogFieldErrorCode] != nil {
		t.Errorf("second attempt logged as %v", second)
	}
	if strings.Contains(logged, "test-access-key-secret") {
		t.Error("the access key secret reached the log")
	}
}
