package ecs

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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

	"github.com/aliecs/terraform-provider-aliecs/internal/batch"
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

// clientReady reports whether the provider gave a client; it has none when its configuration was not known.
func clientReady(ecs ecsclient.Client, diags *diag.Diagnostics) bool {
	if ecs == nil {
		diags.AddError("Provider not configured",
			"The aliecs provider has no ECS client: its configuration depends on values not known yet (see the warning above). "+
				"Apply the resources those values come from first, or use values known at plan time.")
		return false
	}
	return true
}

// ImportState takes a snapshot ID (CLI `terraform import` and `import` blocks alike). Read fills the rest;
// force_delete starts false and timeouts empty, as for a snapshot created with a minimal configuration.
// The ID is checked first, so that a mistyped ID or a snapshot of another region is named as such rather
// than by Terraform's generic "Cannot import non-existent remote object".
func (r *snapshotResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.ImportByID(ctx, snapshotImport(r.Meta(), nil), req, resp) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_delete"), false)...)
	}
}

// snapshotImport is import by ID of a snapshot or, with check, of a snapshot check accepts (a copy).
func snapshotImport(meta *conns.Client, check func(*ecsclient.Snapshot) error) framework.ImportSpec {
	what := "snapshot"
	if check != nil {
		what = "snapshot copy"
	}
	return framework.ImportSpec{Rule: validate.SnapshotID, What: what, Call: "DescribeSnapshots",
		Hint: "Check the ID, and that the provider's region is the snapshot's region (import a copy with the provider alias of the region it is in).",
		Find: func(ctx context.Context, id string) (any, error) {
			s, err := findSnapshotByID(ctx, meta, id, 0)
			if err == nil && check != nil {
				err = check(s)
			}
			return s, err
		}}
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
	// Values that can change after creation (status and progress while creating, usage when a disk or image
	// is made from the snapshot) are planned from the state only when an in-place update cannot change
	// them (see settledStatus), and Update keeps the planned values: a replacement plans them unknown.
	volatileString := func(desc string, modifier planmodifier.String) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: schemas.Plain(desc), MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{modifier}}
	}
	timeoutsBlock := schemas.WaitTimeouts(ctx, "snapshot", "the snapshot to be `accomplished`", "the snapshot", defaultCreateTimeout, defaultUpdateTimeout, defaultDeleteTimeout)

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
			"id": schemas.ComputedString("ID of the snapshot (`SnapshotId`), e.g. `s-bp17441ohwka0yuh****`."),
			"disk_id": schema.StringAttribute{
				Required: true, Description: diskD, MarkdownDescription: diskMD,
				Validators:    []validator.String{validate.DiskID.String()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"snapshot_name": schema.StringAttribute{
				Optional: true, Computed: true, Description: nameD, MarkdownDescription: nameMD,
				Validators: snapshotNameValidators(), PlanModifiers: schemas.StableString(),
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true, Description: descD, MarkdownDescription: descMD,
				Validators: snapshotDescriptionValidators(), PlanModifiers: schemas.StableString(),
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
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}, PlanModifiers: schemas.StableString(),
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
			"creation_time":    schemas.ComputedString("When the snapshot was created, RFC 3339 in UTC."),
			"source_disk_size": schemas.ComputedInt("Size of the source disk in GiB."),
			"source_disk_type": schemas.ComputedString("Type of the source disk: `system` or `data` (casing as the API answers it)."),
			"encrypted": schema.BoolAttribute{
				Computed: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				Description: "Whether the snapshot is encrypted (as its source disk is).", MarkdownDescription: "Whether the snapshot is encrypted (as its source disk is).",
			},
			"kms_key_id":       schemas.ComputedString("ID of the KMS key that encrypts the snapshot; null when not encrypted."),
			"snapshot_type":    schemas.ComputedString("Type of the snapshot: `user` for manual snapshots such as this one."),
			"usage":            volatileString("What the snapshot was used for: `none`, `image`, `disk` or `image_disk`.", stringplanmodifier.UseStateForUnknown()),
			"region_id":        schemas.ComputedString("Region of the snapshot."),
			"snapshot_sn":      schemas.ComputedString("Serial number of the snapshot."),
			"snapshot_link_id": schemas.ComputedString("ID of the snapshot chain of the source disk."),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock},
	}
}

