package ecsclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// pagedSnapshots answers DescribeSnapshots from n snapshots with NextToken paging and the SnapshotIds filter,
// refusing more than 100 IDs or a MaxResults above 100 as the API does.
func pagedSnapshots(t *testing.T, n int) func(call fakeCall, _ int) fakeAnswer {
	all := make([]map[string]any, n)
	for i := range all {
		all[i] = map[string]any{"SnapshotId": fmt.Sprintf("s-%03d", i), "Progress": "100%", "Status": "accomplished"}
	}
	return func(call fakeCall, _ int) fakeAnswer {
		if call.Action != "DescribeSnapshots" {
			t.Errorf("unexpected action %q", call.Action)
		}
		q := call.Query
		size, err := strconv.Atoi(q.Get("MaxResults"))
		if err != nil || size < 1 || size > 100 {
			return fakeAnswer{Status: 400, Body: apiErrorBody("InvalidParameter", "MaxResults "+q.Get("MaxResults"))}
		}
		matches := all
		if raw := q.Get("SnapshotIds"); raw != "" {
			var ids []string
			if err := json.Unmarshal([]byte(raw), &ids); err != nil || len(ids) > 100 {
				return fakeAnswer{Status: 403, Body: apiErrorBody("InvalidSnapshotIds.Malformed", "too many")}
			}
			want := map[string]bool{}
			for _, id := range ids {
				want[id] = true
			}
			matches = nil
			for i, s := range all {
				if want[fmt.Sprintf("s-%03d", i)] {
					matches = append(matches, s)
				}
			}
		}
		start := 0
		if tok := q.Get("NextToken"); tok != "" {
			if start, err = strconv.Atoi(tok); err != nil {
				return fakeAnswer{Status: 400, Body: apiErrorBody("InvalidNextToken", tok)}
			}
		}
		end := min(start+size, len(matches))
		next := ""
		if end < len(matches) {
			next = strconv.Itoa(end)
		}
		return fakeAnswer{Body: map[string]any{
			"TotalCount": len(matches), "NextToken": next, "PageSize": size,
			"Snapshots": map[string]any{"Snapshot": matches[start:end]},
		}}
	}
}

func TestDescribeSnapshots_walksEveryPage(t *testing.T) {
	fake := newFakeECS(t, pagedSnapshots(t, 250))
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 {
		t.Fatalf("%d snapshots, want 250", len(got))
	}
	for i, s := range got {
		if want := fmt.Sprintf("s-%03d", i); s.SnapshotID != want || s.Progress != 100 {
			t.Fatalf("snapshot %d = %s %d%%, want %s 100%%", i, s.SnapshotID, s.Progress, want)
		}
	}
	calls := fake.Calls()
	wantTokens := []string{"", "100", "200"}
	if len(calls) != len(wantTokens) {
		t.Fatalf("%d calls, want %d", len(calls), len(wantTokens))
	}
	for i, call := range calls {
		if call.Query.Get("NextToken") != wantTokens[i] || call.Query.Get("MaxResults") != "100" || call.Query.Get("RegionId") != "cn-hangzhou" {
			t.Errorf("call %d query %v", i, call.Query)
		}
		if call.Query.Has("PageNumber") || call.Query.Has("PageSize") {
			t.Errorf("call %d mixes paging styles: %v", i, call.Query)
		}
	}
}

