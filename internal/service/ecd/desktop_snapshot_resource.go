// Package ecd holds the Elastic Desktop Service (ECD, WUYING Workspace) resources and data sources: snapshots
// of the disks of cloud desktops.
package ecd

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/flex"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

var (
	_ resource.ResourceWithImportState = (*desktopSnapshotResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*desktopSnapshotResource)(nil)
)

type desktopSnapshotResource struct {
	framework.ResourceWithConfigure
	sleep wait.Sleep
}

// NewDesktopSnapshotResource is the aliecs_desktop_snapshot resource.
func NewDesktopSnapshotResource() resource.Resource {
	return &desktopSnapshotResource{sleep: wait.Context}
}

func (r *desktopSnapshotResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = desktopSnapshotResourceSchema(ctx)
}

// DesktopID and SnapshotID are the ID forms of cloud desktops (ecd-gx2x1dhsmucyy****) and their snapshots
// (s-2ze81owrnv9pity4****), as the DescribeSnapshots page shows them
// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describesnapshots).
var (
	DesktopID  = validate.IDRule{Prefix: "ecd", Kind: "cloud desktop"}
	SnapshotID = validate.SnapshotID
)

// Default timeouts: the alicloud provider gives create 10 minutes without waiting for the snapshot to be
// accomplished; this resource waits, and a first snapshot of a desktop disk copies the whole disk.
const (
	defaultCreateTimeout = 40 * time.Minute
	defaultDeleteTimeout = 10 * time.Minute
)

// Source disk types in the spelling CreateSnapshot documents (lower case); any case is accepted.
const (
	diskTypeSystem = "system"
	diskTypeData   = "data"
)

const desktopSnapshotDescription = "Manages a snapshot of a disk of an Elastic Desktop Service (WUYING Workspace) cloud desktop. " +
	"Creating it waits until the snapshot is `ACCOMPLISHED`, logging its progress; a snapshot that ends `FAILED` fails the " +
	"apply at once, and one that does not finish within the create timeout stays in the state, tainted, so the next apply " +
	"replaces it and nothing is left behind unmanaged (`terraform untaint` keeps it instead). The desktop must be `Running` or " +
	"`Stopped`. Every argument replaces the snapshot when changed, except a change of case of `source_disk_type`, which is the " +
	"same disk. Deleting it waits until the snapshot is gone. A snapshot deleted outside Terraform is planned again."

