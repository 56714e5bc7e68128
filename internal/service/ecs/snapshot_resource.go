package ecs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/flex"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

var (
	_ resource.Resource                     = (*snapshotResource)(nil)
	_ resource.ResourceWithConfigure        = (*snapshotResource)(nil)
	_ resource.ResourceWithImportState      = (*snapshotResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*snapshotResource)(nil)
	_ resource.ResourceWithConfigValidators = (*snapshotResource)(nil)
)

type snapshotResource struct {
	framework.ResourceWithConfigure
	sleep wait.Sleep
}

// NewSnapshotResource is the aliecs_snapshot resource.
func NewSnapshotResource() resource.Resource {
	return &snapshotResource{sleep: wait.Context}
}

func (r *snapshotResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = snapshotResourceSchema(ctx)
}

func (r *snapshotResource) find(ctx context.Context, id string, slack time.Duration) (*ecsclient.Snapshot, error) {
	return findSnapshotByID(ctx, r.Meta(), id, slack)
}

// ImportState takes a snapshot ID (CLI `terraform import` and `import` blocks alike). Read fills the rest;
// force_delete starts false and timeouts empty, as for a snapshot created with a minimal configuration.
// The ID is checked first, so that a mistyped ID or a snapshot of another region is named as such rather
// than by Terraform's generic "Cannot import non-existent remote object".
func (r *snapshotResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !validate.SnapshotID.OK(req.ID) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q is not a snapshot ID: it must be %s.", req.ID, validate.SnapshotID.Form()))
		return
	}
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	switch _, err := r.find(ctx, req.ID, 0); {
	case isNotFound(err):
		resp.Diagnostics.AddError("Snapshot not found",
			fmt.Sprintf("Cannot import snapshot %s: there is no snapshot with this ID in region %s (DescribeSnapshots found none). "+
				"Check the ID, and that the provider's region is the snapshot's region.", req.ID, r.Meta().HomeECS().Region()))
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot read snapshot", fmt.Sprintf("Importing snapshot %s: %s", req.ID, err))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_delete"), false)...)
}

