package ecsclient

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

func TestResetDisk_parameters(t *testing.T) {
	t.Parallel()
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.ResetDisk(context.Background(), ResetDiskInput{DiskID: "d-1", SnapshotID: "s-1", DryRun: true}); err != nil {
		t.Fatal(err)
	}
	call := fake.Calls()[0]
	if call.Action != actionResetDisk {
		t.Errorf("action %q", call.Action)
	}
	wantQuery(t, call.Query, map[string]string{"DiskId": "d-1", "SnapshotId": "s-1", "DryRun": "true"})
	if err := c.ResetDisk(context.Background(), ResetDiskInput{DiskID: "d-1"}); err == nil || len(fake.Calls()) != 1 {
		t.Errorf("ResetDisk without a snapshot = %v after %d calls, want a refusal without a call", err, len(fake.Calls()))
	}
}

// A roll-back whose answer was lost is found rolling back by the repeat (IncorrectDiskStatus): success.
func TestResetDisk_lostAnswerThenRollingBack(t *testing.T) {
	t.Parallel()
	fake := newFakeECS(t, func(call fakeCall, n int) fakeAnswer {
		switch {
		case call.Action == actionResetDisk && n == 1:
			return fakeAnswer{Drop: true}
		case call.Action == actionResetDisk:
			return fakeAnswer{Status: http.StatusForbidden, Body: apiErrorBody(codeIncorrectDiskStatus, "The current disk status does not support this operation.")}
		default:
			return fakeAnswer{Body: map[string]any{"Disks": map[string]any{"Disk": []any{map[string]any{"DiskId": "d-1", "Status": DiskStatusReIniting}}}}}
		}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.ResetDisk(context.Background(), ResetDiskInput{DiskID: "d-1", SnapshotID: "s-1"}); err != nil {
		t.Fatalf("ResetDisk = %v, want success", err)
	}
	var actions []string
	for _, call := range fake.Calls() {
		actions = append(actions, call.Action)
	}
	if len(actions) != 3 || actions[2] != actionDescribeDisks {
		t.Errorf("calls %v, want ResetDisk, ResetDisk, DescribeDisks", actions)
	}
}

// IncorrectDiskStatus on a first attempt is the API's answer: the disk was not usable before the call.
func TestResetDisk_incorrectStatusFirstIsAnError(t *testing.T) {
	t.Parallel()
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Status: http.StatusForbidden, Body: apiErrorBody(codeIncorrectDiskStatus, "The current disk status does not support this operation.")}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	err := c.ResetDisk(context.Background(), ResetDiskInput{DiskID: "d-1", SnapshotID: "s-1"})
	if !client.IsCode(err, codeIncorrectDiskStatus) || len(fake.Calls()) != 1 {
		t.Fatalf("ResetDisk = %v after %d calls, want IncorrectDiskStatus after one", err, len(fake.Calls()))
	}
}

func TestStopInstances_parametersAndOutcomes(t *testing.T) {
	t.Parallel()
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Body: map[string]any{"InstanceResponses": map[string]any{"InstanceResponse": []any{
			map[string]any{"InstanceId": "i-1", "Code": "200", "Message": "success", "PreviousStatus": "Running", "CurrentStatus": "Stopping"},
			map[string]any{"InstanceId": "i-2", "Code": "IncorrectInstanceStatus", "Message": "no", "PreviousStatus": "Stopped", "CurrentStatus": "Stopped"},
		}}}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	ops, err := c.StopInstances(context.Background(), StopInstancesInput{InstanceIDs: []string{"i-1", "i-2"}, ForceStop: true,
		StoppedMode: StoppedModeKeepCharging, BatchOptimization: BatchSuccessFirst})
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, fake.Calls()[0].Query, map[string]string{"RegionId": "cn-hangzhou", "InstanceId.1": "i-1", "InstanceId.2": "i-2",
		"ForceStop": "true", "StoppedMode": "KeepCharging", "BatchOptimization": "SuccessFirst"}, "DryRun")
	want := []InstanceOperation{
		{InstanceID: "i-1", PreviousStatus: "Running", CurrentStatus: "Stopping", Code: "200", Message: "success"},
		{InstanceID: "i-2", PreviousStatus: "Stopped", CurrentStatus: "Stopped", Code: "IncorrectInstanceStatus", Message: "no"},
	}
	if len(ops) != 2 || ops[0] != want[0] || ops[1] != want[1] || !ops[0].Succeeded() || ops[1].Succeeded() {
		t.Errorf("outcomes %+v, want %+v", ops, want)
	}
}