func desktopSnapshotResourceSchema(ctx context.Context) schema.Schema {
	timeoutsBlock := schemas.WaitTimeouts(ctx, "snapshot", "the snapshot to be `ACCOMPLISHED`", "the snapshot", defaultCreateTimeout, 0, defaultDeleteTimeout)
	d := schemas.Described
	desktopD, desktopMD := d("ID of the cloud desktop whose disk is snapshotted (`DesktopId`): `ecd-` followed by lower-case " +
		"letters and digits. The desktop must be `Running` or `Stopped`. Changing it replaces the snapshot.")
	nameD, nameMD := d("Name of the snapshot: " + snapshotNameRule + ". Changing it replaces the snapshot (the API cannot rename a desktop snapshot).")
	typeD, typeMD := d("Which disk of the desktop to snapshot: `system` or `data`, in any case (`SYSTEM` is the same). Kept as " +
		"written: the API answers upper case in its current edition and lower case in older ones, and a difference of case is " +
		"never drift nor a replacement (changing only the case is an in-place update that calls no API). Changing the disk replaces the snapshot.")
	descD, descMD := d("Description of the snapshot, at most 128 characters. Changing it replaces the snapshot.")
	return schema.Schema{
		Description:         schemas.Plain(desktopSnapshotDescription),
		MarkdownDescription: desktopSnapshotDescription,
		Attributes: map[string]schema.Attribute{
			"id": schemas.ComputedString("ID of the snapshot (`SnapshotId`), e.g. `s-2zeipxmnhej803x7****`."),
			"desktop_id": schema.StringAttribute{
				Required: true, Description: desktopD, MarkdownDescription: desktopMD,
				Validators:    []validator.String{DesktopID.String()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"snapshot_name": schema.StringAttribute{
				Required: true, Description: nameD, MarkdownDescription: nameMD,
				Validators:    snapshotNameValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"source_disk_type": schema.StringAttribute{
				Required: true, Description: typeD, MarkdownDescription: typeMD,
				Validators:    []validator.String{stringvalidator.OneOfCaseInsensitive(diskTypeSystem, diskTypeData)},
				PlanModifiers: []planmodifier.String{caseInsensitiveRequiresReplace},
			},
			"description": schema.StringAttribute{
				Optional: true, Description: descD, MarkdownDescription: descMD,
				Validators:    []validator.String{stringvalidator.LengthAtMost(128)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"status": schemas.ComputedString("Status of the snapshot: `PROGRESSING`, `ACCOMPLISHED` or `FAILED`, always upper case " +
				"(older editions of the API answer lower case)."),
			"progress":         schemas.ComputedInt("Creation progress in percent (0 to 100)."),
			"creation_time":    schemas.ComputedString("When the snapshot was created, ISO 8601 in UTC (`2020-12-20T14:52:28Z`)."),
			"source_disk_size": schemas.ComputedInt("Size of the source disk in GiB."),
			"snapshot_type":    schemas.ComputedString("Type of the snapshot: `USER` for manual snapshots such as this one (upper case)."),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock},
	}
}

// snapshotNameRule is CreateSnapshot's rule for SnapshotName in the current edition of its page
// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-createsnapshot);
// an older edition allowed 128 characters (https://www.alibabacloud.com/help/en/elastic-desktop-service/latest/createsnapshot),
// and the emulator follows the current one, so 127 is checked.
const snapshotNameRule = "2 to 127 characters, starting with a letter, made of letters, digits, underscores (`_`) and hyphens (`-`); " +
	"not starting with `auto` (reserved for automatic snapshots)"

var nameCharacters = validate.StringRule{
	Rule: "contain only letters, digits, underscores (_) and hyphens (-)",
	OK: func(s string) bool {
		for _, r := range s {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' {
				return false
			}
		}
		return true
	},
}

var startsWithLetter = validate.StringRule{
	Rule: "start with a letter",
	OK: func(s string) bool {
		r, _ := utf8.DecodeRuneInString(s)
		return unicode.IsLetter(r)
	},
}

func snapshotNameValidators() []validator.String {
	return []validator.String{
		validate.LengthBetween(2, 127),
		startsWithLetter,
		validate.NotPrefix("auto"),
		nameCharacters,
	}
}

// caseInsensitiveRequiresReplace replaces the snapshot when the value changes other than in case.
var caseInsensitiveRequiresReplace = stringplanmodifier.RequiresReplaceIf(
	func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString())
	},
	"Changing the value other than in case replaces the snapshot.",
	"Changing the value other than in case replaces the snapshot.",
)

type desktopSnapshotModel struct {
	ID             types.String   `tfsdk:"id"`
	DesktopID      types.String   `tfsdk:"desktop_id"`
	SnapshotName   types.String   `tfsdk:"snapshot_name"`
	SourceDiskType types.String   `tfsdk:"source_disk_type"`
	Description    types.String   `tfsdk:"description"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`

	Status         types.String `tfsdk:"status"`
	Progress       types.Int64  `tfsdk:"progress"`
	CreationTime   types.String `tfsdk:"creation_time"`
	SourceDiskSize types.Int64  `tfsdk:"source_disk_size"`
	SnapshotType   types.String `tfsdk:"snapshot_type"`
}

// nullUnknowns makes the model storable before the API has told the computed values.
func (m *desktopSnapshotModel) nullUnknowns() {
	flex.NullUnknown(types.StringNull(), &m.Status, &m.CreationTime, &m.SnapshotType)
	flex.NullUnknown(types.Int64Null(), &m.Progress, &m.SourceDiskSize)
}

// flattenDesktopSnapshot sets the model from the API's snapshot. The arguments keep the prior spelling when
// the API's differs only in case (the documents' editions disagree on case); an import, which has no prior
// value, gets the lower case CreateSnapshot documents.
func flattenDesktopSnapshot(s *ecdclient.Snapshot, prior desktopSnapshotModel) desktopSnapshotModel {
	m := prior
	m.ID = types.StringValue(s.SnapshotID)
	m.DesktopID = types.StringValue(s.DesktopID)
	m.SnapshotName = types.StringValue(s.SnapshotName)
	m.SourceDiskType = keepCase(prior.SourceDiskType, strings.ToLower(s.SourceDiskType))
	if s.Description != "" || (!prior.Description.IsNull() && !prior.Description.IsUnknown()) {
		m.Description = types.StringValue(s.Description)
	} else {
		m.Description = types.StringNull()
	}
	m.Status = types.StringValue(s.Status)
	m.Progress = types.Int64Value(int64(max(s.ProgressPercent, 0)))
	m.CreationTime = types.StringValue(s.CreationTime)
	m.SourceDiskSize = types.Int64Value(int64(s.SourceDiskSize))
	m.SnapshotType = types.StringValue(s.SnapshotType)
	return m
}

func keepCase(prior types.String, api string) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && strings.EqualFold(prior.ValueString(), api) {
		return prior
	}
	return types.StringValue(api)
}

// ImportState takes a snapshot ID; Read fills the rest. The ID is checked first, so that a mistyped ID or a
// snapshot of another region is named as such.
func (r *desktopSnapshotResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.ImportByID(ctx, framework.ImportSpec{Rule: SnapshotID, What: "desktop snapshot", Call: "ECD DescribeSnapshots",
		Hint: "Check the ID, that it is a cloud desktop's snapshot (not an ECS one), and that the provider's region is the snapshot's.",
		Find: func(ctx context.Context, id string) (any, error) { return r.find(ctx, id, 0) }}, req, resp)
}

func (r *desktopSnapshotResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan desktopSnapshotModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ecd, err := r.Meta().ECD(ctx, "")
	if err != nil {
		resp.Diagnostics.AddError("Cannot create desktop snapshot", err.Error())
		return
	}
	in := ecdclient.CreateSnapshotInput{
		DesktopID:      plan.DesktopID.ValueString(),
		SnapshotName:   plan.SnapshotName.ValueString(),
		SourceDiskType: plan.SourceDiskType.ValueString(),
		Description:    plan.Description.ValueString(),
	}
	id, err := ecd.CreateSnapshot(ctx, in)
	if err != nil {
		f := desktopFailure(fmt.Sprintf("Creating a snapshot of the %s disk of cloud desktop %s", in.SourceDiskType, in.DesktopID),
			ecd.Region(), "cloud desktop "+in.DesktopID)
		if client.IsStatusRefusal(err) {
			// The status may have changed since the plan checked it: name the one the API refused.
			if ds, derr := ecd.DescribeDesktops(ctx, ecdclient.DescribeDesktopsInput{DesktopIDs: []string{in.DesktopID}}); derr == nil && len(ds) == 1 {
				f.Status = ds[0].DesktopStatus
			}
		}
		resp.Diagnostics.AddError("Cannot create desktop snapshot", f.Explain(err))
		return
	}
	ctx = tflog.SetField(ctx, "ecd_snapshot_id", id)
	tflog.Info(ctx, "desktop snapshot created, waiting until accomplished", map[string]any{"timeout": timeout.String()})

	// Saved before waiting: if the wait fails, times out or is cancelled, Terraform keeps the snapshot
	// (tainted) rather than losing track of a snapshot that exists.
	saved := plan
	saved.ID = types.StringValue(id)
	saved.nullUnknowns()
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &saved)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, err := waitDesktopSnapshotCreated(ctx, r.find, r.sleep, id)
	if s != nil {
		resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, flattenDesktopSnapshot(s, saved))...)
	}
	if err != nil {
		resp.Diagnostics.AddError("Desktop snapshot not created", err.Error())
	}
}

