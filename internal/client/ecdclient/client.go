// Package ecdclient is the provider's door to the Elastic Desktop Service API (ECD, WUYING Workspace,
// 2020-09-30): an interface in plain Go types and an implementation over the generic OpenAPI call of
// darabonba-openapi, the client the ECS SDK already brings. Retries, typed errors, logging, transport slots
// and paging are package client's, shared with the other products.
//
// Why no ECD SDK: the module proxy serves github.com/alibabacloud-go/ecd-20200930/v2 v2.0.0 (v1.0.0,
// v3.0.0 and v4.0.0 are refused), but it is built on darabonba-openapi v0.1.4 and tea-utils v1 (not the
// darabonba-openapi/v2 that the client layer configures), its DescribeSnapshotsRequest has only DesktopId,
// SnapshotId, MaxResults and NextToken, and its typed answer reads RemainTime as an int32 only, which the
// oldest documented answer sends as a string. The generic call sends every documented parameter and lets
// this package read every documented form of the answer.
package ecdclient

import (
	"context"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// Client is every ECD call the provider makes. Implementations must be safe for concurrent use.
type Client interface {
	// Region is the region every call is made in.
	Region() string

	// CreateSnapshot snapshots one disk of a cloud desktop and returns the snapshot's ID (s-...). The API takes
	// no ClientToken, so an attempt once sent is waited for until its answer, and a retry after an attempt
	// whose fate is unknown (a dropped connection, a 5xx) first looks for the snapshot that attempt may have
	// made (same desktop, name and disk type, created since the call began) and returns it instead of making
	// a second one (client.CreateWithoutToken).
	CreateSnapshot(ctx context.Context, in CreateSnapshotInput) (string, error)

	// DescribeSnapshots walks every page (NextToken, MaxResults=PageSize) and returns every match.
	DescribeSnapshots(ctx context.Context, in DescribeSnapshotsInput) ([]Snapshot, error)

	// DeleteSnapshot deletes snapshots, up to MaxDeleteIDs a call (longer lists are split).
	DeleteSnapshot(ctx context.Context, snapshotIDs []string) error

	// DescribeDesktops walks every page and returns every match; more than MaxDesktopIDs IDs are split.
	DescribeDesktops(ctx context.Context, in DescribeDesktopsInput) ([]Desktop, error)
}

// Factory builds a Client from the provider's configuration; tests hand the provider another one.
type Factory func(ctx context.Context, cfg client.Config) (Client, error)

// Limits of the API.
const (
	// PageSize is the MaxResults sent: the most a page holds by the SDK's metadata, and the default the API
	// pages document (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describesnapshots).
	PageSize = 100
	// MaxDeleteIDs is the most SnapshotId.N one DeleteSnapshot takes
	// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-deletesnapshot).
	MaxDeleteIDs = 100
	// MaxDesktopIDs is the most DesktopId.N one DescribeDesktops takes
	// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describedesktops).
	MaxDesktopIDs = 100
)

// The values of the API, in the spelling of its current edition. Answers in other spellings (the oldest
// edition's lower case) are turned into these by the client; requests accept either (see the resource).
const (
	StatusProgressing  = "PROGRESSING"
	StatusAccomplished = "ACCOMPLISHED"
	StatusFailed       = "FAILED"

	SourceDiskTypeSystem = "SYSTEM"
	SourceDiskTypeData   = "DATA"

	SnapshotTypeAuto = "AUTO"
	SnapshotTypeUser = "USER"
)

// CreateSnapshotInput is CreateSnapshot's parameters.
type CreateSnapshotInput struct {
	DesktopID    string
	SnapshotName string
	// SourceDiskType is sent as given: the create page documents lower case (system, data), the describe
	// page upper case; the resource sends what the user wrote.
	SourceDiskType string
	Description    string
}

// DescribeSnapshotsInput is DescribeSnapshots' filters; empty fields are not sent.
type DescribeSnapshotsInput struct {
	DesktopID      string
	DesktopName    string
	SnapshotID     string // the API takes one ID
	SnapshotName   string
	SourceDiskType string // System/Data, any case
	SnapshotType   string // all, auto, user
	Creator        string
	StartTime      string // yyyy-MM-ddTHH:mm:ssZ
	EndTime        string
	OsType         string
}

// Snapshot is one desktop snapshot. Status, SnapshotType and SourceDiskType are upper case whatever the API
// answered; RemainTime and SourceDiskSize are read from a number or a numeric string.
type Snapshot struct {
	SnapshotID    string
	SnapshotName  string
	Description   string
	DesktopID     string
	DesktopName   string
	DesktopStatus string
	Status        string
	// Progress is as answered ("100%"); ProgressPercent is its number, -1 when it has none.
	Progress        string
	ProgressPercent int
	// RemainTime is in seconds; -1 while the API is still working it out.
	RemainTime     int
	SnapshotType   string
	SourceDiskType string
	// SourceDiskSize is in GiB; 0 when the answer had none.
	SourceDiskSize          int
	CreationTime            string
	DeletionTime            string
	Creator                 string
	ProtocolType            string
	VolumeEncryptionEnabled bool
	VolumeEncryptionKey     string
	RestorePointID          string
	RestorePointName        string
	DiskStatus              string
	OsType                  string
}

// DescribeDesktopsInput is DescribeDesktops' filters; empty fields are not sent.
type DescribeDesktopsInput struct {
	DesktopIDs    []string
	DesktopStatus string
}

// Desktop is one cloud desktop, with what the provider needs of it.
type Desktop struct {
	DesktopID     string
	DesktopName   string
	DesktopStatus string
	OsType        string
	Disks         []Disk
}

// Disk is one disk of a desktop; DiskType upper case.
type Disk struct {
	DiskID   string
	DiskType string
	DiskSize int
}
