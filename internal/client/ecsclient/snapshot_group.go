package ecsclient

import "time"

// CreateSnapshotGroupInput holds CreateSnapshotGroup's parameters; zero values are not sent.
type CreateSnapshotGroupInput struct {
	InstanceID                 string
	DiskIDs                    []string // DiskId.N
	ExcludeDiskIDs             []string // ExcludeDiskId.N
	Name                       string
	Description                string
	InstantAccess              bool
	InstantAccessRetentionDays int
	ResourceGroupID            string
	Tags                       map[string]string
	ClientToken                string
}

// DescribeSnapshotGroupsInput holds every DescribeSnapshotGroups filter; zero values are not sent.
type DescribeSnapshotGroupsInput struct {
	// SnapshotGroupIDs is sent as SnapshotGroupId.N, 10 a call; nil = no filter, empty non-nil = nothing.
	SnapshotGroupIDs []string
	InstanceID       string
	Name             string
	Statuses         []string // Status.N: progressing, accomplished, failed
	ResourceGroupID  string
	Tags             map[string]string
}

// ModifySnapshotGroupInput holds ModifySnapshotGroup's parameters; nil fields are not sent.
type ModifySnapshotGroupInput struct {
	SnapshotGroupID string
	Name            *string
	Description     *string
}

// SnapshotGroup is one item of DescribeSnapshotGroups, every documented field in plain types.
type SnapshotGroup struct {
	SnapshotGroupID string
	Name            string
	Description     string
	InstanceID      string // set only when every member snapshot comes from one instance
	CreationTime    time.Time
	Status          string // progressing, accomplished, failed
	ProgressStatus  string
	ResourceGroupID string
	Tags            map[string]string
	Snapshots       []SnapshotGroupMember
}

// SnapshotGroupMember is one snapshot of a group.
type SnapshotGroupMember struct {
	SnapshotID                 string
	SourceDiskID               string
	SourceDiskType             string // system or data
	Progress                   int    // percent, parsed from "NN%"
	Available                  bool
	InstantAccess              bool
	InstantAccessRetentionDays int
	Tags                       map[string]string
}

// SnapshotGroupOperation is one item of DeleteSnapshotGroup's OperationProgressSet.
type SnapshotGroupOperation struct {
	OperationStatus string // Success, else an error
	ErrorCode       string
	ErrorMsg        string
	SnapshotIDs     []string // RelatedItemSet items named SnapshotId
}

// OK reports whether the operation succeeded.
func (o SnapshotGroupOperation) OK() bool { return o.OperationStatus == "Success" }