func (r *desktopSnapshotResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state desktopSnapshotModel
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	s, err := framework.ImportedOr(ctx, req, id, func(ctx context.Context) (*ecdclient.Snapshot, error) { return r.find(ctx, id, 0) })
	if wait.IsNotFound(err) {
		tflog.Warn(ctx, "desktop snapshot not found, removing it from the state", map[string]any{"ecd_snapshot_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read desktop snapshot",
			desktopFailure("Reading desktop snapshot "+id, r.Meta().Region(), "desktop snapshot "+id).Explain(err))
		return
	}
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, flattenDesktopSnapshot(s, state))...)
}

// Update is reached only by a change of case of source_disk_type (every other change replaces): the same
// disk, so no call is made and the new spelling is stored.
func (r *desktopSnapshotResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan desktopSnapshotModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &plan)...)
}

func (r *desktopSnapshotResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state desktopSnapshotModel
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
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
	ecd, err := r.Meta().ECD(ctx, "")
	if err != nil {
		resp.Diagnostics.AddError("Cannot delete desktop snapshot", err.Error())
		return
	}
	switch err := ecd.DeleteSnapshot(ctx, []string{id}); {
	case err == nil:
	case client.IsNotFound(err):
		// Already gone: deleted outside Terraform, or by an earlier attempt whose answer was lost.
		tflog.Info(ctx, "desktop snapshot already gone", map[string]any{"ecd_snapshot_id": id})
		return
	default:
		resp.Diagnostics.AddError("Cannot delete desktop snapshot",
			desktopFailure("Deleting desktop snapshot "+id, ecd.Region(), "desktop snapshot "+id).Explain(err))
		return
	}
	if err := waitDesktopSnapshotDeleted(ctx, r.find, r.sleep, id); err != nil {
		resp.Diagnostics.AddError("Desktop snapshot not deleted", err.Error())
	}
}