func TestDescribeSnapshots_splitsIDsByHundred(t *testing.T) {
	fake := newFakeECS(t, pagedSnapshots(t, 300))
	c, _ := newTestClient(t, fake.server.URL, nil)
	var ids []string
	for i := 0; i < 250; i++ {
		ids = append(ids, fmt.Sprintf("s-%03d", i))
	}
	ids = append(ids, "s-000", "s-123", "s-999") // duplicates and one unknown ID
	got, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{SnapshotIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 {
		t.Fatalf("%d snapshots, want 250", len(got))
	}
	var sizes []int
	for _, call := range fake.Calls() {
		var sent []string
		if err := json.Unmarshal([]byte(call.Query.Get("SnapshotIds")), &sent); err != nil {
			t.Fatalf("SnapshotIds %q is no JSON array: %v", call.Query.Get("SnapshotIds"), err)
		}
		sizes = append(sizes, len(sent))
	}
	if want := []int{100, 100, 51}; !reflect.DeepEqual(sizes, want) {
		t.Errorf("chunk sizes %v, want %v", sizes, want)
	}
}

func TestDescribeSnapshots_sendsEveryFilter(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	start := time.Date(2019, 12, 13, 17, 0, 42, 0, time.UTC)
	end := time.Date(2019, 12, 14, 6, 0, 0, 0, time.FixedZone("CST", 8*3600))
	encrypted := false
	_, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{
		InstanceID: "i-1", DiskID: "d-1", SnapshotLinkID: "sl-1", SnapshotIDs: []string{"s-1", "s-2"}, SnapshotName: "name",
		Status: "accomplished", SnapshotType: "user", Usage: "none", SourceDiskType: "data", Encrypted: &encrypted,
		ResourceGroupID: "rg-1", KMSKeyID: "kms-1", Category: "Standard", Tags: map[string]string{"b": "2", "a": "1"},
		CreationStartTime: &start, CreationEndTime: &end,
	})
	if err != nil {
		t.Fatal(err)
	}
	q := fake.Calls()[0].Query
	want := map[string]string{
		"RegionId": "cn-hangzhou", "InstanceId": "i-1", "DiskId": "d-1", "SnapshotLinkId": "sl-1", "SnapshotIds": `["s-1","s-2"]`,
		"SnapshotName": "name", "Status": "accomplished", "SnapshotType": "user", "Usage": "none", "SourceDiskType": "data",
		"Encrypted": "false", "ResourceGroupId": "rg-1", "KMSKeyId": "kms-1", "Category": "Standard", "MaxResults": "100",
		"Tag.1.Key": "a", "Tag.1.Value": "1", "Tag.2.Key": "b", "Tag.2.Value": "2",
		"Filter.1.Key": "CreationStartTime", "Filter.1.Value": "2019-12-13T17:00Z",
		"Filter.2.Key": "CreationEndTime", "Filter.2.Value": "2019-12-13T22:00Z",
	}
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if q.Has("DryRun") || q.Has("NextToken") {
		t.Errorf("zero values sent: %v", q)
	}
}

func TestDescribeSnapshots_endTimeAloneIsFilterOne(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	end := time.Date(2024, 1, 2, 3, 4, 0, 0, time.UTC)
	if _, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{CreationEndTime: &end}); err != nil {
		t.Fatal(err)
	}
	q := fake.Calls()[0].Query
	if q.Get("Filter.1.Key") != "CreationEndTime" || q.Get("Filter.1.Value") != "2024-01-02T03:04Z" || q.Has("Filter.2.Key") {
		t.Errorf("filters %v", q)
	}
}