func TestStopInstances_refusesWithoutCall(t *testing.T) {
	t.Parallel()
	fake := newFakeECS(t, nil)
	c, _ := newTestClient(t, fake.server.URL, nil)
	if _, err := c.StopInstances(context.Background(), StopInstancesInput{}); err == nil {
		t.Error("no instance: want an error")
	}
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = "i-x"
	}
	if _, err := c.StartInstances(context.Background(), StartInstancesInput{InstanceIDs: ids}); err == nil {
		t.Error("101 instances: want an error")
	}
	if n := len(fake.Calls()); n != 0 {
		t.Errorf("%d calls, want none", n)
	}
}

func TestDescribeInstances_pagesAndLocks(t *testing.T) {
	t.Parallel()
	fake := newFakeECS(t, func(call fakeCall, _ int) fakeAnswer {
		if call.Query.Get("NextToken") == "" {
			return fakeAnswer{Body: map[string]any{"NextToken": "p2", "Instances": map[string]any{"Instance": []any{
				map[string]any{"InstanceId": "i-1", "Status": "Running", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-i", "InstanceName": "a",
					"OperationLocks": map[string]any{"LockReason": []any{map[string]any{"LockReason": "security"}}}},
			}}}}
		}
		return fakeAnswer{Body: map[string]any{"Instances": map[string]any{"Instance": []any{
			map[string]any{"InstanceId": "i-2", "Status": "Stopped"},
		}}}}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	got, err := c.DescribeInstances(context.Background(), DescribeInstancesInput{Status: "Running"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].InstanceID != "i-1" || !got[0].LockedForSecurity() || got[0].ZoneID != "cn-hangzhou-i" ||
		got[1].InstanceID != "i-2" || got[1].LockedForSecurity() {
		t.Errorf("instances %+v", got)
	}
	wantQuery(t, fake.Calls()[0].Query, map[string]string{"Status": "Running", "MaxResults": "100"}, "InstanceIds")
	if none, err := c.DescribeInstances(context.Background(), DescribeInstancesInput{InstanceIDs: []string{}}); err != nil || len(none) != 0 || len(fake.Calls()) != 2 {
		t.Errorf("empty ID list = %v, %v after %d calls, want nothing without a call", none, err, len(fake.Calls()))
	}
}

// The roll-back of the lost attempt ended between the repeat's IncorrectDiskStatus and the read of the disk: one more
// roll-back to the same snapshot, whose answer is final.
func TestResetDisk_lostAnswerRollbackEndedMeanwhile(t *testing.T) {
	t.Parallel()
	fake := newFakeECS(t, func(call fakeCall, n int) fakeAnswer {
		switch {
		case call.Action == actionResetDisk && n == 1:
			return fakeAnswer{Drop: true}
		case call.Action == actionResetDisk && n == 2:
			return fakeAnswer{Status: http.StatusForbidden, Body: apiErrorBody(codeIncorrectDiskStatus, "The current disk status does not support this operation.")}
		case call.Action == actionResetDisk:
			return fakeAnswer{}
		default:
			return fakeAnswer{Body: map[string]any{"Disks": map[string]any{"Disk": []any{map[string]any{"DiskId": "d-1", "Status": DiskStatusInUse}}}}}
		}
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	if err := c.ResetDisk(context.Background(), ResetDiskInput{DiskID: "d-1", SnapshotID: "s-1"}); err != nil {
		t.Fatalf("ResetDisk = %v, want success", err)
	}
	var actions []string
	for _, call := range fake.Calls() {
		actions = append(actions, call.Action)
	}
	if want := []string{actionResetDisk, actionResetDisk, actionDescribeDisks, actionResetDisk}; !slices.Equal(actions, want) {
		t.Errorf("calls %v, want %v", actions, want)
	}
}
