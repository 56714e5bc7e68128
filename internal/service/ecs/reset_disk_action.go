package ecs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/flex"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

var (
	_ action.ActionWithConfigValidators = (*resetDiskAction)(nil)
	_ action.ActionWithModifyPlan       = (*resetDiskAction)(nil)
)

// resetDiskAction is aliecs_reset_disk: roll a disk back to one of its snapshots (ResetDisk,
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-resetdisk), or every disk of a
// snapshot group back to the group's snapshot of it: one ResetDisk per disk, since ResetDisks is deprecated by the
// current reference ("Use ResetDisk to roll back cloud disks").
type resetDiskAction struct {
	framework.ActionWithConfigure
	sleep wait.Sleep
}

// NewResetDiskAction is the aliecs_reset_disk action.
func NewResetDiskAction() action.Action { return &resetDiskAction{sleep: wait.Context} }

type resetDiskModel struct {
	DiskID                      types.String   `tfsdk:"disk_id"`
	SnapshotID                  types.String   `tfsdk:"snapshot_id"`
	SnapshotGroupID             types.String   `tfsdk:"snapshot_group_id"`
	SafetySnapshot              types.Bool     `tfsdk:"safety_snapshot"`
	SafetySnapshotRetentionDays types.Int64    `tfsdk:"safety_snapshot_retention_days"`
	Timeouts                    timeouts.Value `tfsdk:"timeouts"`
}

// defaultResetTimeout bounds the whole action: safety snapshots, roll-backs and their waits.
const defaultResetTimeout = 60 * time.Minute

const resetDiskActionDescription = "Rolls an ECS disk back to one of its snapshots (`disk_id` and `snapshot_id`), or " +
	"every disk of a snapshot-consistent group back to the group's snapshot of it (`snapshot_group_id`), and waits until " +
	"every disk is usable again. **Everything written to a disk after its snapshot was taken is lost**: set " +
	"`safety_snapshot = true` to snapshot each disk first, as the API reference advises. The instance a disk is attached " +
	"to must be `Stopped` (run `aliecs_stop_instance` first, and `aliecs_start_instance` after). A group roll-back that " +
	"fails part way says which disks were rolled back and which were not. Requires Terraform 1.14 or later; OpenTofu " +
	"has no actions."

func (a *resetDiskAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	d := schemas.Described
	diskD, diskMD := d("ID of the disk to roll back (`DiskId`), with `snapshot_id`. Not with `snapshot_group_id`, which names its disks.")
	snapD, snapMD := d("ID of the snapshot to roll back to (`SnapshotId`): a snapshot made from `disk_id` (checked at plan " +
		"time when both are known). Exactly one of `snapshot_id` and `snapshot_group_id` is required.")
	groupD, groupMD := d("ID of a snapshot-consistent group (`ssg-...`): every disk it has a snapshot of is rolled back to " +
		"that snapshot, one ResetDisk per disk. Exactly one of `snapshot_id` and `snapshot_group_id` is required.")
	safeD, safeMD := d("Snapshot each disk before rolling it back, and wait until those snapshots are accomplished (named " +
		"`before-reset-<disk ID>`), so that the data the roll-back discards can be recovered. Default: `false`.")
	safeRetD, safeRetMD := d("Days the safety snapshots are kept, 1 to 65536. Not set: kept until deleted. No state holds them.")
	resp.Schema = schema.Schema{
		Description:         schemas.Plain(resetDiskActionDescription),
		MarkdownDescription: resetDiskActionDescription,
		Attributes: map[string]schema.Attribute{
			"disk_id": schema.StringAttribute{Optional: true, Description: diskD, MarkdownDescription: diskMD,
				Validators: []validator.String{validate.DiskID.String()}},
			"snapshot_id": schema.StringAttribute{Optional: true, Description: snapD, MarkdownDescription: snapMD,
				Validators: []validator.String{validate.SnapshotID.String()}},
			"snapshot_group_id": schema.StringAttribute{Optional: true, Description: groupD, MarkdownDescription: groupMD,
				Validators: []validator.String{validate.SnapshotGroupID.String()}},
			"safety_snapshot": schema.BoolAttribute{Optional: true, Description: safeD, MarkdownDescription: safeMD},
			"safety_snapshot_retention_days": schema.Int64Attribute{Optional: true, Description: safeRetD, MarkdownDescription: safeRetMD,
				Validators: []validator.Int64{int64validator.Between(1, 65536), int64validator.AlsoRequires(path.MatchRoot("safety_snapshot"))}},
		},
		Blocks: map[string]schema.Block{
			"timeouts": schemas.InvokeTimeout(ctx, "the safety snapshots and every roll-back", defaultResetTimeout,
				"a roll-back under way goes on."),
		},
	}
}

