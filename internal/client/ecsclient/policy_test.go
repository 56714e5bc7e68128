package ecsclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

func TestCreateAutoSnapshotPolicy_wireNames(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"AutoSnapshotPolicyId": "sp-1"}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	id, err := c.CreateAutoSnapshotPolicy(context.Background(), AutoSnapshotPolicyInput{
		Name: new("daily"), TimePoints: []int{0, 13}, RepeatWeekdays: []int{1, 7}, RetentionDays: new(-1),
		EnableCrossRegionCopy: new(true), TargetCopyRegions: []string{"cn-shanghai"}, CopiedSnapshotsRetentionDays: new(30),
		CopyEncrypted: new(true), CopyKMSKeyID: new("key-1"),
		Tags: map[string]string{"z": "", "a": "1"}, ResourceGroupID: "rg-1",
		AssociationType: "AssociatedWithInstanceTag", TargetTags: map[string]string{"env": "prod", "app": ""},
	})
	if err != nil || id != "sp-1" {
		t.Fatalf("CreateAutoSnapshotPolicy = %q, %v", id, err)
	}
	call := fake.Calls()[0]
	if call.Action != "CreateAutoSnapshotPolicy" {
		t.Errorf("action %q", call.Action)
	}
	if v := call.Query.Get("Version"); v != "" && v != "2014-05-26" {
		t.Errorf("Version %q", v)
	}
	wantQuery(t, call.Query, map[string]string{
		"regionId": "cn-hangzhou", "autoSnapshotPolicyName": "daily", "timePoints": `["0","13"]`,
		"repeatWeekdays": `["1","7"]`, "retentionDays": "-1", "EnableCrossRegionCopy": "true",
		"TargetCopyRegions": `["cn-shanghai"]`, "CopiedSnapshotsRetentionDays": "30",
		"CopyEncryptionConfiguration.Encrypted": "true", "CopyEncryptionConfiguration.KMSKeyId": "key-1",
		"Tag.1.Key": "a", "Tag.1.Value": "1", "Tag.2.Key": "z", "Tag.2.Value": "", "ResourceGroupId": "rg-1",
		"AssociationType": "AssociatedWithInstanceTag", "TargetTags.1.Key": "app", "TargetTags.1.Value": "",
		"TargetTags.2.Key": "env", "TargetTags.2.Value": "prod",
	}, "RegionId", "TimePoints", "RepeatWeekdays", "RetentionDays", "AutoSnapshotPolicyName")
}

func TestCreateAutoSnapshotPolicy_sendsOnlyWhatIsSet(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"AutoSnapshotPolicyId": "sp-1"}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.CreateAutoSnapshotPolicy(context.Background(), AutoSnapshotPolicyInput{TimePoints: []int{3}, RepeatWeekdays: []int{2}}); err != nil {
		t.Fatal(err)
	}
	// Tag.1 is the create's marker (client.CreateWithoutToken), the only tag of a policy without tags.
	wantQuery(t, fake.Calls()[0].Query, map[string]string{"regionId": "cn-hangzhou", "timePoints": `["3"]`, "repeatWeekdays": `["2"]`,
		"Tag.1.Key": client.AttemptMarkerKey},
		"autoSnapshotPolicyName", "retentionDays", "EnableCrossRegionCopy", "TargetCopyRegions", "CopiedSnapshotsRetentionDays",
		"CopyEncryptionConfiguration.Encrypted", "CopyEncryptionConfiguration.KMSKeyId", "Tag.2.Key", "ResourceGroupId",
		"AssociationType", "TargetTags.1.Key")
}

