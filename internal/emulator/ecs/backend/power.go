package backend

import (
	"fmt"
	"time"
)

// Instances' power state (StopInstances, StartInstances and their singular forms) and rolling a disk back to one
// of its snapshots (ResetDisk). Both are asynchronous on ECS: the call answers at once and the instance or disk
// passes through a transitional status for a while. Here the transition ends at a time fixed by the call (the
// power or roll-back duration then in force) and is settled lazily, when the world is next looked at (begin),
// as snapshots progress.

// Instance statuses (https://www.alibabacloud.com/help/en/ecs/user-guide/instance-lifecycle).
const (
	instanceRunning  = "Running"
	instanceStopping = "Stopping"
	instanceStopped  = "Stopped"
	instanceStarting = "Starting"
)

// Disk statuses ResetDisk reads and writes.
const (
	diskInUse     = "In_use"
	diskAvailable = "Available"
	// diskRollingBack is the status of a disk being rolled back. DescribeDisks' documented statuses
	// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describedisks: In_use,
	// Available, Attaching, Detaching, Creating, ReIniting) name no separate roll-back status; ReIniting, "being
	// initialized", is the one whose content is being rewritten, as a roll-back rewrites it, so a roll-back shows it.
	diskRollingBack = "ReIniting"
)

// Default durations of the transitions: long enough that a client sees the transitional status on a poll or
// two, short enough for demos and tests. Options and the controls change them.
const (
	DefaultPowerDuration    = 2 * time.Second
	DefaultRollbackDuration = 2 * time.Second
)

// maxInstancesPerCall is the most InstanceId.N StopInstances and StartInstances take
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-stopinstances).
const maxInstancesPerCall = 100

// Batch modes (BatchOptimization) and stop modes (StoppedMode) of StopInstances / StartInstances.
const (
	batchAllTogether  = "AllTogether"
	batchSuccessFirst = "SuccessFirst"
	stopCharging      = "StopCharging"
	keepCharging      = "KeepCharging"
)

// The errors of ResetDisk (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-resetdisk)
// and of StopInstances / StartInstances, which answer the instance codes with the same statuses.
var (
	errIncorrectDiskStatus = apiErr(403, "IncorrectDiskStatus", "The current disk status does not support this operation.")
	errNotStopped          = apiErr(403, "IncorrectInstanceStatus", "The current status of the resource does not support this operation.")
	errLocked              = apiErr(403, "InstanceLockedForSecurity", "The instance is locked due to security.")
	// A snapshot of another disk: the reference's error list names InvalidParameter.Mismatch for it ("The specified
	// snapshot is not created from the specified disk.", 403), the InvalidParameter family the reference points to.
	errSnapshotOfOtherDisk = apiErr(403, "InvalidParameter.Mismatch", "The specified snapshot is not created from the specified disk.")
	// A snapshot still being made, or one that failed, holds no complete copy of the disk to roll back to. ResetDisk's
	// reference lists no code for it; ECS answers InvalidSnapshotId.NotReady where a snapshot must be complete (as
	// CreateImage documents it: https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createimage).
	errSnapshotNotReady = apiErr(403, "InvalidSnapshotId.NotReady", "The specified snapshot has not completed yet.")
	// Starting an instance while one of its disks is rolled back: the instance cannot boot from a disk being rewritten.
	// StartInstances' reference gives no code for it; the disk's own status code says what is wrong.
	errDiskRollingBack  = apiErr(403, "IncorrectDiskStatus", "A disk of the instance is being rolled back; start the instance once the roll-back has ended.")
	errTooManyInstances = apiErr(400, "InvalidParameter",
		fmt.Sprintf("The specified parameter \"InstanceId.N\" is not valid: at most %d instances per call.", maxInstancesPerCall))
)

// SetPowerDuration sets how long an instance stays Stopping or Starting after StopInstances or StartInstances
// (0 = the change is immediate). Transitions already started keep their end.
func (b *Backend) SetPowerDuration(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.powerDur = max(d, 0)
}

// SetRollbackDuration sets how long a disk stays ReIniting after ResetDisk (0 = the roll-back is immediate).
// Roll-backs already started keep their end.
func (b *Backend) SetRollbackDuration(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.rollbackDur = max(d, 0)
}

