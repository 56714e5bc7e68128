package ecsclient

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

func TestCreateSnapshotGroup_wireNames(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"SnapshotGroupId": "ssg-1"}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	id, err := c.CreateSnapshotGroup(context.Background(), CreateSnapshotGroupInput{
		InstanceID: "i-1", DiskIDs: []string{"d-1", "d-2"}, Name: "db", Description: "all disks",
		InstantAccess: true, InstantAccessRetentionDays: 3, ResourceGroupID: "rg-1",
		Tags: map[string]string{"z": "", "a": "1"}, ClientToken: "tok",
	})
	if err != nil || id != "ssg-1" {
		t.Fatalf("CreateSnapshotGroup = %q, %v", id, err)
	}
	call := fake.Calls()[0]
	if call.Action != "CreateSnapshotGroup" {
		t.Errorf("action %q", call.Action)
	}
	wantQuery(t, call.Query, map[string]string{
		"RegionId": "cn-hangzhou", "InstanceId": "i-1", "DiskId.1": "d-1", "DiskId.2": "d-2", "Name": "db",
		"Description": "all disks", "InstantAccess": "true", "InstantAccessRetentionDays": "3", "ResourceGroupId": "rg-1",
		"Tag.1.Key": "a", "Tag.1.Value": "1", "Tag.2.Key": "z", "Tag.2.Value": "", "ClientToken": "tok",
	}, "ExcludeDiskId.1", "DiskId.3")
}

