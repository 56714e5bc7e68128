package emulator

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

const instanceLocked = "i-bp1f8s2hx1a9zq4ne0lk" // Running, locked for security

// webStatusSDK is the status of instanceRunning (web-prod-01), which these tests stop and start.
func webStatusSDK(t *testing.T, c *ecs.Client, region string) string {
	t.Helper()
	out, err := c.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: tea.String(region), InstanceIds: tea.String(`["` + instanceRunning + `"]`)})
	mustOK(t, err)
	if len(out.Body.Instances.Instance) != 1 {
		t.Fatalf("DescribeInstances(%s): %s", instanceRunning, tea.Prettify(out.Body))
	}
	return tea.StringValue(out.Body.Instances.Instance[0].Status)
}

func diskStatusSDK(t *testing.T, c *ecs.Client, region, id string) string {
	t.Helper()
	out, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: tea.String(region), DiskIds: tea.String(`["` + id + `"]`)})
	mustOK(t, err)
	if len(out.Body.Disks.Disk) != 1 {
		t.Fatalf("DescribeDisks(%s): %s", id, tea.Prettify(out.Body))
	}
	return tea.StringValue(out.Body.Disks.Disk[0].Status)
}

// The runbook through the v4 SDK's typed calls: stop the instance (Stopping, then Stopped), roll its disk back to
// a snapshot of it (ReIniting, then In_use again, the roll-back recorded in GET fixture and not in DescribeDisks),
// start it (Starting, then Running).
func TestPowerAPI_runbookThroughSDK(t *testing.T) {
	clk := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clk.Now, PowerDuration: time.Minute, RollbackDuration: time.Minute}, Config{})
	c := sdk(t, ts)
	snap := createSnapshot(t, c, diskRunningData)

	stop, err := c.StopInstances(&ecs.StopInstancesRequest{RegionId: tea.String(ts.Region), InstanceId: []*string{tea.String(instanceRunning)},
		ForceStop: tea.Bool(false), StoppedMode: tea.String("KeepCharging")})
	mustOK(t, err)
	rs := stop.Body.InstanceResponses.InstanceResponse
	if len(rs) != 1 || tea.StringValue(rs[0].InstanceId) != instanceRunning || tea.StringValue(rs[0].Code) != "200" ||
		tea.StringValue(rs[0].PreviousStatus) != "Running" || tea.StringValue(rs[0].CurrentStatus) != "Stopping" || tea.StringValue(stop.Body.RequestId) == "" {
		t.Fatalf("StopInstances answered %s", tea.Prettify(stop.Body))
	}
	if got := webStatusSDK(t, c, ts.Region); got != "Stopping" {
		t.Fatalf("after StopInstances: %s", got)
	}
	_, err = c.ResetDisk(&ecs.ResetDiskRequest{DiskId: tea.String(diskRunningData), SnapshotId: tea.String(snap)})
	wantAPIError(t, err, 403, "IncorrectInstanceStatus")
	clk.Advance(time.Minute)
	if got := webStatusSDK(t, c, ts.Region); got != "Stopped" {
		t.Fatalf("a minute after StopInstances: %s", got)
	}
	if got := diskStatusSDK(t, c, ts.Region, diskRunningData); got != "In_use" {
		t.Fatalf("disk of the stopped instance: %s, want In_use", got)
	}

	_, err = c.ResetDisk(&ecs.ResetDiskRequest{DiskId: tea.String(diskRunningData), SnapshotId: tea.String(snap), DryRun: tea.Bool(true)})
	wantAPIError(t, err, 400, "DryRunOperation")
	reset, err := c.ResetDisk(&ecs.ResetDiskRequest{DiskId: tea.String(diskRunningData), SnapshotId: tea.String(snap)})
	mustOK(t, err)
	if tea.StringValue(reset.Body.RequestId) == "" {
		t.Error("ResetDisk answered no RequestId")
	}
	if got := diskStatusSDK(t, c, ts.Region, diskRunningData); got != "ReIniting" {
		t.Fatalf("disk during its roll-back: %s, want ReIniting", got)
	}
	// DescribeDisks says nothing of the roll-back beyond the status: the raw answer has no such field.
	status, body := control(t, ts, http.MethodGet, "/_emulator/ecs/fixture", "")
	if status != http.StatusOK {
		t.Fatalf("GET fixture: %d %s", status, body)
	}
	var view []backend.RegionView
	if err := json.Unmarshal([]byte(body), &view); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range view[0].Disks {
		if d.DiskID == diskRunningData {
			found = true
			if d.RolledBackToSnapshotID != snap || d.RollbackCount != 1 || d.RolledBackAt == nil || d.Status != "ReIniting" {
				t.Errorf("GET fixture shows the disk as %+v", d)
			}
		}
	}
	if !found {
		t.Fatalf("GET fixture has no %s: %s", diskRunningData, body)
	}
	_, err = c.StartInstances(&ecs.StartInstancesRequest{RegionId: tea.String(ts.Region), InstanceId: []*string{tea.String(instanceRunning)}})
	wantAPIError(t, err, 403, "IncorrectDiskStatus")
	clk.Advance(time.Minute)
	if got := diskStatusSDK(t, c, ts.Region, diskRunningData); got != "In_use" {
		t.Fatalf("disk after its roll-back: %s, want In_use", got)
	}

	start, err := c.StartInstances(&ecs.StartInstancesRequest{RegionId: tea.String(ts.Region), InstanceId: []*string{tea.String(instanceRunning)},
		BatchOptimization: tea.String("SuccessFirst")})
	mustOK(t, err)
	rs2 := start.Body.InstanceResponses.InstanceResponse
	if len(rs2) != 1 || tea.StringValue(rs2[0].CurrentStatus) != "Starting" || tea.StringValue(rs2[0].PreviousStatus) != "Stopped" {
		t.Fatalf("StartInstances answered %s", tea.Prettify(start.Body))
	}
	clk.Advance(time.Minute)
	if got := webStatusSDK(t, c, ts.Region); got != "Running" {
		t.Fatalf("a minute after StartInstances: %s", got)
	}
}