// Default timeouts. A snapshot's first copy of a large disk can take long; later ones are incremental.
const (
	defaultCreateTimeout = 40 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

const snapshotResourceDescription = "Manages an ECS disk snapshot. Creating it waits until the snapshot is `accomplished`, " +
	"logging its progress; a snapshot that ends `failed` or does not finish within the create timeout stays in the state, " +
	"tainted, so the next apply replaces it and nothing is left behind unmanaged. A snapshot whose wait was interrupted or " +
	"timed out goes on being created: run `terraform untaint` on it to keep it rather than have the next apply replace it. " +
	"`snapshot_name`, `description`, `retention_days` (extend only), `tags` and `resource_group_id` change in place; " +
	"`disk_id`, `category`, `instant_access` and `instant_access_retention_days` replace the snapshot. " +
	"A snapshot deleted outside Terraform is planned again."

func snapshotResourceSchema(ctx context.Context) schema.Schema {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, PlanModifiers: stable, Description: schemas.Plain(desc), MarkdownDescription: desc}
	}
	// Values that can change after creation (status and progress while creating, usage when a disk or image
	// is made from the snapshot) are planned from the state only when an in-place update cannot change
	// them (see settledStatus), and Update keeps the planned values: a replacement plans them unknown.
	volatileString := func(desc string, modifier planmodifier.String) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: schemas.Plain(desc), MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{modifier}}
	}
	timeoutsBlock := schemas.Timeouts(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("How long to wait for the snapshot to be `accomplished`, as a Go duration (`90m`). Default: `%s`. "+
			"When it runs out the apply fails and the snapshot stays in the state, tainted (`terraform untaint` keeps it).", schemas.ShortDuration(defaultCreateTimeout)),
		UpdateDescription: fmt.Sprintf("How long in-place changes may take. Default: `%s`.", schemas.ShortDuration(defaultUpdateTimeout)),
		DeleteDescription: fmt.Sprintf("How long to wait for the snapshot to be gone. Default: `%s`.", schemas.ShortDuration(defaultDeleteTimeout)),
	})

	d := schemas.Described
	diskD, diskMD := d("ID of the disk to snapshot (`DiskId`): `d-` followed by lower-case letters and digits. " +
		"Changing it replaces the snapshot.")
	nameD, nameMD := d("Name of the snapshot: 2 to 128 characters, starting with a letter, made of letters, digits, `:`, `_` and `-`; " +
		"not starting with `auto` (reserved for automatic snapshots) nor `http://` or `https://`. Changes in place. " +
		"Removing it from the configuration leaves the current name: the API cannot clear it.")
	descD, descMD := d("Description of the snapshot: 2 to 256 characters, not starting with `http://` or `https://`. Changes in place. " +
		"Removing it from the configuration leaves the current description: the API cannot clear it.")
	retD, retMD := d("Days the snapshot is kept, 1 to 65536, counted from its creation; it is then released automatically. " +
		"Not set: kept until deleted. It can only be extended: a lower value is refused at plan time, since the API cannot shorten " +
		"a retention (replace the snapshot with `terraform apply -replace` instead). Removing it from the configuration keeps the " +
		"current retention, which the API cannot remove.")
	tagsD, tagsMD := d("Tags of the snapshot, at most 20. Keys: 1 to 128 characters, not starting with `aliyun` or `acs:`, " +
		"not containing `http://` or `https://`. Values: up to 128 characters (may be empty), not starting with `acs:`, " +
		"not containing `http://` or `https://`. Set at creation and changed in place (TagResources / UntagResources). " +
		"System tags, which the cloud adds with keys starting with `acs:` or `aliyun` (`acs:rm:rgId`, say), are not shown " +
		"here and are never removed. The provider's `default_tags` are added to these (see `tags_all`; a key set here wins), " +
		"and keys of its `ignore_tags` are neither shown, nor changed, nor allowed here.")
	rgD, rgMD := d("ID of the resource group of the snapshot. Default: the account's default resource group. " +
		"Changes in place (JoinResourceGroup); removing it from the configuration leaves the snapshot where it is.")
	catD, catMD := d("Category of the snapshot: `standard` or `flash` (local snapshot, deprecated by the API in favour of " +
		"`instant_access`), in any case (`Standard` is the same). Shown in lower case, as the API answers it and as the " +
		"`aliecs_snapshots` data source shows it; a value written in another case is kept as written, and changing only the " +
		"case is an update, never a replacement. " +
		"`flash` cannot be used with `instant_access = true`. `standard` is what the API makes when no category is given, " +
		"so it is never sent. Changing it replaces the snapshot.")
	iaD, iaMD := d("Enable instant access (ESSD disks only): the snapshot can be used before it is complete. " +
		"`true` cannot be used with `category = \"flash\"`; `false` is the API's default and conflicts with nothing. " +
		"Changing it replaces the snapshot.")
	iarD, iarMD := d("Days instant access stays enabled, 1 to 65535; only with `instant_access = true`. " +
		"Default (API): the value of `retention_days`. Changing it replaces the snapshot.")
	fdD, fdMD := d("Delete the snapshot even if disks were created from it (`Force`). Only read at destroy, from the state: " +
		"set it to `true` and apply that change on its own before destroying or replacing such a snapshot (set in the same " +
		"apply as the replacement, it comes too late). Changing it makes no API call. Default: `false`.")

	return schema.Schema{
		Description:         schemas.Plain(snapshotResourceDescription),
		MarkdownDescription: snapshotResourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": computedString("ID of the snapshot (`SnapshotId`), e.g. `s-bp17441ohwka0yuh****`."),
			"disk_id": schema.StringAttribute{
				Required: true, Description: diskD, MarkdownDescription: diskMD,
				Validators:    []validator.String{validate.DiskID.String()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"snapshot_name": schema.StringAttribute{
				Optional: true, Computed: true, Description: nameD, MarkdownDescription: nameMD,
				Validators: snapshotNameValidators(), PlanModifiers: stable,
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true, Description: descD, MarkdownDescription: descMD,
				Validators: snapshotDescriptionValidators(), PlanModifiers: stable,
			},
			"retention_days": schema.Int64Attribute{
				Optional: true, Computed: true, Description: retD, MarkdownDescription: retMD,
				Validators:    []validator.Int64{int64validator.Between(1, 65536)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"tags": schema.MapAttribute{
				ElementType: types.StringType, Optional: true, Description: tagsD, MarkdownDescription: tagsMD,
				Validators: tags.MapValidators(),
			},
			"tags_all": tags.AllAttribute(),
			"resource_group_id": schema.StringAttribute{
				Optional: true, Computed: true, Description: rgD, MarkdownDescription: rgMD,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}, PlanModifiers: stable,
			},
			"category": schema.StringAttribute{
				Optional: true, Computed: true, Description: catD, MarkdownDescription: catMD,
				Validators:    []validator.String{stringvalidator.OneOfCaseInsensitive(resourceCategories...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), categoryRequiresReplace},
			},
			"instant_access": schema.BoolAttribute{
				Optional: true, Computed: true, Description: iaD, MarkdownDescription: iaMD,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), boolplanmodifier.RequiresReplace()},
			},
			"instant_access_retention_days": schema.Int64Attribute{
				Optional: true, Computed: true, Description: iarD, MarkdownDescription: iarMD,
				Validators: []validator.Int64{
					int64validator.Between(1, 65535),
					int64validator.AlsoRequires(path.MatchRoot("instant_access")),
				},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown(), int64planmodifier.RequiresReplace()},
			},
			"force_delete": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: fdD, MarkdownDescription: fdMD,
			},

			"status": volatileString("Status of the snapshot: `progressing`, `accomplished` or `failed`.", settledStatusString{}),
			"progress": schema.Int64Attribute{
				Computed: true, Description: "Creation progress in percent (0 to 100).",
				MarkdownDescription: "Creation progress in percent (0 to 100).",
				PlanModifiers:       []planmodifier.Int64{settledStatusInt64{}},
			},
			"creation_time": computedString("When the snapshot was created, RFC 3339 in UTC."),
			"source_disk_size": schema.Int64Attribute{
				Computed: true, PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Description: "Size of the source disk in GiB.", MarkdownDescription: "Size of the source disk in GiB.",
			},
			"source_disk_type": computedString("Type of the source disk: `system` or `data` (casing as the API answers it)."),
			"encrypted": schema.BoolAttribute{
				Computed: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				Description: "Whether the snapshot is encrypted (as its source disk is).", MarkdownDescription: "Whether the snapshot is encrypted (as its source disk is).",
			},
			"kms_key_id":       computedString("ID of the KMS key that encrypts the snapshot; empty when not encrypted."),
			"snapshot_type":    computedString("Type of the snapshot: `user` for manual snapshots such as this one."),
			"usage":            volatileString("What the snapshot was used for: `none`, `image`, `disk` or `image_disk`.", stringplanmodifier.UseStateForUnknown()),
			"region_id":        computedString("Region of the snapshot."),
			"snapshot_sn":      computedString("Serial number of the snapshot."),
			"snapshot_link_id": computedString("ID of the snapshot chain of the source disk."),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock},
	}
}

