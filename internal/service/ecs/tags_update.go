package ecs

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/flex"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
)

// taggedValues are a taggable resource's tags and tags_all, as a plan or a state holds them.
type taggedValues struct{ Tags, TagsAll types.Map }

// groupedValues are a resource's tags, tags_all and resource_group_id, as a plan or a state holds them.
type groupedValues struct {
	taggedValues
	ResourceGroupID types.String
}

// updateTagsAndGroup brings the tags and the resource group of one ECS resource from the state to the plan: the
// part of an Update that snapshots, copies, policies and groups share. It reports whether it got through.
func updateTagsAndGroup(ctx context.Context, meta *conns.Client, resourceType, what, id string, plan, state groupedValues, diags *diag.Diagnostics) bool {
	c, tc := meta.HomeECS(), meta.TagsConfig()
	if !plan.Tags.Equal(state.Tags) || !plan.TagsAll.Equal(state.TagsAll) {
		updateTags(ctx, c, meta.Region(), tc, resourceType, what, id, plan.taggedValues, state.taggedValues, diags)
		if diags.HasError() {
			return false
		}
	}
	if rg := plan.ResourceGroupID; flex.Known(rg) && !rg.Equal(state.ResourceGroupID) {
		if err := c.JoinResourceGroup(ctx, resourceType, id, rg.ValueString()); err != nil {
			diags.AddError("Cannot move "+what, client.Failure{Doing: fmt.Sprintf("Moving %s %s to resource group %s", what, id, rg.ValueString()),
				Region: meta.Region(), Subject: what + " " + id + " or resource group " + rg.ValueString()}.Explain(err))
			return false
		}
	}
	return true
}

// updateTags brings the tags of one ECS resource (resourceType, as TagResources takes it) from the state to the
// plan, for every taggable resource of this package. It removes first, then sets, so that replacing tags never
// goes over the API's 20 for a moment. It goes from the state's tags_all to the plan's, both without the ignored
// keys, so that those are never removed, and it never asks to remove a system tag (acs:, aliyun), which a state
// written before they were left out may hold. what names the resource in errors ("snapshot", "policy").
func updateTags(ctx context.Context, c ecsclient.Client, region string, tc tags.Config, resourceType, what, id string, plan, state taggedValues, diags *diag.Diagnostics) {
	oldAll := state.TagsAll
	if oldAll.IsNull() {
		oldAll = state.Tags // a state written before tags_all existed, not refreshed since
	}
	oldTags, d := tags.Expand(ctx, oldAll)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	oldTags = tc.Ignore.Filter(oldTags) // the state may predate a key's addition to ignore_tags (-refresh=false)
	set, remove := tags.Diff(oldTags, tc.PlannedAll(plan.Tags, plan.TagsAll))
	remove = tags.UserKeys(remove)
	if len(remove) > 0 {
		if err := c.UntagResources(ctx, resourceType, []string{id}, remove); err != nil {
			diags.AddAttributeError(path.Root("tags"), "Cannot remove tags", client.Failure{Doing: fmt.Sprintf("Removing tags %q from %s %s", remove, what, id),
				Region: region, Subject: what + " " + id}.Explain(err))
			return
		}
	}
	if len(set) > 0 {
		if err := c.TagResources(ctx, resourceType, []string{id}, set); err != nil {
			diags.AddAttributeError(path.Root("tags"), "Cannot set tags", client.Failure{Doing: fmt.Sprintf("Tagging %s %s", what, id),
				Region: region, Subject: what + " " + id}.Explain(err))
		}
	}
}
