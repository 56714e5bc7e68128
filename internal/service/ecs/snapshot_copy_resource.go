package ecs

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
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
	_ resource.ResourceWithImportState      = (*snapshotCopyResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*snapshotCopyResource)(nil)
	_ resource.ResourceWithConfigValidators = (*snapshotCopyResource)(nil)
)

// snapshotCopyResource is aliecs_snapshot_copy: a copy of a snapshot of another region (or, encrypted, of the
// same region), managed from the provider of the region the copy lives in. CopySnapshot itself is sent to the
// source region, as the API wants (RegionId is the source's).
type snapshotCopyResource struct {
	framework.ResourceWithConfigure
	sleep wait.Sleep
}

// NewSnapshotCopyResource is the aliecs_snapshot_copy resource.
func NewSnapshotCopyResource() resource.Resource {
	return &snapshotCopyResource{sleep: wait.Context}
}

// region is the provider's region: the copy's.
func (r *snapshotCopyResource) region() string {
	if r.Meta() == nil {
		return ""
	}
	return r.Meta().Region()
}

func (r *snapshotCopyResource) ops() snapshotOps {
	return opsOf(r.Meta(), r.sleep)
}

var kindSnapshotCopy = snapshotKind{noun: "snapshot copy", title: "Snapshot copy", typeName: "aliecs_snapshot_copy",
	updateTimeout: defaultCopyUpdateTimeout, deleteTimeout: defaultCopyDeleteTimeout}

// Default timeouts. The first copy of a disk's snapshot to a region is a full copy of the data over the
// network, which takes far longer than a local snapshot; later ones are incremental.
const (
	defaultCopyCreateTimeout = 2 * time.Hour
	defaultCopyUpdateTimeout = 10 * time.Minute
	defaultCopyDeleteTimeout = 20 * time.Minute
)

// Codes of CopySnapshot that mean "not now": another copy of the same disk to the same region is unfinished
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot). Creating
// waits for it and tries again within its timeout, so that for_each over several snapshots of one disk works.
const (
	codeUnfinishedCrossRegionCopy      = "InvalidOperation.UnfinishedCrossRegionCopy"
	codeUnfinishedEncryptedSnapshotCop = "InvalidOperation.UnfinishedEncryptedSnapshotCopy"
)

// Backoff between copies refused for an unfinished copy of the same disk: the one in the way finishes in about
// its own copy time, which the refusal does not tell.
const (
	minUnfinishedCopyRetry = 2 * time.Second
	maxUnfinishedCopyRetry = 30 * time.Second
)

