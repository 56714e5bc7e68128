package ecs

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// expandSnapshotsFilter turns the configured filters into the client's input. Null attributes stay zero
// values, which the client does not send.
func expandSnapshotsFilter(ctx context.Context, m snapshotsDataSourceModel) (ecsclient.DescribeSnapshotsInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := ecsclient.DescribeSnapshotsInput{
		InstanceID:      m.InstanceID.ValueString(),
		DiskID:          m.DiskID.ValueString(),
		SnapshotLinkID:  m.SnapshotLinkID.ValueString(),
		SnapshotName:    m.SnapshotName.ValueString(),
		Status:          m.Status.ValueString(),
		SnapshotType:    m.SnapshotType.ValueString(),
		Usage:           m.Usage.ValueString(),
		SourceDiskType:  strings.ToLower(m.SourceDiskType.ValueString()),
		Encrypted:       m.Encrypted.ValueBoolPointer(),
		ResourceGroupID: m.ResourceGroupID.ValueString(),
		KMSKeyID:        m.KMSKeyID.ValueString(),
		Category:        canonicalCategory(m.Category.ValueString()),
		DryRun:          m.DryRun.ValueBool(),
	}
	if !m.IDs.IsNull() && !m.IDs.IsUnknown() {
		diags.Append(m.IDs.ElementsAs(ctx, &in.SnapshotIDs, false)...)
	}
	tags, d := expandTagMap(ctx, m.Tags)
	in.Tags = tags
	diags.Append(d...)
	in.CreationStartTime = expandCreationTime(m.CreationStartTime, path.Root("creation_start_time"), &diags)
	in.CreationEndTime = expandCreationTime(m.CreationEndTime, path.Root("creation_end_time"), &diags)
	return in, diags
}

// canonicalCategory maps any case of a documented category to the documented spelling; anything else
// (already refused at plan time) is passed on for the API to judge.
func canonicalCategory(c string) string { return documentedSpelling(c, snapshotCategoryFilterValues) }

// documentedSpelling is the one of documented that equals s but for case, or s itself.
func documentedSpelling(s string, documented []string) string {
	for _, v := range documented {
		if strings.EqualFold(s, v) {
			return v
		}
	}
	return s
}

func expandCreationTime(v types.String, p path.Path, diags *diag.Diagnostics) *time.Time {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	t, err := parseCreationTime(v.ValueString())
	if err != nil {
		diags.AddAttributeError(p, "Invalid Attribute Value", "Attribute "+p.String()+": "+err.Error())
		return nil
	}
	return &t
}