// ConfigValidators refuse at plan time what the API would refuse: both or neither of snapshot_id and
// snapshot_group_id, a snapshot without its disk, a group with a disk.
func (a *resetDiskAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{
		actionvalidator.ExactlyOneOf(path.MatchRoot("snapshot_id"), path.MatchRoot("snapshot_group_id")),
		actionvalidator.RequiredTogether(path.MatchRoot("disk_id"), path.MatchRoot("snapshot_id")),
		actionvalidator.Conflicting(path.MatchRoot("disk_id"), path.MatchRoot("snapshot_group_id")),
	}
}

// rollback is one disk and the snapshot it goes back to.
type rollback struct{ diskID, snapshotID string }

// ModifyPlan checks at plan time what does not change before the apply: the snapshot (or group) exists, and the
// snapshot was made from the disk. The instance's power state is checked when the action runs: a runbook stops
// the instance in the same apply.
func (a *resetDiskAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if a.Meta() == nil || req.Config.Raw.IsNull() {
		return
	}
	var m resetDiskModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !flex.Known(m.SnapshotID) && !flex.Known(m.SnapshotGroupID) {
		return
	}
	if _, problem := a.rollbacks(ctx, m); problem != nil {
		resp.Diagnostics.AddAttributeError(problem.path, "Cannot roll back", problem.msg)
	}
}

// rollbacks resolves the configuration into the disks to roll back and their snapshots, or the problem that
// prevents it, worded for the user.
func (a *resetDiskAction) rollbacks(ctx context.Context, m resetDiskModel) ([]rollback, *attrProblem) {
	if flex.Known(m.SnapshotGroupID) {
		id := m.SnapshotGroupID.ValueString()
		g, found, err := snapshotGroupsByID.Get(ctx, a.Meta(), "", id, 0)
		switch {
		case err != nil:
			return nil, &attrProblem{path.Root("snapshot_group_id"), fmt.Sprintf("Reading snapshot group %s: %s", id, err)}
		case !found:
			return nil, &attrProblem{path.Root("snapshot_group_id"), fmt.Sprintf("Snapshot group %s was not found in region %s: "+
				"check snapshot_group_id and the provider's region.", id, a.Meta().Region())}
		case g.Status != groupStatusAccomplish:
			return nil, &attrProblem{path.Root("snapshot_group_id"), fmt.Sprintf("Snapshot group %s is %s: a disk can be rolled "+
				"back only to an accomplished snapshot.", id, g.Status)}
		}
		var out []rollback
		for _, s := range sortedMembers(&g) {
			out = append(out, rollback{diskID: s.SourceDiskID, snapshotID: s.SnapshotID})
		}
		return out, nil
	}
	snapID, diskID := m.SnapshotID.ValueString(), m.DiskID.ValueString()
	s, err := findSnapshotByID(ctx, a.Meta(), snapID, 0)
	switch {
	case wait.IsNotFound(err):
		return nil, &attrProblem{path.Root("snapshot_id"), fmt.Sprintf("Snapshot %s was not found in region %s: check "+
			"snapshot_id and the provider's region.", snapID, a.Meta().Region())}
	case err != nil:
		return nil, &attrProblem{path.Root("snapshot_id"), fmt.Sprintf("Reading snapshot %s: %s", snapID, err)}
	case flex.Known(m.DiskID) && s.SourceDiskID != diskID:
		return nil, &attrProblem{path.Root("snapshot_id"), fmt.Sprintf("Snapshot %s was made from disk %s, not from disk %s: "+
			"a disk can be rolled back only to one of its own snapshots (ResetDisk).", snapID, s.SourceDiskID, diskID)}
	case s.Status != statusAccomplished:
		return nil, &attrProblem{path.Root("snapshot_id"), fmt.Sprintf("Snapshot %s is %s: a disk can be rolled back only "+
			"to an accomplished snapshot.", snapID, s.Status)}
	}
	return []rollback{{diskID: diskID, snapshotID: snapID}}, nil
}

