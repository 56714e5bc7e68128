package ecs

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/flex"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

var (
	_ resource.ResourceWithImportState      = (*autoSnapshotPolicyResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*autoSnapshotPolicyResource)(nil)
	_ resource.ResourceWithConfigValidators = (*autoSnapshotPolicyResource)(nil)
)

type autoSnapshotPolicyResource struct {
	framework.ResourceWithConfigure
}

// NewAutoSnapshotPolicyResource is the aliecs_auto_snapshot_policy resource.
func NewAutoSnapshotPolicyResource() resource.Resource { return &autoSnapshotPolicyResource{} }

func (r *autoSnapshotPolicyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = autoSnapshotPolicyResourceSchema()
}

// The documented limits of CreateAutoSnapshotPolicy / ModifyAutoSnapshotPolicyEx. retentionDays is 1 to 65535 on
// Create and 1 to 65536 on Modify: the narrower range is checked, so that a value accepted by one call is accepted by
// both (a policy is created with the value before it is ever modified).
const (
	policyMaxRetentionDays = 65535
	policyMaxTimePoints    = 24
	policyMaxWeekdays      = 7
	policyMaxTargetTags    = 10
	policyMaxNameLength    = 128

	associationDisk        = "AssociatedWithDisk"
	associationInstanceTag = "AssociatedWithInstanceTag"
)

var associationTypes = []string{associationDisk, associationInstanceTag}

const autoSnapshotPolicyResourceDescription = "Manages an ECS automatic snapshot policy: the hours (UTC+8) and " +
	"weekdays at which ECS takes automatic snapshots of the disks the policy applies to, and how long it keeps them. " +
	"Apply it to disks with `aliecs_auto_snapshot_policy_attachment`. Everything but `association_type` and " +
	"`target_tags` changes in place (ModifyAutoSnapshotPolicyEx, TagResources / UntagResources, JoinResourceGroup). " +
	"Destroying a policy that still applies to disks succeeds: the API stops applying it to them (they are left with " +
	"no automatic snapshot policy, and their attachments read as gone), and the automatic snapshots it already took are " +
	"not deleted by the provider. A policy deleted outside Terraform is planned again."