// regionIDRule is the form of Alibaba Cloud region IDs (cn-hangzhou, ap-southeast-1, us-west-1):
// https://www.alibabacloud.com/help/en/ecs/regions-and-zones lists them; all are lower-case words and digits
// joined by hyphens.
var regionIDRule = validate.StringRule{
	Rule: "be a region ID: lower-case letters and digits in hyphen-separated words, such as cn-hangzhou",
	OK:   regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)+$`).MatchString,
}

const snapshotCopyResourceDescription = "Manages a copy of an ECS snapshot in the provider's region (`CopySnapshot`), " +
	"typically kept in a second region for disaster recovery: configure this resource with the provider (alias) of the " +
	"region the copy is to live in, and name the source with `source_snapshot_id` and `source_region_id`. Creating it " +
	"waits until the copy is `accomplished`, logging its progress; a copy that ends `failed` or does not finish within " +
	"the create timeout stays in the state, tainted, so nothing is left behind unmanaged. While another copy of the same " +
	"disk to this region is unfinished the API refuses a new one (`InvalidOperation.UnfinishedCrossRegionCopy`): creating " +
	"waits for it and tries again within the create timeout. The source's tags and retention are not copied. " +
	"`snapshot_name`, `description`, `retention_days` (extend only), `tags` and `resource_group_id` change in place; " +
	"the source, `encrypted` and `kms_key_id` replace the copy. Deleting it cancels an unfinished copy. A copy deleted " +
	"outside Terraform is planned again."

func (r *snapshotCopyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	timeoutsBlock := schemas.WaitTimeouts(ctx, "copy", "the copy to be `accomplished`, including waiting for an unfinished copy of the same disk",
		"the copy", defaultCopyCreateTimeout, defaultCopyUpdateTimeout, defaultCopyDeleteTimeout)
	d := schemas.Described
	srcD, srcMD := d("ID of the snapshot to copy (`SnapshotId`): `s-` followed by lower-case letters and digits. It must be an " +
		"`accomplished` standard snapshot (local and archived snapshots cannot be copied). Changing it replaces the copy.")
	srcRegionD, srcRegionMD := d("Region of the source snapshot (`RegionId` of `CopySnapshot`), e.g. `cn-hangzhou`. The copy is " +
		"made in the provider's region; the same region is allowed only for an encrypted copy (`encrypted = true`). " +
		"Changing it replaces the copy.")
	nameD, nameMD := d("Name of the copy (`DestinationSnapshotName`): 2 to 128 characters, starting with a letter, made of letters, " +
		"digits, `:`, `_` and `-`; not starting with `auto` nor `http://` or `https://` (the rules of `ModifySnapshotAttribute`, " +
		"which changes it in place). Removing it from the configuration leaves the current name: the API cannot clear it.")
	descD, descMD := d("Description of the copy (`DestinationSnapshotDescription`): 2 to 256 characters, not starting with " +
		"`http://` or `https://`. Changes in place. Removing it from the configuration leaves the current description.")
	retD, retMD := d("Days the copy is kept, 1 to 65536; it is then released automatically. The source's retention is not " +
		"copied. Not set: kept until deleted. It can only be extended: a lower value is refused at plan time. Removing it from " +
		"the configuration keeps the current retention.")
	encD, encMD := d("Encrypt the copy (`Encrypted`), with `kms_key_id` or, without it, the region's default service key. " +
		"A copy of an encrypted snapshot must be encrypted: the API never decrypts. Default: the API's (`false`); shown as the " +
		"API reports the copy. Changing it replaces the copy.")
	kmsD, kmsMD := d("ID of the KMS key in the provider's (destination) region that encrypts the copy (`KMSKeyId`); requires " +
		"`encrypted = true`. Changing it replaces the copy. Shown as the API reports the copy when not set.")
	tagsD, tagsMD := d("Tags of the copy, at most 20 (the source's tags are not copied). Keys: 1 to 128 characters, not starting " +
		"with `aliyun` or `acs:`, not containing `http://` or `https://`. Values: up to 128 characters (may be empty), not " +
		"starting with `acs:`, not containing `http://` or `https://`. Set with the copy and changed in place. System tags " +
		"(keys starting with `acs:` or `aliyun`) are not shown and never removed. The provider's `default_tags` are added " +
		"(see `tags_all`; a key set here wins), and keys of its `ignore_tags` are neither shown, nor changed, nor allowed here.")
	rgD, rgMD := d("ID of the resource group of the copy. Default: the account's default resource group. Set as soon as the " +
		"copy exists, before waiting for it, and changed in place (`JoinResourceGroup`: `CopySnapshot`'s `ResourceGroupId` is " +
		"documented as not publicly available). No ECS call reads resource groups, so a group that does not exist is found " +
		"only then: the apply fails within seconds and the copy stays in the state, tainted. Removing it from the " +
		"configuration leaves the copy where it is.")

	resp.Schema = schema.Schema{
		Description:         schemas.Plain(snapshotCopyResourceDescription),
		MarkdownDescription: snapshotCopyResourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": schemas.ComputedString("ID of the copy (`SnapshotId`), a snapshot of the provider's region."),
			"source_snapshot_id": schema.StringAttribute{
				Required: true, Description: srcD, MarkdownDescription: srcMD,
				Validators:    []validator.String{validate.SnapshotID.String()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"source_region_id": schema.StringAttribute{
				Required: true, Description: srcRegionD, MarkdownDescription: srcRegionMD,
				Validators:    []validator.String{regionIDRule},
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
			"encrypted": schema.BoolAttribute{
				Optional: true, Computed: true, Description: encD, MarkdownDescription: encMD,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), boolplanmodifier.RequiresReplace()},
			},
			"kms_key_id": schema.StringAttribute{
				Optional: true, Computed: true, Description: kmsD, MarkdownDescription: kmsMD,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
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

			"status": schema.StringAttribute{
				Computed: true, Description: "Status of the copy: progressing, accomplished or failed.",
				MarkdownDescription: "Status of the copy: `progressing`, `accomplished` or `failed`.",
				PlanModifiers:       []planmodifier.String{settledStatusString{}},
			},
			"progress": schema.Int64Attribute{
				Computed: true, Description: "Copy progress in percent (0 to 100).", MarkdownDescription: "Copy progress in percent (0 to 100).",
				PlanModifiers: []planmodifier.Int64{settledStatusInt64{}},
			},
			"creation_time":    schemas.ComputedString("When the copy was created, RFC 3339 in UTC."),
			"source_disk_id":   schemas.ComputedString("ID of the disk the source snapshot was taken of, as the API reports it for the copy."),
			"source_disk_size": schemas.ComputedInt("Size of the source disk in GiB."),
			"source_disk_type": schemas.ComputedString("Type of the source disk: `system` or `data` (casing as the API answers it)."),
			"snapshot_type":    schemas.ComputedString("Type of the snapshot, as the API reports it."),
			"usage": schema.StringAttribute{
				Computed: true, Description: "What the copy was used for: none, image, disk or image_disk.",
				MarkdownDescription: "What the copy was used for: `none`, `image`, `disk` or `image_disk`.",
				PlanModifiers:       schemas.StableString(),
			},
			"region_id":        schemas.ComputedString("Region of the copy: the provider's region."),
			"snapshot_sn":      schemas.ComputedString("Serial number of the copy."),
			"snapshot_link_id": schemas.ComputedString("ID of the snapshot chain of the copy."),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock},
	}
}

