package ecs

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

var (
	_ action.ActionWithValidateConfig = (*createSnapshotGroupAction)(nil)
	_ action.ActionWithModifyPlan     = (*createSnapshotGroupAction)(nil)
)

// createSnapshotGroupAction is aliecs_create_snapshot_group: a snapshot-consistent group taken when the action
// runs, which no state holds. Its arguments are aliecs_snapshot_group's, checked by the same code (the rules
// between attributes at validation, the disks against the API at plan) and sent by the same expansion.
type createSnapshotGroupAction struct {
	framework.ActionWithConfigure
	sleep wait.Sleep
}

// NewCreateSnapshotGroupAction is the aliecs_create_snapshot_group action.
func NewCreateSnapshotGroupAction() action.Action {
	return &createSnapshotGroupAction{sleep: wait.Context}
}

type createSnapshotGroupActionModel struct {
	InstanceID                 types.String   `tfsdk:"instance_id"`
	DiskIDs                    types.Set      `tfsdk:"disk_ids"`
	ExcludeDiskIDs             types.Set      `tfsdk:"exclude_disk_ids"`
	Name                       types.String   `tfsdk:"name"`
	Description                types.String   `tfsdk:"description"`
	InstantAccess              types.Bool     `tfsdk:"instant_access"`
	InstantAccessRetentionDays types.Int64    `tfsdk:"instant_access_retention_days"`
	ResourceGroupID            types.String   `tfsdk:"resource_group_id"`
	Tags                       types.Map      `tfsdk:"tags"`
	Wait                       types.Bool     `tfsdk:"wait"`
	Timeouts                   timeouts.Value `tfsdk:"timeouts"`
}

// group is the configuration as aliecs_snapshot_group's model, for the checks and the expansion they share.
func (m createSnapshotGroupActionModel) group() snapshotGroupResourceModel {
	g := snapshotGroupResourceModel{
		InstanceID: m.InstanceID, DiskIDs: m.DiskIDs, ExcludeDiskIDs: m.ExcludeDiskIDs,
		InstantAccess: m.InstantAccess, InstantAccessRetentionDays: m.InstantAccessRetentionDays, Tags: m.Tags,
	}
	g.Name, g.Description, g.ResourceGroupID = m.Name, m.Description, m.ResourceGroupID
	return g
}

const createSnapshotGroupActionDescription = "Takes a snapshot-consistent group when the action runs: snapshots of " +
	"every disk of an instance (or of `disk_ids`, or all but `exclude_disk_ids`) at one instant, as " +
	"`aliecs_snapshot_group` does, before a change of another resource or on demand (`terraform apply -invoke`). " +
	"Requires Terraform 1.14 or later; OpenTofu has no actions. The group is in no Terraform state: destroying the " +
	"configuration does not delete it. `aliecs_reset_disk` rolls an instance's disks back to such a group. By default " +
	"the action waits until every snapshot of the group is `accomplished`, showing their progress in the CLI. Each run " +
	"makes a new group; the retries of one run send its ClientToken again, so they never make a second one."