func autoSnapshotPolicyResourceSchema() schema.Schema {
	d := schemas.Described
	nameD, nameMD := d("Name of the policy (`autoSnapshotPolicyName`): 2 to 128 characters, starting with a letter, made of " +
		"letters, digits, `:`, `_` and `-`, not starting with `http://` or `https://`. Changes in place. Removing it from " +
		"the configuration leaves the current name: the API cannot clear it.")
	tpD, tpMD := d("Hours of the day at which automatic snapshots are taken (`timePoints`), 0 to 23, in UTC+8 " +
		"(China Standard Time) as the API documents them: `0` is 16:00 UTC of the day before. 1 to 24 hours. Changes in place.")
	rwD, rwMD := d("Days of the week on which automatic snapshots are taken (`repeatWeekdays`), 1 (Monday) to 7 (Sunday), " +
		"in UTC+8. 1 to 7 days. Changes in place.")
	retD, retMD := d(fmt.Sprintf("Days an automatic snapshot is kept (`retentionDays`): `-1` keeps it until it is deleted, "+
		"otherwise 1 to %d (the limit of CreateAutoSnapshotPolicy; ModifyAutoSnapshotPolicyEx documents 65536, the narrower "+
		"range is checked). Changes in place; a new retention applies to the snapshots taken after the change.", policyMaxRetentionDays))
	ecrD, ecrMD := d("Copy the automatic snapshots to another region (`EnableCrossRegionCopy`). `true` requires " +
		"`target_copy_regions`. Default: `false`. Changes in place.")
	tcrD, tcrMD := d("The region the automatic snapshots are copied to (`TargetCopyRegions`): exactly one region (the API " +
		"takes one), and only with `enable_cross_region_copy = true`. Changes in place.")
	csrD, csrMD := d(fmt.Sprintf("Days the copies in the other region are kept (`CopiedSnapshotsRetentionDays`): `-1` "+
		"(the API's default) keeps them until deleted, otherwise 1 to %d. Only with `enable_cross_region_copy = true`. "+
		"Changes in place.", policyMaxRetentionDays))
	ceD, ceMD := d("Encryption of the copies in the other region (`CopyEncryptionConfiguration`). Without it, copies of " +
		"encrypted snapshots are encrypted with the destination region's service key. Only with " +
		"`enable_cross_region_copy = true`. Changes in place; removing it stops encrypting new copies.")
	atD, atMD := d("How the policy selects its disks (`AssociationType`): `AssociatedWithDisk` (the API's default: disks it " +
		"is applied to, see `aliecs_auto_snapshot_policy_attachment`) or `AssociatedWithInstanceTag` (the disks of the " +
		"instances carrying `target_tags`, which it then requires). Changing it replaces the policy: the API cannot modify it.")
	ttD, ttMD := d(fmt.Sprintf("Instance tags that select the disks of a policy with `association_type = \"AssociatedWithInstanceTag\"` "+
		"(`TargetTags`), 1 to %d; an empty value matches any value of the key. Only with that association type, which requires "+
		"them. Changing them replaces the policy: the API cannot modify them.", policyMaxTargetTags))
	tagsD, tagsMD := d("Tags of the policy, at most 20, with the same rules as the tags of `aliecs_snapshot` (keys 1 to 128 " +
		"characters, not starting with `aliyun` or `acs:`, not containing `http://` or `https://`; values up to 128 characters). " +
		"Changed in place (TagResources / UntagResources). The provider's `default_tags` are added (see `tags_all`), and keys of " +
		"its `ignore_tags` are neither shown, nor changed, nor allowed here. System tags are not shown and never removed.")
	rgD, rgMD := d("ID of the resource group of the policy. Default: the account's default resource group. Changes in place " +
		"(JoinResourceGroup); removing it from the configuration leaves the policy where it is.")

	return schema.Schema{
		Description:         schemas.Plain(autoSnapshotPolicyResourceDescription),
		MarkdownDescription: autoSnapshotPolicyResourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": schemas.ComputedString("ID of the policy (`AutoSnapshotPolicyId`), e.g. `sp-bp14yziiuvu3s6jn****`."),
			"name": schema.StringAttribute{
				Optional: true, Computed: true, Description: nameD, MarkdownDescription: nameMD,
				Validators: policyNameValidators(), PlanModifiers: schemas.StableString(),
			},
			"time_points": schema.SetAttribute{
				ElementType: types.Int64Type, Required: true, Description: tpD, MarkdownDescription: tpMD,
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, policyMaxTimePoints),
					setvalidator.ValueInt64sAre(int64validator.Between(0, 23)),
				},
			},
			"repeat_weekdays": schema.SetAttribute{
				ElementType: types.Int64Type, Required: true, Description: rwD, MarkdownDescription: rwMD,
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, policyMaxWeekdays),
					setvalidator.ValueInt64sAre(int64validator.Between(1, 7)),
				},
			},
			"retention_days": schema.Int64Attribute{
				Required: true, Description: retD, MarkdownDescription: retMD,
				Validators: []validator.Int64{retentionDaysRule{max: policyMaxRetentionDays}},
			},
			"enable_cross_region_copy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: ecrD, MarkdownDescription: ecrMD,
			},
			"target_copy_regions": schema.SetAttribute{
				ElementType: types.StringType, Optional: true, Description: tcrD, MarkdownDescription: tcrMD,
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, 1),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"copied_snapshots_retention_days": schema.Int64Attribute{
				Optional: true, Computed: true, Description: csrD, MarkdownDescription: csrMD,
				Validators:    []validator.Int64{retentionDaysRule{max: policyMaxRetentionDays}},
				PlanModifiers: []planmodifier.Int64{copyRetentionFromState{}},
			},
			"copy_encryption": schema.SingleNestedAttribute{
				Optional: true, Description: ceD, MarkdownDescription: ceMD,
				Attributes: map[string]schema.Attribute{
					"encrypted": schema.BoolAttribute{
						Required:    true,
						Description: "Encrypt the copies (`Encrypted`).", MarkdownDescription: "Encrypt the copies (`Encrypted`).",
					},
					"kms_key_id": schema.StringAttribute{
						Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
						Description:         schemas.Plain("ID of the KMS key that encrypts the copies (`KMSKeyId`); only with `encrypted = true`. Default: the destination region's service key."),
						MarkdownDescription: "ID of the KMS key that encrypts the copies (`KMSKeyId`); only with `encrypted = true`. Default: the destination region's service key.",
					},
				},
			},
			"association_type": schema.StringAttribute{
				Optional: true, Computed: true, Description: atD, MarkdownDescription: atMD,
				Validators:    []validator.String{stringvalidator.OneOf(associationTypes...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"target_tags": schema.MapAttribute{
				ElementType: types.StringType, Optional: true, Description: ttD, MarkdownDescription: ttMD,
				Validators: []validator.Map{
					mapvalidator.SizeBetween(1, policyMaxTargetTags),
					mapvalidator.KeysAre(tags.KeyValidators()...),
					mapvalidator.ValueStringsAre(validate.LengthBetween(0, tags.MaxValueLength)),
				},
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
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

			"status": schemas.ComputedString("Status of the policy: `Normal`, or `Expire` when the account has overdue payments " +
				"(the policy then takes no snapshots)."),
			"creation_time": schemas.ComputedString("When the policy was created, RFC 3339 in UTC."),
			"disk_nums": schemas.ComputedInt("Number of disks the policy applies to. Attachments made in the same apply show at " +
				"the next refresh."),
			"volume_nums": schemas.ComputedInt("Number of extended volumes the policy applies to."),
			"type":        schemas.ComputedString("Type of the policy: `Custom` (made by a user) or `System`."),
			"region_id":   schemas.ComputedString("Region of the policy."),
		},
	}
}

// policyNameValidators are CreateAutoSnapshotPolicy's rules for autoSnapshotPolicyName. Unlike snapshot names, a
// policy name may start with "auto".
func policyNameValidators() []validator.String {
	return []validator.String{
		validate.LengthBetween(2, policyMaxNameLength),
		validate.NotPrefix("http://", "https://"),
		validate.StartsWithLetter,
		validate.NameCharacters,
	}
}

// retentionDaysRule is the API's "-1, or 1 to max" as one rule, so that the message names both forms rather than
// two alternatives of int64validator.Any.
type retentionDaysRule struct{ max int64 }

var _ validator.Int64 = retentionDaysRule{}

func (v retentionDaysRule) Description(context.Context) string {
	return fmt.Sprintf("must be -1 (keep until deleted) or 1 to %d", v.max)
}

func (v retentionDaysRule) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v retentionDaysRule) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if !flex.Known(req.ConfigValue) {
		return
	}
	if n := req.ConfigValue.ValueInt64(); n != -1 && (n < 1 || n > v.max) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("Attribute %s %s, got: %d", req.Path, v.Description(ctx), n))
	}
}

