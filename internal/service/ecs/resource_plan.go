package ecs

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan refuses, at plan time, a change the API would refuse at apply: a shorter retention. It must
// not become a replacement either, which would silently delete the snapshot and its data.
func (r *snapshotResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var planned, prior types.Int64
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("retention_days"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("retention_days"), &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if msg := retentionChangeProblem(prior, planned); msg != "" {
		resp.Diagnostics.AddAttributeError(path.Root("retention_days"), "Retention can only be extended", msg)
	}
}

// retentionChangeProblem explains why going from prior to planned is not possible, or returns "".
func retentionChangeProblem(prior, planned types.Int64) string {
	if !known(prior) || !known(planned) || planned.ValueInt64() >= prior.ValueInt64() {
		return ""
	}
	return fmt.Sprintf("retention_days cannot go from %d down to %d: the ECS API (ModifySnapshotAttribute) can only extend "+
		"a snapshot's retention, never shorten it. Keep retention_days at %d or more, or replace the snapshot "+
		"(terraform apply -replace=<address>) to start a new one with the shorter retention.",
		prior.ValueInt64(), planned.ValueInt64(), prior.ValueInt64())
}

func (r *snapshotResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{instantAccessRetentionValidator{}}
}

// instantAccessRetentionValidator: instant_access_retention_days means something only with instant access
// on; AlsoRequires on the attribute checks that instant_access is set, this checks that it is true.
type instantAccessRetentionValidator struct{}

func (v instantAccessRetentionValidator) Description(ctx context.Context) string {
	return v.MarkdownDescription(ctx)
}

func (instantAccessRetentionValidator) MarkdownDescription(context.Context) string {
	return "instant_access_retention_days requires instant_access = true"
}

func (v instantAccessRetentionValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var days types.Int64
	var instant types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("instant_access_retention_days"), &days)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("instant_access"), &instant)...)
	if resp.Diagnostics.HasError() || !known(days) || !known(instant) || instant.ValueBool() {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("instant_access_retention_days"), "Invalid Attribute Combination",
		fmt.Sprintf("Attribute instant_access_retention_days (%d) is only valid with instant_access = true, got instant_access = false.", days.ValueInt64()))
}