// The marker goes after the caller's tags, is removed once the ID is known, and is not sent when the caller's
// tags fill the 20 the API takes.
func TestCreateAutoSnapshotPolicy_markerSentThenRemoved(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"AutoSnapshotPolicyId": "sp-1"}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.CreateAutoSnapshotPolicy(context.Background(), AutoSnapshotPolicyInput{TimePoints: []int{3}, RepeatWeekdays: []int{2},
		Tags: map[string]string{"a": "1"}}); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls()
	if len(calls) != 2 || calls[1].Action != "UntagResources" {
		t.Fatalf("calls %v, want CreateAutoSnapshotPolicy then UntagResources", calls)
	}
	marker := calls[0].Query.Get("Tag.2.Value")
	if calls[0].Query.Get("Tag.1.Key") != "a" || calls[0].Query.Get("Tag.2.Key") != client.AttemptMarkerKey || len(marker) != 36 {
		t.Errorf("create's tags %v: want a, then the marker with a UUID", calls[0].Query)
	}
	wantQuery(t, calls[1].Query, map[string]string{"ResourceType": ResourceTypeAutoSnapshotPolicy, "ResourceId.1": "sp-1",
		"TagKey.1": client.AttemptMarkerKey}, "TagKey.2")

	full := map[string]string{}
	for i := range 20 {
		full[fmt.Sprintf("k%02d", i)] = ""
	}
	fake = newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"AutoSnapshotPolicyId": "sp-2"}}
	})
	c, _ = newTestClient(t, fake.server.URL, nil)
	if _, err := c.CreateAutoSnapshotPolicy(context.Background(), AutoSnapshotPolicyInput{TimePoints: []int{3}, RepeatWeekdays: []int{2}, Tags: full}); err != nil {
		t.Fatal(err)
	}
	if calls := fake.Calls(); len(calls) != 1 || calls[0].Query.Get("Tag.21.Key") != "" {
		t.Errorf("with 20 tags: calls %v, want one create without a marker", calls)
	}
}

func TestCreateAutoSnapshotPolicy_answerWithoutIDIsAnError(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	_, err := c.CreateAutoSnapshotPolicy(context.Background(), AutoSnapshotPolicyInput{TimePoints: []int{3}, RepeatWeekdays: []int{2}})
	if !client.IsCode(err, client.CodeInvalidResponse) {
		t.Fatalf("error %v, want %s", err, client.CodeInvalidResponse)
	}
}

func TestCreateAutoSnapshotPolicy_typedErrorsAndRetries(t *testing.T) {
	fake := newFakeECS(t, func(_ fakeCall, n int) fakeAnswer {
		if n == 1 {
			return throttled()
		}
		return fakeAnswer{Status: http.StatusForbidden, Body: apiErrorBody("AutoSnapshotPolicy.QuotaExceed", "quota")}
	})
	c, clock := newTestClient(t, fake.server.URL, nil)
	_, err := c.CreateAutoSnapshotPolicy(context.Background(), AutoSnapshotPolicyInput{TimePoints: []int{3}, RepeatWeekdays: []int{2}})
	if !client.IsCode(err, "AutoSnapshotPolicy.QuotaExceed") {
		t.Fatalf("error %v, want AutoSnapshotPolicy.QuotaExceed", err)
	}
	if n := len(fake.Calls()); n != 2 || len(clock.Sleeps()) != 1 {
		t.Errorf("%d calls and %d waits, want the throttled call retried once and the quota error not retried", n, len(clock.Sleeps()))
	}
}

func TestModifyAutoSnapshotPolicy_sendsOnlyWhatChanged(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.ModifyAutoSnapshotPolicy(context.Background(), "sp-1", AutoSnapshotPolicyInput{
		Name: new("n2"), Tags: map[string]string{"a": "b"}, ResourceGroupID: "rg-1", AssociationType: "AssociatedWithDisk",
	}); err != nil {
		t.Fatal(err)
	}
	call := fake.Calls()[0]
	if call.Action != "ModifyAutoSnapshotPolicyEx" {
		t.Errorf("action %q", call.Action)
	}
	wantQuery(t, call.Query, map[string]string{"regionId": "cn-hangzhou", "autoSnapshotPolicyId": "sp-1", "autoSnapshotPolicyName": "n2"},
		"timePoints", "repeatWeekdays", "retentionDays", "EnableCrossRegionCopy", "TargetCopyRegions", "CopiedSnapshotsRetentionDays",
		"CopyEncryptionConfiguration.Encrypted", "CopyEncryptionConfiguration.KMSKeyId", "Tag.1.Key", "ResourceGroupId", "AssociationType")
}