// snapshotCopyResourceModel is the aliecs_snapshot_copy resource: the attributes every snapshot resource has,
// and the source.
type snapshotCopyResourceModel struct {
	snapshotCore
	SourceSnapshotID types.String `tfsdk:"source_snapshot_id"`
	SourceRegionID   types.String `tfsdk:"source_region_id"`
	SourceDiskID     types.String `tfsdk:"source_disk_id"`
}

func (snapshotCopyResourceModel) kind() snapshotKind { return kindSnapshotCopy }

// forceDelete: a copy has no force_delete; a copy that disks were made from is refused like any snapshot.
func (snapshotCopyResourceModel) forceDelete() bool { return false }

func (m *snapshotCopyResourceModel) nullUnknowns() {
	m.snapshotCore.nullUnknowns()
	flex.NullUnknown(types.StringNull(), &m.SourceDiskID)
}

// flattenOwn writes the source as the API reports it, keeping the user's spelling when the API answers none.
func (m *snapshotCopyResourceModel) flattenOwn(s *ecsclient.Snapshot) {
	if s.SourceSnapshotID != "" || !flex.Known(m.SourceSnapshotID) {
		m.SourceSnapshotID = types.StringValue(s.SourceSnapshotID)
	}
	if s.SourceRegionID != "" || !flex.Known(m.SourceRegionID) {
		m.SourceRegionID = types.StringValue(s.SourceRegionID)
	}
	m.SourceDiskID = flex.StringOrNull(s.SourceDiskID)
}

func (r *snapshotCopyResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{kmsKeyRequiresEncryptedValidator{}}
}

// kmsKeyRequiresEncryptedValidator: a KMS key without Encrypted = true is refused by the API
// (InvalidEncrypted.NotMatchKmsKeyId).
type kmsKeyRequiresEncryptedValidator struct{}

func (v kmsKeyRequiresEncryptedValidator) Description(ctx context.Context) string {
	return v.MarkdownDescription(ctx)
}