func TestCreateSnapshotGroup_excludedDisksAndGeneratedToken(t *testing.T) {
	fake := newFakeECS(t, func(_ fakeCall, n int) fakeAnswer {
		if n == 1 {
			return throttled()
		}
		return fakeAnswer{Body: map[string]any{"SnapshotGroupId": "ssg-1"}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.CreateSnapshotGroup(context.Background(), CreateSnapshotGroupInput{InstanceID: "i-1", ExcludeDiskIDs: []string{"d-9"}}); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls()
	if len(calls) != 2 {
		t.Fatalf("%d calls, want 2 (one retry)", len(calls))
	}
	tok := calls[0].Query.Get("ClientToken")
	if tok == "" || calls[1].Query.Get("ClientToken") != tok {
		t.Errorf("ClientTokens %q and %q, want one generated token reused", tok, calls[1].Query.Get("ClientToken"))
	}
	wantQuery(t, calls[0].Query, map[string]string{"ExcludeDiskId.1": "d-9"},
		"DiskId.1", "Name", "Description", "InstantAccess", "InstantAccessRetentionDays", "ResourceGroupId", "Tag.1.Key")
}

func TestCreateSnapshotGroup_answerWithoutIDIsAnError(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.CreateSnapshotGroup(context.Background(), CreateSnapshotGroupInput{InstanceID: "i-1"}); !client.IsCode(err, client.CodeInvalidResponse) {
		t.Fatalf("error %v, want %s", err, client.CodeInvalidResponse)
	}
}

// pagedGroups answers DescribeSnapshotGroups over n groups, pages of MaxResults by NextToken (an offset), and
// only the asked SnapshotGroupId.N when given.
func pagedGroups(t *testing.T, n int) func(fakeCall, int) fakeAnswer {
	return func(call fakeCall, _ int) fakeAnswer {
		size, _ := strconv.Atoi(call.Query.Get("MaxResults"))
		if size < 1 || size > 100 {
			t.Errorf("MaxResults %q", call.Query.Get("MaxResults"))
		}
		var ids []string
		for i := 1; call.Query.Has("SnapshotGroupId." + strconv.Itoa(i)); i++ {
			ids = append(ids, call.Query.Get("SnapshotGroupId."+strconv.Itoa(i)))
		}
		if len(ids) > 10 {
			t.Errorf("%d SnapshotGroupId.N, the API takes 10", len(ids))
		}
		if ids == nil {
			for i := range n {
				ids = append(ids, fmt.Sprintf("ssg-%03d", i))
			}
		}
		start, _ := strconv.Atoi(call.Query.Get("NextToken"))
		var items []any
		for _, id := range ids[start:min(start+size, len(ids))] {
			items = append(items, map[string]any{"SnapshotGroupId": id})
		}
		next := ""
		if start+size < len(ids) {
			next = strconv.Itoa(start + size)
		}
		return fakeAnswer{Body: map[string]any{"NextToken": next, "SnapshotGroups": map[string]any{"SnapshotGroup": items}}}
	}
}

func TestDescribeSnapshotGroups_walksEveryPage(t *testing.T) {
	fake := newFakeECS(t, pagedGroups(t, 250))
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeSnapshotGroups(context.Background(), DescribeSnapshotGroupsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 || got[249].SnapshotGroupID != "ssg-249" {
		t.Fatalf("%d groups, want 250 in order", len(got))
	}
	if calls := fake.Calls(); len(calls) != 3 || calls[1].Query.Get("NextToken") != "100" || calls[0].Query.Has("NextToken") {
		t.Errorf("%d calls, want 3 following NextToken", len(calls))
	}
}

func TestDescribeSnapshotGroups_splitsIDsByTen(t *testing.T) {
	fake := newFakeECS(t, pagedGroups(t, 0))
	c, _ := newTestClient(t, fake.server.URL, nil)
	var ids []string
	for i := range 23 {
		ids = append(ids, fmt.Sprintf("ssg-%03d", i))
	}
	got, err := c.DescribeSnapshotGroups(context.Background(), DescribeSnapshotGroupsInput{SnapshotGroupIDs: ids})
	if err != nil || len(got) != 23 {
		t.Fatalf("%d groups, %v; want 23", len(got), err)
	}
	calls := fake.Calls()
	if len(calls) != 3 || calls[2].Query.Get("SnapshotGroupId.3") != "ssg-022" || calls[2].Query.Has("SnapshotGroupId.4") {
		t.Errorf("%d calls, want 3 of at most 10 IDs", len(calls))
	}
}

func TestDescribeSnapshotGroups_emptyIDListAsksForNothing(t *testing.T) {
	fake := newFakeECS(t, pagedGroups(t, 5))
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeSnapshotGroups(context.Background(), DescribeSnapshotGroupsInput{SnapshotGroupIDs: []string{}})
	if err != nil || len(got) != 0 || len(fake.Calls()) != 0 {
		t.Fatalf("%d groups, %d calls, %v; want none", len(got), len(fake.Calls()), err)
	}
}

func TestDescribeSnapshotGroups_sendsEveryFilter(t *testing.T) {
	fake := newFakeECS(t, pagedGroups(t, 0))
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.DescribeSnapshotGroups(context.Background(), DescribeSnapshotGroupsInput{
		InstanceID: "i-1", Name: "db", Statuses: []string{"progressing", "failed"}, ResourceGroupID: "rg-1",
		Tags: map[string]string{"b": "", "a": "1"},
	}); err != nil {
		t.Fatal(err)
	}
	wantQuery(t, fake.Calls()[0].Query, map[string]string{
		"RegionId": "cn-hangzhou", "InstanceId": "i-1", "Name": "db", "Status.1": "progressing", "Status.2": "failed",
		"ResourceGroupId": "rg-1", "Tag.1.Key": "a", "Tag.1.Value": "1", "Tag.2.Key": "b", "Tag.2.Value": "", "MaxResults": "100",
	}, "Status.3", "SnapshotGroupId.1")
}

func TestDescribeSnapshotGroups_convertsEveryField(t *testing.T) {
	item := map[string]any{
		"SnapshotGroupId": "ssg-1", "Name": "db", "Description": "d", "InstanceId": "i-1", "CreationTime": "2021-03-23T10:58:48Z",
		"Status": "progressing", "ProgressStatus": "null", "ResourceGroupId": "rg-1",
		"Tags": map[string]any{"Tag": []any{map[string]any{"TagKey": "k", "TagValue": "v"}}},
		"Snapshots": map[string]any{"Snapshot": []any{map[string]any{
			"SnapshotId": "s-1", "SourceDiskId": "d-1", "SourceDiskType": "system", "Progress": "40%", "Available": true,
			"InstantAccess": "true", "InstantAccessRetentionDays": "3",
			"Tags": map[string]any{"Tag": []any{map[string]any{"TagKey": "acs:ecs:sourceInstanceId", "TagValue": "i-1"}}},
		}}},
	}
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"SnapshotGroups": map[string]any{"SnapshotGroup": []any{item}}}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeSnapshotGroups(context.Background(), DescribeSnapshotGroupsInput{})
	if err != nil || len(got) != 1 {
		t.Fatalf("%v, %v", got, err)
	}
	want := SnapshotGroup{
		SnapshotGroupID: "ssg-1", Name: "db", Description: "d", InstanceID: "i-1",
		CreationTime: time.Date(2021, 3, 23, 10, 58, 48, 0, time.UTC), Status: "progressing", ProgressStatus: "null",
		ResourceGroupID: "rg-1", Tags: map[string]string{"k": "v"},
		Snapshots: []SnapshotGroupMember{{
			SnapshotID: "s-1", SourceDiskID: "d-1", SourceDiskType: "system", Progress: 40, Available: true,
			InstantAccess: true, InstantAccessRetentionDays: 3, Tags: map[string]string{"acs:ecs:sourceInstanceId": "i-1"},
		}},
	}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("got  %+v\nwant %+v", got[0], want)
	}
}

func TestModifySnapshotGroup_sendsOnlyWhatIsSet(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.ModifySnapshotGroup(context.Background(), ModifySnapshotGroupInput{SnapshotGroupID: "ssg-1", Description: new("")}); err != nil {
		t.Fatal(err)
	}
	call := fake.Calls()[0]
	if call.Action != "ModifySnapshotGroup" {
		t.Errorf("action %q", call.Action)
	}
	wantQuery(t, call.Query, map[string]string{"RegionId": "cn-hangzhou", "SnapshotGroupId": "ssg-1", "Description": ""}, "Name")
}

func TestDeleteSnapshotGroup_readsEveryOutcome(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"OperationProgressSet": map[string]any{"OperationProgress": []any{
			map[string]any{"OperationStatus": "Success", "RelatedItemSet": map[string]any{"RelatedItem": []any{
				map[string]any{"Name": "SnapshotId", "Value": "s-1"}}}},
			map[string]any{"OperationStatus": "Failed", "ErrorCode": "InvalidOperation.SnapshotUsedByImage", "ErrorMsg": "used",
				"RelatedItemSet": map[string]any{"RelatedItem": []any{map[string]any{"Name": "SnapshotId", "Value": "s-2"}}}},
		}}}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	ops, err := c.DeleteSnapshotGroup(context.Background(), "ssg-1")
	if err != nil {
		t.Fatal(err)
	}
	want := []SnapshotGroupOperation{
		{OperationStatus: "Success", SnapshotIDs: []string{"s-1"}},
		{OperationStatus: "Failed", ErrorCode: "InvalidOperation.SnapshotUsedByImage", ErrorMsg: "used", SnapshotIDs: []string{"s-2"}},
	}
	if !reflect.DeepEqual(ops, want) || !ops[0].OK() || ops[1].OK() {
		t.Errorf("got %+v, want %+v", ops, want)
	}
	wantQuery(t, fake.Calls()[0].Query, map[string]string{"RegionId": "cn-hangzhou", "SnapshotGroupId": "ssg-1"})
}

func TestDeleteSnapshotGroup_typedError(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Status: http.StatusNotFound, Body: apiErrorBody("InvalidSnapshotGroup.NotFound", "gone")}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.DeleteSnapshotGroup(context.Background(), "ssg-1"); !client.IsCode(err, "InvalidSnapshotGroup.NotFound") {
		t.Fatalf("error %v", err)
	}
}