// snapshotResourceModel is the aliecs_snapshot resource; field order follows the schema: arguments, then
// the attributes only the API sets.
type snapshotResourceModel struct {
	ID                         types.String   `tfsdk:"id"`
	DiskID                     types.String   `tfsdk:"disk_id"`
	SnapshotName               types.String   `tfsdk:"snapshot_name"`
	Description                types.String   `tfsdk:"description"`
	RetentionDays              types.Int64    `tfsdk:"retention_days"`
	Tags                       types.Map      `tfsdk:"tags"`
	TagsAll                    types.Map      `tfsdk:"tags_all"`
	ResourceGroupID            types.String   `tfsdk:"resource_group_id"`
	Category                   types.String   `tfsdk:"category"`
	InstantAccess              types.Bool     `tfsdk:"instant_access"`
	InstantAccessRetentionDays types.Int64    `tfsdk:"instant_access_retention_days"`
	ForceDelete                types.Bool     `tfsdk:"force_delete"`
	Timeouts                   timeouts.Value `tfsdk:"timeouts"`

	Status         types.String `tfsdk:"status"`
	Progress       types.Int64  `tfsdk:"progress"`
	CreationTime   types.String `tfsdk:"creation_time"`
	SourceDiskSize types.Int64  `tfsdk:"source_disk_size"`
	SourceDiskType types.String `tfsdk:"source_disk_type"`
	Encrypted      types.Bool   `tfsdk:"encrypted"`
	KMSKeyID       types.String `tfsdk:"kms_key_id"`
	SnapshotType   types.String `tfsdk:"snapshot_type"`
	Usage          types.String `tfsdk:"usage"`
	RegionID       types.String `tfsdk:"region_id"`
	SnapshotSN     types.String `tfsdk:"snapshot_sn"`
	SnapshotLinkID types.String `tfsdk:"snapshot_link_id"`
}

// nullUnknowns makes the model storable while the API has not told us the computed values yet: the state
// saved right after CreateSnapshot must hold no unknown value.
func (m *snapshotResourceModel) nullUnknowns() {
	for _, s := range []*types.String{&m.SnapshotName, &m.Description, &m.ResourceGroupID, &m.Category, &m.Status,
		&m.CreationTime, &m.SourceDiskType, &m.KMSKeyID, &m.SnapshotType, &m.Usage, &m.RegionID, &m.SnapshotSN, &m.SnapshotLinkID} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	for _, i := range []*types.Int64{&m.RetentionDays, &m.InstantAccessRetentionDays, &m.Progress, &m.SourceDiskSize} {
		if i.IsUnknown() {
			*i = types.Int64Null()
		}
	}
	for _, b := range []*types.Bool{&m.InstantAccess, &m.ForceDelete, &m.Encrypted} {
		if b.IsUnknown() {
			*b = types.BoolNull()
		}
	}
	if m.Tags.IsUnknown() {
		m.Tags = types.MapNull(types.StringType)
	}
	if m.TagsAll.IsUnknown() {
		m.TagsAll = types.MapNull(types.StringType)
	}
}

// ModifyPlan refuses, at plan time, a change the API would refuse at apply: a shorter retention. It must
// not become a replacement either, which would silently delete the snapshot and its data.
func (r *snapshotResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	tags.PlanAll(ctx, r.Meta().TagsConfig(), r.Meta() != nil, &resp.Plan, &resp.Diagnostics)
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
	if !flex.Known(prior) || !flex.Known(planned) || planned.ValueInt64() >= prior.ValueInt64() {
		return ""
	}
	return fmt.Sprintf("retention_days cannot go from %d down to %d: the ECS API (ModifySnapshotAttribute) can only extend "+
		"a snapshot's retention, never shorten it. Keep retention_days at %d or more, or replace the snapshot "+
		"(terraform apply -replace=<address>) to start a new one with the shorter retention.",
		prior.ValueInt64(), planned.ValueInt64(), prior.ValueInt64())
}

// settledStatus plans status and progress from the state when an in-place update cannot change them: the
// snapshot is no longer progressing (accomplished snapshots stay so; a failed one is tainted and replaced,
// which plans them unknown as any create). A progressing snapshot (kept with terraform untaint) moves on
// while the apply runs, so they stay unknown.
type settledStatus struct{}