// transitionDuration is an Options duration: 0 means def, negative means at once.
func transitionDuration(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

// settleTransitions ends the instances' and disks' transitions whose time has come; it reports whether any did.
func (r *regionState) settleTransitions(now time.Time) bool {
	changed := false
	for i := range r.Instances {
		in := &r.Instances[i]
		if in.TransitionEnds.IsZero() || now.Before(in.TransitionEnds) {
			continue
		}
		switch in.Status {
		case instanceStopping:
			in.Status = instanceStopped
		case instanceStarting:
			in.Status = instanceRunning
			in.EverStarted = true
		}
		in.TransitionEnds = time.Time{}
		changed = true
	}
	for i := range r.Disks {
		d := &r.Disks[i]
		if d.RollbackEnds.IsZero() || now.Before(d.RollbackEnds) {
			continue
		}
		d.Status, d.StatusBeforeRollback, d.RollbackEnds = d.StatusBeforeRollback, "", time.Time{}
		changed = true
	}
	return changed
}

// diskStatus is the disk's status as DescribeDisks shows it: a fixture may leave it empty, and then the
// attachment decides.
func diskStatus(d *Disk) string {
	if d.Status != "" {
		return d.Status
	}
	if d.InstanceID != "" {
		return diskInUse
	}
	return diskAvailable
}

// ResetDisk rolls a disk back to one of its snapshots. The checks follow the reference's order of concerns:
// parameters, existence, the security lock (which forbids every operation, so it comes before any state),
// the disk's and the instance's state, then the snapshot's fit.
func (b *Backend) ResetDisk(in ResetDiskInput) error {
	now := b.begin()
	defer b.mu.Unlock()
	if in.DiskID == "" {
		return ErrMissingParameter("DiskId")
	}
	if in.SnapshotID == "" {
		return ErrMissingParameter("SnapshotId")
	}
	dryRun, ok := parseBool(in.DryRun)
	if !ok {
		return ErrInvalidParameter("DryRun")
	}
	// ResetDisk takes no RegionId: the disk's region is the call's.
	r, rerr := b.regionFor(in.RegionID, false, func() *regionState { return b.w.findDisk(in.DiskID) })
	if rerr != nil {
		return rerr
	}
	d := r.diskByID[in.DiskID]
	if d == nil {
		return errDiskNotFound
	}
	s := r.byID[in.SnapshotID]
	if s == nil {
		return errSnapshotNotFound
	}
	inst := r.instByID[d.InstanceID]
	if inst != nil && inst.LockedForSecurity {
		return errLocked
	}
	if st := diskStatus(d); st != diskInUse && st != diskAvailable {
		return errIncorrectDiskStatus
	}
	if inst != nil && inst.Status != instanceStopped {
		return errNotStopped
	}
	if s.DiskID != d.DiskID {
		return errSnapshotOfOtherDisk
	}
	if s.status(now) != "accomplished" {
		return errSnapshotNotReady
	}
	if dryRun {
		return errDryRun()
	}
	d.StatusBeforeRollback = diskStatus(d)
	d.Status = diskRollingBack
	d.RollbackEnds = now.Add(b.rollbackDur)
	d.RolledBackToSnapshotID = s.ID
	d.RolledBackAt = now
	d.RollbackCount++
	if b.rollbackDur == 0 {
		r.settleTransitions(now)
	}
	return b.saveLocked()
}

// StopInstances stops Running instances: Stopping, then Stopped once the power duration has passed.
func (b *Backend) StopInstances(in PowerInput) (*PowerOutput, error) {
	return b.changePower(in, instanceRunning, instanceStopping)
}

// StartInstances starts Stopped instances: Starting, then Running once the power duration has passed.
func (b *Backend) StartInstances(in PowerInput) (*PowerOutput, error) {
	return b.changePower(in, instanceStopped, instanceStarting)
}

// changePower is StopInstances (from Running to Stopping) or StartInstances (from Stopped to Starting). With
// BatchOptimization AllTogether (the default) every instance changes or the call fails with the first refusal;
// with SuccessFirst each changes on its own and the answer says how each fared, and a DryRun answers
// DryRunOperation whatever the checks find, as the reference notes.
func (b *Backend) changePower(in PowerInput, from, via string) (*PowerOutput, error) {
	now := b.begin()
	defer b.mu.Unlock()
	if len(in.InstanceIDs) == 0 {
		return nil, ErrMissingParameter("InstanceId")
	}
	if len(in.InstanceIDs) > maxInstancesPerCall {
		return nil, errTooManyInstances
	}
	for _, id := range in.InstanceIDs {
		if id == "" {
			return nil, ErrMissingParameter("InstanceId")
		}
	}
	dryRun, ok := parseBool(in.DryRun)
	if !ok {
		return nil, ErrInvalidParameter("DryRun")
	}
	if _, ok := parseBool(in.ForceStop); !ok {
		return nil, ErrInvalidParameter("ForceStop")
	}
	switch in.StoppedMode {
	case "", stopCharging, keepCharging:
	default:
		return nil, ErrInvalidParameter("StoppedMode")
	}
	batch := in.BatchOptimization
	switch batch {
	case "":
		batch = batchAllTogether
	case batchAllTogether, batchSuccessFirst:
	default:
		return nil, ErrInvalidParameter("BatchOptimization")
	}
	// The singular calls take no RegionId: the instance's region is the call's. The batch calls require it.
	r, rerr := b.regionFor(in.RegionID, !in.Single, func() *regionState { return b.w.findInstance(in.InstanceIDs[0]) })
	if rerr != nil {
		return nil, rerr
	}
	type verdict struct {
		inst *Instance
		err  *Error
	}
	seen := map[string]bool{}
	var ids []string
	verdicts := map[string]verdict{}
	for _, id := range in.InstanceIDs {
		if seen[id] {
			continue // an instance named twice is changed once
		}
		seen[id] = true
		ids = append(ids, id)
		inst := r.instByID[id]
		verdicts[id] = verdict{inst: inst, err: r.powerRefusal(inst, from)}
	}
	if batch == batchSuccessFirst && dryRun {
		return nil, errDryRun()
	}
	if batch == batchAllTogether {
		for _, id := range ids {
			if err := verdicts[id].err; err != nil {
				return nil, err
			}
		}
		if dryRun {
			return nil, errDryRun()
		}
	}
	out := &PowerOutput{InstanceResponses: InstanceResponseList{InstanceResponse: []InstanceResponse{}}}
	changed := false
	for _, id := range ids {
		v := verdicts[id]
		if v.err != nil {
			resp := InstanceResponse{InstanceId: id, Code: v.err.Code, Message: v.err.Message}
			if v.inst != nil {
				resp.PreviousStatus, resp.CurrentStatus = v.inst.Status, v.inst.Status
			}
			out.InstanceResponses.InstanceResponse = append(out.InstanceResponses.InstanceResponse, resp)
			continue
		}
		v.inst.Status = via
		v.inst.TransitionEnds = now.Add(b.powerDur)
		if via == instanceStopping && in.StoppedMode != "" {
			v.inst.StoppedMode = in.StoppedMode
		}
		changed = true
		out.InstanceResponses.InstanceResponse = append(out.InstanceResponses.InstanceResponse,
			InstanceResponse{InstanceId: id, Code: "200", Message: "success", PreviousStatus: from, CurrentStatus: via})
	}
	if !changed {
		return out, nil
	}
	if b.powerDur == 0 {
		r.settleTransitions(now)
		for i, resp := range out.InstanceResponses.InstanceResponse {
			if resp.Code == "200" {
				out.InstanceResponses.InstanceResponse[i].CurrentStatus = r.instByID[resp.InstanceId].Status
			}
		}
	}
	return out, b.saveLocked()
}

// powerRefusal is why inst cannot go from the status from, nil when it can.
func (r *regionState) powerRefusal(inst *Instance, from string) *Error {
	switch {
	case inst == nil:
		return errInstanceNotFound
	case inst.LockedForSecurity:
		return errLocked
	case inst.Status != from:
		return errNotStopped
	case from == instanceStopped:
		for i := range r.Disks {
			if r.Disks[i].InstanceID == inst.InstanceID && r.Disks[i].Status == diskRollingBack {
				return errDiskRollingBack
			}
		}
	}
	return nil
}

// findInstance is the region holding the instance, nil when none does.
func (w *world) findInstance(id string) *regionState {
	for _, r := range w.Regions {
		if _, ok := r.instByID[id]; ok {
			return r
		}
	}
	return nil
}

// ResetDiskInput holds ResetDisk's parameters as the wire carried them.
type ResetDiskInput struct{ RegionID, DiskID, SnapshotID, DryRun string }

// PowerInput holds the parameters of StopInstances and StartInstances (InstanceId.N), or of their singular forms
// (Single: one InstanceId, no RegionId, no batch mode).
type PowerInput struct {
	RegionID, DryRun, ForceStop, StoppedMode, BatchOptimization string
	InstanceIDs                                                 []string
	Single                                                      bool
}

// PowerOutput is StopInstances' and StartInstances' answer.
type PowerOutput struct {
	InstanceResponses InstanceResponseList `json:"InstanceResponses" xml:"InstanceResponses"`
}

type InstanceResponseList struct {
	InstanceResponse []InstanceResponse `json:"InstanceResponse" xml:"InstanceResponse"`
}

// InstanceResponse is one instance's outcome: Code "200" and Message "success", or the instance's error.
//
//nolint:revive // wire names
type InstanceResponse struct {
	InstanceId     string `json:"InstanceId" xml:"InstanceId"`
	Code           string `json:"Code" xml:"Code"`
	Message        string `json:"Message" xml:"Message"`
	PreviousStatus string `json:"PreviousStatus" xml:"PreviousStatus"`
	CurrentStatus  string `json:"CurrentStatus" xml:"CurrentStatus"`
}
