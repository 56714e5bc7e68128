// Package ecsclient is the provider's door to the ECS API (2014-05-26): an interface in plain Go types and
// an implementation over the official SDK. Retries, typed errors, logging, transport and paging are package
// client's, shared with the other products.
package ecsclient

import (
	"context"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// Client is every ECS call the provider makes. Implementations must be safe for concurrent use.
type Client interface {
	// Region is the region every call is made in.
	Region() string

	// CreateSnapshot starts a snapshot and returns its ID. A ClientToken is always sent (generated
	// when the input has none) and reused across retries, so a retried create never makes a second snapshot.
	CreateSnapshot(ctx context.Context, in CreateSnapshotInput) (string, error)

	// DescribeSnapshots walks every page (NextToken, MaxResults=100) and returns every match.
	// More than 100 SnapshotIDs are split into several calls. With DryRun the API answers an error even
	// when the request is valid: DryRunOperation, which IsDryRunOK recognises.
	DescribeSnapshots(ctx context.Context, in DescribeSnapshotsInput) ([]Snapshot, error)

	// DeleteSnapshot deletes (or cancels) a snapshot. An unknown ID is not an error (the API ignores it).
	DeleteSnapshot(ctx context.Context, snapshotID string, force bool) error

	// ModifySnapshotAttribute changes name, description and retention; nil fields are left alone.
	ModifySnapshotAttribute(ctx context.Context, in ModifySnapshotAttributeInput) error

	// TagResources adds or overwrites tags on resources of resourceType (ResourceTypeSnapshot, ...).
	TagResources(ctx context.Context, resourceType string, ids []string, tags map[string]string) error

	// UntagResources removes tag keys from resources of resourceType.
	UntagResources(ctx context.Context, resourceType string, ids []string, keys []string) error

	// JoinResourceGroup moves a resource of resourceType to another resource group.
	JoinResourceGroup(ctx context.Context, resourceType, id, resourceGroupID string) error

	// CreateAutoSnapshotPolicy creates an automatic snapshot policy and returns its ID (sp-...). The API takes no
	// ClientToken: a retry after an attempt whose answer was lost first looks for the policy that attempt made, by
	// a marker tag of this call (client.AttemptMarkerKey), removed once the ID is known. in.Tags is not changed.
	CreateAutoSnapshotPolicy(ctx context.Context, in AutoSnapshotPolicyInput) (string, error)

	// ModifyAutoSnapshotPolicy changes a policy (ModifyAutoSnapshotPolicyEx); nil or empty fields are left
	// alone, and the create-only fields are ignored.
	ModifyAutoSnapshotPolicy(ctx context.Context, id string, in AutoSnapshotPolicyInput) error

	// DeleteAutoSnapshotPolicy deletes a policy; the API stops applying it to its disks.
	DeleteAutoSnapshotPolicy(ctx context.Context, id string) error

	// DescribeAutoSnapshotPolicies walks every page (PageSize 100) of DescribeAutoSnapshotPolicyEx.
	DescribeAutoSnapshotPolicies(ctx context.Context, in DescribeAutoSnapshotPoliciesInput) ([]AutoSnapshotPolicy, error)

	// ApplyAutoSnapshotPolicy applies a policy to disks.
	ApplyAutoSnapshotPolicy(ctx context.Context, policyID string, diskIDs []string) error

	// CancelAutoSnapshotPolicy cancels a policy on disks; policyID "" is not sent (the disks' only policy).
	CancelAutoSnapshotPolicy(ctx context.Context, policyID string, diskIDs []string) error

	// DescribeDisks walks every page and returns every match; more than 100 DiskIDs are split into calls.
	DescribeDisks(ctx context.Context, in DescribeDisksInput) ([]Disk, error)

	// DescribeRegions lists the regions ECS offers the account.
	DescribeRegions(ctx context.Context) ([]Region, error)

	// Cross-region copies.

	// CopySnapshot copies a snapshot of this client's region (the source) to in.DestinationRegionID and
	// returns the new snapshot's ID, which lives in the destination region. A ClientToken is always sent
	// (generated when the input has none) and reused across retries, as CreateSnapshot's.
	CopySnapshot(ctx context.Context, in CopySnapshotInput) (string, error)

	// Snapshot-consistent groups.

	// CreateSnapshotGroup starts a group of snapshots taken at one instant and returns its ID (ssg-...). A
	// ClientToken is always sent (generated when the input has none) and reused across retries.
	CreateSnapshotGroup(ctx context.Context, in CreateSnapshotGroupInput) (string, error)

	// DescribeSnapshotGroups walks every page (NextToken, MaxResults=100) and returns every match. More than
	// 10 SnapshotGroupIDs (the most SnapshotGroupId.N holds) are split into several calls; an empty, non-nil
	// list finds nothing.
	DescribeSnapshotGroups(ctx context.Context, in DescribeSnapshotGroupsInput) ([]SnapshotGroup, error)

	// ModifySnapshotGroup changes name and description; nil fields are not sent.
	ModifySnapshotGroup(ctx context.Context, in ModifySnapshotGroupInput) error

	// DeleteSnapshotGroup deletes a group and, as the API does, its snapshots, except those it keeps (used by
	// images). It returns the API's per-snapshot outcome.
	DeleteSnapshotGroup(ctx context.Context, id string) ([]SnapshotGroupOperation, error)

	// Rolling a disk back, and the instances' power state it needs (power.go). None of these calls takes an
	// idempotency token: after an attempt whose answer was lost, a repeat that finds the earlier attempt's effect
	// (the disk rolling back; the instance Stopping or Stopped, Starting or Running) counts as success.

	// ResetDisk rolls diskID back to snapshotID (a snapshot made from it). The API answers at once; the disk
	// shows DiskStatusReIniting until the roll-back ends, then its previous status.
	ResetDisk(ctx context.Context, in ResetDiskInput) error

	// StopInstances / StartInstances change instances' power state; they return per-instance outcomes.
	StopInstances(ctx context.Context, in StopInstancesInput) ([]InstanceOperation, error)
	StartInstances(ctx context.Context, in StartInstancesInput) ([]InstanceOperation, error)

	// DescribeInstances walks every page; more than 100 IDs are split.
	DescribeInstances(ctx context.Context, in DescribeInstancesInput) ([]Instance, error)
}

// Resource types of TagResources/UntagResources/ListTagResources/JoinResourceGroup.
const (
	ResourceTypeSnapshot           = "snapshot"
	ResourceTypeAutoSnapshotPolicy = "snapshotpolicy"
	// ResourceTypeSnapshotGroup is a snapshot-consistent group's type: the one in its RAM resource name
	// (acs:ecs:{#regionId}:{#accountId}:snapshotgroup/{#snapshotgroupId}, https://help.aliyun.com/document_detail/210940.html),
	// which the official provider's tag calls also send (github.com/aliyun/terraform-provider-alicloud).
	ResourceTypeSnapshotGroup = "snapshotgroup"
)

// Factory builds a Client from the provider's configuration; tests hand the provider another one.
type Factory func(ctx context.Context, cfg client.Config) (Client, error)

// CreateSnapshotInput holds CreateSnapshot's parameters; zero values are not sent.
type CreateSnapshotInput struct {
	DiskID                     string
	SnapshotName               string
	Description                string
	RetentionDays              int
	Category                   string
	InstantAccess              bool
	InstantAccessRetentionDays int
	ResourceGroupID            string
	Tags                       map[string]string
	ClientToken                string
}

// DescribeSnapshotsInput holds every DescribeSnapshots filter; zero values are not sent.
type DescribeSnapshotsInput struct {
	InstanceID      string
	DiskID          string
	SnapshotLinkID  string
	SnapshotIDs     []string
	SnapshotName    string
	Status          string
	SnapshotType    string
	Usage           string
	SourceDiskType  string
	Encrypted       *bool
	ResourceGroupID string
	KMSKeyID        string
	Category        string
	Tags            map[string]string
	// CreationStartTime and CreationEndTime are sent as Filter.1/Filter.2 (yyyy-MM-ddTHH:mmZ, UTC).
	CreationStartTime *time.Time
	CreationEndTime   *time.Time
	DryRun            bool
}

// ModifySnapshotAttributeInput holds ModifySnapshotAttribute's parameters; nil fields are not sent.
type ModifySnapshotAttributeInput struct {
	SnapshotID    string
	SnapshotName  *string
	Description   *string
	RetentionDays *int
}

// Snapshot is one item of DescribeSnapshots, every field of the current edition in plain types.
type Snapshot struct {
	SnapshotID                 string
	SnapshotName               string
	Description                string
	Status                     string
	Progress                   int // percent, parsed from "NN%"
	RemainTime                 int // seconds
	CreationTime               time.Time
	LastModifiedTime           time.Time
	SourceDiskID               string
	SourceDiskSize             int // GiB, parsed from the API's string
	SourceDiskType             string
	SourceStorageType          string
	RetentionDays              int
	InstantAccess              bool
	InstantAccessRetentionDays int
	Available                  bool
	Encrypted                  bool
	SnapshotType               string
	Usage                      string
	RegionID                   string
	ResourceGroupID            string
	Category                   string
	KMSKeyID                   string
	SnapshotSN                 string
	ProductCode                string
	SourceSnapshotID           string
	SourceRegionID             string
	SnapshotLinkID             string
	Tags                       map[string]string
}