func (settledStatus) Description(context.Context) string {
	return "uses the state's value unless the snapshot is still progressing"
}

func (m settledStatus) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (settledStatus) settled(ctx context.Context, state tfsdk.State, diags *diag.Diagnostics) bool {
	if state.Raw.IsNull() {
		return false
	}
	var status types.String
	diags.Append(state.GetAttribute(ctx, path.Root("status"), &status)...)
	return flex.Known(status) && status.ValueString() != statusProgressing
}

type settledStatusString struct{ settledStatus }

func (m settledStatusString) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() || req.Plan.Raw.IsNull() {
		return
	}
	if m.settled(ctx, req.State, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

type settledStatusInt64 struct{ settledStatus }

func (m settledStatusInt64) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() || req.Plan.Raw.IsNull() {
		return
	}
	if m.settled(ctx, req.State, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

func (r *snapshotResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{instantAccessRetentionValidator{}, flashInstantAccessValidator{}}
}

// flashInstantAccessValidator refuses category = "flash" with instant_access = true, the one combination the
// API's rule ("The Category and InstantAccess parameters cannot be specified at the same time") forbids once
// Category = Standard is never sent (see expandCreateInput). instant_access = false is the API's default, what
// DescribeSnapshots reports for most snapshots and what an imported configuration carries: no conflict.
// Instant access snapshots are reported with category standard, so standard with instant_access = true is
// what a generated configuration of such a snapshot holds, and must plan.
type flashInstantAccessValidator struct{}

func (v flashInstantAccessValidator) Description(ctx context.Context) string {
	return v.MarkdownDescription(ctx)
}

func (flashInstantAccessValidator) MarkdownDescription(context.Context) string {
	return `category = "flash" cannot be used with instant_access = true`
}

func (v flashInstantAccessValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var category types.String
	var instant types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("category"), &category)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("instant_access"), &instant)...)
	if resp.Diagnostics.HasError() || !flex.Known(category) || !flex.Known(instant) || !instant.ValueBool() ||
		!strings.EqualFold(category.ValueString(), categoryFlash) {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("category"), "Invalid Attribute Combination",
		fmt.Sprintf("Attribute category (%q) cannot be used with instant_access = true: a local (flash) snapshot and instant "+
			"access are two editions of the same feature, and the API (CreateSnapshot) refuses both at once. "+
			"Remove category, or set instant_access = false.", category.ValueString()))
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
	if resp.Diagnostics.HasError() || !flex.Known(days) || !flex.Known(instant) || instant.ValueBool() {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("instant_access_retention_days"), "Invalid Attribute Combination",
		fmt.Sprintf("Attribute instant_access_retention_days (%d) is only valid with instant_access = true, got instant_access = false.", days.ValueInt64()))
}

// API error codes of DeleteSnapshot that need the user to act.
const (
	codeSnapshotCreatedDisk  = "SnapshotCreatedDisk"
	codeSnapshotCreatedImage = "SnapshotCreatedImage"
)

func (r *snapshotResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan snapshotResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	in, diags := expandCreateInput(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	in.Tags = r.Meta().TagsConfig().PlannedAll(plan.Tags, plan.TagsAll)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id, err := r.Meta().HomeECS().CreateSnapshot(ctx, in)
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
	saved.TagsAll = tags.Flatten(in.Tags)
	saved.nullUnknowns()
	resp.Diagnostics.Append(resp.State.Set(ctx, &saved)...)
	if resp.Diagnostics.HasError() {
		return
	}

	s, err := waitSnapshotCreated(ctx, r.find, r.sleep, id)
	if s != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, r.flatten(s, saved))...)
	}
	if err != nil {
		resp.Diagnostics.AddError("Snapshot not created", err.Error()+keptSnapshotAdvice(id, s, err))
		return
	}
}

// keptSnapshotAdvice tells what becomes of a snapshot whose wait ended early (interrupted, timed out, or
// checks that kept failing) while the API goes on creating it: Terraform taints a resource whose create
// fails, and would delete the snapshot, finished by then, to make a new one. Untainting keeps it. A failed
// snapshot, or one that is gone, gets no such advice: replacing it is what the user needs.
func keptSnapshotAdvice(id string, last *ecsclient.Snapshot, err error) string {
	var gone *snapshotGoneError
	if errors.As(err, &gone) || (last != nil && last.Status == statusFailed) {
		return ""
	}
	return fmt.Sprintf("\n\nSnapshot %s is kept: the API accepted it and goes on creating it. Terraform keeps it in the "+
		"state as tainted, so the next apply would delete it and create a new snapshot. To keep this one instead, run "+
		"terraform untaint <address> with this resource's address (shown above, e.g. aliecs_snapshot.example); "+
		"the next apply then keeps it, and a refresh shows its progress.", id)
}

// snapshotGoneError is a wait for a new snapshot that ended because the snapshot is not (or no longer) there.
type snapshotGoneError struct{ msg string }

func (e *snapshotGoneError) Error() string { return e.msg }