func TestModifyAutoSnapshotPolicy_everyField(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.ModifyAutoSnapshotPolicy(context.Background(), "sp-1", AutoSnapshotPolicyInput{
		TimePoints: []int{23}, RepeatWeekdays: []int{1, 2, 3}, RetentionDays: new(65536), EnableCrossRegionCopy: new(false),
		TargetCopyRegions: []string{}, CopiedSnapshotsRetentionDays: new(-1), CopyEncrypted: new(false), CopyKMSKeyID: new(""),
	}); err != nil {
		t.Fatal(err)
	}
	wantQuery(t, fake.Calls()[0].Query, map[string]string{
		"timePoints": `["23"]`, "repeatWeekdays": `["1","2","3"]`, "retentionDays": "65536", "EnableCrossRegionCopy": "false",
		"TargetCopyRegions": `[]`, "CopiedSnapshotsRetentionDays": "-1", "CopyEncryptionConfiguration.Encrypted": "false",
	}, "autoSnapshotPolicyName")
}

func TestDeleteAutoSnapshotPolicy_wireNames(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.DeleteAutoSnapshotPolicy(context.Background(), "sp-1"); err != nil {
		t.Fatal(err)
	}
	call := fake.Calls()[0]
	if call.Action != "DeleteAutoSnapshotPolicy" {
		t.Errorf("action %q", call.Action)
	}
	wantQuery(t, call.Query, map[string]string{"regionId": "cn-hangzhou", "autoSnapshotPolicyId": "sp-1"}, "RegionId", "AutoSnapshotPolicyId")
}

func diskIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("d-%03d", i)
	}
	return ids
}

func sentList(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("%q is no JSON array of strings: %v", s, err)
	}
	return out
}

func TestApplyAutoSnapshotPolicy_splitsDisksByHundred(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	ids := append(diskIDs(201), "d-000") // a duplicate is sent once
	if err := c.ApplyAutoSnapshotPolicy(context.Background(), "sp-1", ids); err != nil {
		t.Fatal(err)
	}
	var sizes []int
	var all []string
	for _, call := range fake.Calls() {
		if call.Action != "ApplyAutoSnapshotPolicy" {
			t.Errorf("action %q", call.Action)
		}
		wantQuery(t, call.Query, map[string]string{"regionId": "cn-hangzhou", "autoSnapshotPolicyId": "sp-1"}, "DiskIds")
		sent := sentList(t, call.Query.Get("diskIds"))
		sizes = append(sizes, len(sent))
		all = append(all, sent...)
	}
	if want := []int{100, 100, 1}; !reflect.DeepEqual(sizes, want) {
		t.Errorf("chunk sizes %v, want %v", sizes, want)
	}
	if !reflect.DeepEqual(all, diskIDs(201)) {
		t.Errorf("disks sent %v", all)
	}
}

func TestCancelAutoSnapshotPolicy_policyIDOnlyWhenGiven(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.CancelAutoSnapshotPolicy(context.Background(), "sp-1", []string{"d-1", "d-2"}); err != nil {
		t.Fatal(err)
	}
	if err := c.CancelAutoSnapshotPolicy(context.Background(), "", []string{"d-3"}); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls()
	if len(calls) != 2 || calls[0].Action != "CancelAutoSnapshotPolicy" {
		t.Fatalf("calls %+v", calls)
	}
	wantQuery(t, calls[0].Query, map[string]string{"regionId": "cn-hangzhou", "autoSnapshotPolicyId": "sp-1", "diskIds": `["d-1","d-2"]`})
	wantQuery(t, calls[1].Query, map[string]string{"regionId": "cn-hangzhou", "diskIds": `["d-3"]`}, "autoSnapshotPolicyId", "AutoSnapshotPolicyId")
}

