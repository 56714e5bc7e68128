package ecsclient

import "time"

// AutoSnapshotPolicyInput holds the parameters of CreateAutoSnapshotPolicy and ModifyAutoSnapshotPolicyEx.
// On Modify, nil fields are not sent (left unchanged); the create-only fields are ignored.
type AutoSnapshotPolicyInput struct {
	Name                         *string
	TimePoints                   []int // hours 0-23 (UTC+8); nil = unchanged on Modify
	RepeatWeekdays               []int // 1-7, 1 = Monday; nil = unchanged on Modify
	RetentionDays                *int  // -1 = forever
	EnableCrossRegionCopy        *bool
	TargetCopyRegions            []string // nil = unchanged; JSON array on the wire
	CopiedSnapshotsRetentionDays *int
	CopyEncrypted                *bool
	CopyKMSKeyID                 *string
	// Create only:
	Tags            map[string]string
	ResourceGroupID string
	AssociationType string            // "" = not sent (API default AssociatedWithDisk); AssociatedWithInstanceTag
	TargetTags      map[string]string // TargetTags.N.Key/Value, with AssociatedWithInstanceTag
}

// DescribeAutoSnapshotPoliciesInput holds DescribeAutoSnapshotPolicyEx's filters; zero values are not sent.
type DescribeAutoSnapshotPoliciesInput struct {
	PolicyID, PolicyName, ResourceGroupID string
	Tags                                  map[string]string
}

// AutoSnapshotPolicy is one item of DescribeAutoSnapshotPolicyEx in plain types.
type AutoSnapshotPolicy struct {
	ID, Name, RegionID           string
	CreationTime                 time.Time
	TimePoints, RepeatWeekdays   []int
	RetentionDays                int
	DiskNums, VolumeNums         int
	Status, Type                 string // Normal|Expire ; Custom|System
	EnableCrossRegionCopy        bool
	TargetCopyRegions            []string
	CopiedSnapshotsRetentionDays int
	CopyEncrypted                bool
	CopyKMSKeyID                 string
	Tags                         map[string]string
	ResourceGroupID              string
	AssociationType              string
	TargetTags                   map[string]string
}

// DescribeDisksInput holds the DescribeDisks filters the provider uses; zero values are not sent.
type DescribeDisksInput struct {
	DiskIDs              []string
	InstanceID           string
	AutoSnapshotPolicyID string
}

// Disk is one item of DescribeDisks, the fields the provider uses.
type Disk struct {
	DiskID, RegionID, ZoneID, InstanceID, Status, Type, Category string
	SizeGiB                                                      int
	AutoSnapshotPolicyID                                         string // "" = none
	EnableAutomatedSnapshotPolicy                                bool
}
