// Package backend holds the emulated ECS state and the API's rules: parameters arrive as the strings the
// wire carried, answers leave as structs tagged with the wire names. It knows nothing of HTTP.
package backend

import (
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/statefile"
)

// Options configure a Backend.
type Options struct {
	Now              func() time.Time // default time.Now; tests inject a fake clock
	SnapshotDuration time.Duration    // time from 0% to 100%; 0 = accomplished at once
	CopyDuration     time.Duration    // time a CopySnapshot copy takes from 0% to 100%; 0 = SnapshotDuration
	// PowerDuration is how long an instance stays Stopping or Starting, RollbackDuration how long a disk stays
	// ReIniting after ResetDisk (power.go): 0 = DefaultPowerDuration / DefaultRollbackDuration, negative = at once.
	PowerDuration    time.Duration
	RollbackDuration time.Duration
	Fixture          *Fixture // nil = DefaultFixture()
	StateFile        string   // "" = memory only; else loaded at New if present and rewritten atomically after each change
	// State is an open state file shared with the other products' backends; it wins over StateFile.
	State *statefile.File
	// PolicyDefaults is how DescribeAutoSnapshotPolicyEx shows what a policy was created without (see
	// PolicyDefaultsShow and PolicyDefaultsOmit); "" = PolicyDefaultsShow.
	PolicyDefaults string
}

// How DescribeAutoSnapshotPolicyEx answers a policy created without ResourceGroupId and without
// CopyEncryptionConfiguration. The reference does not settle it: its response lists both fields for every policy,
// and the emulator has always answered the default resource group and {"Encrypted":false,"KMSKeyId":""}; the
// official alicloud provider's own acceptance tests expect neither for such a policy
// (https://github.com/aliyun/terraform-provider-alicloud/blob/master/alicloud/resource_alicloud_ecs_auto_snapshot_policy_test.go),
// which suggests the real API omits both. The emulator does either, so that clients are tested both ways.
const (
	PolicyDefaultsShow = "show" // the default resource group and an empty CopyEncryptionConfiguration
	PolicyDefaultsOmit = "omit" // neither field, until the policy is given a group (JoinResourceGroup) or copy encryption
)

// Fixture is the starting world: one region in the top-level fields, as fixtures have always been written, and
// optionally further regions in Regions. The first region (the top-level one when it has a RegionID, else
// Regions[0]) is the default region. In each region ResourceGroups[0] is the account's default resource group
// there: snapshots created without a ResourceGroupId land in it, as on ECS. Instance and disk IDs are unique
// across regions.
//
// Given to Seed, a top-level part without RegionID means the default region, and a region the backend does not
// have yet is added.
type Fixture struct {
	RegionID       string          `json:"region_id"`
	Instances      []Instance      `json:"instances"`
	Disks          []Disk          `json:"disks"`
	ResourceGroups []string        `json:"resource_groups"`
	KMSKeys        []string        `json:"kms_keys,omitempty"` // the region's KMS keys besides those of its disks (CopySnapshot's KMSKeyId)
	Regions        []RegionFixture `json:"regions,omitempty"`
}

// RegionFixture is one region of a Fixture.
type RegionFixture struct {
	RegionID       string     `json:"region_id"`
	Instances      []Instance `json:"instances"`
	Disks          []Disk     `json:"disks"`
	ResourceGroups []string   `json:"resource_groups"`
	KMSKeys        []string   `json:"kms_keys,omitempty"`
}

// Instance is an ECS instance. Status is one of Pending, Running, Starting, Stopping, Stopped.
type Instance struct {
	InstanceID        string `json:"instance_id"`
	InstanceName      string `json:"instance_name"`
	ZoneID            string `json:"zone_id"`
	Status            string `json:"status"`
	EverStarted       bool   `json:"ever_started"`
	LockedForSecurity bool   `json:"locked_for_security"`
	// Tags are the instance's tags, which AssociatedWithInstanceTag policies select disks by.
	Tags map[string]string `json:"tags,omitempty"`
	// TransitionEnds is when a Stopping or Starting instance becomes Stopped or Running (power.go); zero = its
	// status stays as it is (a fixture's Starting instance stays Starting).
	TransitionEnds time.Time `json:"transition_ends,omitzero"`
	// StoppedMode is the StoppedMode of the last StopInstances that named one.
	StoppedMode string `json:"stopped_mode,omitempty"`
}

