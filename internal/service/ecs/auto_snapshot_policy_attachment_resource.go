package ecs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/batch"
	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

var (
	_ resource.ResourceWithImportState = (*autoSnapshotPolicyAttachmentResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*autoSnapshotPolicyAttachmentResource)(nil)
)

type autoSnapshotPolicyAttachmentResource struct {
	framework.ResourceWithConfigure
}

// NewAutoSnapshotPolicyAttachmentResource is the aliecs_auto_snapshot_policy_attachment resource.
func NewAutoSnapshotPolicyAttachmentResource() resource.Resource {
	return &autoSnapshotPolicyAttachmentResource{}
}

const attachmentResourceDescription = "Applies an automatic snapshot policy to one disk. A disk carries one policy at a time: " +
	"changing `auto_snapshot_policy_id` moves the disk to the other policy in place (ApplyAutoSnapshotPolicy replaces the " +
	"disk's policy), without a moment in which the disk has none. Destroying the attachment cancels the policy on the disk " +
	"only while the disk still carries this policy: if another attachment (or anything else) has since applied another " +
	"policy to the disk, that policy is left alone. A disk that is released, or that carries another policy or none, " +
	"shows the attachment as gone, and the next plan applies it again. Import with `<auto_snapshot_policy_id>:<disk_id>`."

func (r *autoSnapshotPolicyAttachmentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description:         schemas.Plain(attachmentResourceDescription),
		MarkdownDescription: attachmentResourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				Description:         "The attachment's ID, <auto_snapshot_policy_id>:<disk_id>.",
				MarkdownDescription: "The attachment's ID, `<auto_snapshot_policy_id>:<disk_id>`.",
			},
			"auto_snapshot_policy_id": schema.StringAttribute{
				Required: true,
				Description: "The ID of the automatic snapshot policy (sp-...) to apply to the disk. Changing it moves the disk " +
					"to the other policy in place.",
				MarkdownDescription: "The ID of the automatic snapshot policy (`sp-...`) to apply to the disk. Changing it moves " +
					"the disk to the other policy in place.",
				Validators: []validator.String{validate.AutoSnapshotPolicyID.String()},
			},
			"disk_id": schema.StringAttribute{
				Required:            true,
				Description:         "The ID of the disk (d-...) the policy applies to. Changing it replaces the attachment.",
				MarkdownDescription: "The ID of the disk (`d-...`) the policy applies to. Changing it replaces the attachment.",
				Validators:          []validator.String{validate.DiskID.String()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
		},
	}
}

type autoSnapshotPolicyAttachmentModel struct {
	ID                   types.String `tfsdk:"id"`
	AutoSnapshotPolicyID types.String `tfsdk:"auto_snapshot_policy_id"`
	DiskID               types.String `tfsdk:"disk_id"`
}

// attachmentID is the attachment's ID: the form the official provider uses
// (https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/ecs_auto_snapshot_policy_attachment),
// so that users moving over import with the IDs they know.
func attachmentID(policyID, diskID string) string { return policyID + ":" + diskID }

// parseAttachmentID splits an import ID, refusing anything but `sp-...:d-...`.
func parseAttachmentID(id string) (policyID, diskID string, err error) {
	policyID, diskID, ok := strings.Cut(id, ":")
	if !ok || !validate.AutoSnapshotPolicyID.OK(policyID) || !validate.DiskID.OK(diskID) {
		return "", "", fmt.Errorf("the import ID %q is not <auto_snapshot_policy_id>:<disk_id>: it must be %s, a colon, then %s "+
			"(for example sp-bp1a3r2m5jxl7hq0w8ke:d-bp1a3r2m5jxl7hq0w8ke)", id, validate.AutoSnapshotPolicyID.Form(), validate.DiskID.Form())
	}
	return policyID, diskID, nil
}

// autoSnapshotPolicyAttachmentUnchanged is what ModifyPlan does to an unchanged attachment
// (framework.ResourceSpec.UnchangedPlan): plan id from the policy and the disk, which the state's id already is.
func autoSnapshotPolicyAttachmentUnchanged(ctx context.Context, req framework.UnchangedPlanRequest) bool {
	var state autoSnapshotPolicyAttachmentModel
	return !framework.Get(ctx, req.State, &state).HasError() && state.ID.Equal(state.plannedID())
}

// plannedID is the id ModifyPlan plans: made of the policy's and the disk's, unknown while either is.
func (m autoSnapshotPolicyAttachmentModel) plannedID() types.String {
	if m.AutoSnapshotPolicyID.IsUnknown() || m.DiskID.IsUnknown() {
		return types.StringUnknown()
	}
	return types.StringValue(attachmentID(m.AutoSnapshotPolicyID.ValueString(), m.DiskID.ValueString()))
}