// copyRetentionFromState plans copied_snapshots_retention_days, when not configured, as the state has it as long as
// enable_cross_region_copy does not change: turning copying on shows the API's default at apply, turning it off
// shows null (flattenAutoSnapshotPolicy).
type copyRetentionFromState struct{}

func (copyRetentionFromState) Description(context.Context) string {
	return "uses the state's value unless enable_cross_region_copy changes"
}

func (m copyRetentionFromState) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (copyRetentionFromState) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	var planned, prior types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("enable_cross_region_copy"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("enable_cross_region_copy"), &prior)...)
	if flex.Known(planned) && planned.Equal(prior) {
		resp.PlanValue = req.StateValue
	}
}

// autoSnapshotPolicyResourceModel is the aliecs_auto_snapshot_policy resource, in the order of the schema.
type autoSnapshotPolicyResourceModel struct {
	policyFields
	TimePoints                   types.Set    `tfsdk:"time_points"`
	RepeatWeekdays               types.Set    `tfsdk:"repeat_weekdays"`
	TargetCopyRegions            types.Set    `tfsdk:"target_copy_regions"`
	CopiedSnapshotsRetentionDays types.Int64  `tfsdk:"copied_snapshots_retention_days"`
	CopyEncryption               types.Object `tfsdk:"copy_encryption"`
	TargetTags                   types.Map    `tfsdk:"target_tags"`
	Tags                         types.Map    `tfsdk:"tags"`
	TagsAll                      types.Map    `tfsdk:"tags_all"`
}

// policyFields is what DescribeAutoSnapshotPolicyEx answers about any policy, under the same names and with the
// same values in the resource and in each element of the data source; the rest differs (sets in the resource, lists
// in the data source; copy settings and target_tags null in the resource when they mean nothing).
type policyFields struct {
	ID                    types.String `tfsdk:"id"`
	Name                  types.String `tfsdk:"name"`
	RegionID              types.String `tfsdk:"region_id"`
	CreationTime          types.String `tfsdk:"creation_time"`
	RetentionDays         types.Int64  `tfsdk:"retention_days"`
	DiskNums              types.Int64  `tfsdk:"disk_nums"`
	VolumeNums            types.Int64  `tfsdk:"volume_nums"`
	Status                types.String `tfsdk:"status"`
	Type                  types.String `tfsdk:"type"`
	EnableCrossRegionCopy types.Bool   `tfsdk:"enable_cross_region_copy"`
	AssociationType       types.String `tfsdk:"association_type"`
	ResourceGroupID       types.String `tfsdk:"resource_group_id"`
}

func (m *policyFields) flatten(p *ecsclient.AutoSnapshotPolicy) {
	m.ID = types.StringValue(p.ID)
	m.Name = flex.StringOrNull(p.Name)
	m.RegionID = types.StringValue(p.RegionID)
	m.CreationTime = flex.Time(p.CreationTime)
	m.RetentionDays = types.Int64Value(int64(p.RetentionDays))
	m.DiskNums = types.Int64Value(int64(p.DiskNums))
	m.VolumeNums = types.Int64Value(int64(p.VolumeNums))
	m.Status = types.StringValue(p.Status)
	m.Type = types.StringValue(p.Type)
	m.EnableCrossRegionCopy = types.BoolValue(p.EnableCrossRegionCopy)
	m.AssociationType = types.StringValue(cmp.Or(p.AssociationType, associationDisk)) // the API's default, for a policy made before the field existed
	m.ResourceGroupID = flex.StringOrNull(p.ResourceGroupID)
}

// copyEncryptionModel is the copy_encryption object.
type copyEncryptionModel struct {
	Encrypted types.Bool   `tfsdk:"encrypted"`
	KMSKeyID  types.String `tfsdk:"kms_key_id"`
}

var copyEncryptionAttrTypes = map[string]attr.Type{"encrypted": types.BoolType, "kms_key_id": types.StringType}

// basetypesObjectAsOptions reads copy_encryption strictly: it has no unknown parts once the plan is known.
var basetypesObjectAsOptions = basetypes.ObjectAsOptions{}

func (r *autoSnapshotPolicyResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{problemsValidator[autoSnapshotPolicyResourceModel]{
		description: "cross-region copy settings require enable_cross_region_copy = true; kms_key_id requires encrypted = true; " +
			"target_tags go with association_type = AssociatedWithInstanceTag",
		problems: policyConfigProblems,
	}}
}

// policyConfigValidator checks the rules between attributes that the API states, at plan time, each with the
// attributes it concerns named. Values not known yet are skipped: the apply checks them through the API.

type attrProblem struct {
	path path.Path
	msg  string
}

// problemsValidator reports, at plan time, each problem problems finds in the configuration as an error on its
// attribute: the rules between attributes that the API states for a resource.
type problemsValidator[M any] struct {
	description string
	problems    func(context.Context, M) []attrProblem
}

