package backend

// Inputs and outputs of the automatic snapshot policy calls. Scalars arrive as the strings the wire carried.

// CreateAutoSnapshotPolicyInput and ModifyAutoSnapshotPolicyExInput embed the parameters they share (Name,
// TimePoints, RepeatWeekdays, RetentionDays, EnableCrossRegionCopy, TargetCopyRegions, CopiedSnapshotsRetentionDays,
// CopyEncrypted, CopyKMSKeyID), which callers set as promoted fields.
type CreateAutoSnapshotPolicyInput struct {
	RegionID string
	policySettings
	ResourceGroupID, AssociationType string
	Tags, TargetTags                 []Tag
}

type ModifyAutoSnapshotPolicyExInput struct {
	RegionID, AutoSnapshotPolicyID string
	policySettings
}

type DeleteAutoSnapshotPolicyInput struct{ RegionID, AutoSnapshotPolicyID string }

type ApplyAutoSnapshotPolicyInput struct {
	RegionID, AutoSnapshotPolicyID, DiskIDs /*JSON array*/ string
}

type CancelAutoSnapshotPolicyInput struct {
	RegionID, AutoSnapshotPolicyID, DiskIDs /*JSON array*/ string
}

type DescribeAutoSnapshotPolicyExInput struct {
	RegionID, AutoSnapshotPolicyID, AutoSnapshotPolicyName, ResourceGroupID, PageNumber, PageSize string
	Tags                                                                                          []Tag
}

type CreateAutoSnapshotPolicyOutput struct {
	AutoSnapshotPolicyId string `json:"AutoSnapshotPolicyId" xml:"AutoSnapshotPolicyId"` //nolint:revive // wire name
}

type DescribeAutoSnapshotPolicyExOutput struct {
	TotalCount           int                    `json:"TotalCount" xml:"TotalCount"`
	PageNumber           int                    `json:"PageNumber" xml:"PageNumber"`
	PageSize             int                    `json:"PageSize" xml:"PageSize"`
	AutoSnapshotPolicies AutoSnapshotPolicyList `json:"AutoSnapshotPolicies" xml:"AutoSnapshotPolicies"`
}

type AutoSnapshotPolicyList struct {
	AutoSnapshotPolicy []AutoSnapshotPolicyItem `json:"AutoSnapshotPolicy" xml:"AutoSnapshotPolicy"`
}

// AutoSnapshotPolicyItem is a policy as DescribeAutoSnapshotPolicyEx shows it. TimePoints, RepeatWeekdays and
// TargetCopyRegions are JSON arrays in a string, as documented. AssociationType and TargetTags are not in the
// documented response (nor in the v4 SDK's); the emulator adds them so that a client can read back what it
// created, under the names of the request.
//
//nolint:revive // wire names
type AutoSnapshotPolicyItem struct {
	AutoSnapshotPolicyId         string `json:"AutoSnapshotPolicyId" xml:"AutoSnapshotPolicyId"`
	AutoSnapshotPolicyName       string `json:"AutoSnapshotPolicyName" xml:"AutoSnapshotPolicyName"`
	RegionId                     string `json:"RegionId" xml:"RegionId"`
	CreationTime                 string `json:"CreationTime" xml:"CreationTime"`
	TimePoints                   string `json:"TimePoints" xml:"TimePoints"`
	RepeatWeekdays               string `json:"RepeatWeekdays" xml:"RepeatWeekdays"`
	RetentionDays                int    `json:"RetentionDays" xml:"RetentionDays"`
	DiskNums                     int    `json:"DiskNums" xml:"DiskNums"`
	VolumeNums                   int    `json:"VolumeNums" xml:"VolumeNums"`
	Status                       string `json:"Status" xml:"Status"`
	Type                         string `json:"Type" xml:"Type"`
	EnableCrossRegionCopy        bool   `json:"EnableCrossRegionCopy" xml:"EnableCrossRegionCopy"`
	TargetCopyRegions            string `json:"TargetCopyRegions" xml:"TargetCopyRegions"`
	CopiedSnapshotsRetentionDays int    `json:"CopiedSnapshotsRetentionDays" xml:"CopiedSnapshotsRetentionDays"`
	// Both nil / "" (left out) only under PolicyDefaultsOmit, for a policy never given them.
	CopyEncryptionConfiguration *CopyEncryptionConfiguration `json:"CopyEncryptionConfiguration,omitempty" xml:"CopyEncryptionConfiguration,omitempty"`
	Tags                        SnapshotTags                 `json:"Tags" xml:"Tags"`
	ResourceGroupId             string                       `json:"ResourceGroupId,omitempty" xml:"ResourceGroupId,omitempty"`
	AssociationType             string                       `json:"AssociationType" xml:"AssociationType"`
	TargetTags                  PolicyTargetTags             `json:"TargetTags" xml:"TargetTags"`
}

//nolint:revive // wire names
type CopyEncryptionConfiguration struct {
	Encrypted bool   `json:"Encrypted" xml:"Encrypted"`
	KMSKeyId  string `json:"KMSKeyId" xml:"KMSKeyId"`
}

type PolicyTargetTags struct {
	TargetTag []PolicyTargetTag `json:"TargetTag" xml:"TargetTag"`
}

type PolicyTargetTag struct {
	Key   string `json:"Key" xml:"Key"`
	Value string `json:"Value" xml:"Value"`
}
