package backend

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func diskIDs(t *testing.T, b *Backend, in DescribeDisksInput) ([]string, *DescribeDisksOutput) {
	t.Helper()
	in.RegionID = region
	out, err := b.DescribeDisks(in)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range out.Disks.Disk {
		ids = append(ids, d.DiskId)
	}
	return ids, out
}

func TestDescribeDisks_filters(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	all := DefaultFixture().Disks
	ids, out := diskIDs(t, b, DescribeDisksInput{PageSize: "100"})
	if len(ids) != len(all) || out.TotalCount != len(all) || ids[0] != all[0].DiskID {
		t.Fatalf("all disks: %v", ids)
	}
	if ids, _ := diskIDs(t, b, DescribeDisksInput{InstanceID: instWeb}); strings.Join(ids, ",") != diskWebSys+","+diskWebData {
		t.Fatalf("by instance: %v", ids)
	}
	if ids, _ := diskIDs(t, b, DescribeDisksInput{DiskIDs: fmt.Sprintf(`["%s","%s"]`, diskSpare, diskEncrypted)}); strings.Join(ids, ",") != diskEncrypted+","+diskSpare {
		t.Fatalf("by ids: %v", ids)
	}
	if ids, _ := diskIDs(t, b, DescribeDisksInput{Encrypted: "true"}); len(ids) != 1 || ids[0] != diskEncrypted {
		t.Fatalf("encrypted: %v", ids)
	}
	sys, _ := diskIDs(t, b, DescribeDisksInput{DiskType: "system"})
	data, _ := diskIDs(t, b, DescribeDisksInput{DiskType: "data"})
	if len(sys)+len(data) != len(all) || len(sys) == 0 || len(data) == 0 {
		t.Fatalf("system %v data %v", sys, data)
	}
	if ids, _ := diskIDs(t, b, DescribeDisksInput{Category: "cloud_efficiency"}); len(ids) != 4 {
		t.Fatalf("cloud_efficiency: %v", ids)
	}
	_, enc := diskIDs(t, b, DescribeDisksInput{DiskIDs: fmt.Sprintf(`["%s"]`, diskEncrypted)})
	d := enc.Disks.Disk[0]
	if d.Size != 2000 || d.KMSKeyId != kmsKey || !d.Encrypted || d.Category != "cloud_essd" || d.Type != "data" || d.Status != "In_use" ||
		d.RegionId != region || d.ZoneId == "" || d.InstanceId != instBatch || d.ResourceGroupId != rgOther {
		t.Fatalf("%+v", d)
	}
	raw, _ := json.Marshal(d)
	for _, field := range []string{`"DiskId"`, `"DiskName"`, `"InstanceId"`, `"Type"`, `"Category"`, `"Size":2000`, `"Encrypted"`, `"KMSKeyId"`, `"Status"`, `"RegionId"`, `"ZoneId"`, `"ResourceGroupId"`} {
		if !strings.Contains(string(raw), field) {
			t.Fatalf("%s missing from %s", field, raw)
		}
	}
	// Paging by token walks every disk once.
	var walked []string
	token := ""
	for {
		ids, out := diskIDs(t, b, DescribeDisksInput{MaxResults: "3", NextToken: token})
		walked = append(walked, ids...)
		if out.NextToken == "" {
			break
		}
		token = out.NextToken
	}
	if len(walked) != len(all) {
		t.Fatalf("walked %d disks, want %d", len(walked), len(all))
	}
	for _, tc := range []struct {
		in     DescribeDisksInput
		status int
		code   string
	}{
		{DescribeDisksInput{}, 400, "MissingParameter"},
		{DescribeDisksInput{RegionID: "cn-beijing"}, 404, "InvalidRegionId.NotFound"},
		{DescribeDisksInput{RegionID: region, DiskIDs: "d-1"}, 400, "InvalidDiskIds.Malformed"},
		{DescribeDisksInput{RegionID: region, DiskType: "root"}, 400, "InvalidParameter"},
		{DescribeDisksInput{RegionID: region, Encrypted: "x"}, 400, "InvalidParameter"},
		{DescribeDisksInput{RegionID: region, PageSize: "101"}, 400, "InvalidParam.PageSize"},
		{DescribeDisksInput{RegionID: region, NextToken: encodeToken("999")}, 400, "InvalidParameter.NextToken"},
	} {
		_, err := b.DescribeDisks(tc.in)
		wantAPIError(t, err, tc.status, tc.code)
	}
}

func TestDescribeInstances_filters(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	out, err := b.DescribeInstances(DescribeInstancesInput{RegionID: region})
	if err != nil {
		t.Fatal(err)
	}
	if out.TotalCount != len(DefaultFixture().Instances) || out.PageSize != 10 {
		t.Fatalf("%+v", out)
	}
	locked := 0
	for _, in := range out.Instances.Instance {
		if in.RegionId != region || in.ZoneId == "" || in.InstanceName == "" {
			t.Fatalf("%+v", in)
		}
		if len(in.OperationLocks.LockReason) == 1 && in.OperationLocks.LockReason[0].LockReason == "security" {
			locked++
		}
	}
	if locked != 1 {
		t.Fatalf("%d instances locked for security, want 1", locked)
	}
	out, err = b.DescribeInstances(DescribeInstancesInput{RegionID: region, Status: "Stopped"})
	if err != nil || out.TotalCount != 2 {
		t.Fatalf("Stopped: %v %+v", err, out)
	}
	out, err = b.DescribeInstances(DescribeInstancesInput{RegionID: region, InstanceIDs: fmt.Sprintf(`["%s"]`, instWeb)})
	if err != nil || out.TotalCount != 1 || out.Instances.Instance[0].Status != "Running" {
		t.Fatalf("by id: %v %+v", err, out)
	}
	out, err = b.DescribeInstances(DescribeInstancesInput{RegionID: region, PageSize: "2", PageNumber: "3"})
	if err != nil || len(out.Instances.Instance) != 1 || out.NextToken != "" || out.PageNumber != 3 {
		t.Fatalf("last page: %v %+v", err, out)
	}
	_, err = b.DescribeInstances(DescribeInstancesInput{RegionID: region, InstanceIDs: "[1"})
	wantAPIError(t, err, 400, "InvalidInstanceIds.Malformed")
	_, err = b.DescribeInstances(DescribeInstancesInput{})
	wantAPIError(t, err, 400, "MissingParameter")
}