func (r *snapshotResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state snapshotResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	// A plan reads every resource at once (up to -parallelism): the reads share calls.
	s, err := r.find(ctx, id, 0)
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
	if msg := snapshotRegionProblem(r.Meta(), s); msg != "" {
		resp.Diagnostics.AddError("Snapshot in another region", msg)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, r.flatten(s, state))...)
}

func (r *snapshotResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state snapshotResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
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

	if in := expandModifyInput(id, plan.attributes(), state.attributes()); in != nil {
		if err := r.Meta().HomeECS().ModifySnapshotAttribute(ctx, *in); err != nil {
			resp.Diagnostics.AddError("Cannot update snapshot", fmt.Sprintf("Changing name, description or retention of snapshot %s: %s", id, err))
			return
		}
	}
	if !plan.Tags.Equal(state.Tags) || !plan.TagsAll.Equal(state.TagsAll) {
		updateTags(ctx, r.Meta().HomeECS(), r.Meta().TagsConfig(), ecsclient.ResourceTypeSnapshot, "snapshot", id,
			taggedValues{plan.Tags, plan.TagsAll}, taggedValues{state.Tags, state.TagsAll}, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if flex.Known(plan.ResourceGroupID) && !plan.ResourceGroupID.Equal(state.ResourceGroupID) {
		if err := r.Meta().HomeECS().JoinResourceGroup(ctx, ecsclient.ResourceTypeSnapshot, id, plan.ResourceGroupID.ValueString()); err != nil {
			resp.Diagnostics.AddError("Cannot move snapshot", fmt.Sprintf("Moving snapshot %s to resource group %s: %s", id, plan.ResourceGroupID.ValueString(), err))
			return
		}
	}

	s, err := r.find(ctx, id, 0)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read snapshot", fmt.Sprintf("Reading snapshot %s after updating it: %s", id, err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, keepPlannedVolatile(r.flatten(s, plan), plan))...)
}

// keepPlannedVolatile keeps the status, progress and usage the plan showed (from the state, see
// settledStatus): the API may have changed them since the plan (a disk made from the snapshot meanwhile),
// and Terraform refuses a result that differs from a known planned value. The next refresh shows the change.
func keepPlannedVolatile(m, plan snapshotResourceModel) snapshotResourceModel {
	flex.KeepKnown(&m.Status, plan.Status)
	flex.KeepKnown(&m.Progress, plan.Progress)
	flex.KeepKnown(&m.Usage, plan.Usage)
	return m
}

func (r *snapshotResource) keepWhatTheAPIHas(ctx context.Context, id string, prior snapshotResourceModel, resp *resource.UpdateResponse) {
	current := prior
	if s, err := r.find(ctx, id, 0); err == nil {
		current = r.flatten(s, prior)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, current)...)
}

func (r *snapshotResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state snapshotResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
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

	err := r.Meta().HomeECS().DeleteSnapshot(ctx, id, force)
	switch {
	case err == nil:
	case client.IsNotFound(err):
		// Already gone: deleted outside Terraform, or by an earlier attempt of this call whose answer was lost
		// on the way (the retry then finds nothing to delete).
		tflog.Info(ctx, "snapshot already gone", map[string]any{"snapshot_id": id})
		return
	case client.IsCode(err, codeSnapshotCreatedDisk) && !force:
		// Delete sees only the state: a force_delete = true added in the same apply as the replacement (or
		// the destroy) is not there yet, so saying "set it" would repeat what the configuration already says.
		resp.Diagnostics.AddError("Snapshot is used by disks",
			fmt.Sprintf("Snapshot %s was used to create disks, and the API deletes such a snapshot only when forced. "+
				"force_delete is read from the state saved by the last apply, where it is false: setting force_delete = true "+
				"in the same apply that replaces or destroys the snapshot does not count yet. force_delete has to be applied first, "+
				"on its own: set force_delete = true on this resource without the changes that replace it (keep or restore the "+
				"replacing arguments as they are in the state), run terraform apply, then make the replacing change or destroy it again. (%s)", id, err))
		return
	case client.IsCode(err, codeSnapshotCreatedImage):
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

// expandCreateInput turns the plan into CreateSnapshot's parameters. Unknown and null values read as zero,
// which the client does not send, so the API applies its defaults.
func expandCreateInput(ctx context.Context, plan snapshotResourceModel) (ecsclient.CreateSnapshotInput, diag.Diagnostics) {
	tagMap, diags := tags.Expand(ctx, plan.Tags)
	return ecsclient.CreateSnapshotInput{
		DiskID:                     plan.DiskID.ValueString(),
		SnapshotName:               plan.SnapshotName.ValueString(),
		Description:                plan.Description.ValueString(),
		RetentionDays:              int(plan.RetentionDays.ValueInt64()),
		Category:                   expandCategory(plan.Category),
		InstantAccess:              plan.InstantAccess.ValueBool(),
		InstantAccessRetentionDays: int(plan.InstantAccessRetentionDays.ValueInt64()),
		ResourceGroupID:            plan.ResourceGroupID.ValueString(),
		Tags:                       tagMap,
	}, diags
}

// modifiableAttributes are what ModifySnapshotAttribute changes, as a plan or a state of aliecs_snapshot or
// aliecs_snapshot_copy holds them.
type modifiableAttributes struct {
	SnapshotName, Description types.String
	RetentionDays             types.Int64
}

func (m snapshotResourceModel) attributes() modifiableAttributes {
	return modifiableAttributes{m.SnapshotName, m.Description, m.RetentionDays}
}

// expandModifyInput gives ModifySnapshotAttribute's parameters for what the plan changes, or nil when it
// changes none of them. A value the plan leaves null or unknown is not sent: the API cannot clear them.
func expandModifyInput(id string, plan, state modifiableAttributes) *ecsclient.ModifySnapshotAttributeInput {
	in := ecsclient.ModifySnapshotAttributeInput{SnapshotID: id}
	changed := false
	if flex.Known(plan.SnapshotName) && !plan.SnapshotName.Equal(state.SnapshotName) {
		v := plan.SnapshotName.ValueString()
		in.SnapshotName, changed = &v, true
	}
	if flex.Known(plan.Description) && !plan.Description.Equal(state.Description) {
		v := plan.Description.ValueString()
		in.Description, changed = &v, true
	}
	if flex.Known(plan.RetentionDays) && !plan.RetentionDays.Equal(state.RetentionDays) {
		v := int(plan.RetentionDays.ValueInt64())
		in.RetentionDays, changed = &v, true
	}
	if !changed {
		return nil
	}
	return &in
}

// Categories as the resource shows them: in lower case, as DescribeSnapshots answers them and as the
// aliecs_snapshots data source and the official alicloud provider show them, so that the resource and the
// data source agree. Any case is accepted in the configuration.
const (
	categoryStandard = "standard"
	categoryFlash    = "flash"
)

var resourceCategories = []string{categoryStandard, categoryFlash}

// expandCategory gives CreateSnapshot's Category: "Flash" (the documented request spelling) or nothing.
// Standard is never sent: it is what the API makes without a Category, and the CreateSnapshot reference says
// accounts that never used local snapshots "cannot use the Category parameter", nor can it go with
// InstantAccess (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshot).
func expandCategory(v types.String) string {
	if flex.Known(v) && strings.EqualFold(v.ValueString(), categoryFlash) {
		return "Flash"
	}
	return ""
}

// flatten is flattenSnapshotResourceTagged with the provider's default_tags and ignore_tags.
func (r *snapshotResource) flatten(s *ecsclient.Snapshot, prior snapshotResourceModel) snapshotResourceModel {
	return flattenSnapshotResourceTagged(s, prior, r.Meta().TagsConfig())
}

// flattenSnapshotResource is flattenSnapshotResourceTagged for a provider without default_tags or ignore_tags.
func flattenSnapshotResource(s *ecsclient.Snapshot, prior snapshotResourceModel) snapshotResourceModel {
	return flattenSnapshotResourceTagged(s, prior, tags.Config{})
}

// flattenSnapshotResourceTagged writes what the API says about s into m. prior is the plan or state the values
// replace: it supplies what the API does not hold (force_delete, timeouts) and the user's spelling where
// the API answers the same value in another form, so that plans stay empty. tc splits the tags into tags and
// tags_all (tags.Config.FlattenRead).
func flattenSnapshotResourceTagged(s *ecsclient.Snapshot, prior snapshotResourceModel, tc tags.Config) snapshotResourceModel {
	m := prior
	m.ID = types.StringValue(s.SnapshotID)
	if s.SourceDiskID != "" || prior.DiskID.IsNull() || prior.DiskID.IsUnknown() {
		m.DiskID = types.StringValue(s.SourceDiskID)
	}
	m.SnapshotName = flex.StringOrNull(s.SnapshotName)
	m.Description = flex.StringOrNull(s.Description)
	m.RetentionDays = flex.PositiveOrNull(s.RetentionDays)
	m.Tags, m.TagsAll = tc.FlattenRead(tags.WithoutSystem(s.Tags), prior.Tags)
	m.ResourceGroupID = flex.StringOrNull(s.ResourceGroupID)
	m.Category = flattenCategory(s.Category, prior.Category)
	m.InstantAccess = types.BoolValue(s.InstantAccess)
	m.InstantAccessRetentionDays = flex.PositiveOrNull(s.InstantAccessRetentionDays)
	if m.ForceDelete.IsNull() || m.ForceDelete.IsUnknown() {
		m.ForceDelete = types.BoolValue(false)
	}

	m.Status = types.StringValue(s.Status)
	m.Progress = types.Int64Value(int64(s.Progress))
	m.CreationTime = flex.Time(s.CreationTime)
	m.SourceDiskSize = types.Int64Value(int64(s.SourceDiskSize))
	m.SourceDiskType = types.StringValue(s.SourceDiskType)
	m.Encrypted = types.BoolValue(s.Encrypted)
	m.KMSKeyID = types.StringValue(s.KMSKeyID)
	m.SnapshotType = types.StringValue(s.SnapshotType)
	m.Usage = types.StringValue(s.Usage)
	m.RegionID = types.StringValue(s.RegionID)
	m.SnapshotSN = types.StringValue(s.SnapshotSN)
	m.SnapshotLinkID = types.StringValue(s.SnapshotLinkID)
	return m
}

// categoryRequiresReplace replaces the snapshot for another category, not for the same one spelled in another
// case (Standard to standard): that is an update that only changes the state's spelling, never a lost snapshot.
var categoryRequiresReplace = stringplanmodifier.RequiresReplaceIf(
	func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !flex.Known(req.StateValue) || !flex.Known(req.PlanValue) ||
			!strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString())
	},
	"Another category replaces the snapshot; the same category in another case does not.",
	"Another category replaces the snapshot; the same category in another case does not.",
)

// flattenCategory keeps the user's spelling when the API answers the same category in another case (Terraform
// requires a configured value to stay as written), and otherwise shows the API's answer in lower case, as the
// data source does.
func flattenCategory(apiValue string, prior types.String) types.String {
	if apiValue == "" {
		return types.StringNull()
	}
	if flex.Known(prior) && strings.EqualFold(prior.ValueString(), apiValue) {
		return prior
	}
	return types.StringValue(strings.ToLower(apiValue))
}

// snapshotNameValidators are CreateSnapshot's rules for SnapshotName. "auto" is refused because the API
// takes such names for automatic snapshots. The http(s) rule is implied by the character set but gets its
// own message, since it is the rule the user is likely to have in mind.
func snapshotNameValidators() []validator.String {
	return []validator.String{
		validate.LengthBetween(2, 128),
		validate.NotPrefix("http://", "https://"),
		validate.StartsWithLetter,
		validate.NotPrefix("auto"),
		validate.NameCharacters,
	}
}

// snapshotDescriptionValidators are CreateSnapshot's rules for Description.
func snapshotDescriptionValidators() []validator.String {
	return []validator.String{
		validate.LengthBetween(2, 256),
		validate.NotPrefix("http://", "https://"),
	}
}

// Snapshot statuses of DescribeSnapshots.
const (
	statusProgressing  = "progressing"
	statusAccomplished = "accomplished"
	statusFailed       = "failed"
)

// Poll cadence. The API tells how long a snapshot still needs (RemainTime, in whole seconds): the next check is
// aimed at that expected end, so a wait usually takes two calls, one to learn the remaining time and one to see
// the snapshot accomplished. Long snapshots are still checked every maxPollInterval, to catch an early end and
// report progress; with batching those checks are shared by every wait in the provider.
const (
	minPollInterval = 1 * time.Second
	maxPollInterval = 30 * time.Second
	// maxDeletePollInterval bounds the backoff while waiting for a deleted snapshot to disappear.
	maxDeletePollInterval = 5 * time.Second
	// notFoundChecks is how many times a snapshot just created may be missing from DescribeSnapshots
	// (eventual consistency) before the wait gives up.
	notFoundChecks = 5
	// firstCreateCheckSlack is how long the first check after a create may wait to share its call with other
	// operations' checks. Terraform starts the creates of a wave (up to -parallelism) within some tens of
	// milliseconds of each other; a slack that covers that spread puts the wave's first checks in one call, so
	// that they answer together and the wave's later checks, aimed at the same RemainTime, share one call too
	// (about two calls per wave instead of four or five, which also keeps the next wave together). It is not
	// free: RemainTime is rounded up to whole seconds, so the next check comes RemainTime after this one, and
	// every millisecond this check waits delays the end of the wait by as much. Measured by `make bench`
	// (bench/, create of 100 at -parallelism 10): 200 ms (pollSlack 50 ms) took 53.7 s for 0.2 calls per snapshot, 40 ms
	// (with pollSlack 10 ms) 51.7 s for 0.49 as waves split apart, 60 ms 51.7 s for 0.26; the targets are
	// <= 52 s and <= 0.3.
	firstCreateCheckSlack = 60 * time.Millisecond
	// pollSlack is the slack of the later checks of a wait. The checks of a wave whose first checks shared a
	// call wake at the same moment, give or take scheduling, so a few milliseconds let them share one call;
	// more would only add to every wait (checks are aimed at whole seconds of RemainTime or back off by
	// seconds, so waits that wake far apart gain nothing from tens of milliseconds). The first check after a
	// delete has none: it nearly always confirms the snapshot is gone, and a user waits on it.
	pollSlack = 10 * time.Millisecond
)

// snapshotFinder looks up one snapshot by ID and returns *notFoundError when there is none. slack is how long
// the lookup may wait for other lookups to share its call (conns.Client.FindSnapshot).
type snapshotFinder func(ctx context.Context, id string, slack time.Duration) (*ecsclient.Snapshot, error)

// notFoundError says that DescribeSnapshots knows no snapshot with this ID.
type notFoundError struct{ ID string }

func (e *notFoundError) Error() string { return fmt.Sprintf("snapshot %s not found", e.ID) }

func isNotFound(err error) bool {
	var nf *notFoundError
	return errors.As(err, &nf)
}

// findSnapshotByID looks the snapshot up by ID in the provider's region, in a DescribeSnapshots call shared
// with the lookups of other operations made at about the same time (slack: see conns.Client.FindSnapshot).
func findSnapshotByID(ctx context.Context, conn *conns.Client, id string, slack time.Duration) (*ecsclient.Snapshot, error) {
	s, found, err := conn.FindSnapshot(ctx, "", id, slack)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, &notFoundError{ID: id}
	}
	return &s, nil
}