func (kmsKeyRequiresEncryptedValidator) MarkdownDescription(context.Context) string {
	return "kms_key_id requires encrypted = true"
}

func (kmsKeyRequiresEncryptedValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var key types.String
	var encrypted types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("kms_key_id"), &key)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("encrypted"), &encrypted)...)
	if resp.Diagnostics.HasError() || !flex.Known(key) || encrypted.IsUnknown() || encrypted.ValueBool() {
		return
	}
	got := "not set"
	if !encrypted.IsNull() {
		got = "false"
	}
	resp.Diagnostics.AddAttributeError(path.Root("kms_key_id"), "Invalid Attribute Combination",
		fmt.Sprintf("Attribute kms_key_id (%q) is only valid with encrypted = true, got encrypted %s: the API (CopySnapshot) "+
			"refuses a KMS key for an unencrypted copy (InvalidEncrypted.NotMatchKmsKeyId). Set encrypted = true, or remove kms_key_id.",
			key.ValueString(), got))
}

// ModifyPlan plans tags_all, and refuses at plan time what the API would refuse at apply: a same-region copy that
// is not encrypted, and a shorter retention.
func (r *snapshotCopyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	tags.PlanAll(ctx, r.Meta().TagsConfig(), r.Meta() != nil, &resp.Plan, &resp.Diagnostics)
	if req.Plan.Raw.IsNull() {
		return
	}
	if r.Meta() != nil {
		msg, diags := configuredSameRegionCopyProblem(ctx, req.Config, r.region())
		resp.Diagnostics.Append(diags...)
		if msg != "" {
			resp.Diagnostics.AddAttributeError(path.Root("source_region_id"), "Same-region copy must be encrypted", msg)
		}
	}
	if req.State.Raw.IsNull() {
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

// snapshotCopyUnchanged is what ModifyPlan does to an unchanged copy (framework.ResourceSpec.UnchangedPlan): plan
// tags_all, and refuse a configuration that copies within the provider's region unencrypted, which it does on
// every plan; the retention check passes when the retention stays.
func snapshotCopyUnchanged(ctx context.Context, req framework.UnchangedPlanRequest) bool {
	msg, diags := configuredSameRegionCopyProblem(ctx, req.Config, req.Client.Region())
	return !diags.HasError() && msg == "" && tags.Settled(ctx, req.Client.TagsConfig(), req.State)
}

// configuredSameRegionCopyProblem is sameRegionCopyProblem of the configuration's source_region_id and encrypted.
func configuredSameRegionCopyProblem(ctx context.Context, config tfsdk.Config, providerRegion string) (string, diag.Diagnostics) {
	var source types.String
	var encrypted types.Bool
	diags := config.GetAttribute(ctx, path.Root("source_region_id"), &source)
	diags.Append(config.GetAttribute(ctx, path.Root("encrypted"), &encrypted)...)
	return sameRegionCopyProblem(providerRegion, source, encrypted), diags
}

// sameRegionCopyProblem explains why copying within region is refused, or returns "". The "Copy a snapshot"
// guide (https://www.alibabacloud.com/help/en/ecs/user-guide/copy-a-snapshot) allows a copy within a region only
// to encrypt a snapshot or change its key: a standard copy "can only be created in a different region"
// (InvalidOperation.NotSupportCopyInSameRegion).
func sameRegionCopyProblem(providerRegion string, source types.String, encrypted types.Bool) string {
	if providerRegion == "" || !flex.Known(source) || source.ValueString() != providerRegion ||
		encrypted.IsUnknown() || encrypted.ValueBool() {
		return ""
	}
	return fmt.Sprintf("source_region_id (%q) is the provider's own region, where the copy would be made: the API copies a "+
		"snapshot within its region only to encrypt it (InvalidOperation.NotSupportCopyInSameRegion otherwise). Configure this "+
		"resource with the provider (alias) of another region, or set encrypted = true.", source.ValueString())
}

func (r *snapshotCopyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan snapshotCopyResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCopyCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	sourceRegion, sourceID := plan.SourceRegionID.ValueString(), plan.SourceSnapshotID.ValueString()
	in := ecsclient.CopySnapshotInput{
		SnapshotID:                     sourceID,
		DestinationRegionID:            r.region(),
		DestinationSnapshotName:        plan.SnapshotName.ValueString(),
		DestinationSnapshotDescription: plan.Description.ValueString(),
		RetentionDays:                  int(plan.RetentionDays.ValueInt64()),
		Encrypted:                      plan.Encrypted.ValueBool(),
		KMSKeyID:                       plan.KMSKeyID.ValueString(),
		Tags:                           r.Meta().TagsConfig().PlannedAll(plan.Tags, plan.TagsAll),
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	source, err := r.Meta().ECS(ctx, sourceRegion)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("source_region_id"), "Cannot reach the source region", err.Error())
		return
	}
	// The wait's first check is announced while the copy call is in flight, so that a wave of copies shares it.
	ctx, withdraw := r.ops().announce(ctx, 0)
	defer withdraw()

	id, err := copySnapshotWhenFree(ctx, source, r.sleep, in)
	if err != nil {
		resp.Diagnostics.AddError("Cannot copy snapshot", client.Failure{
			Doing:  fmt.Sprintf("Copying snapshot %s to region %s", sourceID, in.DestinationRegionID),
			Region: sourceRegion, Subject: "snapshot " + sourceID}.Explain(err))
		return
	}
	ctx = tflog.SetField(ctx, "snapshot_id", id)
	tflog.Info(ctx, "snapshot copy started, waiting until accomplished", map[string]any{
		"source_snapshot_id": sourceID, "source_region_id": sourceRegion, "timeout": timeout.String(),
	})

	// The copy is not in resource_group_id until JoinResourceGroup has moved it: CopySnapshot's ResourceGroupId is
	// "not publicly available" in every edition of its page
	// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot), so it is not
	// sent. No ECS call reads resource groups (Resource Manager's GetResourceGroup is another product, with its own
	// endpoint and permission), so the group cannot be checked at plan time; instead the copy is moved as soon as
	// it exists, before the wait, so that a group the API refuses fails the apply in seconds rather than after the
	// copy (hours for a first full copy). A refused move leaves the copy in the state, tainted, as a failed wait does.
	saved, rg := plan, plan.ResourceGroupID
	saved.ResourceGroupID = types.StringNull()
	moved := false
	if flex.Known(rg) {
		err := r.Meta().HomeECS().JoinResourceGroup(ctx, ecsclient.ResourceTypeSnapshot, id, rg.ValueString())
		switch {
		case err == nil:
			moved, saved.ResourceGroupID = true, rg
		case client.IsStatusRefusal(err):
			// An API that moves only finished snapshots: moved after the wait below.
			tflog.Info(ctx, "the copy cannot be moved while unfinished; moving it once accomplished", map[string]any{"error": err.Error()})
		default:
			if _, ok := saveStarted(ctx, saved, id, in.Tags, resp); ok {
				resp.Diagnostics.AddAttributeError(path.Root("resource_group_id"), "Cannot move snapshot copy",
					client.Failure{Doing: fmt.Sprintf("Moving copy %s to resource group %s", id, rg.ValueString()), Region: r.region(),
						Subject: "resource group " + rg.ValueString()}.Explain(err)+
						"\n\nThe copy was made and is kept in the state, tainted: the next apply replaces it. Fix resource_group_id "+
						"first, or remove it to leave the copy in the default resource group.")
			}
			return
		}
	}
	s := saveAndWaitCreated(ctx, r.ops(), saved, id, in.Tags, resp)
	if s == nil || moved || !flex.Known(rg) || rg.ValueString() == s.ResourceGroupID {
		return
	}
	if err := r.Meta().HomeECS().JoinResourceGroup(ctx, ecsclient.ResourceTypeSnapshot, id, rg.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("resource_group_id"), "Cannot move snapshot copy",
			client.Failure{Doing: fmt.Sprintf("Moving copy %s to resource group %s", id, rg.ValueString()), Region: r.region(),
				Subject: "resource group " + rg.ValueString()}.Explain(err))
		return
	}
	if s, err = findSnapshotByID(ctx, r.Meta(), id, 0); err != nil {
		resp.Diagnostics.AddError("Cannot read snapshot copy", r.ops().failure("After moving it, reading", "snapshot copy", id).Explain(err))
		return
	}
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, flattenManagedSnapshot(s, plan, r.Meta().TagsConfig()))...)
}

