package ecs

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// flattenIDsAndNames is the ids and names lists, in the order of the snapshots.
func flattenIDsAndNames(in []ecsclient.Snapshot) (ids, names types.List) {
	idValues := make([]attr.Value, 0, len(in))
	nameValues := make([]attr.Value, 0, len(in))
	for _, s := range in {
		idValues = append(idValues, types.StringValue(s.SnapshotID))
		nameValues = append(nameValues, types.StringValue(s.SnapshotName))
	}
	return types.ListValueMust(types.StringType, idValues), types.ListValueMust(types.StringType, nameValues)
}

// flattenSnapshot maps one snapshot field by field, in the order of snapshotModel.
func flattenSnapshot(s ecsclient.Snapshot) snapshotModel {
	return snapshotModel{
		ID:                         types.StringValue(s.SnapshotID),
		Status:                     types.StringValue(s.Status),
		CreationTime:               flattenTime(s.CreationTime),
		Progress:                   types.Int64Value(int64(s.Progress)),
		InstantAccess:              types.BoolValue(s.InstantAccess),
		Available:                  types.BoolValue(s.Available),
		RemainTime:                 types.Int64Value(int64(s.RemainTime)),
		SourceDiskSize:             types.Int64Value(int64(s.SourceDiskSize)),
		RetentionDays:              types.Int64Value(int64(s.RetentionDays)),
		SourceDiskType:             types.StringValue(s.SourceDiskType),
		SourceStorageType:          types.StringValue(s.SourceStorageType),
		Usage:                      types.StringValue(s.Usage),
		LastModifiedTime:           flattenTime(s.LastModifiedTime),
		Encrypted:                  types.BoolValue(s.Encrypted),
		SnapshotType:               types.StringValue(s.SnapshotType),
		SourceDiskID:               types.StringValue(s.SourceDiskID),
		SnapshotName:               types.StringValue(s.SnapshotName),
		InstantAccessRetentionDays: types.Int64Value(int64(s.InstantAccessRetentionDays)),
		Description:                types.StringValue(s.Description),
		SnapshotID:                 types.StringValue(s.SnapshotID),
		RegionID:                   types.StringValue(s.RegionID),
		ResourceGroupID:            types.StringValue(s.ResourceGroupID),
		Category:                   types.StringValue(s.Category),
		KMSKeyID:                   types.StringValue(s.KMSKeyID),
		SnapshotSN:                 types.StringValue(s.SnapshotSN),
		ProductCode:                types.StringValue(s.ProductCode),
		SourceSnapshotID:           types.StringValue(s.SourceSnapshotID),
		SourceRegionID:             types.StringValue(s.SourceRegionID),
		SnapshotLinkID:             types.StringValue(s.SnapshotLinkID),
		Tags:                       flattenTags(s.Tags),
	}
}

// flattenTime writes times as the API does (RFC 3339, UTC, seconds); a time the API left empty is null.
func flattenTime(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// flattenTags gives an empty map rather than null for an untagged snapshot, so that lookups such as
// lookup(s.tags, "env", "") work on every element.
func flattenTags(tags map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(tags))
	for k, v := range tags {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}