// statusSnapshot reports the snapshot and its status; a missing snapshot is (nil, "", nil).
func statusSnapshot(ctx context.Context, find snapshotFinder, id string, slack time.Duration) (*ecsclient.Snapshot, string, error) {
	s, err := find(ctx, id, slack)
	if isNotFound(err) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	return s, s.Status, nil
}

// waitSnapshotCreated polls until the snapshot is accomplished. A failed snapshot ends the wait at once;
// so does ctx (the create timeout), with an error that says how far the snapshot got.
func waitSnapshotCreated(ctx context.Context, find snapshotFinder, sleep wait.Sleep, id string) (*ecsclient.Snapshot, error) {
	var last *ecsclient.Snapshot
	misses, failures := 0, 0
	for check := 0; ; check++ {
		slack := pollSlack
		if check == 0 {
			slack = firstCreateCheckSlack
		}
		s, status, err := statusSnapshot(ctx, find, id, slack)
		if err == nil {
			failures = 0
		}
		var delay time.Duration
		switch {
		case err != nil && wait.Transient(ctx, err, client.IsRetryable, &failures):
			delay = wait.TransientDelay(failures)
			tflog.Warn(ctx, "checking the snapshot failed; trying again", map[string]any{
				"snapshot_id": id, "error": err.Error(), "next_check_in": delay.String(),
			})
		case err != nil:
			return last, waitFailure(ctx, "created", id, last, err)
		case s == nil && last != nil:
			return last, &snapshotGoneError{fmt.Sprintf("snapshot %s disappeared while being created (it was %s at %d%%): it may have been deleted, or its disk released", id, last.Status, last.Progress)}
		case s == nil:
			misses++
			if misses > notFoundChecks {
				return nil, &snapshotGoneError{fmt.Sprintf("snapshot %s not found by DescribeSnapshots after %d checks", id, misses)}
			}
			delay = minPollInterval
		case status == statusAccomplished:
			return s, nil
		case status == statusFailed:
			return s, fmt.Errorf("snapshot %s failed to be created (status %q at %d%%); the snapshot is kept in the state as tainted and the next apply replaces it", id, status, s.Progress)
		default:
			last = s
			delay = createPollInterval(s.RemainTime)
			tflog.Info(ctx, "waiting for snapshot", map[string]any{
				"snapshot_id": id, "status": status, "progress_percent": s.Progress,
				"remain_time_seconds": s.RemainTime, "next_check_in": delay.String(),
			})
		}
		if err := sleep(ctx, delay); err != nil {
			return last, waitFailure(ctx, "created", id, last, err)
		}
	}
}