// Disk is a cloud disk. Type is system or data; Status is In_use or Available, or ReIniting while it is rolled back.
type Disk struct {
	DiskID          string `json:"disk_id"`
	DiskName        string `json:"disk_name"`
	InstanceID      string `json:"instance_id"`
	ZoneID          string `json:"zone_id"`
	Type            string `json:"type"`
	Category        string `json:"category"`
	Status          string `json:"status"`
	SizeGiB         int    `json:"size_gib"`
	Encrypted       bool   `json:"encrypted"`
	KMSKeyID        string `json:"kms_key_id"`
	EverAttached    bool   `json:"ever_attached"`
	EverUsed        bool   `json:"ever_used"`
	ResourceGroupID string `json:"resource_group_id"`
	// A roll-back (ResetDisk, power.go): while RollbackEnds is ahead the disk is ReIniting, and then returns to
	// StatusBeforeRollback. The last roll-back's snapshot and time, and how many there were, stay on the disk for
	// the controls (GET fixture): DescribeDisks has no such field.
	RollbackEnds           time.Time `json:"rollback_ends,omitzero"`
	StatusBeforeRollback   string    `json:"status_before_rollback,omitempty"`
	RolledBackToSnapshotID string    `json:"rolled_back_to_snapshot_id,omitempty"`
	RolledBackAt           time.Time `json:"rolled_back_at,omitzero"`
	RollbackCount          int       `json:"rollback_count,omitempty"`
	// DeleteAutoSnapshot: the disk's automatic snapshots are released with it (ModifyDiskAttribute sets it; the
	// emulator models no disk release, so it is only shown). Off unless a fixture sets it: DeleteDisk's page says the
	// automatic snapshots are kept unless configured otherwise
	// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletedisk).
	DeleteAutoSnapshot bool `json:"delete_auto_snapshot,omitempty"`
}

// Tag is one Tag.N.Key / Tag.N.Value pair of a request.
type Tag struct{ Key, Value string }

// Filter is one Filter.N.Key / Filter.N.Value pair of a request.
type Filter struct{ Key, Value string }

// Scalar parameters arrive as the strings the wire carried ("" = absent); the backend parses and validates them.

type CreateSnapshotInput struct {
	RegionID, DiskID, SnapshotName, Description, RetentionDays, Category, InstantAccess,
	InstantAccessRetentionDays, ResourceGroupID, ClientToken, StorageLocationArn string
	Tags []Tag
}

type DescribeSnapshotsInput struct {
	RegionID, InstanceID, DiskID, SnapshotLinkID, SnapshotIDs /*JSON array string*/, SnapshotName,
	Status, SnapshotType, Usage, SourceDiskType, Encrypted, ResourceGroupID, KMSKeyID, Category, DryRun,
	PageNumber, PageSize, NextToken, MaxResults string
	Filters []Filter // index i = Filter.(i+1)
	Tags    []Tag
}

type DeleteSnapshotInput struct{ RegionID, SnapshotID, Force string }

type ModifySnapshotAttributeInput struct {
	RegionID, SnapshotID, SnapshotName, Description, RetentionDays, DisableInstantAccess string
}

type TagResourcesInput struct {
	RegionID, ResourceType string
	ResourceIDs            []string
	Tags                   []Tag
}

type UntagResourcesInput struct {
	RegionID, ResourceType, All string
	ResourceIDs, TagKeys        []string
}

type ListTagResourcesInput struct {
	RegionID, ResourceType, NextToken string
	ResourceIDs                       []string
	Tags                              []Tag
}

type JoinResourceGroupInput struct{ RegionID, ResourceType, ResourceID, ResourceGroupID string }

type DescribeDisksInput struct {
	RegionID, InstanceID, DiskIDs /*JSON array*/, DiskType, Category, Encrypted, PageNumber, PageSize, NextToken, MaxResults string
	AutoSnapshotPolicyID                                                                                                     string
}

type DescribeInstancesInput struct {
	RegionID, InstanceIDs /*JSON array*/, Status, PageNumber, PageSize, NextToken, MaxResults string
}

// Outputs carry the exact wire names; the HTTP layer only adds RequestId.

type CreateSnapshotOutput struct {
	SnapshotId string `json:"SnapshotId" xml:"SnapshotId"` //nolint:revive // wire name
}

type DescribeSnapshotsOutput struct {
	TotalCount int          `json:"TotalCount" xml:"TotalCount"`
	PageNumber int          `json:"PageNumber" xml:"PageNumber"`
	PageSize   int          `json:"PageSize" xml:"PageSize"`
	NextToken  string       `json:"NextToken" xml:"NextToken"`
	Snapshots  SnapshotList `json:"Snapshots" xml:"Snapshots"`
}