func (v problemsValidator[M]) Description(context.Context) string         { return v.description }
func (v problemsValidator[M]) MarkdownDescription(context.Context) string { return v.description }

func (v problemsValidator[M]) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m M
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, p := range v.problems(ctx, m) {
		resp.Diagnostics.AddAttributeError(p.path, "Invalid Attribute Combination", p.msg)
	}
}

// policyConfigProblems lists the combinations of m that the API refuses (or that would be silently ignored).
func policyConfigProblems(ctx context.Context, m autoSnapshotPolicyResourceModel) []attrProblem {
	var out []attrProblem
	copyOff := m.EnableCrossRegionCopy.IsNull() || (flex.Known(m.EnableCrossRegionCopy) && !m.EnableCrossRegionCopy.ValueBool())
	copyOn := flex.Known(m.EnableCrossRegionCopy) && m.EnableCrossRegionCopy.ValueBool()
	if copyOff {
		if !m.TargetCopyRegions.IsNull() {
			out = append(out, attrProblem{path.Root("target_copy_regions"),
				"Attribute target_copy_regions is only valid with enable_cross_region_copy = true: without it no snapshot is copied. " +
					"Set enable_cross_region_copy = true, or remove target_copy_regions."})
		}
		if !m.CopiedSnapshotsRetentionDays.IsNull() {
			out = append(out, attrProblem{path.Root("copied_snapshots_retention_days"),
				"Attribute copied_snapshots_retention_days is only valid with enable_cross_region_copy = true: without it no snapshot is copied. " +
					"Set enable_cross_region_copy = true, or remove copied_snapshots_retention_days."})
		}
		if !m.CopyEncryption.IsNull() {
			out = append(out, attrProblem{path.Root("copy_encryption"),
				"Attribute copy_encryption is only valid with enable_cross_region_copy = true: without it no snapshot is copied. " +
					"Set enable_cross_region_copy = true, or remove copy_encryption."})
		}
	}
	if copyOn && m.TargetCopyRegions.IsNull() {
		out = append(out, attrProblem{path.Root("target_copy_regions"),
			"Attribute target_copy_regions is required with enable_cross_region_copy = true: it names the region the " +
				"automatic snapshots are copied to (exactly one)."})
	}
	if flex.Known(m.CopyEncryption) {
		var ce copyEncryptionModel
		if diags := m.CopyEncryption.As(ctx, &ce, basetypesObjectAsOptions); !diags.HasError() &&
			flex.Known(ce.KMSKeyID) && flex.Known(ce.Encrypted) && !ce.Encrypted.ValueBool() {
			out = append(out, attrProblem{path.Root("copy_encryption").AtName("kms_key_id"),
				fmt.Sprintf("Attribute copy_encryption.kms_key_id (%q) is only valid with copy_encryption.encrypted = true: "+
					"the API refuses a KMS key for unencrypted copies (InvalidParameter.EncryptedIllegal). Set encrypted = true, "+
					"or remove kms_key_id.", ce.KMSKeyID.ValueString())})
		}
	}
	byTag := flex.Known(m.AssociationType) && m.AssociationType.ValueString() == associationInstanceTag
	byDisk := m.AssociationType.IsNull() || (flex.Known(m.AssociationType) && m.AssociationType.ValueString() == associationDisk)
	if byTag && m.TargetTags.IsNull() {
		out = append(out, attrProblem{path.Root("target_tags"),
			"Attribute target_tags is required with association_type = \"AssociatedWithInstanceTag\": the policy applies " +
				"to the disks of the instances carrying these tags."})
	}
	if byDisk && !m.TargetTags.IsNull() {
		out = append(out, attrProblem{path.Root("target_tags"),
			"Attribute target_tags is only valid with association_type = \"AssociatedWithInstanceTag\" (the default, " +
				"AssociatedWithDisk, applies the policy to the disks it is attached to). Set association_type, or remove target_tags."})
	}
	return out
}

// autoSnapshotPolicyUnchanged is what ModifyPlan does to an unchanged policy (framework.ResourceSpec.UnchangedPlan):
// plan tags_all, and check the key of the copies' encryption against their one target region, which it does on
// every plan; the target regions are checked only when they change.
func autoSnapshotPolicyUnchanged(ctx context.Context, req framework.UnchangedPlanRequest) bool {
	if !tags.Settled(ctx, req.Client.TagsConfig(), req.State) {
		return false
	}
	var state autoSnapshotPolicyResourceModel
	if framework.Get(ctx, req.State, &state).HasError() {
		return false
	}
	if !flex.Known(state.TargetCopyRegions) {
		return true
	}
	var targets []string
	return !state.TargetCopyRegions.ElementsAs(ctx, &targets, false).HasError() && copyKeyProblem(ctx, state.CopyEncryption, targets) == ""
}

// copyKeyProblem is why the key of the copies' encryption cannot serve their one target region, or "" (more than one
// target, no key, or not known yet).
func copyKeyProblem(ctx context.Context, encryption types.Object, targets []string) string {
	if !flex.Known(encryption) || len(targets) != 1 {
		return ""
	}
	var ce copyEncryptionModel
	if encryption.As(ctx, &ce, basetypesObjectAsOptions).HasError() || !flex.Known(ce.KMSKeyID) {
		return ""
	}
	return copyKeyRegionProblem(ce.KMSKeyID.ValueString(), targets[0])
}