func (r *desktopSnapshotResource) find(ctx context.Context, id string, slack time.Duration) (*ecdclient.Snapshot, error) {
	return findDesktopSnapshotByID(ctx, r.Meta(), id, slack)
}

// desktopAllowsSnapshot are the desktop statuses in which CreateSnapshot takes a snapshot: "The cloud computer must be
// in the Running or Stopped state"
// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-createsnapshot).
var desktopAllowsSnapshot = []string{"Running", "Stopped"}

// desktopFailure is the wording of this resource's API errors (client.Failure, shared by every resource).
func desktopFailure(doing, region, subject string) client.Failure {
	return client.Failure{Doing: doing, Region: region, Subject: subject, Allowed: desktopAllowsSnapshot}
}

// desktopSnapshotUnchanged is what ModifyPlan does to an unchanged desktop snapshot
// (framework.ResourceSpec.UnchangedPlan): nothing, it checks the desktop of a new snapshot only.
func desktopSnapshotUnchanged(context.Context, framework.UnchangedPlanRequest) bool { return true }

// ModifyPlan checks, when a snapshot is to be created (a new one, or the new one of a replacement, which
// Terraform plans with no prior state), what CreateSnapshot would refuse and DescribeDesktops can tell
// beforehand: that the desktop exists in the provider's region and is Running or Stopped. A replacement whose
// create would fail is thus refused at plan time, before the old snapshot is destroyed. An unknown desktop_id,
// or desktops that cannot be read (permissions, say), leave the question to the apply.
func (r *desktopSnapshotResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() || r.Meta() == nil {
		return
	}
	var desktopID types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("desktop_id"), &desktopID)...)
	if resp.Diagnostics.HasError() || !flex.Known(desktopID) {
		return
	}
	id := desktopID.ValueString()
	ecd, err := r.Meta().ECD(ctx, "")
	if err != nil {
		return // reported by the apply, which needs the same client
	}
	// Terraform plans up to -parallelism new snapshots at once, often of the same few desktops: their checks share
	// DescribeDesktops calls (desktopsByID), where each made its own.
	d, found, err := desktopsByID.Get(ctx, r.Meta(), "", id, 0)
	if err != nil {
		tflog.Warn(ctx, "cannot read the desktop at plan time; the apply will tell", map[string]any{"desktop_id": id, "error": err.Error()})
		return
	}
	if msg := desktopProblem(id, ecd.Region(), d, found); msg != "" {
		resp.Diagnostics.AddAttributeError(path.Root("desktop_id"), "Cannot snapshot this cloud desktop", msg)
	}
}

// desktopProblem says why CreateSnapshot would refuse a snapshot of desktop id, given what DescribeDesktops
// answered for it in region, or returns "".
func desktopProblem(id, region string, d ecdclient.Desktop, found bool) string {
	if !found {
		return fmt.Sprintf("Attribute desktop_id (%q) names no cloud desktop in region %s (DescribeDesktops found none; "+
			"CreateSnapshot would answer InvalidInstanceId.NotFound). Check the ID, and that the provider's region is the "+
			"desktop's region.", id, region)
	}
	if !slices.Contains(desktopAllowsSnapshot, d.DesktopStatus) {
		return fmt.Sprintf("Cloud desktop %s (desktop_id) in region %s is %s, and CreateSnapshot takes a snapshot only "+
			"of a desktop that is %s (it would answer IncorrectInstanceStatus). Wait until the desktop is Running or "+
			"Stopped (or start or stop it), then plan again.", id, region, d.DesktopStatus, strings.Join(desktopAllowsSnapshot, " or "))
	}
	return ""
}