type SnapshotList struct {
	Snapshot []Snapshot `json:"Snapshot" xml:"Snapshot"`
}

// Snapshot has every one of the 29 response fields of DescribeSnapshots, always present.
//
//nolint:revive // field names are the wire names
type Snapshot struct {
	Status                     string       `json:"Status" xml:"Status"`
	CreationTime               string       `json:"CreationTime" xml:"CreationTime"`
	Progress                   string       `json:"Progress" xml:"Progress"`
	InstantAccess              bool         `json:"InstantAccess" xml:"InstantAccess"`
	Available                  bool         `json:"Available" xml:"Available"`
	RemainTime                 int          `json:"RemainTime" xml:"RemainTime"`
	SourceDiskSize             string       `json:"SourceDiskSize" xml:"SourceDiskSize"`
	RetentionDays              int          `json:"RetentionDays" xml:"RetentionDays"`
	SourceDiskType             string       `json:"SourceDiskType" xml:"SourceDiskType"`
	SourceStorageType          string       `json:"SourceStorageType" xml:"SourceStorageType"`
	Usage                      string       `json:"Usage" xml:"Usage"`
	LastModifiedTime           string       `json:"LastModifiedTime" xml:"LastModifiedTime"`
	Encrypted                  bool         `json:"Encrypted" xml:"Encrypted"`
	SnapshotType               string       `json:"SnapshotType" xml:"SnapshotType"`
	SourceDiskId               string       `json:"SourceDiskId" xml:"SourceDiskId"`
	SnapshotName               string       `json:"SnapshotName" xml:"SnapshotName"`
	InstantAccessRetentionDays int          `json:"InstantAccessRetentionDays" xml:"InstantAccessRetentionDays"`
	Description                string       `json:"Description" xml:"Description"`
	SnapshotId                 string       `json:"SnapshotId" xml:"SnapshotId"`
	RegionId                   string       `json:"RegionId" xml:"RegionId"`
	ResourceGroupId            string       `json:"ResourceGroupId" xml:"ResourceGroupId"`
	Category                   string       `json:"Category" xml:"Category"`
	KMSKeyId                   string       `json:"KMSKeyId" xml:"KMSKeyId"`
	SnapshotSN                 string       `json:"SnapshotSN" xml:"SnapshotSN"`
	ProductCode                string       `json:"ProductCode" xml:"ProductCode"`
	SourceSnapshotId           string       `json:"SourceSnapshotId" xml:"SourceSnapshotId"`
	SourceRegionId             string       `json:"SourceRegionId" xml:"SourceRegionId"`
	SnapshotLinkId             string       `json:"SnapshotLinkId" xml:"SnapshotLinkId"`
	Tags                       SnapshotTags `json:"Tags" xml:"Tags"`
}

type SnapshotTags struct {
	Tag []SnapshotTag `json:"Tag" xml:"Tag"`
}

type SnapshotTag struct {
	TagKey   string `json:"TagKey" xml:"TagKey"`
	TagValue string `json:"TagValue" xml:"TagValue"`
}

type ListTagResourcesOutput struct {
	NextToken    string          `json:"NextToken" xml:"NextToken"`
	TagResources TagResourceList `json:"TagResources" xml:"TagResources"`
}

type TagResourceList struct {
	TagResource []TagResource `json:"TagResource" xml:"TagResource"`
}

//nolint:revive // wire names
type TagResource struct {
	ResourceId   string `json:"ResourceId" xml:"ResourceId"`
	ResourceType string `json:"ResourceType" xml:"ResourceType"`
	TagKey       string `json:"TagKey" xml:"TagKey"`
	TagValue     string `json:"TagValue" xml:"TagValue"`
}

type DescribeDisksOutput struct {
	TotalCount int      `json:"TotalCount" xml:"TotalCount"`
	PageNumber int      `json:"PageNumber" xml:"PageNumber"`
	PageSize   int      `json:"PageSize" xml:"PageSize"`
	NextToken  string   `json:"NextToken" xml:"NextToken"`
	Disks      DiskList `json:"Disks" xml:"Disks"`
}

type DiskList struct {
	Disk []DiskItem `json:"Disk" xml:"Disk"`
}