func TestDescribeSnapshots_dryRunAnswersAnError(t *testing.T) {
	fake := newFakeECS(t, func(call fakeCall, _ int) fakeAnswer {
		if call.Query.Get("DryRun") != "true" {
			t.Errorf("DryRun = %q", call.Query.Get("DryRun"))
		}
		return fakeAnswer{Status: http.StatusBadRequest, Body: apiErrorBody("DryRunOperation", "Request validation has been passed with DryRun flag set.")}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	_, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{DryRun: true})
	if !client.IsDryRunOK(err) {
		t.Fatalf("error %v, want DryRunOperation", err)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestDescribeSnapshots_refusesALoopingToken(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"NextToken": "same", "Snapshots": map[string]any{"Snapshot": []any{}}}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	_, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{})
	if !client.IsCode(err, "InvalidResponse") {
		t.Fatalf("error %v, want InvalidResponse", err)
	}
	if n := len(fake.Calls()); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
}

func TestDescribeSnapshots_convertsEveryField(t *testing.T) {
	// The sample answer of the API reference's DescribeSnapshots page.
	const sample = `{"Status":"accomplished","CreationTime":"2020-08-20T14:52:28Z","Progress":"100%","InstantAccess":true,
	"Available":true,"RemainTime":38,"SourceDiskSize":"40","RetentionDays":30,"SourceDiskType":"system","SourceStorageType":"disk",
	"Usage":"image","LastModifiedTime":"2020-08-25T14:18:09Z","Encrypted":true,"SnapshotType":"all","SourceDiskId":"d-bp67acfmxazb4ph****",
	"SnapshotName":"testSnapshotName","InstantAccessRetentionDays":30,"Description":"testDescription","SnapshotId":"s-bp67acfmxazb4p****",
	"RegionId":"cn-hangzhou","ResourceGroupId":"rg-bp67acfmxazb4p****","Category":"standard","KMSKeyId":"0e478b7a-4262-4802-b8cb-00d3fb40****",
	"SnapshotSN":"64472-116742336-61976****","ProductCode":"jxsc000****","SourceSnapshotId":"s-bp67acfmxazb4p****","SourceRegionId":"cn-hangzhou",
	"SnapshotLinkId":"sl-bp1grgphbcc9brb5****","Tags":{"Tag":[{"TagValue":"TestValue","TagKey":"TestKey"}]}}`
	var item map[string]any
	if err := json.Unmarshal([]byte(sample), &item); err != nil {
		t.Fatal(err)
	}
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"TotalCount": 1, "Snapshots": map[string]any{"Snapshot": []any{item}}}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{})
	if err != nil {
		t.Fatal(err)
	}
	want := Snapshot{
		SnapshotID: "s-bp67acfmxazb4p****", SnapshotName: "testSnapshotName", Description: "testDescription", Status: "accomplished",
		Progress: 100, RemainTime: 38, CreationTime: time.Date(2020, 8, 20, 14, 52, 28, 0, time.UTC),
		LastModifiedTime: time.Date(2020, 8, 25, 14, 18, 9, 0, time.UTC), SourceDiskID: "d-bp67acfmxazb4ph****", SourceDiskSize: 40,
		SourceDiskType: "system", SourceStorageType: "disk", RetentionDays: 30, InstantAccess: true, InstantAccessRetentionDays: 30,
		Available: true, Encrypted: true, SnapshotType: "all", Usage: "image", RegionID: "cn-hangzhou", ResourceGroupID: "rg-bp67acfmxazb4p****",
		Category: "standard", KMSKeyID: "0e478b7a-4262-4802-b8cb-00d3fb40****", SnapshotSN: "64472-116742336-61976****", ProductCode: "jxsc000****",
		SourceSnapshotID: "s-bp67acfmxazb4p****", SourceRegionID: "cn-hangzhou", SnapshotLinkID: "sl-bp1grgphbcc9brb5****",
		Tags: map[string]string{"TestKey": "TestValue"},
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// Every field of Snapshot is set above, so a field added later without conversion fails here.
	v := reflect.ValueOf(want)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("the test leaves %s at its zero value", v.Type().Field(i).Name)
		}
	}
}

func TestDescribeSnapshots_toleratesOddItems(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"Snapshots": map[string]any{"Snapshot": []any{
			map[string]any{"SnapshotId": "s-1", "Progress": "", "SourceDiskSize": "", "CreationTime": "", "Tags": map[string]any{}},
			map[string]any{"SnapshotId": "s-2", "Progress": "n/a", "SourceDiskSize": "x", "CreationTime": "soon",
				"Tags": map[string]any{"Tag": []any{map[string]any{"TagValue": "orphan"}, map[string]any{"TagKey": "k"}}}},
		}}}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Progress != 0 || !got[1].CreationTime.IsZero() || !reflect.DeepEqual(got[1].Tags, map[string]string{"k": ""}) {
		t.Errorf("got %+v", got)
	}
}
