package ecs

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// API error codes of DeleteSnapshot that need the user to act.
const (
	codeSnapshotCreatedDisk  = "SnapshotCreatedDisk"
	codeSnapshotCreatedImage = "SnapshotCreatedImage"
)

func (r *snapshotResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan snapshotResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	in, diags := expandCreateInput(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id, err := r.client.CreateSnapshot(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create snapshot", fmt.Sprintf("Creating a snapshot of disk %s: %s", in.DiskID, err))
		return
	}
	ctx = tflog.SetField(ctx, "snapshot_id", id)
	tflog.Info(ctx, "snapshot created, waiting until accomplished", map[string]any{"timeout": timeout.String()})

	// Saved before waiting: if the wait fails, times out or is cancelled, Terraform keeps the snapshot
	// (tainted) and replaces or destroys it later, instead of losing track of a snapshot that exists.
	saved := plan
	saved.ID = types.StringValue(id)
	saved.nullUnknowns()
	resp.Diagnostics.Append(resp.State.Set(ctx, &saved)...)
	if resp.Diagnostics.HasError() {
		return
	}

	s, err := waitSnapshotCreated(ctx, r.find, r.sleep, id)
	if s != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, flattenSnapshotResource(s, saved))...)
	}
	if err != nil {
		resp.Diagnostics.AddError("Snapshot not created", err.Error())
		return
	}
}

func (r *snapshotResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state snapshotResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	// A plan reads every resource at once (up to -parallelism): the reads share calls.
	s, err := r.find(withLookupSlack(ctx, readLookupSlack), id)
	if isNotFound(err) {
		// Deleted outside Terraform: forget it, so the next plan creates it again.
		tflog.Warn(ctx, "snapshot not found, removing it from the state", map[string]any{"snapshot_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read snapshot", fmt.Sprintf("Reading snapshot %s: %s", id, err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, flattenSnapshotResource(s, state))...)
}

func (r *snapshotResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state snapshotResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	// A change that fails halfway leaves the state as the API has it, so that the next plan shows
	// exactly what is still to do.
	defer func() {
		if resp.Diagnostics.HasError() {
			r.keepWhatTheAPIHas(ctx, id, state, resp)
		}
	}()

	if in := expandModifyInput(plan, state); in != nil {
		if err := r.client.ModifySnapshotAttribute(ctx, *in); err != nil {
			resp.Diagnostics.AddError("Cannot update snapshot", fmt.Sprintf("Changing name, description or retention of snapshot %s: %s", id, err))
			return
		}
	}
	if !plan.Tags.Equal(state.Tags) {
		r.updateTags(ctx, id, plan, state, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if known(plan.ResourceGroupID) && !plan.ResourceGroupID.Equal(state.ResourceGroupID) {
		if err := r.client.JoinResourceGroup(ctx, id, plan.ResourceGroupID.ValueString()); err != nil {
			resp.Diagnostics.AddError("Cannot move snapshot", fmt.Sprintf("Moving snapshot %s to resource group %s: %s", id, plan.ResourceGroupID.ValueString(), err))
			return
		}
	}

	s, err := r.find(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read snapshot", fmt.Sprintf("Reading snapshot %s after updating it: %s", id, err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, flattenSnapshotResource(s, plan))...)
}

func (r *snapshotResource) keepWhatTheAPIHas(ctx context.Context, id string, prior snapshotResourceModel, resp *resource.UpdateResponse) {
	current := prior
	if s, err := r.find(ctx, id); err == nil {
		current = flattenSnapshotResource(s, prior)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, current)...)
}

// updateTags removes first, then sets, so that replacing tags never goes over the API's 20 for a moment.
func (r *snapshotResource) updateTags(ctx context.Context, id string, plan, state snapshotResourceModel, diags *diag.Diagnostics) {
	oldTags, d := expandTagMap(ctx, state.Tags)
	diags.Append(d...)
	newTags, d := expandTagMap(ctx, plan.Tags)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	set, remove := tagsDiff(oldTags, newTags)
	if len(remove) > 0 {
		if err := r.client.UntagResources(ctx, []string{id}, remove); err != nil {
			diags.AddAttributeError(path.Root("tags"), "Cannot remove tags", fmt.Sprintf("Removing tags %q from snapshot %s: %s", remove, id, err))
			return
		}
	}
	if len(set) > 0 {
		if err := r.client.TagResources(ctx, []string{id}, set); err != nil {
			diags.AddAttributeError(path.Root("tags"), "Cannot set tags", fmt.Sprintf("Tagging snapshot %s: %s", id, err))
		}
	}
}

func (r *snapshotResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state snapshotResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	force := state.ForceDelete.ValueBool()

	err := r.client.DeleteSnapshot(ctx, id, force)
	switch {
	case err == nil:
	case ecsclient.IsNotFound(err):
		// Already gone: deleted outside Terraform, or by an earlier attempt of this call whose answer was lost
		// on the way (the retry then finds nothing to delete).
		tflog.Info(ctx, "snapshot already gone", map[string]any{"snapshot_id": id})
		return
	case ecsclient.IsCode(err, codeSnapshotCreatedDisk) && !force:
		resp.Diagnostics.AddError("Snapshot is used by disks",
			fmt.Sprintf("Snapshot %s was used to create disks, and the API deletes such a snapshot only when forced. "+
				"Set force_delete = true on this resource and run terraform apply, then destroy it again. (%s)", id, err))
		return
	case ecsclient.IsCode(err, codeSnapshotCreatedImage):
		resp.Diagnostics.AddError("Snapshot is used by images",
			fmt.Sprintf("Snapshot %s was used to create custom images, and the API never deletes such a snapshot, even when forced. "+
				"Delete those images first (ECS DeleteImage), then destroy it again. (%s)", id, err))
		return
	default:
		resp.Diagnostics.AddError("Cannot delete snapshot", fmt.Sprintf("Deleting snapshot %s: %s", id, err))
		return
	}

	if err := waitSnapshotDeleted(ctx, r.find, r.sleep, id); err != nil {
		resp.Diagnostics.AddError("Snapshot not deleted", err.Error())
	}
}
