package tags

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
)

// The attributes of a taggable resource: tags, its own, and tags_all, computed (see Config).
const (
	AttrTags    = "tags"
	AttrTagsAll = "tags_all"
)

const allDescription = "Every tag of the resource: the provider's `default_tags` merged with `tags` (a key in both takes " +
	"the value of `tags`), without the keys of the provider's `ignore_tags` and without system tags. Known at plan time " +
	"when `tags` and the provider's configuration are, so a plan shows what changes when `default_tags` change."

// AllAttribute is the schema of tags_all. It has no plan modifier: PlanAll, called from the resource's
// ModifyPlan, plans it.
func AllAttribute() schema.MapAttribute {
	return schema.MapAttribute{
		ElementType: types.StringType, Computed: true,
		Description: schemas.Plain(allDescription), MarkdownDescription: allDescription,
	}
}

// PlanAll plans a resource's tags_all from its planned tags and c, and refuses at plan time the tags that cannot
// be merged with the provider's (MergeProblems). configured is false when the provider is not configured (its
// arguments are not known yet): tags_all is then left as the framework planned it, unknown for a create and the
// state's value otherwise, and the apply, with the provider configured, computes it. Called for every plan,
// so a change of default_tags alone plans an in-place update showing tags_all.
func PlanAll(ctx context.Context, c Config, configured bool, plan *tfsdk.Plan, diags *diag.Diagnostics) {
	if plan.Raw.IsNull() || !configured {
		return
	}
	var own types.Map
	diags.Append(plan.GetAttribute(ctx, path.Root(AttrTags), &own)...)
	if diags.HasError() {
		return
	}
	all, problems := c.plannedAll(own)
	for _, problem := range problems {
		diags.AddAttributeError(path.Root(AttrTags), "Invalid tags", problem)
	}
	diags.Append(plan.SetAttribute(ctx, path.Root(AttrTagsAll), all)...)
}

// plannedAll is tags_all as PlanAll plans it from the planned tags own (unknown while own is), and the tags of own
// that cannot be merged with the provider's.
func (c Config) plannedAll(own types.Map) (types.Map, []string) {
	m, known := Map(own)
	if !known {
		return types.MapUnknown(types.StringType), nil
	}
	return Flatten(c.All(m)), c.MergeProblems(AttrTags, m)
}

// FlattenRead is tags and tags_all of a resource whose tags the API answers as api (system tags already left
// out), read over prior (the resource's tags in the plan or state, null for an import): tags keeps prior's form
// for no tags (FlattenResource).
func (c Config) FlattenRead(api map[string]string, prior types.Map) (own, all types.Map) {
	allTags := c.Ignore.Filter(api)
	priorTags, _ := Map(prior)
	return FlattenResource(c.Own(allTags, priorTags), prior), Flatten(allTags)
}

// PlannedAll is the tags a resource is to hold at apply: tags_all of the plan when known, else (tags were not
// known at plan time) computed from the planned tags, now known.
func (c Config) PlannedAll(ownPlanned, allPlanned types.Map) map[string]string {
	if all, ok := Map(allPlanned); ok && !allPlanned.IsNull() {
		return all
	}
	own, _ := Map(ownPlanned)
	return c.All(own)
}

// Settled reports whether PlanAll, with the provider configured with c, leaves tags_all of an unchanged object
// (its plan is its state) as the state holds it, with no diagnostic: what a type's framework.ResourceSpec
// UnchangedPlan checks of its tags.
func Settled(ctx context.Context, c Config, state tfsdk.State) bool {
	var own, all types.Map
	if state.GetAttribute(ctx, path.Root(AttrTags), &own).HasError() || state.GetAttribute(ctx, path.Root(AttrTagsAll), &all).HasError() {
		return false
	}
	planned, problems := c.plannedAll(own)
	return len(problems) == 0 && planned.Equal(all)
}
