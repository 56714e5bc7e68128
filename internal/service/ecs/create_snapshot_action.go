package ecs

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
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
	_ action.ActionWithConfigValidators = (*createSnapshotAction)(nil)
	_ action.ActionWithModifyPlan       = (*createSnapshotAction)(nil)
)

// createSnapshotAction is aliecs_create_snapshot: a snapshot of a disk taken when the action runs (on a lifecycle
// event of another resource, or with terraform apply -invoke), which no state holds. It shares aliecs_snapshot's
// create input, validators and wait; only what it says while waiting differs (progress to the CLI, and what
// becomes of a snapshot that nothing tracks).
type createSnapshotAction struct {
	framework.ActionWithConfigure
	sleep wait.Sleep
}

// NewCreateSnapshotAction is the aliecs_create_snapshot action.
func NewCreateSnapshotAction() action.Action { return &createSnapshotAction{sleep: wait.Context} }

type createSnapshotActionModel struct {
	DiskID                     types.String   `tfsdk:"disk_id"`
	SnapshotName               types.String   `tfsdk:"snapshot_name"`
	Description                types.String   `tfsdk:"description"`
	RetentionDays              types.Int64    `tfsdk:"retention_days"`
	Category                   types.String   `tfsdk:"category"`
	InstantAccess              types.Bool     `tfsdk:"instant_access"`
	InstantAccessRetentionDays types.Int64    `tfsdk:"instant_access_retention_days"`
	ResourceGroupID            types.String   `tfsdk:"resource_group_id"`
	Tags                       types.Map      `tfsdk:"tags"`
	Wait                       types.Bool     `tfsdk:"wait"`
	Timeouts                   timeouts.Value `tfsdk:"timeouts"`
}

// snapshot is m as aliecs_snapshot's model, so that the action sends what the resource's create would.
func (m createSnapshotActionModel) snapshot() snapshotResourceModel {
	var r snapshotResourceModel
	r.DiskID, r.SnapshotName, r.Description, r.RetentionDays = m.DiskID, m.SnapshotName, m.Description, m.RetentionDays
	r.Category, r.InstantAccess, r.InstantAccessRetentionDays = m.Category, m.InstantAccess, m.InstantAccessRetentionDays
	r.ResourceGroupID, r.Tags = m.ResourceGroupID, m.Tags
	return r
}

const createSnapshotActionDescription = "Takes a snapshot of an ECS disk when the action runs: before a change of " +
	"another resource (`lifecycle { action_trigger { events = [before_update] ... } }`) or on demand " +
	"(`terraform apply -invoke=action.aliecs_create_snapshot.NAME`). Requires Terraform 1.14 or later; OpenTofu has no " +
	"actions. The snapshot is in no Terraform state: destroying the configuration does not delete it, which is what a " +
	"backup needs, and why `retention_days` matters: without it the snapshot is kept (and billed) until someone deletes " +
	"it. By default the action waits until the snapshot is `accomplished`, showing its progress in the CLI. Each run " +
	"makes a new snapshot; the retries of one run (after a throttled or lost answer) send that run's ClientToken again, " +
	"so they never make a second one."

func (a *createSnapshotAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	d := schemas.Described
	diskD, diskMD := d("ID of the disk to snapshot (`DiskId`): `d-` followed by lower-case letters and digits.")
	nameD, nameMD := d("Name of the snapshot: 2 to 128 characters, starting with a letter, made of letters, digits, `:`, `_` and `-`; " +
		"not starting with `auto` (reserved for automatic snapshots) nor `http://` or `https://`. Not set: the snapshot has no name.")
	descD, descMD := d("Description of the snapshot: 2 to 256 characters, not starting with `http://` or `https://`.")
	retD, retMD := d("Days the snapshot is kept, 1 to 65536; it is then released automatically. Set it: no state tracks " +
		"the snapshot, so nothing else ever deletes it. Not set: kept until deleted.")
	catD, catMD := d("Category of the snapshot: `standard` or `flash` (local snapshot, deprecated by the API in favour of " +
		"`instant_access`), in any case. `flash` cannot be used with `instant_access = true`.")
	iaD, iaMD := d("Enable instant access (ESSD disks only): the snapshot can be used before it is complete. Cannot be used " +
		"with `category = \"flash\"`.")
	iarD, iarMD := d("Days instant access stays enabled, 1 to 65535; only with `instant_access = true`. Default (API): " +
		"`retention_days`.")
	rgD, rgMD := d("ID of the resource group of the snapshot. Default: the account's default resource group.")
	tagsD, tagsMD := d("Tags of the snapshot, at most 20 with the provider's `default_tags`, which are added (a key set here " +
		"wins). Keys of the provider's `ignore_tags` are refused. Keys: 1 to 128 characters, not starting with `aliyun` or " +
		"`acs:`; values up to 128 characters, not starting with `acs:`.")
	waitD, waitMD := d("Wait until the snapshot is `accomplished` (default `true`), sending its progress to the CLI; a " +
		"snapshot that ends `failed` fails the action. `false`: the action ends once the API accepted the snapshot, which " +
		"is enough for a point-in-time copy (the snapshot is taken at that instant, whatever it takes to upload).")
	resp.Schema = schema.Schema{
		Description:         schemas.Plain(createSnapshotActionDescription),
		MarkdownDescription: createSnapshotActionDescription,
		Attributes: map[string]schema.Attribute{
			"disk_id": schema.StringAttribute{Required: true, Description: diskD, MarkdownDescription: diskMD,
				Validators: []validator.String{validate.DiskID.String()}},
			"snapshot_name": schema.StringAttribute{Optional: true, Description: nameD, MarkdownDescription: nameMD,
				Validators: snapshotNameValidators()},
			"description": schema.StringAttribute{Optional: true, Description: descD, MarkdownDescription: descMD,
				Validators: snapshotDescriptionValidators()},
			"retention_days": schema.Int64Attribute{Optional: true, Description: retD, MarkdownDescription: retMD,
				Validators: []validator.Int64{int64validator.Between(1, 65536)}},
			"category": schema.StringAttribute{Optional: true, Description: catD, MarkdownDescription: catMD,
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(resourceCategories...)}},
			"instant_access": schema.BoolAttribute{Optional: true, Description: iaD, MarkdownDescription: iaMD},
			"instant_access_retention_days": schema.Int64Attribute{Optional: true, Description: iarD, MarkdownDescription: iarMD,
				Validators: []validator.Int64{int64validator.Between(1, 65535), int64validator.AlsoRequires(path.MatchRoot("instant_access"))}},
			"resource_group_id": schema.StringAttribute{Optional: true, Description: rgD, MarkdownDescription: rgMD,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"tags": schema.MapAttribute{ElementType: types.StringType, Optional: true, Description: tagsD, MarkdownDescription: tagsMD,
				Validators: tags.MapValidators()},
			"wait": schema.BoolAttribute{Optional: true, Description: waitD, MarkdownDescription: waitMD},
		},
		Blocks: map[string]schema.Block{
			"timeouts": schemas.InvokeTimeout(ctx, "the snapshot to be `accomplished`", defaultCreateTimeout,
				"the snapshot is kept and goes on being created."),
		},
	}
}