// copySnapshotWhenFree sends CopySnapshot, waiting and trying again while the API refuses it for another
// unfinished copy of the same disk to the same region, until ctx ends. Each attempt gets its own ClientToken
// (the client reuses it across the retries of one attempt): a refused copy made nothing, so a new token cannot
// duplicate one, and an idempotent API may answer a reused token with its first (refused) answer.
func copySnapshotWhenFree(ctx context.Context, source ecsclient.Client, sleep wait.Sleep, in ecsclient.CopySnapshotInput) (string, error) {
	delay := minUnfinishedCopyRetry
	for refused := 0; ; refused++ {
		attempt := in
		attempt.ClientToken = client.NewClientToken()
		id, err := source.CopySnapshot(ctx, attempt)
		if err == nil {
			return id, nil
		}
		if !client.IsCode(err, codeUnfinishedCrossRegionCopy) && !client.IsCode(err, codeUnfinishedEncryptedSnapshotCop) {
			return "", err
		}
		tflog.Info(ctx, "another copy of the same disk to this region is unfinished; waiting to copy", map[string]any{
			"source_snapshot_id": in.SnapshotID, "refused": refused + 1, "next_attempt_in": delay.String(),
		})
		if serr := sleep(ctx, delay); serr != nil {
			return "", fmt.Errorf("still refused after %d attempts when the wait ended (%w): %w", refused+1, serr, err)
		}
		delay = min(delay*2, maxUnfinishedCopyRetry)
	}
}

