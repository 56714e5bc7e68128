package ecsclient

// Rolling a disk back, and the instances' power state that a roll-back needs: the calls of the runbook
// "stop the instance, roll its disks back, start it again".

// Instance and disk states of the ECS API that these calls move between
// (https://www.alibabacloud.com/help/en/ecs/user-guide/instance-lifecycle, and DescribeDisks' Status).
const (
	InstanceStatusRunning  = "Running"
	InstanceStatusStopping = "Stopping"
	InstanceStatusStopped  = "Stopped"
	InstanceStatusStarting = "Starting"
	InstanceStatusPending  = "Pending"

	DiskStatusInUse     = "In_use"
	DiskStatusAvailable = "Available"
	// DiskStatusReIniting is the status a disk shows while it is rolled back (ResetDisk) or re-initialised: the
	// one transitional status of DescribeDisks' documented list that rewrites the disk's content
	// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describedisks). The
	// reference names no separate roll-back status; wait for In_use or Available after a roll-back.
	DiskStatusReIniting = "ReIniting"
)

// Batch modes of StopInstances and StartInstances (BatchOptimization,
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-stopinstances).
const (
	// BatchAllTogether (the API's default): every instance is changed, or the call fails as a whole.
	BatchAllTogether = "AllTogether"
	// BatchSuccessFirst: each instance is changed on its own; the answer has each one's outcome.
	BatchSuccessFirst = "SuccessFirst"
)

// Stop modes of StopInstances (StoppedMode).
const (
	StoppedModeStopCharging = "StopCharging"
	StoppedModeKeepCharging = "KeepCharging"
)

// InstanceOperationSucceeded is the Code of an InstanceOperation that succeeded, as the API writes it.
const InstanceOperationSucceeded = "200"

// instanceIDsPerCall is the most InstanceId.N that StopInstances and StartInstances take, and the most IDs
// DescribeInstances' InstanceIds holds.
const instanceIDsPerCall = 100

// ResetDiskInput holds ResetDisk's parameters.
type ResetDiskInput struct {
	DiskID     string
	SnapshotID string
	// DryRun checks the request only: the API answers DryRunOperation (client.IsDryRunOK) when it would succeed.
	DryRun bool
}

// StopInstancesInput holds StopInstances' parameters; zero values are not sent.
type StopInstancesInput struct {
	InstanceIDs []string // 1 to 100
	ForceStop   bool
	StoppedMode string // StoppedModeStopCharging | StoppedModeKeepCharging; "" = the API's default
	// BatchOptimization is BatchAllTogether (also "", the API's default) or BatchSuccessFirst.
	BatchOptimization string
	DryRun            bool
}

// StartInstancesInput holds StartInstances' parameters; zero values are not sent.
type StartInstancesInput struct {
	InstanceIDs []string // 1 to 100
	// BatchOptimization is BatchAllTogether (also "", the API's default) or BatchSuccessFirst.
	BatchOptimization string
	DryRun            bool
}

// InstanceOperation is one instance's outcome of StopInstances or StartInstances (InstanceResponses): Code is
// InstanceOperationSucceeded, or the error code of that instance (with BatchSuccessFirst).
type InstanceOperation struct {
	InstanceID, PreviousStatus, CurrentStatus, Code, Message string
}

// Succeeded reports whether the instance's operation succeeded.
func (o InstanceOperation) Succeeded() bool { return o.Code == InstanceOperationSucceeded }

// DescribeInstancesInput holds the DescribeInstances filters the provider uses; zero values are not sent. An
// empty, non-nil InstanceIDs finds nothing (without a call).
type DescribeInstancesInput struct {
	InstanceIDs []string
	Status      string
}

// Instance is one item of DescribeInstances, the fields the provider uses.
type Instance struct {
	InstanceID, RegionID, ZoneID, Status, InstanceName string
	// LockReasons are OperationLocks' reasons; "security" forbids every operation on the instance.
	LockReasons []string
}

// LockedForSecurity reports whether the instance is locked for security, which forbids every operation.
func (i Instance) LockedForSecurity() bool {
	for _, r := range i.LockReasons {
		if r == "security" {
			return true
		}
	}
	return false
}
