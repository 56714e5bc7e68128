package ecs

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// snapshotsDataSourceModel is the whole aliecs_snapshots object: the API filters, the client-side
// selection, and the results. Field order follows snapshotsDataSourceSchema.
type snapshotsDataSourceModel struct {
	ID types.String `tfsdk:"id"`

	// DescribeSnapshots filters.
	InstanceID        types.String `tfsdk:"instance_id"`
	DiskID            types.String `tfsdk:"disk_id"`
	SnapshotLinkID    types.String `tfsdk:"snapshot_link_id"`
	IDs               types.List   `tfsdk:"ids"` // input (SnapshotIds) and output (the IDs found)
	SnapshotName      types.String `tfsdk:"snapshot_name"`
	Status            types.String `tfsdk:"status"`
	SnapshotType      types.String `tfsdk:"snapshot_type"`
	Usage             types.String `tfsdk:"usage"`
	SourceDiskType    types.String `tfsdk:"source_disk_type"`
	Encrypted         types.Bool   `tfsdk:"encrypted"`
	ResourceGroupID   types.String `tfsdk:"resource_group_id"`
	KMSKeyID          types.String `tfsdk:"kms_key_id"`
	Category          types.String `tfsdk:"category"`
	Tags              types.Map    `tfsdk:"tags"`
	CreationStartTime types.String `tfsdk:"creation_start_time"`
	CreationEndTime   types.String `tfsdk:"creation_end_time"`
	DryRun            types.Bool   `tfsdk:"dry_run"`

	// Client-side selection.
	NameRegex  types.String `tfsdk:"name_regex"`
	MostRecent types.Bool   `tfsdk:"most_recent"`

	// Results.
	Names      types.List      `tfsdk:"names"`
	TotalCount types.Int64     `tfsdk:"total_count"`
	Snapshots  []snapshotModel `tfsdk:"snapshots"`
}

// snapshotModel is one element of the snapshots list: every DescribeSnapshots response field,
// in the order of ecs-DescribeSnapshots.txt, plus id.
type snapshotModel struct {
	ID                         types.String `tfsdk:"id"`
	Status                     types.String `tfsdk:"status"`
	CreationTime               types.String `tfsdk:"creation_time"`
	Progress                   types.Int64  `tfsdk:"progress"`
	InstantAccess              types.Bool   `tfsdk:"instant_access"`
	Available                  types.Bool   `tfsdk:"available"`
	RemainTime                 types.Int64  `tfsdk:"remain_time"`
	SourceDiskSize             types.Int64  `tfsdk:"source_disk_size"`
	RetentionDays              types.Int64  `tfsdk:"retention_days"`
	SourceDiskType             types.String `tfsdk:"source_disk_type"`
	SourceStorageType          types.String `tfsdk:"source_storage_type"`
	Usage                      types.String `tfsdk:"usage"`
	LastModifiedTime           types.String `tfsdk:"last_modified_time"`
	Encrypted                  types.Bool   `tfsdk:"encrypted"`
	SnapshotType               types.String `tfsdk:"snapshot_type"`
	SourceDiskID               types.String `tfsdk:"source_disk_id"`
	SnapshotName               types.String `tfsdk:"snapshot_name"`
	InstantAccessRetentionDays types.Int64  `tfsdk:"instant_access_retention_days"`
	Description                types.String `tfsdk:"description"`
	SnapshotID                 types.String `tfsdk:"snapshot_id"`
	RegionID                   types.String `tfsdk:"region_id"`
	ResourceGroupID            types.String `tfsdk:"resource_group_id"`
	Category                   types.String `tfsdk:"category"`
	KMSKeyID                   types.String `tfsdk:"kms_key_id"`
	SnapshotSN                 types.String `tfsdk:"snapshot_sn"`
	ProductCode                types.String `tfsdk:"product_code"`
	SourceSnapshotID           types.String `tfsdk:"source_snapshot_id"`
	SourceRegionID             types.String `tfsdk:"source_region_id"`
	SnapshotLinkID             types.String `tfsdk:"snapshot_link_id"`
	Tags                       types.Map    `tfsdk:"tags"`
}