// snapshotRegionProblem says why a snapshot read back is not the provider's to manage: it is in another
// region. The provider only ever asks its own region, so this guards against an endpoint that answers for
// another region (a misrouted custom endpoint), which would otherwise have the provider change or delete a
// snapshot of a region it was not configured for.
func snapshotRegionProblem(conn *conns.Client, s *ecsclient.Snapshot) string {
	if conn == nil || s.RegionID == "" || s.RegionID == conn.Region() {
		return ""
	}
	return fmt.Sprintf("The API answered snapshot %s as being in region %s, but this provider is configured for region %s "+
		"and manages only that region's snapshots. Check the provider's region and endpoint (an endpoint of another region "+
		"answers for that region), or manage this snapshot with a provider (alias) of region %s.",
		s.SnapshotID, s.RegionID, conn.Region(), s.RegionID)
}

func (r *snapshotCopyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readSnapshot[snapshotCopyResourceModel](ctx, r.ops(), req, resp)
}

func (r *snapshotCopyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateSnapshot[snapshotCopyResourceModel](ctx, r.ops(), req, resp)
}

// Delete deletes the copy, which cancels it if unfinished, and waits until it is gone.
func (r *snapshotCopyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteSnapshot[snapshotCopyResourceModel](ctx, r.ops(), req, resp)
}

// ImportState takes the copy's ID; Read fills the rest, including the source from the API's
// SourceSnapshotId and SourceRegionId.
func (r *snapshotCopyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.ImportByID(ctx, snapshotImport(r.Meta(), func(s *ecsclient.Snapshot) error {
		if s.SourceSnapshotID == "" || s.SourceRegionID == "" {
			return &framework.ImportRefusal{Summary: "Not a snapshot copy", Detail: fmt.Sprintf("Snapshot %s is not a copy (the API "+
				"reports no source snapshot and region for it): import it as an aliecs_snapshot.", s.SnapshotID)}
		}
		return nil
	}), req, resp)
}
