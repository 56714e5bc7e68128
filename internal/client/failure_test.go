package client

import (
	"errors"
	"strings"
	"testing"
)

// Explain words every failure the same way: what was being done, the region, the API's error as it is, and,
// for the codes a user can act on, what to check.
func TestFailureExplain(t *testing.T) {
	desktop := Failure{Doing: "Creating a snapshot of the system disk of cloud desktop ecd-1", Region: "cn-hangzhou",
		Subject: "cloud desktop ecd-1", Status: "Starting", Allowed: []string{"Running", "Stopped"}}
	status := &APIError{Product: ProductECD, Action: "CreateSnapshot", Code: "IncorrectInstanceStatus", HTTPStatus: 400,
		Message: "The current status of the resource does not support this operation.", RequestID: "RID-1"}
	for _, tc := range []struct {
		name string
		f    Failure
		err  error
		want []string
		not  []string
	}{
		{"status refusal names the status, the allowed ones and the region", desktop, status, []string{
			"Creating a snapshot of the system disk of cloud desktop ecd-1 in region cn-hangzhou: ECD CreateSnapshot failed: " +
				"IncorrectInstanceStatus: The current status of the resource does not support this operation. (HTTP 400, request ID RID-1)",
			"\n\nThe API refused the call because of the current status of cloud desktop ecd-1 (it is Starting now). " +
				"The operation is allowed only in status Running or Stopped. Check its status in region cn-hangzhou",
		}, nil},
		{"status not known", Failure{Doing: "Creating a snapshot of disk d-1", Region: "cn-shanghai", Subject: "disk d-1"},
			&APIError{Product: ProductECS, Action: "CreateSnapshot", Code: "IncorrectDiskStatus", HTTPStatus: 403},
			[]string{"current status of disk d-1. Check its status in region cn-shanghai"}, []string{"now)", "allowed only"}},
		{"not found names the region to check", Failure{Doing: "Deleting snapshot s-1", Region: "cn-hangzhou", Subject: "snapshot s-1"},
			&APIError{Product: ProductECS, Action: "DeleteSnapshot", Code: "InvalidSnapshotId.NotFound", HTTPStatus: 404},
			[]string{"Deleting snapshot s-1 in region cn-hangzhou: ECS DeleteSnapshot failed: InvalidSnapshotId.NotFound",
				"The API found no such object in region cn-hangzhou (snapshot s-1). Check the ID"}, nil},
		{"throttling", Failure{Doing: "Tagging snapshot s-1"}, &APIError{Product: ProductECS, Action: "TagResources", Code: "Throttling.User"},
			[]string{"Tagging snapshot s-1: ECS TagResources failed", "flow control", "-parallelism"}, []string{" in region"}},
		{"permission", Failure{Doing: "Creating an automatic snapshot policy", Region: "cn-hangzhou"},
			&APIError{Product: ProductECS, Action: "CreateAutoSnapshotPolicy", Code: "Forbidden.RAM", HTTPStatus: 403},
			[]string{"grant the RAM user or role the ECS CreateAutoSnapshotPolicy action"}, nil},
		{"quota", Failure{Doing: "Creating a snapshot of disk d-1", Region: "cn-hangzhou"},
			&APIError{Product: ProductECS, Action: "CreateSnapshot", Code: "QuotaExceed.Snapshot", HTTPStatus: 403},
			[]string{"A quota of the account in region cn-hangzhou is reached"}, nil},
		{"5xx", Failure{Doing: "Reading snapshot s-1", Region: "cn-hangzhou"},
			&APIError{Product: ProductECS, Action: "DescribeSnapshots", Code: "InternalError", HTTPStatus: 500},
			[]string{"failed on its side", "request ID to Alibaba Cloud support"}, nil},
		{"a code with nothing to add gets the error alone", Failure{Doing: "Copying snapshot s-1 to region cn-shanghai", Region: "cn-hangzhou"},
			&APIError{Product: ProductECS, Action: "CopySnapshot", Code: "InvalidSnapshotName.Malformed", HTTPStatus: 403},
			[]string{"Copying snapshot s-1 to region cn-shanghai in region cn-hangzhou: ECS CopySnapshot failed: InvalidSnapshotName.Malformed"},
			[]string{"\n\n"}},
		{"the API error's own advice is not repeated", Failure{Doing: "Reading snapshot s-1", Region: "cn-hangzhou", Subject: "snapshot s-1"},
			&APIError{Product: ProductECS, Action: "DescribeSnapshots", Code: "InvalidAccessKeyId.NotFound", HTTPStatus: 404},
			[]string{"knows no access key with this ID"}, []string{"The API found no such object"}},
		{"not an API error", Failure{Doing: "Reading snapshot s-1", Region: "cn-hangzhou"}, errors.New("boom"),
			[]string{"Reading snapshot s-1 in region cn-hangzhou: boom"}, []string{"\n\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.f.Explain(tc.err)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Explain() = %q\nlacks %q", got, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("Explain() = %q\nhas %q", got, n)
				}
			}
		})
	}
}

func TestIsStatusRefusal(t *testing.T) {
	for code, want := range map[string]bool{
		"IncorrectInstanceStatus": true, "IncorrectDiskStatus": true, "IncorrectDiskStatus.CreatingSnapshot": true,
		"InvalidDesktop.IncorrectStatus": true, "OperationDenied.InstanceStatus": true,
		"InvalidStatus.NotFound": false, "InvalidSnapshotId.NotFound": false, "Throttling": false,
	} {
		if got := IsStatusRefusal(&APIError{Code: code}); got != want {
			t.Errorf("IsStatusRefusal(%s) = %v, want %v", code, got, want)
		}
	}
	if IsStatusRefusal(errors.New("IncorrectInstanceStatus")) {
		t.Error("a plain error is no status refusal")
	}
}