// The errors of ResetDisk and StopInstances as the SDK reports them (code and HTTP status), and the singular calls.
func TestPowerAPI_refusalsThroughSDK(t *testing.T) {
	ts := StartTestServer(t, backend.Options{PowerDuration: -1, RollbackDuration: -1}, Config{})
	c := sdk(t, ts)
	snap := createSnapshot(t, c, diskRunningData)
	other := createSnapshot(t, c, diskStoppedData)

	_, err := c.ResetDisk(&ecs.ResetDiskRequest{SnapshotId: tea.String(snap)})
	wantAPIError(t, err, 400, "MissingParameter")
	_, err = c.ResetDisk(&ecs.ResetDiskRequest{DiskId: tea.String("d-bp1nothere000000000"), SnapshotId: tea.String(snap)})
	wantAPIError(t, err, 404, "InvalidDiskId.NotFound")
	_, err = c.ResetDisk(&ecs.ResetDiskRequest{DiskId: tea.String(diskStoppedData), SnapshotId: tea.String("s-bp1nothere000000000")})
	wantAPIError(t, err, 404, "InvalidSnapshotId.NotFound")
	_, err = c.ResetDisk(&ecs.ResetDiskRequest{DiskId: tea.String(diskStoppedData), SnapshotId: tea.String(snap)})
	wantAPIError(t, err, 403, "InvalidParameter.Mismatch")
	_, err = c.ResetDisk(&ecs.ResetDiskRequest{DiskId: tea.String(diskLocked), SnapshotId: tea.String(snap)})
	wantAPIError(t, err, 403, "InstanceLockedForSecurity")
	_, err = c.ResetDisk(&ecs.ResetDiskRequest{DiskId: tea.String(diskStoppedData), SnapshotId: tea.String(other)})
	mustOK(t, err) // a roll-back with no duration: done at once

	_, err = c.StopInstances(&ecs.StopInstancesRequest{RegionId: tea.String(ts.Region), InstanceId: []*string{tea.String(instanceStopped)}})
	wantAPIError(t, err, 403, "IncorrectInstanceStatus")
	_, err = c.StopInstances(&ecs.StopInstancesRequest{RegionId: tea.String(ts.Region), InstanceId: []*string{tea.String("i-bp1nothere000000000")}})
	wantAPIError(t, err, 404, "InvalidInstanceId.NotFound")
	_, err = c.StopInstances(&ecs.StopInstancesRequest{RegionId: tea.String(ts.Region), InstanceId: []*string{tea.String(instanceLocked)}})
	wantAPIError(t, err, 403, "InstanceLockedForSecurity")
	_, err = c.StopInstances(&ecs.StopInstancesRequest{RegionId: tea.String(ts.Region), InstanceId: []*string{tea.String(instanceRunning)}, DryRun: tea.Bool(true)})
	wantAPIError(t, err, 400, "DryRunOperation")
	_, err = c.StopInstances(&ecs.StopInstancesRequest{RegionId: tea.String(ts.Region)})
	wantAPIError(t, err, 400, "MissingParameter")

	// The singular forms take no RegionId and answer only a RequestId.
	_, err = c.StopInstance(&ecs.StopInstanceRequest{InstanceId: tea.String(instanceRunning)})
	mustOK(t, err)
	if got := webStatusSDK(t, c, ts.Region); got != "Stopped" {
		t.Fatalf("after StopInstance with no duration: %s", got)
	}
	_, err = c.StopInstance(&ecs.StopInstanceRequest{InstanceId: tea.String(instanceRunning)})
	wantAPIError(t, err, 403, "IncorrectInstanceStatus")
	_, err = c.StartInstance(&ecs.StartInstanceRequest{InstanceId: tea.String(instanceRunning)})
	mustOK(t, err)
	if got := webStatusSDK(t, c, ts.Region); got != "Running" {
		t.Fatalf("after StartInstance with no duration: %s", got)
	}
}

