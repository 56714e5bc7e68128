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

	// TagResources adds or overwrites tags on snapshots.
	TagResources(ctx context.Context, snapshotIDs []string, tags map[string]string) error

	// UntagResources removes tag keys from snapshots.
	UntagResources(ctx context.Context, snapshotIDs []string, keys []string) error

	// JoinResourceGroup moves a snapshot to another resource group.
	JoinResourceGroup(ctx context.Context, snapshotID, resourceGroupID string) error
}

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