func (a *resetDiskAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m resetDiskModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !a.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := m.Timeouts.Invoke(ctx, defaultResetTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	const summary = "Cannot roll back"
	plan, problem := a.rollbacks(ctx, m)
	if problem != nil {
		resp.Diagnostics.AddAttributeError(problem.path, summary, problem.msg)
		return
	}
	if !a.checkStopped(ctx, plan, resp) {
		return
	}
	if m.SafetySnapshot.ValueBool() && !a.safetySnapshots(ctx, plan, int(m.SafetySnapshotRetentionDays.ValueInt64()), resp) {
		return
	}
	var done []string
	for i, r := range plan {
		rctx := tflog.SetField(ctx, "disk_id", r.diskID)
		framework.Progress(rctx, resp, fmt.Sprintf("Rolling disk %s back to snapshot %s", r.diskID, r.snapshotID))
		if err := a.Meta().HomeECS().ResetDisk(rctx, ecsclient.ResetDiskInput{DiskID: r.diskID, SnapshotID: r.snapshotID}); err != nil {
			resp.Diagnostics.AddError(summary, partialRollback(done, plan[i:], fmt.Sprintf("ResetDisk of disk %s to snapshot %s: %s",
				r.diskID, r.snapshotID, resetAdvice(r, err))))
			return
		}
		if _, ok := framework.WaitInvoked(rctx, resp, a.diskRollbackWait(r.diskID), func(d *ecsclient.Disk, status string) string {
			return fmt.Sprintf("disk %s %s (rolling back to %s)", d.DiskID, status, r.snapshotID)
		}, "goes on being rolled back: the API has the request.", "Roll-back not finished"); !ok {
			if len(plan) > 1 {
				resp.Diagnostics.AddError(summary, partialRollback(done, plan[i:], fmt.Sprintf("disk %s did not finish its roll-back", r.diskID)))
			}
			return
		}
		done = append(done, r.diskID+" (to "+r.snapshotID+")")
		framework.Progress(rctx, resp, fmt.Sprintf("Disk %s rolled back to snapshot %s", r.diskID, r.snapshotID))
	}
}

// checkStopped refuses, before any roll-back, a disk whose instance is not Stopped: ResetDisk would refuse it
// (IncorrectInstanceStatus), and a group roll-back would stop part way.
func (a *resetDiskAction) checkStopped(ctx context.Context, plan []rollback, resp *action.InvokeResponse) bool {
	// The disks, then their instances, each read together (one round trip each, not one per disk).
	diskIDs := make([]string, 0, len(plan))
	for _, r := range plan {
		diskIDs = append(diskIDs, r.diskID)
	}
	disks, err := disksByID.GetAll(ctx, a.Meta(), "", diskIDs, 0)
	if err != nil {
		resp.Diagnostics.AddError("Cannot roll back", fmt.Sprintf("Reading disks %s: %s", strings.Join(diskIDs, ", "), err))
		return false
	}
	var instanceIDs []string
	for _, id := range diskIDs {
		if d, found := disks[id]; found && d.InstanceID != "" && !slices.Contains(instanceIDs, d.InstanceID) {
			instanceIDs = append(instanceIDs, d.InstanceID)
		}
	}
	instances, err := instancesByID.GetAll(ctx, a.Meta(), "", instanceIDs, 0)
	for _, r := range plan {
		d, found := disks[r.diskID]
		switch {
		case !found:
			resp.Diagnostics.AddError("Cannot roll back", fmt.Sprintf("Disk %s was not found in region %s: it was released, "+
				"or belongs to another region.", r.diskID, a.Meta().Region()))
			return false
		case d.InstanceID == "":
			continue
		}
		inst, found := instances[d.InstanceID]
		if _, readErr := wait.Found(inst, found, err, "instance", d.InstanceID); readErr != nil {
			resp.Diagnostics.AddError("Cannot roll back", fmt.Sprintf("Reading instance %s of disk %s: %s", d.InstanceID, r.diskID, readErr))
			return false
		}
		if inst.Status != ecsclient.InstanceStatusStopped {
			resp.Diagnostics.AddError("Cannot roll back", fmt.Sprintf("Disk %s is attached to instance %s, which is %s: a disk "+
				"can be rolled back only while its instance is Stopped. Stop the instance first (the aliecs_stop_instance "+
				"action, or StopInstances), then roll back, then start it (aliecs_start_instance). Nothing was rolled back.",
				r.diskID, inst.InstanceID, inst.Status))
			return false
		}
	}
	return true
}

// safetySnapshots snapshots every disk of plan and waits until each is accomplished.
func (a *resetDiskAction) safetySnapshots(ctx context.Context, plan []rollback, retention int, resp *action.InvokeResponse) bool {
	untracked := untrackedSnapshot(retention)
	for _, r := range plan {
		id, err := a.Meta().HomeECS().CreateSnapshot(ctx, ecsclient.CreateSnapshotInput{DiskID: r.diskID,
			SnapshotName: "before-reset-" + r.diskID, RetentionDays: retention,
			Description: "Taken by aliecs_reset_disk before rolling the disk back to " + r.snapshotID,
			Tags:        a.Meta().TagsConfig().All(nil), ClientToken: client.NewClientToken()})
		if err != nil {
			resp.Diagnostics.AddError("Cannot take the safety snapshot", fmt.Sprintf("Snapshotting disk %s before its roll-back: %s. "+
				"Nothing was rolled back.", r.diskID, err))
			return false
		}
		framework.Progress(ctx, resp, fmt.Sprintf("Safety snapshot %s of disk %s started", id, r.diskID))
		conf := snapshotCreateWait(opsOf(a.Meta(), a.sleep).find, nil, a.sleep, kindSnapshot, id)
		if _, ok := framework.WaitInvoked(ctx, resp, conf, snapshotProgress, untracked, "Safety snapshot not created"); !ok {
			return false
		}
		framework.Progress(ctx, resp, fmt.Sprintf("Safety snapshot %s of disk %s accomplished", id, r.diskID))
	}
	return true
}

// diskRollbackWait waits until the disk is usable again after ResetDisk: ReIniting while it is rolled back.
func (a *resetDiskAction) diskRollbackWait(diskID string) *wait.StateChangeConf[*ecsclient.Disk] {
	return &wait.StateChangeConf[*ecsclient.Disk]{
		Kind: "disk", ID: diskID, Goal: "rolled back",
		Pending: []string{ecsclient.DiskStatusReIniting}, Target: []string{ecsclient.DiskStatusInUse, ecsclient.DiskStatusAvailable},
		Refresh: wait.StatusOf(func(ctx context.Context, id string, slack time.Duration) (*ecsclient.Disk, error) {
			d, found, err := disksByID.Get(ctx, a.Meta(), "", id, slack)
			return wait.Found(d, found, err, "disk", id)
		}, diskID, func(d *ecsclient.Disk) string { return d.Status }),
		Interval: wait.Backoff[*ecsclient.Disk](10 * time.Second), Slack: wait.Slack,
		Retryable: client.IsRetryable, Sleep: a.sleep,
	}
}

// resetAdvice words ResetDisk's refusals with what to do about them.
func resetAdvice(r rollback, err error) string {
	switch {
	case client.IsCode(err, "IncorrectInstanceStatus"):
		return fmt.Sprintf("%s. The instance of disk %s must be Stopped: stop it first (aliecs_stop_instance).", err, r.diskID)
	case client.IsCode(err, "IncorrectDiskStatus"):
		return fmt.Sprintf("%s. Disk %s must be In_use or Available (not being created, attached, detached or re-initialised).", err, r.diskID)
	case client.IsCode(err, "InstanceLockedForSecurity"):
		return fmt.Sprintf("%s. The instance of disk %s is locked for security: no operation is allowed until the lock is lifted.", err, r.diskID)
	}
	return err.Error()
}

// partialRollback says, for a roll-back of several disks that stopped, which disks were rolled back and which
// were not.
func partialRollback(done []string, rest []rollback, cause string) string {
	var not []string
	for _, r := range rest {
		not = append(not, r.diskID+" (to "+r.snapshotID+")")
	}
	rolled := "none"
	if len(done) > 0 {
		rolled = strings.Join(done, ", ")
	}
	return fmt.Sprintf("%s.\n\nRolled back: %s.\nNot rolled back: %s.", strings.TrimSuffix(cause, "."), rolled, strings.Join(slices.Clip(not), ", "))
}
