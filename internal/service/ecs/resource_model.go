package ecs

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// snapshotResourceModel is the aliecs_snapshot resource; field order follows the schema: arguments, then
// the attributes only the API sets.
type snapshotResourceModel struct {
	ID                         types.String   `tfsdk:"id"`
	DiskID                     types.String   `tfsdk:"disk_id"`
	SnapshotName               types.String   `tfsdk:"snapshot_name"`
	Description                types.String   `tfsdk:"description"`
	RetentionDays              types.Int64    `tfsdk:"retention_days"`
	Tags                       types.Map      `tfsdk:"tags"`
	ResourceGroupID            types.String   `tfsdk:"resource_group_id"`
	Category                   types.String   `tfsdk:"category"`
	InstantAccess              types.Bool     `tfsdk:"instant_access"`
	InstantAccessRetentionDays types.Int64    `tfsdk:"instant_access_retention_days"`
	ForceDelete                types.Bool     `tfsdk:"force_delete"`
	Timeouts                   timeouts.Value `tfsdk:"timeouts"`

	Status         types.String `tfsdk:"status"`
	Progress       types.Int64  `tfsdk:"progress"`
	CreationTime   types.String `tfsdk:"creation_time"`
	SourceDiskSize types.Int64  `tfsdk:"source_disk_size"`
	SourceDiskType types.String `tfsdk:"source_disk_type"`
	Encrypted      types.Bool   `tfsdk:"encrypted"`
	KMSKeyID       types.String `tfsdk:"kms_key_id"`
	SnapshotType   types.String `tfsdk:"snapshot_type"`
	Usage          types.String `tfsdk:"usage"`
	RegionID       types.String `tfsdk:"region_id"`
	SnapshotSN     types.String `tfsdk:"snapshot_sn"`
	SnapshotLinkID types.String `tfsdk:"snapshot_link_id"`
}

// nullUnknowns makes the model storable while the API has not told us the computed values yet: the state
// saved right after CreateSnapshot must hold no unknown value.
func (m *snapshotResourceModel) nullUnknowns() {
	for _, s := range []*types.String{&m.SnapshotName, &m.Description, &m.ResourceGroupID, &m.Category, &m.Status,
		&m.CreationTime, &m.SourceDiskType, &m.KMSKeyID, &m.SnapshotType, &m.Usage, &m.RegionID, &m.SnapshotSN, &m.SnapshotLinkID} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	for _, i := range []*types.Int64{&m.RetentionDays, &m.InstantAccessRetentionDays, &m.Progress, &m.SourceDiskSize} {
		if i.IsUnknown() {
			*i = types.Int64Null()
		}
	}
	for _, b := range []*types.Bool{&m.InstantAccess, &m.ForceDelete, &m.Encrypted} {
		if b.IsUnknown() {
			*b = types.BoolNull()
		}
	}
	if m.Tags.IsUnknown() {
		m.Tags = types.MapNull(types.StringType)
	}
}