// createPollInterval aims at the expected end: the remaining time, between minPollInterval and maxPollInterval.
// RemainTime is rounded up to whole seconds, so a check at that time finds the end already reached rather than
// just missed.
func createPollInterval(remainSeconds int) time.Duration {
	d := time.Duration(remainSeconds) * time.Second
	return min(max(d, minPollInterval), maxPollInterval)
}

// waitSnapshotDeleted polls until DescribeSnapshots no longer knows the snapshot, backing off from
// minPollInterval to maxDeletePollInterval.
func waitSnapshotDeleted(ctx context.Context, find snapshotFinder, sleep wait.Sleep, id string) error {
	backoff := minPollInterval
	failures := 0
	for check := 0; ; check++ {
		slack := pollSlack
		if check == 0 {
			slack = 0
		}
		s, status, err := statusSnapshot(ctx, find, id, slack)
		if err == nil {
			failures = 0
		}
		var delay time.Duration
		switch {
		case err != nil && wait.Transient(ctx, err, client.IsRetryable, &failures):
			delay = wait.TransientDelay(failures)
			tflog.Warn(ctx, "checking the deleted snapshot failed; trying again", map[string]any{
				"snapshot_id": id, "error": err.Error(), "next_check_in": delay.String(),
			})
		case err != nil:
			return waitFailure(ctx, "deleted", id, nil, err)
		case s == nil:
			return nil
		default:
			delay, backoff = backoff, min(backoff*2, maxDeletePollInterval)
			tflog.Info(ctx, "waiting for snapshot to be deleted", map[string]any{
				"snapshot_id": id, "status": status, "next_check_in": delay.String(),
			})
		}
		if err := sleep(ctx, delay); err != nil {
			return waitFailure(ctx, "deleted", id, s, err)
		}
	}
}

// waitFailure words the end of a wait that did not reach its goal, with the last known progress.
func waitFailure(ctx context.Context, goal, id string, last *ecsclient.Snapshot, err error) error {
	lastSeen := ""
	if last != nil {
		lastSeen = fmt.Sprintf("last seen %s at %d%%, about %ds remaining", last.Status, last.Progress, last.RemainTime)
	}
	return wait.Failure(ctx, "snapshot "+id, goal, lastSeen, err)
}