func TestCancelAutoSnapshotPolicy_typedError(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Status: http.StatusNotFound, Body: apiErrorBody("InvalidDiskId.NotFound", "no disk")}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	err := c.CancelAutoSnapshotPolicy(context.Background(), "", []string{"d-3"})
	var apiErr *client.APIError
	if !client.IsCode(err, "InvalidDiskId.NotFound") || !errors.As(err, &apiErr) || apiErr.HTTPStatus != http.StatusNotFound ||
		apiErr.Action != "CancelAutoSnapshotPolicy" || apiErr.RequestID != "err-req" {
		t.Fatalf("error %#v, want a typed 404 InvalidDiskId.NotFound naming the action and request", err)
	}
}

// pagedPolicies answers DescribeAutoSnapshotPolicyEx by PageNumber/PageSize over n policies.
func pagedPolicies(t *testing.T, n int) func(fakeCall, int) fakeAnswer {
	return func(call fakeCall, _ int) fakeAnswer {
		page, _ := strconv.Atoi(call.Query.Get("PageNumber"))
		size, _ := strconv.Atoi(call.Query.Get("PageSize"))
		if page < 1 || size < 1 || size > 100 {
			t.Errorf("paging %v", call.Query)
			return fakeAnswer{Status: http.StatusBadRequest, Body: apiErrorBody("InvalidParameter", "paging")}
		}
		var items []any
		for i := (page - 1) * size; i < min(page*size, n); i++ {
			items = append(items, map[string]any{"AutoSnapshotPolicyId": fmt.Sprintf("sp-%03d", i), "TimePoints": `["1"]`})
		}
		return fakeAnswer{Body: map[string]any{
			"TotalCount": n, "PageNumber": page, "PageSize": size,
			"AutoSnapshotPolicies": map[string]any{"AutoSnapshotPolicy": items},
		}}
	}
}

func TestDescribeAutoSnapshotPolicies_walksEveryPage(t *testing.T) {
	for _, n := range []int{0, 100, 250} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			fake := newFakeECS(t, pagedPolicies(t, n))
			c, _ := newTestClient(t, fake.server.URL, nil)
			got, err := c.DescribeAutoSnapshotPolicies(context.Background(), DescribeAutoSnapshotPoliciesInput{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("%d policies, want %d", len(got), n)
			}
			for i, p := range got {
				if want := fmt.Sprintf("sp-%03d", i); p.ID != want || !reflect.DeepEqual(p.TimePoints, []int{1}) {
					t.Fatalf("policy %d = %+v, want %s", i, p, want)
				}
			}
			calls := fake.Calls()
			if want := max(1, (n+99)/100); len(calls) != want {
				t.Errorf("%d calls, want %d", len(calls), want)
			}
			for i, call := range calls {
				if call.Action != "DescribeAutoSnapshotPolicyEx" || call.Query.Get("PageNumber") != strconv.Itoa(i+1) ||
					call.Query.Get("PageSize") != "100" || call.Query.Get("RegionId") != "cn-hangzhou" {
					t.Errorf("call %d: %s %v", i, call.Action, call.Query)
				}
			}
		})
	}
}

func TestDescribeAutoSnapshotPolicies_sendsEveryFilter(t *testing.T) {
	fake := newFakeECS(t, pagedPolicies(t, 0))
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.DescribeAutoSnapshotPolicies(context.Background(), DescribeAutoSnapshotPoliciesInput{
		PolicyID: "sp-1", PolicyName: "daily", ResourceGroupID: "rg-1", Tags: map[string]string{"b": "", "a": "1"},
	}); err != nil {
		t.Fatal(err)
	}
	wantQuery(t, fake.Calls()[0].Query, map[string]string{
		"RegionId": "cn-hangzhou", "AutoSnapshotPolicyId": "sp-1", "AutoSnapshotPolicyName": "daily", "ResourceGroupId": "rg-1",
		"Tag.1.Key": "a", "Tag.1.Value": "1", "Tag.2.Key": "b", "Tag.2.Value": "",
	}, "regionId", "autoSnapshotPolicyId")
}