// The duration controls: PUT power-duration and rollback-duration; a negative or malformed duration is refused.
func TestPowerAPI_durationControls(t *testing.T) {
	clk := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clk.Now}, Config{})
	c := sdk(t, ts)
	for _, path := range []string{"/_emulator/ecs/power-duration", "/_emulator/ecs/rollback-duration"} {
		if status, body := control(t, ts, http.MethodPut, path, `{"duration":"-1s"}`); status != http.StatusBadRequest {
			t.Errorf("PUT %s -1s: %d %s, want 400", path, status, body)
		}
		if status, body := control(t, ts, http.MethodPut, path, `{"duration":"0s"}`); status != http.StatusNoContent {
			t.Fatalf("PUT %s 0s: %d %s", path, status, body)
		}
	}
	_, err := c.StopInstances(&ecs.StopInstancesRequest{RegionId: tea.String(ts.Region), InstanceId: []*string{tea.String(instanceRunning)}})
	mustOK(t, err)
	if got := webStatusSDK(t, c, ts.Region); got != "Stopped" {
		t.Errorf("with power-duration 0s: %s, want Stopped at once", got)
	}
	if status, body := control(t, ts, http.MethodPut, "/_emulator/ecs/power-duration", `{"duration":"10s"}`); status != http.StatusNoContent {
		t.Fatalf("PUT power-duration 10s: %d %s", status, body)
	}
	_, err = c.StartInstances(&ecs.StartInstancesRequest{RegionId: tea.String(ts.Region), InstanceId: []*string{tea.String(instanceRunning)}})
	mustOK(t, err)
	clk.Advance(9 * time.Second)
	if got := webStatusSDK(t, c, ts.Region); got != "Starting" {
		t.Errorf("9 s into a 10 s start: %s, want Starting", got)
	}
	clk.Advance(time.Second)
	if got := webStatusSDK(t, c, ts.Region); got != "Running" {
		t.Errorf("10 s into a 10 s start: %s, want Running", got)
	}
}