// ModifyPlan plans tags_all with the provider's default tags, and refuses tags that cannot be merged with them. It
// also checks, when they are planned to be set or changed, what the API would refuse about cross-region copy and can
// be read beforehand: the target region must be one ECS offers the account (DescribeRegions), and the copies' KMS key
// must be in it, as the copies are made and encrypted there.
func (r *autoSnapshotPolicyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	tags.PlanAll(ctx, r.Meta().TagsConfig(), r.Meta() != nil, &resp.Plan, &resp.Diagnostics)
	if req.Plan.Raw.IsNull() || r.Meta() == nil || resp.Diagnostics.HasError() {
		return
	}
	var plan, state autoSnapshotPolicyResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, resp.Plan, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	}
	if resp.Diagnostics.HasError() || !flex.Known(plan.TargetCopyRegions) {
		return
	}
	var targets []string
	if plan.TargetCopyRegions.ElementsAs(ctx, &targets, false).HasError() {
		return
	}
	// Only a change is checked: the API took the state's target when it was set, and a plan that leaves it alone
	// makes no call about it.
	if req.State.Raw.IsNull() || !plan.TargetCopyRegions.Equal(state.TargetCopyRegions) {
		for _, p := range r.targetRegionProblems(ctx, targets) {
			resp.Diagnostics.AddAttributeError(p.path, "Unknown target region", p.msg)
		}
	}
	if msg := copyKeyProblem(ctx, plan.CopyEncryption, targets); msg != "" {
		resp.Diagnostics.AddAttributeError(path.Root("copy_encryption").AtName("kms_key_id"), "KMS key of another region", msg)
	}
}

// failure words an API error of doing something to policy id (client.Failure, shared by every resource).
func (r *autoSnapshotPolicyResource) failure(doing, id string) client.Failure {
	return client.Failure{Doing: doing + " automatic snapshot policy " + id, Region: r.Meta().Region(),
		Subject: "automatic snapshot policy " + id}
}

// targetRegionProblems checks the target regions against the regions DescribeRegions lists for the account. When
// they cannot be read, nothing is reported: the API decides at apply.
func (r *autoSnapshotPolicyResource) targetRegionProblems(ctx context.Context, targets []string) []attrProblem {
	regions, err := r.Meta().HomeECS().DescribeRegions(ctx)
	if err != nil || len(regions) == 0 {
		tflog.Warn(ctx, "cannot read the regions at plan time; the apply will tell", map[string]any{"error": fmt.Sprint(err)})
		return nil
	}
	known := make([]string, 0, len(regions))
	for _, rg := range regions {
		known = append(known, rg.RegionID)
	}
	slices.Sort(known)
	var out []attrProblem
	for _, t := range targets {
		if !slices.Contains(known, t) {
			out = append(out, attrProblem{path.Root("target_copy_regions"), fmt.Sprintf("Attribute target_copy_regions names %q, "+
				"which is not a region ECS offers this account (DescribeRegions in region %s lists: %s); the API would answer "+
				"InvalidParameter.TargetCopyRegions. Name one of those regions.", t, r.Meta().HomeECS().Region(), strings.Join(known, ", "))})
		}
	}
	return out
}

// copyKeyRegionProblem says why the copies' KMS key cannot encrypt copies in target, when the key says its region:
// a key ARN (acs:kms:<region>:<account>:key/<id>) names it. A bare key ID does not, and the provider has no KMS
// client to look it up: the API checks it at apply (InvalidOperation.KMSKeyIdNotFound). The copies are made in
// the target region, and a KMS key serves only its own region, as CopySnapshot's KMSKeyId ("the ID of the KMS key
// in the destination region": https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot).
func copyKeyRegionProblem(key, target string) string {
	parts := strings.Split(key, ":")
	if len(parts) < 5 || parts[0] != "acs" || parts[1] != "kms" || parts[2] == "" || parts[2] == target {
		return ""
	}
	return fmt.Sprintf("Attribute copy_encryption.kms_key_id (%q) is a KMS key of region %s, but the copies are made and "+
		"encrypted in the target region, %s, and a KMS key serves only its own region. Name a key of %s, or remove "+
		"kms_key_id to use that region's service key.", key, parts[2], target, target)
}

// ImportState takes a policy ID; Read fills the rest.
func (r *autoSnapshotPolicyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.ImportByID(ctx, framework.ImportSpec{Rule: validate.AutoSnapshotPolicyID, What: "automatic snapshot policy", Short: "policy",
		Call: "DescribeAutoSnapshotPolicyEx", Hint: "Check the ID, and that the provider's region is the policy's region.",
		Find: func(ctx context.Context, id string) (any, error) {
			return findAutoSnapshotPolicyByID(ctx, r.Meta().HomeECS(), id)
		}}, req, resp)
}