// snapshotCore is what aliecs_snapshot and aliecs_snapshot_copy share: the fields of every model of a snapshot,
// the tags (split into tags and tags_all by the provider's tag configuration) and the timeouts the shared Update
// and Delete read.
type snapshotCore struct {
	snapshotFields
	Tags     types.Map      `tfsdk:"tags"`
	TagsAll  types.Map      `tfsdk:"tags_all"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// snapshotFields is what DescribeSnapshots answers about any snapshot, under the same names and with the same
// values in every model of one: the snapshot resources embed it, and so do the elements of aliecs_snapshots and
// aliecs_snapshot, so that a snapshot reads the same through each. Its flatten is the one mapping of these
// fields, with one null rule: a value the API leaves empty ("", or 0 for a retention) is null, as in
// terraform-plugin-framework's guidance that null means "no value"
// (https://developer.hashicorp.com/terraform/plugin/framework/handling-data/terraform-concepts#null-values).
type snapshotFields struct {
	ID              types.String `tfsdk:"id"`
	SnapshotName    types.String `tfsdk:"snapshot_name"`
	Description     types.String `tfsdk:"description"`
	RetentionDays   types.Int64  `tfsdk:"retention_days"`
	ResourceGroupID types.String `tfsdk:"resource_group_id"`
	Encrypted       types.Bool   `tfsdk:"encrypted"`
	KMSKeyID        types.String `tfsdk:"kms_key_id"`
	Status          types.String `tfsdk:"status"`
	Progress        types.Int64  `tfsdk:"progress"`
	CreationTime    types.String `tfsdk:"creation_time"`
	SourceDiskSize  types.Int64  `tfsdk:"source_disk_size"`
	SourceDiskType  types.String `tfsdk:"source_disk_type"`
	SnapshotType    types.String `tfsdk:"snapshot_type"`
	Usage           types.String `tfsdk:"usage"`
	RegionID        types.String `tfsdk:"region_id"`
	SnapshotSN      types.String `tfsdk:"snapshot_sn"`
	SnapshotLinkID  types.String `tfsdk:"snapshot_link_id"`
}

func (m *snapshotFields) flatten(s *ecsclient.Snapshot) {
	str := flex.StringOrNull
	m.ID, m.SnapshotName, m.Description = types.StringValue(s.SnapshotID), str(s.SnapshotName), str(s.Description)
	m.RetentionDays, m.ResourceGroupID = flex.PositiveOrNull(s.RetentionDays), str(s.ResourceGroupID)
	m.Encrypted, m.KMSKeyID = types.BoolValue(s.Encrypted), str(s.KMSKeyID)
	m.Status, m.Progress, m.CreationTime = str(s.Status), types.Int64Value(int64(s.Progress)), flex.Time(s.CreationTime)
	m.SourceDiskSize, m.SourceDiskType = types.Int64Value(int64(s.SourceDiskSize)), str(s.SourceDiskType)
	m.SnapshotType, m.Usage, m.RegionID = str(s.SnapshotType), str(s.Usage), str(s.RegionID)
	m.SnapshotSN, m.SnapshotLinkID = str(s.SnapshotSN), str(s.SnapshotLinkID)
}

// snapshotDiskFields are the fields of a snapshot of a disk that aliecs_snapshot and the data sources show
// (a copy has none of them as arguments).
type snapshotDiskFields struct {
	Category                   types.String `tfsdk:"category"`
	InstantAccess              types.Bool   `tfsdk:"instant_access"`
	InstantAccessRetentionDays types.Int64  `tfsdk:"instant_access_retention_days"`
}

// flatten keeps a configured category's spelling (flattenCategory); a data source has none to keep.
func (m *snapshotDiskFields) flatten(s *ecsclient.Snapshot) {
	m.Category = flattenCategory(s.Category, m.Category)
	m.InstantAccess = types.BoolValue(s.InstantAccess)
	m.InstantAccessRetentionDays = flex.PositiveOrNull(s.InstantAccessRetentionDays)
}

func (m *snapshotCore) core() *snapshotCore { return m }

// nullUnknowns makes the model storable while the API has not told us the computed values yet: the state
// saved right after the create call must hold no unknown value.
func (m *snapshotCore) nullUnknowns() {
	flex.NullUnknown(types.StringNull(), &m.SnapshotName, &m.Description, &m.ResourceGroupID, &m.KMSKeyID, &m.Status,
		&m.CreationTime, &m.SourceDiskType, &m.SnapshotType, &m.Usage, &m.RegionID, &m.SnapshotSN, &m.SnapshotLinkID)
	flex.NullUnknown(types.Int64Null(), &m.RetentionDays, &m.Progress, &m.SourceDiskSize)
	flex.NullUnknown(types.BoolNull(), &m.Encrypted)
	flex.NullUnknown(types.MapNull(types.StringType), &m.Tags, &m.TagsAll)
}

// flatten writes what the API says about s over m, which holds the plan or state the values replace: it
// supplies what the API does not hold (timeouts) and the user's values where the API answers none (a KMS
// key configured for a copy). tc splits the tags into tags and tags_all (tags.Config.FlattenRead).
func (m *snapshotCore) flatten(s *ecsclient.Snapshot, tc tags.Config) {
	configuredKey := m.KMSKeyID
	m.snapshotFields.flatten(s)
	if s.KMSKeyID == "" && flex.Known(configuredKey) {
		m.KMSKeyID = configuredKey
	}
	m.Tags, m.TagsAll = tc.FlattenRead(tags.WithoutSystem(s.Tags), m.Tags)
}

// snapshotResourceModel is the aliecs_snapshot resource: the shared attributes and the arguments only a
// snapshot of a disk has.
type snapshotResourceModel struct {
	snapshotCore
	snapshotDiskFields
	DiskID      types.String `tfsdk:"disk_id"`
	ForceDelete types.Bool   `tfsdk:"force_delete"`
}

func (snapshotResourceModel) kind() snapshotKind { return kindSnapshot }

func (m snapshotResourceModel) forceDelete() bool { return m.ForceDelete.ValueBool() }

func (m *snapshotResourceModel) nullUnknowns() {
	m.snapshotCore.nullUnknowns()
	flex.NullUnknown(types.StringNull(), &m.Category)
	flex.NullUnknown(types.Int64Null(), &m.InstantAccessRetentionDays)
	flex.NullUnknown(types.BoolNull(), &m.InstantAccess, &m.ForceDelete)
}

// flattenOwn writes the attributes only aliecs_snapshot has; m holds the plan or state they replace, for the
// user's spelling where the API answers the same value in another form, so that plans stay empty.
func (m *snapshotResourceModel) flattenOwn(s *ecsclient.Snapshot) {
	if s.SourceDiskID != "" || !flex.Known(m.DiskID) {
		m.DiskID = types.StringValue(s.SourceDiskID)
	}
	m.snapshotDiskFields.flatten(s)
	if !flex.Known(m.ForceDelete) {
		m.ForceDelete = types.BoolValue(false)
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

// snapshotUnchanged is what ModifyPlan does to an unchanged snapshot (framework.ResourceSpec.UnchangedPlan):
// plan tags_all; the retention check passes when the retention stays.
func snapshotUnchanged(ctx context.Context, req framework.UnchangedPlanRequest) bool {
	return tags.Settled(ctx, req.Client.TagsConfig(), req.State)
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

// keep reports whether the plan should take the state's value: a computed value planned unknown for an update
// (not a create, not a destroy, not a value the configuration leaves unknown) of a snapshot that has settled.
func (m settledStatus) keep(ctx context.Context, stateValue, planValue, configValue attr.Value, state tfsdk.State, plan tfsdk.Plan, diags *diag.Diagnostics) bool {
	return !stateValue.IsNull() && planValue.IsUnknown() && !configValue.IsUnknown() && !plan.Raw.IsNull() && m.settled(ctx, state, diags)
}

type settledStatusString struct{ settledStatus }

func (m settledStatusString) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if m.keep(ctx, req.StateValue, req.PlanValue, req.ConfigValue, req.State, req.Plan, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

type settledStatusInt64 struct{ settledStatus }

func (m settledStatusInt64) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if m.keep(ctx, req.StateValue, req.PlanValue, req.ConfigValue, req.State, req.Plan, &resp.Diagnostics) {
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
	v.validate(ctx, req.Config, &resp.Diagnostics)
}

// ValidateAction checks aliecs_create_snapshot, which takes the same arguments.
func (v flashInstantAccessValidator) ValidateAction(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	v.validate(ctx, req.Config, &resp.Diagnostics)
}

func (flashInstantAccessValidator) validate(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var category types.String
	var instant types.Bool
	diags.Append(config.GetAttribute(ctx, path.Root("category"), &category)...)
	diags.Append(config.GetAttribute(ctx, path.Root("instant_access"), &instant)...)
	if diags.HasError() || !flex.Known(category) || !flex.Known(instant) || !instant.ValueBool() ||
		!strings.EqualFold(category.ValueString(), categoryFlash) {
		return
	}
	diags.AddAttributeError(path.Root("category"), "Invalid Attribute Combination",
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
	v.validate(ctx, req.Config, &resp.Diagnostics)
}

// ValidateAction checks aliecs_create_snapshot, which takes the same arguments.
func (v instantAccessRetentionValidator) ValidateAction(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	v.validate(ctx, req.Config, &resp.Diagnostics)
}

func (instantAccessRetentionValidator) validate(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var days types.Int64
	var instant types.Bool
	diags.Append(config.GetAttribute(ctx, path.Root("instant_access_retention_days"), &days)...)
	diags.Append(config.GetAttribute(ctx, path.Root("instant_access"), &instant)...)
	if diags.HasError() || !flex.Known(days) || !flex.Known(instant) || instant.ValueBool() {
		return
	}
	diags.AddAttributeError(path.Root("instant_access_retention_days"), "Invalid Attribute Combination",
		fmt.Sprintf("Attribute instant_access_retention_days (%d) is only valid with instant_access = true, got instant_access = false.", days.ValueInt64()))
}

// API error codes of DeleteSnapshot that need the user to act.
const (
	codeSnapshotCreatedDisk  = "SnapshotCreatedDisk"
	codeSnapshotCreatedImage = "SnapshotCreatedImage"
)

func (r *snapshotResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan snapshotResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
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
	// The wait's first check is announced while the create is in flight, so that a wave of creates shares it.
	ctx, withdraw := r.ops().announce(ctx, 0)
	defer withdraw()

	id, err := r.Meta().HomeECS().CreateSnapshot(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create snapshot", client.Failure{Doing: "Creating a snapshot of disk " + in.DiskID,
			Region: r.Meta().Region(), Subject: "disk " + in.DiskID + " (or its instance)", Allowed: instanceAllowsSnapshots}.Explain(err))
		return
	}
	ctx = tflog.SetField(ctx, "snapshot_id", id)
	tflog.Info(ctx, "snapshot created, waiting until accomplished", map[string]any{"timeout": timeout.String()})
	saveAndWaitCreated(ctx, r.ops(), plan, id, in.Tags, resp)
}

func (r *snapshotResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readSnapshot[snapshotResourceModel](ctx, r.ops(), req, resp)
}

func (r *snapshotResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateSnapshot[snapshotResourceModel](ctx, r.ops(), req, resp)
}

func (r *snapshotResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteSnapshot[snapshotResourceModel](ctx, r.ops(), req, resp)
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

func (m *snapshotCore) attributes() modifiableAttributes {
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
		in.RetentionDays, changed = flex.IntPointer(plan.RetentionDays), true
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

// flattenSnapshotResource is flattenManagedSnapshot for a provider without default_tags or ignore_tags.
func flattenSnapshotResource(s *ecsclient.Snapshot, prior snapshotResourceModel) snapshotResourceModel {
	return flattenManagedSnapshot(s, prior, tags.Config{})
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

// snapshotKind is what tells aliecs_snapshot and aliecs_snapshot_copy apart in the code they share.
type snapshotKind struct {
	noun, title, typeName        string // "snapshot copy", "Snapshot copy", "aliecs_snapshot_copy"
	updateTimeout, deleteTimeout time.Duration
	// hasForceDelete: the resource has force_delete, which a refused delete of a snapshot used by disks names.
	hasForceDelete bool
}

var kindSnapshot = snapshotKind{noun: "snapshot", title: "Snapshot", typeName: "aliecs_snapshot",
	updateTimeout: defaultUpdateTimeout, deleteTimeout: defaultDeleteTimeout, hasForceDelete: true}

// managedSnapshot is the model of a resource that manages one ECS snapshot: the shared attributes (core) and its
// own, which flattenOwn writes, as aws_ebs_snapshot_copy shares aws_ebs_snapshot's code
// (https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ec2/ebs_snapshot_copy.go).
type managedSnapshot[M any] interface {
	*M
	core() *snapshotCore
	nullUnknowns()
	flattenOwn(s *ecsclient.Snapshot)
	kind() snapshotKind
	forceDelete() bool
}

// snapshotOps is what the shared create wait, Read, Update and Delete need of either resource.
type snapshotOps struct {
	client ecsclient.Client
	conn   *conns.Client
	sleep  wait.Sleep
}

func (r *snapshotResource) ops() snapshotOps { return opsOf(r.Meta(), r.sleep) }

// failure words an API error of doing something to the snapshot (client.Failure, shared by every resource).
func (o snapshotOps) failure(doing, noun, id string) client.Failure {
	return client.Failure{Doing: doing + " " + noun + " " + id, Region: o.conn.Region(), Subject: noun + " " + id}
}

// opsOf is what the shared CRUD needs, from the provider's connections; without them (a provider not configured)
// the client is nil, which the CRUD reports before any call.
func opsOf(meta *conns.Client, sleep wait.Sleep) snapshotOps {
	o := snapshotOps{conn: meta, sleep: sleep}
	if meta != nil {
		o.client = meta.HomeECS()
	}
	return o
}

func (o snapshotOps) find(ctx context.Context, id string, slack time.Duration) (*ecsclient.Snapshot, error) {
	return findSnapshotByID(ctx, o.conn, id, slack)
}

// announce tells the snapshots' batcher that a lookup comes in about in (conns.Batcher.Announce): the first check
// after a create, copy or delete call about to be made (0), the next check of a wait. Without connections (a
// provider not configured, which the CRUD reports) it announces nothing.
func (o snapshotOps) announce(ctx context.Context, in time.Duration) (context.Context, func()) {
	if o.conn == nil {
		return ctx, func() {}
	}
	return snapshotsByID.Announce(ctx, o.conn, "", in)
}

// announceGone announces the first check after a delete of snapshot id about to be made
// (conns.Batcher.AnnounceGone); without connections it announces nothing.
func (o snapshotOps) announceGone(ctx context.Context, id string) (context.Context, func()) {
	if o.conn == nil {
		return ctx, func() {}
	}
	return snapshotsByID.AnnounceGone(ctx, o.conn, "", id)
}

// flattenManagedSnapshot writes what the API says about s over prior (the plan or state): the one flattener of an
// ecsclient.Snapshot into a resource.
func flattenManagedSnapshot[M any, P managedSnapshot[M]](s *ecsclient.Snapshot, prior M, tc tags.Config) M {
	m := prior
	P(&m).core().flatten(s, tc)
	P(&m).flattenOwn(s)
	return m
}

// saveAndWaitCreated saves the new snapshot before waiting: if the wait fails, times out or is interrupted,
// Terraform keeps the snapshot (tainted) and replaces or destroys it later, instead of losing track of a
// snapshot that exists. It returns the accomplished snapshot, or nil when the wait ended otherwise.
func saveAndWaitCreated[M any, P managedSnapshot[M]](ctx context.Context, o snapshotOps, saved M, id string,
	tagsAll map[string]string, resp *resource.CreateResponse) *ecsclient.Snapshot {
	saved, ok := saveStarted[M, P](ctx, saved, id, tagsAll, resp)
	if !ok {
		return nil
	}
	k := P(&saved).kind()
	s, err := waitSnapshotCreated(ctx, o.find, o.announce, o.sleep, k, id)
	if s != nil {
		resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, flattenManagedSnapshot[M, P](s, saved, o.conn.TagsConfig()))...)
	}
	if err != nil {
		resp.Diagnostics.AddError(k.title+" not created", err.Error())
		return nil
	}
	return s
}

// saveStarted saves a snapshot the API has started to make, with what is not known yet null: from then on a
// failed create leaves it in the state, tainted, never unmanaged. It returns the saved model.
func saveStarted[M any, P managedSnapshot[M]](ctx context.Context, saved M, id string, tagsAll map[string]string,
	resp *resource.CreateResponse) (M, bool) {
	c := P(&saved).core()
	c.ID = types.StringValue(id)
	c.TagsAll = tags.Flatten(tagsAll)
	P(&saved).nullUnknowns()
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &saved)...)
	return saved, !resp.Diagnostics.HasError()
}

func readSnapshot[M any, P managedSnapshot[M]](ctx context.Context, o snapshotOps, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !clientReady(o.client, &resp.Diagnostics) {
		return
	}
	k, id := P(&state).kind(), P(&state).core().ID.ValueString()
	// A plan reads every resource at once (up to -parallelism): the reads share calls. The Read after an import
	// uses what the import found.
	s, err := framework.ImportedOr(ctx, req, id, func(ctx context.Context) (*ecsclient.Snapshot, error) { return o.find(ctx, id, 0) })
	if wait.IsNotFound(err) {
		// Deleted outside Terraform: forget it, so the next plan creates it again.
		tflog.Warn(ctx, k.noun+" not found, removing it from the state", map[string]any{"snapshot_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read "+k.noun, o.failure("Reading", k.noun, id).Explain(err))
		return
	}
	if msg := snapshotRegionProblem(o.conn, s); msg != "" {
		resp.Diagnostics.AddError(k.title+" in another region", msg)
		return
	}
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, flattenManagedSnapshot[M, P](s, state, o.conn.TagsConfig()))...)
}

func updateSnapshot[M any, P managedSnapshot[M]](ctx context.Context, o snapshotOps, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state M
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !clientReady(o.client, &resp.Diagnostics) {
		return
	}
	k, p, st := P(&plan).kind(), P(&plan).core(), P(&state).core()
	timeout, diags := p.Timeouts.Update(ctx, k.updateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id, tc := st.ID.ValueString(), o.conn.TagsConfig()
	// A change that fails halfway leaves the state as the API has it, so that the next plan shows
	// exactly what is still to do.
	defer func() {
		if resp.Diagnostics.HasError() {
			current := state
			if s, err := o.find(ctx, id, 0); err == nil {
				current = flattenManagedSnapshot[M, P](s, state, tc)
			}
			resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, current)...)
		}
	}()

	if in := expandModifyInput(id, p.attributes(), st.attributes()); in != nil {
		if err := o.client.ModifySnapshotAttribute(ctx, *in); err != nil {
			resp.Diagnostics.AddError("Cannot update "+k.noun, o.failure("Changing name, description or retention of", k.noun, id).Explain(err))
			return
		}
	}
	if !updateTagsAndGroup(ctx, o.conn, ecsclient.ResourceTypeSnapshot, k.noun, id, p.grouped(), st.grouped(), &resp.Diagnostics) {
		return
	}

	s, err := o.find(ctx, id, 0)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read "+k.noun, o.failure("After updating it, reading", k.noun, id).Explain(err))
		return
	}
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, keepPlannedVolatile[M, P](flattenManagedSnapshot[M, P](s, plan, tc), plan))...)
}

// keepPlannedVolatile keeps the status, progress and usage the plan showed (from the state, see
// settledStatus): the API may have changed them since the plan (a disk made from the snapshot meanwhile),
// and Terraform refuses a result that differs from a known planned value. The next refresh shows the change.
func keepPlannedVolatile[M any, P managedSnapshot[M]](m, plan M) M {
	c, p := P(&m).core(), P(&plan).core()
	flex.KeepKnown(&c.Status, p.Status)
	flex.KeepKnown(&c.Progress, p.Progress)
	flex.KeepKnown(&c.Usage, p.Usage)
	return m
}

// deleteSnapshot deletes the snapshot, which cancels it if unfinished, and waits until DescribeSnapshots no
// longer knows it.
func deleteSnapshot[M any, P managedSnapshot[M]](ctx context.Context, o snapshotOps, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state M
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !clientReady(o.client, &resp.Diagnostics) {
		return
	}
	k := P(&state).kind()
	timeout, diags := P(&state).core().Timeouts.Delete(ctx, k.deleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id, force := P(&state).core().ID.ValueString(), P(&state).forceDelete()
	// The wait's first check is announced while the delete is in flight, so that a wave of deletes shares it and
	// calls sent meanwhile ask on the way whether the snapshot is gone (conns.Batcher.AnnounceGone).
	ctx, withdraw := o.announceGone(ctx, id)
	defer withdraw()

	err := o.client.DeleteSnapshot(ctx, id, force)
	switch {
	case err == nil:
	case client.IsNotFound(err):
		// Already gone: deleted outside Terraform, or by an earlier attempt of this call whose answer was lost
		// on the way (the retry then finds nothing to delete).
		tflog.Info(ctx, k.noun+" already gone", map[string]any{"snapshot_id": id})
		return
	case client.IsCode(err, codeSnapshotCreatedDisk) && !force && k.hasForceDelete:
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
		resp.Diagnostics.AddError("Cannot delete "+k.noun, o.failure("Deleting", k.noun, id).Explain(err))
		return
	}
	if err := waitSnapshotDeleted(ctx, o.find, o.announce, o.sleep, k, id); err != nil {
		resp.Diagnostics.AddError(k.title+" not deleted", err.Error())
	}
}

// snapshotFinder looks up one snapshot by ID and returns a *wait.NotFoundError when there is none. slack is how
// long the lookup may wait for other lookups to share its call (conns.Batcher.Get).
type snapshotFinder func(ctx context.Context, id string, slack time.Duration) (*ecsclient.Snapshot, error)

// snapshotsByID is the lookup of snapshots by ID: DescribeSnapshots by SnapshotIds, up to 100 a call
// (batch.DefaultMaxKeys).
var snapshotsByID = conns.ByIDs("ecs/snapshots", (*conns.Client).ECS, ecsclient.Client.DescribeSnapshots,
	func(ids []string) ecsclient.DescribeSnapshotsInput {
		return ecsclient.DescribeSnapshotsInput{SnapshotIDs: ids}
	},
	func(s ecsclient.Snapshot) string { return s.SnapshotID }, batch.Options{})

// findSnapshotByID looks the snapshot up by ID in the provider's region, in a DescribeSnapshots call shared
// with the lookups of other operations made at about the same time (snapshotsByID).
func findSnapshotByID(ctx context.Context, conn *conns.Client, id string, slack time.Duration) (*ecsclient.Snapshot, error) {
	s, found, err := snapshotsByID.Get(ctx, conn, "", id, slack)
	return wait.Found(s, found, err, "snapshot", id)
}

// snapshotWait is the wait of either resource for snapshot id. The API tells how long a snapshot still needs
// (RemainTime, in whole seconds): create checks are aimed at that expected end (wait.Aimed), and each is announced
// (snapshotOps.announce; nil announces nothing) so that the checks of waits due a little apart share a call.
func snapshotWait(find snapshotFinder, announce wait.Announcer, sleep wait.Sleep, k snapshotKind, id string) wait.StateChangeConf[*ecsclient.Snapshot] {
	return wait.StateChangeConf[*ecsclient.Snapshot]{
		Kind: k.noun, ID: id, TypeName: k.typeName,
		Refresh:   wait.StatusOf(find, id, func(s *ecsclient.Snapshot) string { return s.Status }),
		Retryable: client.IsRetryable,
		Describe: func(s *ecsclient.Snapshot) string {
			if s.Status != statusProgressing {
				return fmt.Sprintf("at %d%%", s.Progress)
			}
			return fmt.Sprintf("at %d%%, about %ds remaining", s.Progress, s.RemainTime)
		},
		Progress: wait.LogProgress("waiting for "+k.noun, func(s *ecsclient.Snapshot) map[string]any {
			return map[string]any{"snapshot_id": s.SnapshotID, "progress_percent": s.Progress, "remain_time_seconds": s.RemainTime}
		}),
		Sleep: sleep, Announce: announce,
	}
}

// waitSnapshotCreated waits until the snapshot is accomplished. A failed snapshot ends the wait at once; so
// does ctx (the create timeout), with an error that says how far the snapshot got.
func waitSnapshotCreated(ctx context.Context, find snapshotFinder, announce wait.Announcer, sleep wait.Sleep, k snapshotKind, id string) (*ecsclient.Snapshot, error) {
	return snapshotCreateWait(find, announce, sleep, k, id).Wait(ctx)
}

// snapshotCreateWait is the wait of waitSnapshotCreated, for callers that tell progress otherwise (an action).
func snapshotCreateWait(find snapshotFinder, announce wait.Announcer, sleep wait.Sleep, k snapshotKind, id string) *wait.StateChangeConf[*ecsclient.Snapshot] {
	return snapshotWait(find, announce, sleep, k, id).ForCreate(statusProgressing, statusAccomplished, statusFailed,
		wait.Aimed(func(s *ecsclient.Snapshot) time.Duration { return time.Duration(s.RemainTime) * time.Second }))
}

// waitSnapshotDeleted waits until DescribeSnapshots no longer knows the snapshot.
func waitSnapshotDeleted(ctx context.Context, find snapshotFinder, announce wait.Announcer, sleep wait.Sleep, k snapshotKind, id string) error {
	_, err := snapshotWait(find, announce, sleep, k, id).ForDelete().Wait(ctx)
	return err
}

func (c snapshotCore) grouped() groupedValues {
	return groupedValues{taggedValues{c.Tags, c.TagsAll}, c.ResourceGroupID}
}