func (a *createSnapshotAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{instantAccessRetentionValidator{}, flashInstantAccessValidator{}}
}

// ModifyPlan checks at plan time what needs the provider's configuration: the tags merged with default_tags.
func (a *createSnapshotAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if a.Meta() == nil || req.Config.Raw.IsNull() {
		return
	}
	var m createSnapshotActionModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	own, ok := tags.Map(m.Tags)
	if resp.Diagnostics.HasError() || !ok {
		return
	}
	for _, p := range a.Meta().TagsConfig().MergeProblems("tags", own) {
		resp.Diagnostics.AddAttributeError(path.Root("tags"), "Invalid tags", p)
	}
}

func (a *createSnapshotAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m createSnapshotActionModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !a.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := m.Timeouts.Invoke(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	in, diags := expandCreateInput(ctx, m.snapshot())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	in.Tags = a.Meta().TagsConfig().All(in.Tags)
	// One token for this run, sent again by its retries (the client keeps it across them), so that an answer
	// lost in transit never makes a second snapshot; the next run draws a new one and makes a new snapshot.
	// A token derived from the configuration would hand every later run the first run's snapshot.
	in.ClientToken = client.NewClientToken()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ctx = tflog.SetField(ctx, "disk_id", in.DiskID)

	id, err := a.Meta().HomeECS().CreateSnapshot(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create snapshot", fmt.Sprintf("Creating a snapshot of disk %s: %s", in.DiskID, err))
		return
	}
	ctx = tflog.SetField(ctx, "snapshot_id", id)
	s, ok := framework.Launch[*ecsclient.Snapshot]{
		Started: fmt.Sprintf("Snapshot %s of disk %s", id, in.DiskID), Noun: "the snapshot", Goal: "it is accomplished",
		Untracked: untrackedSnapshot(in.RetentionDays), Summary: "Snapshot not created", Timeout: timeout, Wait: m.Wait,
		Conf: snapshotCreateWait(opsOf(a.Meta(), a.sleep).find, nil, a.sleep, kindSnapshot, id), Say: snapshotProgress,
	}.Run(ctx, resp)
	if !ok {
		return
	}
	framework.Progress(ctx, resp, fmt.Sprintf("Snapshot %s of disk %s accomplished (%d GiB disk, created %s)",
		id, in.DiskID, s.SourceDiskSize, s.CreationTime.UTC().Format(time.RFC3339)))
}

// snapshotProgress words a pending check of snapshot s for the CLI: "s-1 progressing at 45%, about 30s left".
func snapshotProgress(s *ecsclient.Snapshot, status string) string {
	msg := fmt.Sprintf("%s %s at %d%%", s.SnapshotID, status, s.Progress)
	if s.RemainTime > 0 {
		msg += fmt.Sprintf(", about %s left", time.Duration(s.RemainTime)*time.Second)
	}
	return msg
}

// untrackedSnapshot is what becomes of a snapshot an action made, as its errors and messages say it.
func untrackedSnapshot(retentionDays int) string {
	release := "stays until deleted (DeleteSnapshot, or the ECS console)"
	if retentionDays > 0 {
		release = fmt.Sprintf("is released %d days after its creation (retention_days), or when deleted", retentionDays)
	}
	return "is kept: the API goes on with it, and no Terraform state holds it (an action stores nothing); it " + release + "."
}