func (r *autoSnapshotPolicyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan autoSnapshotPolicyResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	in, diags := expandPolicyCreateInput(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	in.Tags = r.Meta().TagsConfig().PlannedAll(plan.Tags, plan.TagsAll)
	id, err := r.Meta().HomeECS().CreateAutoSnapshotPolicy(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create automatic snapshot policy", client.Failure{Doing: "Creating an automatic snapshot policy",
			Region: r.Meta().Region()}.Explain(err))
		return
	}
	ctx = tflog.SetField(ctx, "auto_snapshot_policy_id", id)
	// Saved at once, so that a failed read below leaves the policy in the state (tainted) rather than unmanaged.
	saved := plan
	saved.ID = types.StringValue(id)
	saved.TagsAll = tags.Flatten(in.Tags)
	saved.nullUnknowns()
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &saved)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := findAutoSnapshotPolicyByID(ctx, r.Meta().HomeECS(), id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read automatic snapshot policy", r.failure("After creating it, reading", id).Explain(err))
		return
	}
	m, diags := flattenAutoSnapshotPolicy(p, saved, r.Meta().TagsConfig())
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
}

func (r *autoSnapshotPolicyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state autoSnapshotPolicyResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	p, err := framework.ImportedOr(ctx, req, id, func(ctx context.Context) (*ecsclient.AutoSnapshotPolicy, error) {
		return findAutoSnapshotPolicyByID(ctx, r.Meta().HomeECS(), id)
	})
	if wait.IsNotFound(err) {
		tflog.Warn(ctx, "automatic snapshot policy not found, removing it from the state", map[string]any{"auto_snapshot_policy_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read automatic snapshot policy", r.failure("Reading", id).Explain(err))
		return
	}
	m, diags := flattenAutoSnapshotPolicy(p, state, r.Meta().TagsConfig())
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
}

func (r *autoSnapshotPolicyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state autoSnapshotPolicyResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	// A change that fails halfway leaves the state as the API has it, so the next plan shows what is still to do.
	defer func() {
		if resp.Diagnostics.HasError() {
			if p, err := findAutoSnapshotPolicyByID(ctx, r.Meta().HomeECS(), id); err == nil {
				m, _ := flattenAutoSnapshotPolicy(p, state, r.Meta().TagsConfig())
				resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
			}
		}
	}()

	in, changed, diags := expandPolicyModifyInput(ctx, plan, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if changed {
		if err := r.Meta().HomeECS().ModifyAutoSnapshotPolicy(ctx, id, in); err != nil {
			resp.Diagnostics.AddError("Cannot update automatic snapshot policy", r.failure("Modifying", id).Explain(err))
			return
		}
	}
	if !updateTagsAndGroup(ctx, r.Meta(), ecsclient.ResourceTypeAutoSnapshotPolicy, "automatic snapshot policy", id, plan.grouped(), state.grouped(), &resp.Diagnostics) {
		return
	}
	p, err := findAutoSnapshotPolicyByID(ctx, r.Meta().HomeECS(), id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read automatic snapshot policy", r.failure("After updating it, reading", id).Explain(err))
		return
	}
	m, diags := flattenAutoSnapshotPolicy(p, plan, r.Meta().TagsConfig())
	resp.Diagnostics.Append(diags...)
	// The plan showed the state's counts and status (UseStateForUnknown): an attachment applied meanwhile
	// changes them, and Terraform refuses a result that differs from a known planned value. The next refresh shows it.
	for _, kept := range []struct{ planned, got *types.Int64 }{{&plan.DiskNums, &m.DiskNums}, {&plan.VolumeNums, &m.VolumeNums}} {
		if flex.Known(*kept.planned) {
			*kept.got = *kept.planned
		}
	}
	if flex.Known(plan.Status) {
		m.Status = plan.Status
	}
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
}

// Delete deletes the policy even while it applies to disks: the API then stops applying it to them
// (https://www.alibabacloud.com/help/doc-detail/25528.htm), which is what destroying it means. Refusing instead would
// make a policy applied outside Terraform impossible to destroy with it. The disks it still applied to are named in a
// warning, since they are left without automatic snapshots. No snapshot is deleted by the provider.
func (r *autoSnapshotPolicyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state autoSnapshotPolicyResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	var applied []string
	if disks, err := r.Meta().HomeECS().DescribeDisks(ctx, ecsclient.DescribeDisksInput{AutoSnapshotPolicyID: id}); err == nil {
		for _, disk := range disks {
			if disk.AutoSnapshotPolicyID == id {
				applied = append(applied, disk.DiskID)
			}
		}
	} else {
		// Only the warning depends on it: the delete goes on.
		tflog.Warn(ctx, "cannot list the disks of the policy", map[string]any{"auto_snapshot_policy_id": id, "error": err.Error()})
	}
	err := r.Meta().HomeECS().DeleteAutoSnapshotPolicy(ctx, id)
	switch {
	case err == nil:
	case isPolicyGoneError(err):
		tflog.Info(ctx, "automatic snapshot policy already gone", map[string]any{"auto_snapshot_policy_id": id})
		return
	default:
		resp.Diagnostics.AddError("Cannot delete automatic snapshot policy", r.failure("Deleting", id).Explain(err))
		return
	}
	if len(applied) > 0 {
		slices.Sort(applied)
		resp.Diagnostics.AddWarning("Disks left without an automatic snapshot policy",
			fmt.Sprintf("Automatic snapshot policy %s was deleted while it applied to %d disk(s): %s. The API stopped applying "+
				"it to them, so they get no more automatic snapshots; the automatic snapshots already taken are kept. "+
				"Attachments of this policy in other configurations now read as gone.", id, len(applied), strings.Join(applied, ", ")))
	}
}

// isPolicyGoneError recognizes DeleteAutoSnapshotPolicy's answers for a policy that does not exist: a *.NotFound
// code, or the documented 404 ParameterInvalid ("...does not exist"), which alicloud's provider also takes as gone.
func isPolicyGoneError(err error) bool {
	if client.IsNotFound(err) {
		return true
	}
	var apiErr *client.APIError
	return errors.As(err, &apiErr) && apiErr.HTTPStatus == http.StatusNotFound && apiErr.Code == "ParameterInvalid"
}

// expandPolicyCreateInput turns the plan into CreateAutoSnapshotPolicy's parameters (tags are set by the caller).
func expandPolicyCreateInput(ctx context.Context, plan autoSnapshotPolicyResourceModel) (ecsclient.AutoSnapshotPolicyInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := ecsclient.AutoSnapshotPolicyInput{
		TimePoints:      expandInts(ctx, plan.TimePoints, &diags),
		RepeatWeekdays:  expandInts(ctx, plan.RepeatWeekdays, &diags),
		ResourceGroupID: plan.ResourceGroupID.ValueString(),
	}
	if flex.Known(plan.Name) {
		in.Name = plan.Name.ValueStringPointer()
	}
	in.RetentionDays = flex.IntPointer(plan.RetentionDays)
	if flex.Known(plan.EnableCrossRegionCopy) && plan.EnableCrossRegionCopy.ValueBool() {
		in.EnableCrossRegionCopy = plan.EnableCrossRegionCopy.ValueBoolPointer()
		in.TargetCopyRegions = expandStrings(ctx, plan.TargetCopyRegions, &diags)
		in.CopiedSnapshotsRetentionDays = flex.IntPointer(plan.CopiedSnapshotsRetentionDays)
		in.CopyEncrypted, in.CopyKMSKeyID = expandCopyEncryption(ctx, plan.CopyEncryption, &diags)
	}
	if flex.Known(plan.AssociationType) {
		in.AssociationType = plan.AssociationType.ValueString()
	}
	if flex.Known(plan.TargetTags) {
		in.TargetTags, _ = tags.Map(plan.TargetTags)
	}
	return in, diags
}

// expandPolicyModifyInput gives ModifyAutoSnapshotPolicyEx's parameters for what the plan changes, and whether it
// changes any. Copy settings are sent together when any of them changes, since the API reads them as one setting.
func expandPolicyModifyInput(ctx context.Context, plan, state autoSnapshotPolicyResourceModel) (ecsclient.AutoSnapshotPolicyInput, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	var in ecsclient.AutoSnapshotPolicyInput
	changed := false
	if flex.Known(plan.Name) && !plan.Name.Equal(state.Name) {
		in.Name, changed = plan.Name.ValueStringPointer(), true
	}
	if !plan.TimePoints.Equal(state.TimePoints) {
		in.TimePoints, changed = expandInts(ctx, plan.TimePoints, &diags), true
	}
	if !plan.RepeatWeekdays.Equal(state.RepeatWeekdays) {
		in.RepeatWeekdays, changed = expandInts(ctx, plan.RepeatWeekdays, &diags), true
	}
	if flex.Known(plan.RetentionDays) && !plan.RetentionDays.Equal(state.RetentionDays) {
		in.RetentionDays, changed = flex.IntPointer(plan.RetentionDays), true
	}
	copyChanged := !plan.EnableCrossRegionCopy.Equal(state.EnableCrossRegionCopy) ||
		!plan.TargetCopyRegions.Equal(state.TargetCopyRegions) ||
		(flex.Known(plan.CopiedSnapshotsRetentionDays) && !plan.CopiedSnapshotsRetentionDays.Equal(state.CopiedSnapshotsRetentionDays)) ||
		!plan.CopyEncryption.Equal(state.CopyEncryption)
	if copyChanged {
		changed = true
		enabled := plan.EnableCrossRegionCopy.ValueBool()
		in.EnableCrossRegionCopy = &enabled
		if enabled {
			in.TargetCopyRegions = expandStrings(ctx, plan.TargetCopyRegions, &diags)
			in.CopiedSnapshotsRetentionDays = flex.IntPointer(plan.CopiedSnapshotsRetentionDays)
			in.CopyEncrypted, in.CopyKMSKeyID = expandCopyEncryption(ctx, plan.CopyEncryption, &diags)
			if in.CopyEncrypted == nil && !state.CopyEncryption.IsNull() {
				// copy_encryption removed: new copies are no longer encrypted with the policy's settings.
				off := false
				in.CopyEncrypted = &off
			}
		}
	}
	return in, changed, diags
}

// expandCopyEncryption reads copy_encryption; null gives (nil, nil): not sent.
func expandCopyEncryption(ctx context.Context, v types.Object, diags *diag.Diagnostics) (*bool, *string) {
	if !flex.Known(v) {
		return nil, nil
	}
	var ce copyEncryptionModel
	diags.Append(v.As(ctx, &ce, basetypesObjectAsOptions)...)
	var kms *string
	if flex.Known(ce.KMSKeyID) {
		kms = ce.KMSKeyID.ValueStringPointer()
	}
	return ce.Encrypted.ValueBoolPointer(), kms
}

// expandInts reads a set of numbers in ascending order, so that calls are reproducible; null and unknown read as nil.
func expandInts(ctx context.Context, s types.Set, diags *diag.Diagnostics) []int {
	if !flex.Known(s) {
		return nil
	}
	var vals []int64
	diags.Append(s.ElementsAs(ctx, &vals, false)...)
	out := make([]int, len(vals))
	for i, v := range vals {
		out[i] = int(v)
	}
	slices.Sort(out)
	return out
}

func expandStrings(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	if !flex.Known(s) {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return out
}

// attrValues converts each of vals with f, in order.
func attrValues[T any, V attr.Value](vals []T, f func(T) V) []attr.Value {
	out := make([]attr.Value, len(vals))
	for i, v := range vals {
		out[i] = f(v)
	}
	return out
}

func int64Value(v int) types.Int64 { return types.Int64Value(int64(v)) }

func stringSet(vals []string) types.Set {
	return types.SetValueMust(types.StringType, attrValues(vals, types.StringValue))
}

func flattenInts(vals []int) types.Set {
	return types.SetValueMust(types.Int64Type, attrValues(vals, int64Value))
}

// flattenAutoSnapshotPolicy writes what the API says about p over prior (the plan or state), which supplies the
// user's form where the API answers the same thing another way (no copy settings: null, not empty).
func flattenAutoSnapshotPolicy(p *ecsclient.AutoSnapshotPolicy, prior autoSnapshotPolicyResourceModel, tc tags.Config) (autoSnapshotPolicyResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := prior
	m.flatten(p)
	m.TimePoints = flattenInts(p.TimePoints)
	m.RepeatWeekdays = flattenInts(p.RepeatWeekdays)
	// The copy settings mean something only while copying is on; the API may keep answering the last ones (and its
	// defaults, -1 and Encrypted = false) when it is off, which the configuration cannot hold (policyConfigProblems).
	m.TargetCopyRegions = types.SetNull(types.StringType)
	m.CopiedSnapshotsRetentionDays = types.Int64Null()
	m.CopyEncryption = types.ObjectNull(copyEncryptionAttrTypes)
	if p.EnableCrossRegionCopy {
		if len(p.TargetCopyRegions) > 0 {
			m.TargetCopyRegions = stringSet(p.TargetCopyRegions)
		}
		m.CopiedSnapshotsRetentionDays = types.Int64Value(int64(p.CopiedSnapshotsRetentionDays))
		m.CopyEncryption = flattenCopyEncryption(p, prior.CopyEncryption, &diags)
	}
	m.TargetTags = types.MapNull(types.StringType)
	if len(p.TargetTags) > 0 {
		m.TargetTags = tags.Flatten(p.TargetTags)
	}
	m.Tags, m.TagsAll = tc.FlattenRead(tags.WithoutSystem(p.Tags), prior.Tags)
	return m, diags
}

// flattenCopyEncryption is null when the policy encrypts no copy and the configuration sets no copy_encryption
// (the API answers Encrypted = false for every policy); otherwise the API's settings.
func flattenCopyEncryption(p *ecsclient.AutoSnapshotPolicy, prior types.Object, diags *diag.Diagnostics) types.Object {
	if !p.CopyEncrypted && !flex.Known(prior) {
		return types.ObjectNull(copyEncryptionAttrTypes)
	}
	kms := types.StringNull()
	if p.CopyEncrypted {
		kms = flex.StringOrNull(p.CopyKMSKeyID)
	}
	v, d := types.ObjectValue(copyEncryptionAttrTypes, map[string]attr.Value{
		"encrypted": types.BoolValue(p.CopyEncrypted), "kms_key_id": kms,
	})
	diags.Append(d...)
	return v
}

// nullUnknowns makes the model storable right after CreateAutoSnapshotPolicy, before the API has been read.
func (m *autoSnapshotPolicyResourceModel) nullUnknowns() {
	flex.NullUnknown(types.StringNull(), &m.Name, &m.AssociationType, &m.ResourceGroupID, &m.Status, &m.CreationTime, &m.Type, &m.RegionID)
	flex.NullUnknown(types.Int64Null(), &m.CopiedSnapshotsRetentionDays, &m.DiskNums, &m.VolumeNums)
	flex.NullUnknown(types.MapNull(types.StringType), &m.Tags, &m.TagsAll)
}

// findAutoSnapshotPolicyByID looks the policy up in the client's region; a *wait.NotFoundError when there is none.
// The ID is matched exactly: a filter the API ignored must not return another policy.
func findAutoSnapshotPolicyByID(ctx context.Context, c ecsclient.Client, id string) (*ecsclient.AutoSnapshotPolicy, error) {
	found, err := c.DescribeAutoSnapshotPolicies(ctx, ecsclient.DescribeAutoSnapshotPoliciesInput{PolicyID: id})
	if err != nil {
		return nil, err
	}
	for i := range found {
		if found[i].ID == id {
			return &found[i], nil
		}
	}
	return nil, &wait.NotFoundError{Kind: "automatic snapshot policy", ID: id}
}

func (m autoSnapshotPolicyResourceModel) grouped() groupedValues {
	return groupedValues{taggedValues{m.Tags, m.TagsAll}, m.ResourceGroupID}
}
