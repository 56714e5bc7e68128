package ecs

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// expandCreateInput turns the plan into CreateSnapshot's parameters. Unknown and null values read as zero,
// which the client does not send, so the API applies its defaults.
func expandCreateInput(ctx context.Context, plan snapshotResourceModel) (ecsclient.CreateSnapshotInput, diag.Diagnostics) {
	tags, diags := expandTagMap(ctx, plan.Tags)
	return ecsclient.CreateSnapshotInput{
		DiskID:                     plan.DiskID.ValueString(),
		SnapshotName:               plan.SnapshotName.ValueString(),
		Description:                plan.Description.ValueString(),
		RetentionDays:              int(plan.RetentionDays.ValueInt64()),
		Category:                   plan.Category.ValueString(),
		InstantAccess:              plan.InstantAccess.ValueBool(),
		InstantAccessRetentionDays: int(plan.InstantAccessRetentionDays.ValueInt64()),
		ResourceGroupID:            plan.ResourceGroupID.ValueString(),
		Tags:                       tags,
	}, diags
}

// expandModifyInput gives ModifySnapshotAttribute's parameters for what the plan changes, or nil when it
// changes none of them. A value the plan leaves null or unknown is not sent: the API cannot clear them.
func expandModifyInput(plan, state snapshotResourceModel) *ecsclient.ModifySnapshotAttributeInput {
	in := ecsclient.ModifySnapshotAttributeInput{SnapshotID: state.ID.ValueString()}
	changed := false
	if known(plan.SnapshotName) && !plan.SnapshotName.Equal(state.SnapshotName) {
		v := plan.SnapshotName.ValueString()
		in.SnapshotName, changed = &v, true
	}
	if known(plan.Description) && !plan.Description.Equal(state.Description) {
		v := plan.Description.ValueString()
		in.Description, changed = &v, true
	}
	if known(plan.RetentionDays) && !plan.RetentionDays.Equal(state.RetentionDays) {
		v := int(plan.RetentionDays.ValueInt64())
		in.RetentionDays, changed = &v, true
	}
	if !changed {
		return nil
	}
	return &in
}

func known(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}

func expandTagMap(ctx context.Context, m types.Map) (map[string]string, diag.Diagnostics) {
	if m.IsNull() || m.IsUnknown() {
		return nil, nil
	}
	tags := map[string]string{}
	diags := m.ElementsAs(ctx, &tags, false)
	return tags, diags
}

// tagsDiff says which tags to set (new keys and changed values) and which keys to remove to go from
// old to new. Removed keys are sorted so that calls are reproducible.
func tagsDiff(oldTags, newTags map[string]string) (set map[string]string, remove []string) {
	set = map[string]string{}
	for k, v := range newTags {
		if old, ok := oldTags[k]; !ok || old != v {
			set[k] = v
		}
	}
	for k := range oldTags {
		if _, ok := newTags[k]; !ok {
			remove = append(remove, k)
		}
	}
	slices.Sort(remove)
	return set, remove
}