// ModifyPlan plans the ID from the two IDs it is made of, so that moving the disk to another policy shows the
// new ID in the plan and the in-place update may change it.
func (r *autoSnapshotPolicyAttachmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan autoSnapshotPolicyAttachmentModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), plan.plannedID())...)
}

func (r *autoSnapshotPolicyAttachmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan autoSnapshotPolicyAttachmentModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	policyID, diskID := plan.AutoSnapshotPolicyID.ValueString(), plan.DiskID.ValueString()
	if err := r.apply(ctx, policyID, diskID); err != nil {
		resp.Diagnostics.AddError("Cannot apply automatic snapshot policy", err.Error())
		return
	}
	plan.ID = types.StringValue(attachmentID(policyID, diskID))
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, plan)...)
}

// failure words an API error of doing something to disk diskID (client.Failure, shared by every resource).
func (r *autoSnapshotPolicyAttachmentResource) failure(doing, diskID string) client.Failure {
	return client.Failure{Doing: doing, Region: r.Meta().Region(), Subject: "disk " + diskID}
}

// apply applies the policy to the disk: on a disk that carries another policy, Apply replaces it
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-applyautosnapshotpolicy), which is
// how a disk moves between policies with no gap and no Cancel (the official provider's move cancels with an empty
// policy ID and fails: https://github.com/aliyun/terraform-provider-alicloud/issues/8888).
func (r *autoSnapshotPolicyAttachmentResource) apply(ctx context.Context, policyID, diskID string) error {
	err := r.Meta().HomeECS().ApplyAutoSnapshotPolicy(ctx, policyID, []string{diskID})
	switch {
	case err == nil:
		tflog.Info(ctx, "automatic snapshot policy applied", map[string]any{"auto_snapshot_policy_id": policyID, "disk_id": diskID})
		return nil
	case client.IsCode(err, "InvalidDiskId.NotFound"):
		return fmt.Errorf("applying policy %s to disk %s: there is no disk %s in region %s. Check disk_id, and that the "+
			"provider's region is the disk's region. (%w)", policyID, diskID, diskID, r.Meta().HomeECS().Region(), err)
	case client.IsNotFound(err), client.IsCode(err, "InvalidAutoSnapshotPolicyId.NotFound"):
		return fmt.Errorf("applying policy %s to disk %s: the API found no such policy or disk in region %s. Check "+
			"auto_snapshot_policy_id and disk_id, and that the provider's region is theirs. (%w)", policyID, diskID, r.Meta().HomeECS().Region(), err)
	default:
		return errors.New(client.Failure{Doing: fmt.Sprintf("Applying policy %s to disk %s", policyID, diskID),
			Region: r.Meta().Region(), Subject: "disk " + diskID}.Explain(err))
	}
}

func (r *autoSnapshotPolicyAttachmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state autoSnapshotPolicyAttachmentModel
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	policyID, diskID := state.AutoSnapshotPolicyID.ValueString(), state.DiskID.ValueString()
	// A plan reads every attachment at once (up to -parallelism): the reads share DescribeDisks calls. The Read
	// after an import uses the disk the import found.
	disk, err := framework.ImportedOr(ctx, req, attachmentID(policyID, diskID), func(ctx context.Context) (*ecsclient.Disk, error) {
		d, found, err := disksByID.Get(ctx, r.Meta(), "", diskID, 0)
		return wait.Found(d, found, err, "disk", diskID)
	})
	found := !wait.IsNotFound(err)
	if err != nil && found {
		resp.Diagnostics.AddError("Cannot read disk", r.failure("Reading disk "+diskID+" of attachment "+state.ID.ValueString(), diskID).Explain(err))
		return
	}
	if !found || disk.AutoSnapshotPolicyID != policyID {
		// Released, or moved to another policy (or none) outside this attachment: the attachment no longer
		// holds, so the next plan applies it again.
		carried := ""
		if found {
			carried = disk.AutoSnapshotPolicyID
		}
		tflog.Warn(ctx, "the disk does not carry the policy any more, removing the attachment from the state",
			map[string]any{"auto_snapshot_policy_id": policyID, "disk_id": diskID, "disk_found": found, "disk_policy": carried})
		resp.State.RemoveResource(ctx)
		return
	}
	state.ID = types.StringValue(attachmentID(policyID, diskID))
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, state)...)
}

func (r *autoSnapshotPolicyAttachmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state autoSnapshotPolicyAttachmentModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	// Only auto_snapshot_policy_id changes in place (disk_id replaces): applying the new policy replaces the old
	// one on the disk, so nothing is cancelled.
	policyID, diskID := plan.AutoSnapshotPolicyID.ValueString(), plan.DiskID.ValueString()
	if policyID != state.AutoSnapshotPolicyID.ValueString() {
		if err := r.apply(ctx, policyID, diskID); err != nil {
			resp.Diagnostics.AddError("Cannot move disk to another automatic snapshot policy",
				fmt.Sprintf("Moving disk %s from policy %s: %s", diskID, state.AutoSnapshotPolicyID.ValueString(), err))
			return
		}
	}
	plan.ID = types.StringValue(attachmentID(policyID, diskID))
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, plan)...)
}

func (r *autoSnapshotPolicyAttachmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state autoSnapshotPolicyAttachmentModel
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	policyID, diskID := state.AutoSnapshotPolicyID.ValueString(), state.DiskID.ValueString()
	// Cancel only what this attachment applied: when a disk moves between two attachments' policies, Terraform
	// may create the new attachment before it destroys the old one, and cancelling then would take the new
	// policy off the disk.
	disk, found, err := disksByID.Get(ctx, r.Meta(), "", diskID, 0)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read disk", r.failure("Reading disk "+diskID+" before cancelling policy "+policyID+" on it", diskID).Explain(err))
		return
	}
	if !found || disk.AutoSnapshotPolicyID != policyID {
		tflog.Info(ctx, "the disk does not carry the policy: nothing to cancel",
			map[string]any{"auto_snapshot_policy_id": policyID, "disk_id": diskID, "disk_found": found, "disk_policy": disk.AutoSnapshotPolicyID})
		return
	}
	// The policy ID is always sent, so that on a disk carrying several policies (a feature the API offers on
	// request: ApplyAutoSnapshotPolicy's documentation above) only this one is cancelled.
	err = r.Meta().HomeECS().CancelAutoSnapshotPolicy(ctx, policyID, []string{diskID})
	switch {
	case err == nil:
	case cancelTargetGone(err):
		// The disk or the policy went meanwhile: the policy no longer applies to the disk either way.
		tflog.Info(ctx, "policy or disk already gone", map[string]any{"auto_snapshot_policy_id": policyID, "disk_id": diskID})
	default:
		resp.Diagnostics.AddError("Cannot cancel automatic snapshot policy",
			r.failure("Cancelling policy "+policyID+" on disk "+diskID, diskID).Explain(err))
	}
}

// cancelTargetGone reports whether Cancel failed because the disk or the policy no longer exists: a *.NotFound
// code, or the 404 ParameterInvalid ("... does not exist") these calls answer for a missing policy or disk
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-applyautosnapshotpolicy lists it
// as 404; the 403 ParameterInvalid is a malformed value and stays an error).
func cancelTargetGone(err error) bool {
	if client.IsNotFound(err) {
		return true
	}
	apiErr, ok := errors.AsType[*client.APIError](err)
	return ok && apiErr.Code == "ParameterInvalid" && apiErr.HTTPStatus == http.StatusNotFound
}

// ImportState takes `<auto_snapshot_policy_id>:<disk_id>` and checks that the disk carries that policy, so that a
// mistyped ID is named as such rather than by Terraform's generic "Cannot import non-existent remote object".
func (r *autoSnapshotPolicyAttachmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	policyID, diskID, err := parseAttachmentID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", capitalize(err.Error())+".")
		return
	}
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	disk, found, err := disksByID.Get(ctx, r.Meta(), "", diskID, 0)
	switch {
	case err != nil:
		resp.Diagnostics.AddError("Cannot read disk", r.failure("Importing "+req.ID+", reading disk "+diskID, diskID).Explain(err))
		return
	case !found:
		resp.Diagnostics.AddError("Disk not found",
			fmt.Sprintf("Cannot import %s: there is no disk %s in region %s (DescribeDisks found none). Check the ID, and that "+
				"the provider's region is the disk's region.", req.ID, diskID, r.Meta().HomeECS().Region()))
		return
	case disk.AutoSnapshotPolicyID != policyID:
		carries := "no automatic snapshot policy"
		if disk.AutoSnapshotPolicyID != "" {
			carries = "policy " + disk.AutoSnapshotPolicyID
		}
		resp.Diagnostics.AddError("Policy not applied to the disk",
			fmt.Sprintf("Cannot import %s: disk %s carries %s, not %s, so there is no such attachment to import.", req.ID, diskID, carries, policyID))
		return
	}
	id := attachmentID(policyID, diskID)
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, autoSnapshotPolicyAttachmentModel{
		ID: types.StringValue(id), AutoSnapshotPolicyID: types.StringValue(policyID), DiskID: types.StringValue(diskID),
	})...)
	framework.HandToRead(ctx, resp, id, disk)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// disksByID is the lookup of disks by ID, so that a refresh of many attachments reads their disks in a few calls:
// DescribeDisks by DiskIds, up to 100 a call (batch.DefaultMaxKeys, the documented length of the DiskIds list:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describedisks).
var disksByID = conns.ByIDs("ecs/disks", (*conns.Client).ECS, ecsclient.Client.DescribeDisks,
	func(ids []string) ecsclient.DescribeDisksInput { return ecsclient.DescribeDisksInput{DiskIDs: ids} },
	func(d ecsclient.Disk) string { return d.DiskID }, batch.Options{})