func (a *createSnapshotGroupAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	d := schemas.Described
	instD, instMD := d("ID of the instance whose disks are snapshotted (`InstanceId`): all of them, or those of `disk_ids`, or " +
		"all but `exclude_disk_ids`. The instance must be `Running` or `Stopped`. Required unless `disk_ids` is set.")
	disksD, disksMD := d(fmt.Sprintf("IDs of the disks to snapshot, 1 to %d, ESSD family, one zone, at most %d GiB in all "+
		"(checked at plan time). Cannot be used with `exclude_disk_ids`.", groupMaxDisks, groupMaxCapacityGiB))
	exclD, exclMD := d(fmt.Sprintf("IDs of disks of `instance_id` to leave out, 1 to %d. Requires `instance_id`.", groupMaxDisks))
	nameD, nameMD := d("Name of the group: 2 to 128 characters, starting with a letter, made of letters, digits, `.`, `_`, `-` " +
		"and `:`, not starting with `http://` or `https://`.")
	descD, descMD := d("Description of the group: 2 to 256 characters, not starting with `http://` or `https://`.")
	iaD, iaMD := d("Enable instant access on the group's snapshots (deprecated by the API). Default: `false`.")
	iarD, iarMD := d(fmt.Sprintf("Days instant access stays enabled, 1 to %d; only with `instant_access = true`.", groupMaxIARetention))
	rgD, rgMD := d("ID of the resource group of the group. Default: the account's default resource group.")
	tagsD, tagsMD := d("Tags of the group, at most 20 with the provider's `default_tags`, which are added (a key set here wins). " +
		"Keys of the provider's `ignore_tags` are refused.")
	waitD, waitMD := d("Wait until every snapshot of the group is `accomplished` (default `true`), sending their progress to " +
		"the CLI; a group that ends `failed` fails the action. `false`: the action ends once the API accepted the group (its " +
		"snapshots are taken at that instant).")
	resp.Schema = schema.Schema{
		Description:         schemas.Plain(createSnapshotGroupActionDescription),
		MarkdownDescription: createSnapshotGroupActionDescription,
		Attributes: map[string]schema.Attribute{
			"instance_id": schema.StringAttribute{Optional: true, Description: instD, MarkdownDescription: instMD,
				Validators: []validator.String{validate.InstanceID.String()}},
			"disk_ids": schema.SetAttribute{ElementType: types.StringType, Optional: true, Description: disksD, MarkdownDescription: disksMD,
				Validators: []validator.Set{setvalidator.SizeBetween(1, groupMaxDisks), setvalidator.ValueStringsAre(validate.DiskID.String())}},
			"exclude_disk_ids": schema.SetAttribute{ElementType: types.StringType, Optional: true, Description: exclD, MarkdownDescription: exclMD,
				Validators: []validator.Set{setvalidator.SizeBetween(1, groupMaxDisks), setvalidator.ValueStringsAre(validate.DiskID.String())}},
			"name": schema.StringAttribute{Optional: true, Description: nameD, MarkdownDescription: nameMD,
				Validators: groupNameValidators()},
			"description": schema.StringAttribute{Optional: true, Description: descD, MarkdownDescription: descMD,
				Validators: snapshotDescriptionValidators()},
			"instant_access": schema.BoolAttribute{Optional: true, Description: iaD, MarkdownDescription: iaMD},
			"instant_access_retention_days": schema.Int64Attribute{Optional: true, Description: iarD, MarkdownDescription: iarMD,
				Validators: []validator.Int64{int64validator.Between(1, groupMaxIARetention)}},
			"resource_group_id": schema.StringAttribute{Optional: true, Description: rgD, MarkdownDescription: rgMD,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"tags": schema.MapAttribute{ElementType: types.StringType, Optional: true, Description: tagsD, MarkdownDescription: tagsMD,
				Validators: tags.MapValidators()},
			"wait": schema.BoolAttribute{Optional: true, Description: waitD, MarkdownDescription: waitMD},
		},
		Blocks: map[string]schema.Block{
			"timeouts": schemas.InvokeTimeout(ctx, "every snapshot of the group to be `accomplished`", defaultGroupCreateTimeout,
				"the group is kept and goes on being created."),
		},
	}
}

// ValidateConfig refuses the combinations CreateSnapshotGroup refuses, as aliecs_snapshot_group does.
func (a *createSnapshotGroupAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m createSnapshotGroupActionModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, p := range groupConfigProblems(ctx, m.group()) {
		resp.Diagnostics.AddAttributeError(p.path, "Invalid Attribute Combination", p.msg)
	}
}

// ModifyPlan checks at plan time what the API would refuse at apply: the disks (as aliecs_snapshot_group's plan
// checks them) and the tags merged with default_tags.
func (a *createSnapshotGroupAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if a.Meta() == nil || req.Config.Raw.IsNull() {
		return
	}
	var m createSnapshotGroupActionModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if own, ok := tags.Map(m.Tags); ok {
		for _, p := range a.Meta().TagsConfig().MergeProblems("tags", own) {
			resp.Diagnostics.AddAttributeError(path.Root("tags"), "Invalid tags", p)
		}
	}
	checker := framework.Configured(&snapshotGroupResource{}, a.Meta())
	for _, p := range checker.diskProblems(ctx, m.group()) {
		resp.Diagnostics.AddAttributeError(p.path, "Invalid disks for a snapshot group", p.msg)
	}
}

func (a *createSnapshotGroupAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m createSnapshotGroupActionModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !a.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := m.Timeouts.Invoke(ctx, defaultGroupCreateTimeout)
	resp.Diagnostics.Append(diags...)
	in := expandSnapshotGroupCreateInput(ctx, m.group(), &resp.Diagnostics)
	own, diags := tags.Expand(ctx, m.Tags)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	in.Tags = a.Meta().TagsConfig().All(own)
	// One token per run, reused by its retries: see aliecs_create_snapshot.
	in.ClientToken = client.NewClientToken()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id, err := a.Meta().HomeECS().CreateSnapshotGroup(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create snapshot group", fmt.Sprintf("Creating a snapshot group of %s: %s", groupSubject(in), err))
		return
	}
	ctx = tflog.SetField(ctx, "snapshot_group_id", id)
	const untracked = "is kept: the API goes on with it, and no Terraform state holds it (an action stores nothing); it and " +
		"its snapshots stay until deleted (DeleteSnapshotGroup, or the ECS console)."
	g, ok := framework.Launch[*ecsclient.SnapshotGroup]{
		Started: fmt.Sprintf("Snapshot group %s of %s", id, groupSubject(in)), Noun: "the group",
		Goal: "every snapshot is accomplished", Untracked: untracked, Summary: "Snapshot group not created",
		Timeout: timeout, Wait: m.Wait, Conf: snapshotGroupCreateWait(a.Meta(), a.sleep, id),
		Say: func(g *ecsclient.SnapshotGroup, status string) string {
			return fmt.Sprintf("%s %s: %s", g.SnapshotGroupID, status, groupProgress(g))
		},
	}.Run(ctx, resp)
	if !ok {
		return
	}
	ids := make([]string, 0, len(g.Snapshots))
	for _, s := range sortedMembers(g) {
		ids = append(ids, s.SnapshotID+" of "+s.SourceDiskID)
	}
	framework.Progress(ctx, resp, fmt.Sprintf("Snapshot group %s accomplished: %s", id, strings.Join(ids, ", ")))
}