func TestDescribeAutoSnapshotPolicies_convertsEveryField(t *testing.T) {
	item := map[string]any{
		"AutoSnapshotPolicyId": "sp-1", "AutoSnapshotPolicyName": "daily", "RegionId": "cn-hangzhou",
		"CreationTime": "2026-01-02T03:04:05Z", "TimePoints": `["0", "13"]`, "RepeatWeekdays": "[\"1\",\"7\"]",
		"RetentionDays": 30, "DiskNums": 2, "VolumeNums": 1, "Status": "Normal", "Type": "Custom",
		"EnableCrossRegionCopy": true, "TargetCopyRegions": `["cn-shanghai"]`, "CopiedSnapshotsRetentionDays": 7,
		"CopyEncryptionConfiguration": map[string]any{"Encrypted": true, "KMSKeyId": "key-1"},
		"Tags":                        map[string]any{"Tag": []any{map[string]any{"TagKey": "env", "TagValue": "prod"}, map[string]any{"TagKey": "x", "TagValue": ""}}},
		"ResourceGroupId":             "rg-1", "AssociationType": "AssociatedWithInstanceTag",
		"TargetTags": map[string]any{"TargetTag": []any{map[string]any{"Key": "app", "Value": "web"}}},
	}
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"TotalCount": 1, "AutoSnapshotPolicies": map[string]any{"AutoSnapshotPolicy": []any{item}}}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeAutoSnapshotPolicies(context.Background(), DescribeAutoSnapshotPoliciesInput{PolicyID: "sp-1"})
	if err != nil {
		t.Fatal(err)
	}
	want := []AutoSnapshotPolicy{{
		ID: "sp-1", Name: "daily", RegionID: "cn-hangzhou", CreationTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		TimePoints: []int{0, 13}, RepeatWeekdays: []int{1, 7}, RetentionDays: 30, DiskNums: 2, VolumeNums: 1,
		Status: "Normal", Type: "Custom", EnableCrossRegionCopy: true, TargetCopyRegions: []string{"cn-shanghai"},
		CopiedSnapshotsRetentionDays: 7, CopyEncrypted: true, CopyKMSKeyID: "key-1",
		Tags: map[string]string{"env": "prod", "x": ""}, ResourceGroupID: "rg-1",
		AssociationType: "AssociatedWithInstanceTag", TargetTags: map[string]string{"app": "web"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// The answer's stale and odd editions: RetentionDays as a string, lists as real arrays or comma lists, numbers
// as strings. None of them fails the call.
func TestDescribeAutoSnapshotPolicies_toleratesOddItems(t *testing.T) {
	items := []any{
		map[string]any{"AutoSnapshotPolicyId": "sp-1", "RetentionDays": "-1", "TimePoints": []any{"2", 3}, "RepeatWeekdays": "1,2",
			"DiskNums": "4", "EnableCrossRegionCopy": "true", "TargetCopyRegions": "", "Tags": []any{map[string]any{"Key": "k", "Value": "v"}}},
		map[string]any{"AutoSnapshotPolicyId": "sp-2", "TimePoints": "not json", "RepeatWeekdays": nil, "Tags": "odd", "CopyEncryptionConfiguration": nil},
		"not an object",
	}
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"TotalCount": "2", "AutoSnapshotPolicies": map[string]any{"AutoSnapshotPolicy": items}}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeAutoSnapshotPolicies(context.Background(), DescribeAutoSnapshotPoliciesInput{})
	if err == nil {
		// A non-object item makes the answer unreadable as a whole: that is reported, not guessed at.
		t.Fatalf("got %+v, want an error for the non-object item", got)
	}
	if !client.IsCode(err, client.CodeInvalidResponse) {
		t.Fatalf("error %v, want %s", err, client.CodeInvalidResponse)
	}

	fake2 := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"TotalCount": "2", "AutoSnapshotPolicies": map[string]any{"AutoSnapshotPolicy": items[:2]}}}
	})
	c2, _ := newTestClient(t, fake2.server.URL, nil)
	got, err = c2.DescribeAutoSnapshotPolicies(context.Background(), DescribeAutoSnapshotPoliciesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d policies, want 2", len(got))
	}
	p := got[0]
	if p.RetentionDays != -1 || !reflect.DeepEqual(p.TimePoints, []int{2, 3}) || !reflect.DeepEqual(p.RepeatWeekdays, []int{1, 2}) ||
		p.DiskNums != 4 || !p.EnableCrossRegionCopy || len(p.TargetCopyRegions) != 0 || !reflect.DeepEqual(p.Tags, map[string]string{"k": "v"}) {
		t.Errorf("sp-1 read as %+v", p)
	}
	if q := got[1]; q.ID != "sp-2" || len(q.TimePoints) != 0 || q.RepeatWeekdays != nil || len(q.Tags) != 0 {
		t.Errorf("sp-2 read as %+v", q)
	}
}

