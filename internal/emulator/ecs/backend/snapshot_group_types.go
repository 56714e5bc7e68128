package backend

// Inputs and outputs of the snapshot-consistent group calls (CreateSnapshotGroup, DescribeSnapshotGroups,
// ModifySnapshotGroup, DeleteSnapshotGroup). Scalars arrive as the strings the wire carried ("" = absent).

type CreateSnapshotGroupInput struct {
	RegionID, InstanceID, Name, Description, InstantAccess, InstantAccessRetentionDays,
	ResourceGroupID, ClientToken, StorageLocationArn string
	DiskIDs, ExcludeDiskIDs []string // DiskId.N, ExcludeDiskId.N; item i is N = i+1
	Tags                    []Tag
}

type DescribeSnapshotGroupsInput struct {
	RegionID, InstanceID, Name, ResourceGroupID, NextToken, MaxResults string
	SnapshotGroupIDs, Statuses, AdditionalAttributes                   []string
	Tags                                                               []Tag
}

type ModifySnapshotGroupInput struct{ RegionID, SnapshotGroupID, Name, Description string }

type DeleteSnapshotGroupInput struct{ RegionID, SnapshotGroupID string }

type CreateSnapshotGroupOutput struct {
	SnapshotGroupId string `json:"SnapshotGroupId" xml:"SnapshotGroupId"` //nolint:revive // wire name
}

type DescribeSnapshotGroupsOutput struct {
	NextToken      string            `json:"NextToken" xml:"NextToken"`
	SnapshotGroups SnapshotGroupList `json:"SnapshotGroups" xml:"SnapshotGroups"`
}

type SnapshotGroupList struct {
	SnapshotGroup []SnapshotGroupItem `json:"SnapshotGroup" xml:"SnapshotGroup"`
}

// SnapshotGroupItem is a group as DescribeSnapshotGroups shows it. ProgressStatus is documented as not publicly
// available; it is always empty here.
//
//nolint:revive // wire names
type SnapshotGroupItem struct {
	SnapshotGroupId string               `json:"SnapshotGroupId" xml:"SnapshotGroupId"`
	Name            string               `json:"Name" xml:"Name"`
	Description     string               `json:"Description" xml:"Description"`
	InstanceId      string               `json:"InstanceId" xml:"InstanceId"`
	CreationTime    string               `json:"CreationTime" xml:"CreationTime"`
	Status          string               `json:"Status" xml:"Status"`
	ProgressStatus  string               `json:"ProgressStatus" xml:"ProgressStatus"`
	ResourceGroupId string               `json:"ResourceGroupId" xml:"ResourceGroupId"`
	Tags            GroupTags            `json:"Tags" xml:"Tags"`
	Snapshots       GroupMemberSnapshots `json:"Snapshots" xml:"Snapshots"`
}

// GroupTags are tags as DescribeSnapshotGroups names them: Key and Value (DescribeSnapshots says TagKey and
// TagValue), as the v4 SDK's DescribeSnapshotGroupsResponseBodySnapshotGroupsSnapshotGroupTagsTag decodes them.
type GroupTags struct {
	Tag []GroupTag `json:"Tag" xml:"Tag"`
}

type GroupTag struct {
	Key   string `json:"Key" xml:"Key"`
	Value string `json:"Value" xml:"Value"`
}

type GroupMemberSnapshots struct {
	Snapshot []GroupMemberSnapshot `json:"Snapshot" xml:"Snapshot"`
}

// GroupMemberSnapshot is one disk's snapshot inside a group.
//
//nolint:revive // wire names
type GroupMemberSnapshot struct {
	SnapshotId                 string    `json:"SnapshotId" xml:"SnapshotId"`
	SourceDiskId               string    `json:"SourceDiskId" xml:"SourceDiskId"`
	SourceDiskType             string    `json:"SourceDiskType" xml:"SourceDiskType"`
	Progress                   string    `json:"Progress" xml:"Progress"`
	Available                  bool      `json:"Available" xml:"Available"`
	InstantAccess              bool      `json:"InstantAccess" xml:"InstantAccess"`
	InstantAccessRetentionDays int       `json:"InstantAccessRetentionDays" xml:"InstantAccessRetentionDays"`
	Tags                       GroupTags `json:"Tags" xml:"Tags"`
}

type DeleteSnapshotGroupOutput struct {
	OperationProgressSet OperationProgressSet `json:"OperationProgressSet" xml:"OperationProgressSet"`
}

type OperationProgressSet struct {
	OperationProgress []OperationProgress `json:"OperationProgress" xml:"OperationProgress"`
}

// OperationProgress is the outcome for one member snapshot of a deleted group.
type OperationProgress struct {
	OperationStatus string         `json:"OperationStatus" xml:"OperationStatus"`
	ErrorCode       string         `json:"ErrorCode" xml:"ErrorCode"`
	ErrorMsg        string         `json:"ErrorMsg" xml:"ErrorMsg"`
	RelatedItemSet  RelatedItemSet `json:"RelatedItemSet" xml:"RelatedItemSet"`
}

type RelatedItemSet struct {
	RelatedItem []RelatedItem `json:"RelatedItem" xml:"RelatedItem"`
}

type RelatedItem struct {
	Name  string `json:"Name" xml:"Name"`
	Value string `json:"Value" xml:"Value"`
}
