package ecs

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// resourceCategories are the documented spellings of Category; the API answers in lower case ("standard").
var resourceCategories = []string{"Standard", "Flash"}

// flattenSnapshotResource writes what the API says about s into m. prior is the plan or state the values
// replace: it supplies what the API does not hold (force_delete, timeouts) and the user's spelling where
// the API answers the same value in another form, so that plans stay empty.
func flattenSnapshotResource(s *ecsclient.Snapshot, prior snapshotResourceModel) snapshotResourceModel {
	m := prior
	m.ID = types.StringValue(s.SnapshotID)
	if s.SourceDiskID != "" || prior.DiskID.IsNull() || prior.DiskID.IsUnknown() {
		m.DiskID = types.StringValue(s.SourceDiskID)
	}
	m.SnapshotName = stringOrNull(s.SnapshotName)
	m.Description = stringOrNull(s.Description)
	m.RetentionDays = positiveOrNull(s.RetentionDays)
	m.Tags = flattenResourceTags(s.Tags, prior.Tags)
	m.ResourceGroupID = stringOrNull(s.ResourceGroupID)
	m.Category = flattenCategory(s.Category, prior.Category)
	m.InstantAccess = types.BoolValue(s.InstantAccess)
	m.InstantAccessRetentionDays = positiveOrNull(s.InstantAccessRetentionDays)
	if m.ForceDelete.IsNull() || m.ForceDelete.IsUnknown() {
		m.ForceDelete = types.BoolValue(false)
	}

	m.Status = types.StringValue(s.Status)
	m.Progress = types.Int64Value(int64(s.Progress))
	m.CreationTime = flattenTime(s.CreationTime)
	m.SourceDiskSize = types.Int64Value(int64(s.SourceDiskSize))
	m.SourceDiskType = types.StringValue(s.SourceDiskType)
	m.Encrypted = types.BoolValue(s.Encrypted)
	m.KMSKeyID = types.StringValue(s.KMSKeyID)
	m.SnapshotType = types.StringValue(s.SnapshotType)
	m.Usage = types.StringValue(s.Usage)
	m.RegionID = types.StringValue(s.RegionID)
	m.SnapshotSN = types.StringValue(s.SnapshotSN)
	m.SnapshotLinkID = types.StringValue(s.SnapshotLinkID)
	return m
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// positiveOrNull maps the API's 0 ("not set": kept forever, or no instant access) to null.
func positiveOrNull(n int) types.Int64 {
	if n <= 0 {
		return types.Int64Null()
	}
	return types.Int64Value(int64(n))
}

// flattenResourceTags keeps an empty map empty when the configuration says tags = {}, and null otherwise,
// so that neither form shows a difference against an untagged snapshot.
func flattenResourceTags(tags map[string]string, prior types.Map) types.Map {
	if len(tags) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.MapNull(types.StringType)
	}
	return flattenTags(tags)
}

// flattenCategory keeps the user's spelling when the API answers the same category in another case, and
// otherwise uses the documented spelling, so that an imported snapshot matches a configuration.
func flattenCategory(apiValue string, prior types.String) types.String {
	if apiValue == "" {
		return types.StringNull()
	}
	if known(prior) && strings.EqualFold(prior.ValueString(), apiValue) {
		return prior
	}
	return types.StringValue(documentedSpelling(apiValue, resourceCategories))
}