// pagedDisks answers DescribeDisks with NextToken/MaxResults over n disks, filtered by DiskIds.
func pagedDisks(t *testing.T, n int) func(fakeCall, int) fakeAnswer {
	return func(call fakeCall, _ int) fakeAnswer {
		size, _ := strconv.Atoi(call.Query.Get("MaxResults"))
		from, _ := strconv.Atoi(call.Query.Get("NextToken"))
		if size < 1 || size > 500 || call.Query.Has("PageNumber") {
			t.Errorf("paging %v", call.Query)
		}
		var want map[string]bool
		if s := call.Query.Get("DiskIds"); s != "" {
			want = map[string]bool{}
			for _, id := range sentList(t, s) {
				want[id] = true
			}
		}
		var matched []any
		for i := range n {
			id := fmt.Sprintf("d-%03d", i)
			if want == nil || want[id] {
				matched = append(matched, map[string]any{"DiskId": id, "AutoSnapshotPolicyId": "", "Size": 40})
			}
		}
		to := min(from+size, len(matched))
		next := ""
		if to < len(matched) {
			next = strconv.Itoa(to)
		}
		return fakeAnswer{Body: map[string]any{"NextToken": next, "Disks": map[string]any{"Disk": matched[from:to]}}}
	}
}

func TestDescribeDisks_splitsIDsByHundredAndWalksPages(t *testing.T) {
	fake := newFakeECS(t, pagedDisks(t, 300))
	c, _ := newTestClient(t, fake.server.URL, nil)
	ids := append(diskIDs(250), "d-000", "d-999")
	got, err := c.DescribeDisks(context.Background(), DescribeDisksInput{DiskIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 {
		t.Fatalf("%d disks, want 250", len(got))
	}
	var sizes []int
	for _, call := range fake.Calls() {
		if call.Action != "DescribeDisks" || call.Query.Get("RegionId") != "cn-hangzhou" {
			t.Errorf("call %s %v", call.Action, call.Query)
		}
		sizes = append(sizes, len(sentList(t, call.Query.Get("DiskIds"))))
	}
	if want := []int{100, 100, 51}; !reflect.DeepEqual(sizes, want) {
		t.Errorf("chunk sizes %v, want %v", sizes, want)
	}
}

func TestDescribeDisks_walksEveryPageWithoutIDs(t *testing.T) {
	fake := newFakeECS(t, pagedDisks(t, 250))
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeDisks(context.Background(), DescribeDisksInput{InstanceID: "i-1", AutoSnapshotPolicyID: "sp-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 || got[249].DiskID != "d-249" || got[0].SizeGiB != 40 {
		t.Fatalf("%d disks, last %+v", len(got), got[len(got)-1])
	}
	calls := fake.Calls()
	wantTokens := []string{"", "100", "200"}
	if len(calls) != len(wantTokens) {
		t.Fatalf("%d calls, want %d", len(calls), len(wantTokens))
	}
	for i, call := range calls {
		wantQuery(t, call.Query, map[string]string{"NextToken": wantTokens[i], "MaxResults": "100", "InstanceId": "i-1", "AutoSnapshotPolicyId": "sp-1"}, "DiskIds")
	}
}

func TestDescribeDisks_emptyIDListAsksForNothing(t *testing.T) {
	fake := newFakeECS(t, pagedDisks(t, 3))
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeDisks(context.Background(), DescribeDisksInput{DiskIDs: []string{}})
	if err != nil || len(got) != 0 || len(fake.Calls()) != 0 {
		t.Fatalf("got %v, %v after %d calls; want nothing and no call", got, err, len(fake.Calls()))
	}
}

func TestDescribeDisks_convertsFields(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"Disks": map[string]any{"Disk": []any{map[string]any{
			"DiskId": "d-1", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-k", "InstanceId": "i-1", "Status": "In_use",
			"Type": "data", "Category": "cloud_essd", "Size": 40, "AutoSnapshotPolicyId": "sp-1", "EnableAutomatedSnapshotPolicy": true,
		}}}}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeDisks(context.Background(), DescribeDisksInput{DiskIDs: []string{"d-1"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Disk{{DiskID: "d-1", RegionID: "cn-hangzhou", ZoneID: "cn-hangzhou-k", InstanceID: "i-1", Status: "In_use", Type: "data",
		Category: "cloud_essd", SizeGiB: 40, AutoSnapshotPolicyID: "sp-1", EnableAutomatedSnapshotPolicy: true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestTagResources_policyResourceType(t *testing.T) {
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	ctx := context.Background()
	if err := c.TagResources(ctx, ResourceTypeAutoSnapshotPolicy, []string{"sp-1"}, map[string]string{"a": "1"}); err != nil {
		t.Fatal(err)
	}
	if err := c.UntagResources(ctx, ResourceTypeAutoSnapshotPolicy, []string{"sp-1"}, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if err := c.JoinResourceGroup(ctx, ResourceTypeAutoSnapshotPolicy, "sp-1", "rg-2"); err != nil {
		t.Fatal(err)
	}
	for _, call := range fake.Calls() {
		wantQuery(t, call.Query, map[string]string{"ResourceType": "snapshotpolicy"})
	}
}

func TestParseJSONList_forms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{``, nil},
		{`  `, nil},
		{`[]`, []string{}},
		{`["0","13"]`, []string{"0", "13"}},
		{`[0, 13]`, []string{"0", "13"}},
		{`[" 1 ", "", null, {}]`, []string{"1"}},
		{`1,2, 3`, []string{"1", "2", "3"}},
		{`["1","2"`, []string{"1", "2"}},
		{`"cn-hangzhou"`, []string{"cn-hangzhou"}},
	} {
		if got := parseJSONList(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseJSONList(%q) = %#v, want %#v", tc.in, got, tc.want)
		}
	}
	if got := parseIntList([]string{"1", "x", " 7 ", "2.5"}); !reflect.DeepEqual(got, []int{1, 7}) {
		t.Errorf("parseIntList = %v", got)
	}
}

// FuzzParseJSONList_roundTrip: hours written as the API writes them (a JSON array of strings in a string) read
// back unchanged, and no input panics.
func FuzzParseJSONList_roundTrip(f *testing.F) {
	f.Add([]byte{0, 13, 23}, `["1"]`)
	f.Add([]byte{}, `[1,"2",`)
	f.Add([]byte{7}, `{"a":1}`)
	f.Fuzz(func(t *testing.T, hours []byte, junk string) {
		_ = parseJSONList(junk)
		var l flexList
		_ = json.Unmarshal([]byte(junk), &l)
		ns := make([]int, len(hours))
		for i, h := range hours {
			ns[i] = int(h)
		}
		got := parseIntList(parseJSONList(intJSONArray(ns)))
		if !reflect.DeepEqual(got, ns) {
			t.Fatalf("round trip of %v gave %v", ns, got)
		}
		// The same list sent as a JSON string inside the answer.
		inner, _ := json.Marshal(intJSONArray(ns))
		if err := json.Unmarshal(inner, &l); err != nil || !reflect.DeepEqual(parseIntList(l), ns) {
			t.Fatalf("flexList of %s gave %v, %v", inner, l, err)
		}
	})
}