// DiskItem is a disk as DescribeDisks shows it.
//
//nolint:revive // wire names
type DiskItem struct {
	DiskId          string `json:"DiskId" xml:"DiskId"`
	DiskName        string `json:"DiskName" xml:"DiskName"`
	InstanceId      string `json:"InstanceId" xml:"InstanceId"`
	Type            string `json:"Type" xml:"Type"`
	Category        string `json:"Category" xml:"Category"`
	Size            int    `json:"Size" xml:"Size"`
	Encrypted       bool   `json:"Encrypted" xml:"Encrypted"`
	KMSKeyId        string `json:"KMSKeyId" xml:"KMSKeyId"`
	Status          string `json:"Status" xml:"Status"`
	RegionId        string `json:"RegionId" xml:"RegionId"`
	ZoneId          string `json:"ZoneId" xml:"ZoneId"`
	ResourceGroupId string `json:"ResourceGroupId" xml:"ResourceGroupId"`
	Portable        bool   `json:"Portable" xml:"Portable"`
	// The policy that applies to the disk ("" = none), and whether one does.
	AutoSnapshotPolicyId          string `json:"AutoSnapshotPolicyId" xml:"AutoSnapshotPolicyId"`
	EnableAutomatedSnapshotPolicy bool   `json:"EnableAutomatedSnapshotPolicy" xml:"EnableAutomatedSnapshotPolicy"`
	// EnableAutoSnapshot is the deprecated feature switch, on for every disk.
	EnableAutoSnapshot bool `json:"EnableAutoSnapshot" xml:"EnableAutoSnapshot"`
	// DeleteAutoSnapshot: the disk's automatic snapshots go when it is released. The reference lists it and the
	// typed SDK models (ecs-20140526 DescribeDisksResponseBodyDisksDisk) declare it, as they declare the fields below,
	// which the emulator can answer without modelling more: the charge type (every fixture disk is pay-as-you-go),
	// multi-attach (not modelled: Disabled), DeleteWithInstance (true for a disk on an instance, the RunInstances
	// default for system and data disks; false for a detached one), the description (none) and the snapshot a disk was made from (none).
	DeleteAutoSnapshot bool   `json:"DeleteAutoSnapshot" xml:"DeleteAutoSnapshot"`
	DeleteWithInstance bool   `json:"DeleteWithInstance" xml:"DeleteWithInstance"`
	DiskChargeType     string `json:"DiskChargeType" xml:"DiskChargeType"`
	MultiAttach        string `json:"MultiAttach" xml:"MultiAttach"`
	Description        string `json:"Description" xml:"Description"`
	SourceSnapshotId   string `json:"SourceSnapshotId" xml:"SourceSnapshotId"`
}

type DescribeInstancesOutput struct {
	TotalCount int          `json:"TotalCount" xml:"TotalCount"`
	PageNumber int          `json:"PageNumber" xml:"PageNumber"`
	PageSize   int          `json:"PageSize" xml:"PageSize"`
	NextToken  string       `json:"NextToken" xml:"NextToken"`
	Instances  InstanceList `json:"Instances" xml:"Instances"`
}

type InstanceList struct {
	Instance []InstanceItem `json:"Instance" xml:"Instance"`
}

// InstanceItem is an instance as DescribeInstances shows it.
//
//nolint:revive // wire names
type InstanceItem struct {
	InstanceId     string         `json:"InstanceId" xml:"InstanceId"`
	InstanceName   string         `json:"InstanceName" xml:"InstanceName"`
	Status         string         `json:"Status" xml:"Status"`
	RegionId       string         `json:"RegionId" xml:"RegionId"`
	ZoneId         string         `json:"ZoneId" xml:"ZoneId"`
	OperationLocks OperationLocks `json:"OperationLocks" xml:"OperationLocks"`
}

// OperationLocks lists why an instance is locked; {"LockReason":"security"} blocks snapshots.
type OperationLocks struct {
	LockReason []LockReason `json:"LockReason" xml:"LockReason"`
}

type LockReason struct {
	LockReason string `json:"LockReason" xml:"LockReason"`
}

// DescribeRegionsInput: the three documented parameters; none changes the list the emulator answers.
type DescribeRegionsInput struct{ InstanceChargeType, ResourceType, AcceptLanguage string }

type DescribeRegionsOutput struct {
	Regions RegionList `json:"Regions" xml:"Regions"`
}

type RegionList struct {
	Region []RegionItem `json:"Region" xml:"Region"`
}

// RegionItem is a region as DescribeRegions shows it.
//
//nolint:revive // wire names
type RegionItem struct {
	RegionId       string `json:"RegionId" xml:"RegionId"`
	LocalName      string `json:"LocalName" xml:"LocalName"`
	RegionEndpoint string `json:"RegionEndpoint" xml:"RegionEndpoint"`
	Status         string `json:"Status" xml:"Status"`
}
