package ecsclient

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

func TestCopySnapshot_parameters(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return createOK("s-uf6copy") })
	c, _ := newTestClient(t, fake.server.URL, nil)
	id, err := c.CopySnapshot(context.Background(), CopySnapshotInput{
		SnapshotID: "s-bp1src", DestinationRegionID: "cn-shanghai", DestinationSnapshotName: "n",
		DestinationSnapshotDescription: "d", RetentionDays: 30, Encrypted: true, KMSKeyID: "key-1",
		ResourceGroupID: "rg-1", Tags: map[string]string{"z": "", "a": "1"}, ClientToken: "tok",
	})
	if err != nil || id != "s-uf6copy" {
		t.Fatalf("CopySnapshot = %q, %v", id, err)
	}
	call := fake.Calls()[0]
	if call.Action != "CopySnapshot" {
		t.Errorf("action %q", call.Action)
	}
	// RegionId is the source's: the client's own region.
	wantQuery(t, call.Query, map[string]string{
		"RegionId": "cn-hangzhou", "SnapshotId": "s-bp1src", "DestinationRegionId": "cn-shanghai",
		"DestinationSnapshotName": "n", "DestinationSnapshotDescription": "d", "RetentionDays": "30",
		"Encrypted": "true", "KMSKeyId": "key-1", "ResourceGroupId": "rg-1", "ClientToken": "tok",
		"Tag.1.Key": "a", "Tag.1.Value": "1", "Tag.2.Key": "z", "Tag.2.Value": "",
	})
}

func TestCopySnapshot_sendsOnlyWhatIsSetAndAlwaysAToken(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return createOK("s-uf6copy") })
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.CopySnapshot(context.Background(), CopySnapshotInput{SnapshotID: "s-bp1src", DestinationRegionID: "cn-shanghai"}); err != nil {
		t.Fatal(err)
	}
	q := fake.Calls()[0].Query
	wantQuery(t, q, map[string]string{"SnapshotId": "s-bp1src"}, "DestinationSnapshotName", "DestinationSnapshotDescription",
		"RetentionDays", "Encrypted", "KMSKeyId", "ResourceGroupId", "Tag.1.Key")
	if len(q.Get("ClientToken")) != 36 {
		t.Errorf("generated ClientToken %q", q.Get("ClientToken"))
	}
}

// A retried copy carries the same ClientToken, so that a copy whose answer was lost is not made twice.
func TestCopySnapshot_retryReusesClientToken(t *testing.T) {
	fake := newFakeECS(t, func(_ fakeCall, n int) fakeAnswer {
		if n == 1 {
			return throttled()
		}
		if n == 2 {
			return fakeAnswer{Drop: true}
		}
		return createOK("s-uf6copy")
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.CopySnapshot(context.Background(), CopySnapshotInput{SnapshotID: "s-bp1src", DestinationRegionID: "cn-shanghai"}); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls()
	if len(calls) != 3 {
		t.Fatalf("%d calls, want 3", len(calls))
	}
	for i, call := range calls {
		if got, want := call.Query.Get("ClientToken"), calls[0].Query.Get("ClientToken"); got != want || got == "" {
			t.Errorf("call %d ClientToken %q, want %q", i, got, want)
		}
	}
}

// The refusal for an unfinished copy of the same disk is not retried by the client: the resource waits for it.
func TestCopySnapshot_unfinishedCopyIsTheCallersToWaitFor(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Status: http.StatusForbidden, Body: apiErrorBody("InvalidOperation.UnfinishedCrossRegionCopy",
			"This disk has unfinished cross-region copy snapshots in the target region.")}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	_, err := c.CopySnapshot(context.Background(), CopySnapshotInput{SnapshotID: "s-bp1src", DestinationRegionID: "cn-shanghai"})
	if !client.IsCode(err, "InvalidOperation.UnfinishedCrossRegionCopy") || len(fake.Calls()) != 1 {
		t.Errorf("error %v after %d calls, want the code after 1", err, len(fake.Calls()))
	}
}

func TestCopySnapshot_withoutIDInAnswer(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	_, err := c.CopySnapshot(context.Background(), CopySnapshotInput{SnapshotID: "s-bp1src", DestinationRegionID: "cn-shanghai"})
	if !client.IsCode(err, "InvalidResponse") || !strings.Contains(err.Error(), "req-1") {
		t.Errorf("error %v, want InvalidResponse naming the request", err)
	}
}
