package ecs

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
	_ resource.ResourceWithImportState      = (*snapshotGroupResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*snapshotGroupResource)(nil)
	_ resource.ResourceWithConfigValidators = (*snapshotGroupResource)(nil)
)

type snapshotGroupResource struct {
	framework.ResourceWithConfigure
	sleep wait.Sleep
}

// NewSnapshotGroupResource is the aliecs_snapshot_group resource.
func NewSnapshotGroupResource() resource.Resource { return &snapshotGroupResource{sleep: wait.Context} }

func (r *snapshotGroupResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = snapshotGroupResourceSchema(ctx)
}

// The documented limits of CreateSnapshotGroup
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshotgroup).
const (
	groupMaxDisks          = 16
	groupMaxCapacityGiB    = 32 * 1024
	groupMaxNameLength     = 128
	groupMaxDescLength     = 256
	groupMaxIARetention    = 65535
	groupStatusProgressing = "progressing"
	groupStatusAccomplish  = "accomplished"
	groupStatusFailed      = "failed"
)

// groupDiskCategories are the categories a group takes: the ESSD family (ESSD, ESSD AutoPL, ESSD Entry), as the
// current CreateSnapshotGroup reference lists them.
var groupDiskCategories = []string{"cloud_essd", "cloud_auto", "cloud_essd_entry"}

// Default timeouts, as aliecs_snapshot's: a group is as slow as its slowest disk's snapshot.
const (
	defaultGroupCreateTimeout = 40 * time.Minute
	defaultGroupUpdateTimeout = 10 * time.Minute
	defaultGroupDeleteTimeout = 20 * time.Minute
)

const snapshotGroupResourceDescription = "Manages an ECS snapshot-consistent group: snapshots of several disks (every " +
	"disk of an instance, chosen disks, or every disk of an instance but some) taken at one instant, so that they fit " +
	"together (a database spread over several disks, say). Only ESSD-family disks (`cloud_essd`, `cloud_auto`, " +
	"`cloud_essd_entry`) qualify, at most 16 and 32 TiB in all. Creating it waits until every snapshot of the group is " +
	"`accomplished`, logging each one's progress; a group that ends `failed` or does not finish within the create timeout " +
	"stays in the state, tainted, so the next apply replaces it. `name`, `description`, `tags` and `resource_group_id` " +
	"change in place; the disks and instant access settings replace the group. Destroying it deletes the group and its " +
	"snapshots and waits until they are gone, except the snapshots that custom images were made from, which the API keeps: " +
	"they are named in a warning. A group deleted outside Terraform is planned again."

func snapshotGroupResourceSchema(ctx context.Context) schema.Schema {
	d := schemas.Described
	timeoutsBlock := schemas.WaitTimeouts(ctx, "group", "every snapshot of the group to be `accomplished`", "the group and its snapshots",
		defaultGroupCreateTimeout, defaultGroupUpdateTimeout, defaultGroupDeleteTimeout)
	instD, instMD := d("ID of the instance whose disks are snapshotted (`InstanceId`): all of them, or those of `disk_ids`, or " +
		"all but `exclude_disk_ids`. The instance must be `Running` or `Stopped`. Required unless `disk_ids` is set. " +
		"Changing it replaces the group.")
	disksD, disksMD := d(fmt.Sprintf("IDs of the disks to snapshot (`DiskId.N`), 1 to %d. With `instance_id` they must be "+
		"that instance's disks; without it they may belong to several instances of one zone. Cannot be used with "+
		"`exclude_disk_ids`. Checked at plan time when the disks exist: ESSD family, one zone, at most %d GiB in all. "+
		"Changing it replaces the group.", groupMaxDisks, groupMaxCapacityGiB))
	exclD, exclMD := d(fmt.Sprintf("IDs of disks of `instance_id` to leave out (`ExcludeDiskId.N`), 1 to %d: the other disks "+
		"of the instance are snapshotted (multi-attach disks, which a group cannot take, must be left out this way). Requires "+
		"`instance_id`; cannot be used with `disk_ids`. Changing it replaces the group.", groupMaxDisks))
	nameD, nameMD := d("Name of the group: 2 to 128 characters, starting with a letter, made of letters, digits, `.`, `_`, `-` " +
		"and `:`, not starting with `http://` or `https://`. Changes in place (ModifySnapshotGroup). Removing it from the " +
		"configuration leaves the current name: the API cannot clear it.")
	descD, descMD := d("Description of the group: 2 to 256 characters, not starting with `http://` or `https://`. Changes in " +
		"place. Removing it from the configuration leaves the current description: the API cannot clear it.")
	iaD, iaMD := d("Enable instant access on the group's snapshots (`InstantAccess`; deprecated by the API, whose ESSD snapshots " +
		"are instantly usable by default). Default: `false`. Changing it replaces the group.")
	iarD, iarMD := d(fmt.Sprintf("Days instant access stays enabled (`InstantAccessRetentionDays`), 1 to %d; only with "+
		"`instant_access = true`. Default (API): until the snapshots are released. Changing it replaces the group.", groupMaxIARetention))
	tagsD, tagsMD := d("Tags of the group, at most 20, with the rules of the tags of `aliecs_snapshot`. Changed in place " +
		"(TagResources / UntagResources, resource type `snapshotgroup`). The provider's `default_tags` are added (see " +
		"`tags_all`), and keys of its `ignore_tags` are neither shown, nor changed, nor allowed here. System tags are not " +
		"shown and never removed.")
	rgD, rgMD := d("ID of the resource group of the group. Default: the account's default resource group. Changes in place " +
		"(JoinResourceGroup); removing it from the configuration leaves the group where it is.")
	snapsD, snapsMD := d("The snapshots of the group, one per disk, in ascending order of disk ID. They are ordinary snapshots " +
		"(`aliecs_snapshots` lists them) taken at one instant.")

	return schema.Schema{
		Description:         schemas.Plain(snapshotGroupResourceDescription),
		MarkdownDescription: snapshotGroupResourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": schemas.ComputedString("ID of the group (`SnapshotGroupId`), e.g. `ssg-j6ciyh3k52qp7ovm****`."),
			"instance_id": schema.StringAttribute{
				Optional: true, Computed: true, Description: instD, MarkdownDescription: instMD,
				Validators:    []validator.String{validate.InstanceID.String()},
				PlanModifiers: schemas.StableString(),
			},
			"disk_ids": schema.SetAttribute{
				ElementType: types.StringType, Optional: true, Description: disksD, MarkdownDescription: disksMD,
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, groupMaxDisks),
					setvalidator.ValueStringsAre(validate.DiskID.String()),
				},
			},
			"exclude_disk_ids": schema.SetAttribute{
				ElementType: types.StringType, Optional: true, Description: exclD, MarkdownDescription: exclMD,
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, groupMaxDisks),
					setvalidator.ValueStringsAre(validate.DiskID.String()),
				},
			},
			"name": schema.StringAttribute{
				Optional: true, Computed: true, Description: nameD, MarkdownDescription: nameMD,
				Validators: groupNameValidators(), PlanModifiers: schemas.StableString(),
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true, Description: descD, MarkdownDescription: descMD,
				Validators: snapshotDescriptionValidators(), PlanModifiers: schemas.StableString(),
			},
			"instant_access": schema.BoolAttribute{
				Optional: true, Description: iaD, MarkdownDescription: iaMD,
			},
			"instant_access_retention_days": schema.Int64Attribute{
				Optional: true, Description: iarD, MarkdownDescription: iarMD,
				Validators: []validator.Int64{int64validator.Between(1, groupMaxIARetention)},
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

			"status":        schemas.ComputedString("Status of the group: `progressing`, `accomplished` or `failed`."),
			"creation_time": schemas.ComputedString("When the group was created, RFC 3339 in UTC."),
			"snapshots": schema.ListNestedAttribute{
				Computed: true, Description: snapsD, MarkdownDescription: snapsMD,
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"snapshot_id": schema.StringAttribute{Computed: true, Description: "ID of the snapshot (`SnapshotId`)."},
					"disk_id": schema.StringAttribute{Computed: true,
						Description: "ID of the disk it is a snapshot of (`SourceDiskId`, kept after the disk is released)."},
					"disk_type": schema.StringAttribute{Computed: true, Description: "Type of that disk: system or data."},
				}},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock},
	}
}

// groupNameCharacters is CreateSnapshotGroup's character set for Name, which unlike snapshot names allows periods.
var groupNameCharacters = validate.StringRule{
	Rule: "contain only letters, digits, periods (.), underscores (_), hyphens (-) and colons (:)",
	OK: func(s string) bool {
		for _, c := range s {
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune("._-:", c) {
				return false
			}
		}
		return true
	},
}

// groupNameValidators are CreateSnapshotGroup's (and ModifySnapshotGroup's) rules for Name. The 2021 reference allowed
// a leading digit; the current one asks for a letter, which is checked, since the API follows its current reference.
func groupNameValidators() []validator.String {
	return []validator.String{
		validate.LengthBetween(2, groupMaxNameLength),
		validate.NotPrefix("http://", "https://"),
		validate.StartsWithLetter,
		groupNameCharacters,
	}
}

// snapshotGroupResourceModel is the aliecs_snapshot_group resource, in the order of the schema.
type snapshotGroupResourceModel struct {
	groupFields
	InstanceID                 types.String   `tfsdk:"instance_id"`
	DiskIDs                    types.Set      `tfsdk:"disk_ids"`
	ExcludeDiskIDs             types.Set      `tfsdk:"exclude_disk_ids"`
	InstantAccess              types.Bool     `tfsdk:"instant_access"`
	InstantAccessRetentionDays types.Int64    `tfsdk:"instant_access_retention_days"`
	Tags                       types.Map      `tfsdk:"tags"`
	TagsAll                    types.Map      `tfsdk:"tags_all"`
	Snapshots                  types.List     `tfsdk:"snapshots"`
	Timeouts                   timeouts.Value `tfsdk:"timeouts"`
}

// groupFields is what DescribeSnapshotGroups answers about any group, under the same names and with the same
// values in the resource and in each element of the data source. instance_id is not among them: the resource
// keeps the configuration's value where the API answers none (a group over the disks of several instances).
type groupFields struct {
	ID              types.String `tfsdk:"id"`
	Name            types.String `tfsdk:"name"`
	Description     types.String `tfsdk:"description"`
	ResourceGroupID types.String `tfsdk:"resource_group_id"`
	Status          types.String `tfsdk:"status"`
	CreationTime    types.String `tfsdk:"creation_time"`
}

func (m *groupFields) flatten(g *ecsclient.SnapshotGroup) {
	m.ID = types.StringValue(g.SnapshotGroupID)
	m.Name = flex.StringOrNull(g.Name)
	m.Description = flex.StringOrNull(g.Description)
	m.ResourceGroupID = flex.StringOrNull(g.ResourceGroupID)
	m.Status = types.StringValue(g.Status)
	m.CreationTime = flex.Time(g.CreationTime)
}

// sortedMembers orders a group's snapshots by disk, as both the resource and the data source show them.
func sortedMembers(g *ecsclient.SnapshotGroup) []ecsclient.SnapshotGroupMember {
	members := slices.Clone(g.Snapshots)
	slices.SortFunc(members, func(a, b ecsclient.SnapshotGroupMember) int {
		return strings.Compare(a.SourceDiskID+a.SnapshotID, b.SourceDiskID+b.SnapshotID)
	})
	return members
}

var groupMemberAttrTypes = map[string]attr.Type{"snapshot_id": types.StringType, "disk_id": types.StringType, "disk_type": types.StringType}

var groupMemberType = types.ObjectType{AttrTypes: groupMemberAttrTypes}

func (m *snapshotGroupResourceModel) nullUnknowns() {
	flex.NullUnknown(types.StringNull(), &m.InstanceID, &m.Name, &m.Description, &m.ResourceGroupID, &m.Status, &m.CreationTime)
	flex.NullUnknown(types.ListNull(groupMemberType), &m.Snapshots)
	flex.NullUnknown(types.MapNull(types.StringType), &m.Tags, &m.TagsAll)
}

func (r *snapshotGroupResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{problemsValidator[snapshotGroupResourceModel]{
		description: "instance_id or disk_ids is required; disk_ids and exclude_disk_ids conflict; exclude_disk_ids requires " +
			"instance_id; instant_access_retention_days requires instant_access = true",
		problems: groupConfigProblems,
	}}
}

// groupConfigValidator checks the rules between attributes that CreateSnapshotGroup states, at plan time, each with
// the attributes it concerns named. Values not known yet are skipped: the apply checks them through the API.

// groupConfigProblems lists the combinations of m that CreateSnapshotGroup refuses.
func groupConfigProblems(ctx context.Context, m snapshotGroupResourceModel) []attrProblem {
	var out []attrProblem
	if !m.DiskIDs.IsNull() && !m.ExcludeDiskIDs.IsNull() {
		out = append(out, attrProblem{path.Root("exclude_disk_ids"), fmt.Sprintf(
			"Attributes disk_ids (%s) and exclude_disk_ids (%s) cannot both be set: the API refuses the pair "+
				"(InvalidParam.ExcludeDiskIdsAndDiskIds.Conflict). Name the disks to snapshot in disk_ids, or the disks of "+
				"instance_id to leave out in exclude_disk_ids.", setText(ctx, m.DiskIDs), setText(ctx, m.ExcludeDiskIDs))})
	}
	if m.InstanceID.IsNull() && m.DiskIDs.IsNull() {
		out = append(out, attrProblem{path.Root("instance_id"),
			"Attribute instance_id is required unless disk_ids is set: the group needs the instance whose disks it " +
				"snapshots, or the disks themselves (the API answers MissingParamter.InstanceId)."})
	}
	if !m.ExcludeDiskIDs.IsNull() && m.InstanceID.IsNull() {
		out = append(out, attrProblem{path.Root("exclude_disk_ids"),
			"Attribute exclude_disk_ids requires instance_id: it names disks of that instance to leave out."})
	}
	iaOn := flex.Known(m.InstantAccess) && m.InstantAccess.ValueBool()
	iaOffOrNull := m.InstantAccess.IsNull() || (flex.Known(m.InstantAccess) && !m.InstantAccess.ValueBool())
	if !m.InstantAccessRetentionDays.IsNull() && iaOffOrNull && !iaOn {
		out = append(out, attrProblem{path.Root("instant_access_retention_days"), fmt.Sprintf(
			"Attribute instant_access_retention_days (%s) is only valid with instant_access = true (the API refuses it "+
				"otherwise). Set instant_access = true, or remove instant_access_retention_days.", m.InstantAccessRetentionDays.String())})
	}
	return out
}

func setText(ctx context.Context, s types.Set) string {
	if !flex.Known(s) {
		return "(known after apply)"
	}
	return "[" + strings.Join(expandStrings(ctx, s, &diag.Diagnostics{}), ", ") + "]"
}

// privateAdopted marks, in the private state, a group read by import: the API does not answer the arguments it was
// created with (disk_ids, exclude_disk_ids, instant access), so the first plan after an import takes them from the
// configuration instead of replacing the group, as long as they agree with its snapshots.
const privateAdopted = "adopted"

// createOnlyAttributes are the arguments that only CreateSnapshotGroup takes: changing them replaces the group.
var createOnlyAttributes = []string{"instance_id", "disk_ids", "exclude_disk_ids", "instant_access", "instant_access_retention_days"}

// snapshotGroupUnchanged is what ModifyPlan does to an unchanged group (framework.ResourceSpec.UnchangedPlan):
// plan tags_all; a create-only argument that keeps its value replaces nothing, and the disks are checked only
// for a new group.
func snapshotGroupUnchanged(ctx context.Context, req framework.UnchangedPlanRequest) bool {
	return tags.Settled(ctx, req.Client.TagsConfig(), req.State)
}

// ModifyPlan plans tags_all, decides replacements (see privateAdopted), and on create checks the disks against the
// rules the API applies to them, when they can be read.
func (r *snapshotGroupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	tags.PlanAll(ctx, r.Meta().TagsConfig(), r.Meta() != nil, &resp.Plan, &resp.Diagnostics)
	if req.Plan.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	var plan snapshotGroupResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, resp.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		if r.Meta() != nil {
			for _, p := range r.diskProblems(ctx, plan) {
				resp.Diagnostics.AddAttributeError(p.path, "Invalid disks for a snapshot group", p.msg)
			}
		}
		return
	}
	var state snapshotGroupResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	adopted := false
	if req.Private != nil {
		b, d := req.Private.GetKey(ctx, privateAdopted)
		resp.Diagnostics.Append(d...)
		adopted = len(b) > 0
	}
	members := groupMemberDisks(ctx, state.Snapshots)
	for _, name := range createOnlyAttributes {
		var planned, prior attr.Value
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root(name), &planned)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(name), &prior)...)
		if resp.Diagnostics.HasError() || planned.Equal(prior) {
			continue
		}
		if name == "instance_id" && planned.IsUnknown() && !prior.IsNull() {
			continue // Optional+Computed, not configured: the state's value (UseStateForUnknown) will be planned.
		}
		if adopted && prior.IsNull() && adoptable(ctx, name, plan, members) {
			continue
		}
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root(name))
	}
	if len(resp.RequiresReplace) > 0 {
		// A new group: its status, time and snapshots are the new group's.
		for _, name := range []string{"status", "creation_time", "id"} {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), types.StringUnknown())...)
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("snapshots"), types.ListUnknown(groupMemberType))...)
	}
}

// adoptable says whether the configured value of a create-only argument, absent from the state of an imported
// group, agrees with the group: disk_ids must be its disks, exclude_disk_ids none of them; the instant access
// settings cannot be read back and are taken as configured.
func adoptable(ctx context.Context, name string, plan snapshotGroupResourceModel, members []string) bool {
	switch name {
	case "disk_ids":
		var ids []string
		if !flex.Known(plan.DiskIDs) || plan.DiskIDs.ElementsAs(ctx, &ids, false).HasError() {
			return false
		}
		slices.Sort(ids)
		return slices.Equal(ids, members)
	case "exclude_disk_ids":
		var ids []string
		if !flex.Known(plan.ExcludeDiskIDs) || plan.ExcludeDiskIDs.ElementsAs(ctx, &ids, false).HasError() {
			return false
		}
		for _, id := range ids {
			if slices.Contains(members, id) {
				return false
			}
		}
		return true
	case "instant_access", "instant_access_retention_days":
		return true
	}
	return false
}

// groupMemberDisks is the sorted disk IDs of the snapshots attribute.
func groupMemberDisks(ctx context.Context, l types.List) []string {
	if !flex.Known(l) {
		return nil
	}
	var items []struct {
		SnapshotID types.String `tfsdk:"snapshot_id"`
		DiskID     types.String `tfsdk:"disk_id"`
		DiskType   types.String `tfsdk:"disk_type"`
	}
	if l.ElementsAs(ctx, &items, false).HasError() {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.DiskID.ValueString())
	}
	slices.Sort(out)
	return out
}

// diskProblems checks, before the group is created, what the API would refuse about its instance and disks and can
// be read beforehand (DescribeInstances, DescribeDisks): that instance_id names an instance of the provider's region
// in a status that allows snapshots, that the disks of disk_ids and exclude_disk_ids exist and belong to
// instance_id when it is given, that the disks to snapshot lie in one zone, are of the ESSD family, and number at
// most 16 and 32 TiB in all. Terraform plans the create of a replacement with no prior state, so this runs for a
// replacement too: one whose create would fail is refused at plan time, before the old group is destroyed. Unknown
// values are skipped, and so is the whole check when the instance or disks cannot be read: the API then decides
// at apply.
func (r *snapshotGroupResource) diskProblems(ctx context.Context, plan snapshotGroupResourceModel) []attrProblem {
	// instance_id is Optional and Computed: planned unknown both when not configured and when configured from a value
	// not known yet. Either way it is taken as absent; a group over the instance's disks is then not checked.
	if !flex.Known(plan.DiskIDs) && !plan.DiskIDs.IsNull() || !flex.Known(plan.ExcludeDiskIDs) && !plan.ExcludeDiskIDs.IsNull() ||
		!flex.Known(plan.InstanceID) && plan.DiskIDs.IsNull() {
		return nil
	}
	instanceID := ""
	if flex.Known(plan.InstanceID) {
		instanceID = plan.InstanceID.ValueString()
	}
	var diskIDs, excluded []string
	if !plan.DiskIDs.IsNull() {
		plan.DiskIDs.ElementsAs(ctx, &diskIDs, false)
	}
	if !plan.ExcludeDiskIDs.IsNull() {
		plan.ExcludeDiskIDs.ElementsAs(ctx, &excluded, false)
	}
	slices.Sort(diskIDs)
	slices.Sort(excluded)
	region := r.Meta().HomeECS().Region()
	var out []attrProblem
	if instanceID != "" {
		p, ok := r.instanceProblem(ctx, instanceID, region)
		if !ok {
			return nil
		}
		if p != nil {
			// Its disks are not worth reading: the instance is what the user has to fix first.
			return []attrProblem{*p}
		}
	}
	var disks []ecsclient.Disk
	attrName := "disk_ids"
	if len(diskIDs) > 0 {
		named, problems, ok := r.namedDisks(ctx, "disk_ids", diskIDs, instanceID, region)
		if !ok {
			return nil
		}
		disks, out = named, append(out, problems...)
		zones := map[string][]string{}
		for _, d := range disks {
			zones[d.ZoneID] = append(zones[d.ZoneID], d.DiskID)
		}
		if len(zones) > 1 {
			var parts []string
			for _, z := range slices.Sorted(maps.Keys(zones)) {
				parts = append(parts, fmt.Sprintf("%s in %s", strings.Join(zones[z], ", "), z))
			}
			out = append(out, attrProblem{path.Root("disk_ids"), fmt.Sprintf("Attribute disk_ids must name disks of one zone "+
				"(the API answers InvalidDiskIds.NotInSameZone): %s.", strings.Join(parts, "; "))})
		}
	} else if instanceID != "" {
		attrName = "instance_id"
		if len(excluded) > 0 {
			_, problems, ok := r.namedDisks(ctx, "exclude_disk_ids", excluded, instanceID, region)
			if !ok {
				return nil
			}
			if len(problems) > 0 {
				return problems
			}
		}
		all, err := r.Meta().HomeECS().DescribeDisks(ctx, ecsclient.DescribeDisksInput{InstanceID: instanceID})
		if err != nil {
			tflog.Warn(ctx, "cannot read the disks of the instance at plan time", map[string]any{"instance_id": instanceID, "error": err.Error()})
			return nil
		}
		for _, d := range all {
			if d.InstanceID == instanceID && !slices.Contains(excluded, d.DiskID) {
				disks = append(disks, d)
			}
		}
		if len(disks) == 0 && len(excluded) > 0 {
			return append(out, attrProblem{path.Root("exclude_disk_ids"), fmt.Sprintf("Attribute exclude_disk_ids leaves no "+
				"disk of instance %s to snapshot.", instanceID)})
		}
		if len(disks) == 0 {
			return append(out, attrProblem{path.Root("instance_id"), fmt.Sprintf("Instance %s (instance_id) in region %s has no "+
				"disk to snapshot (DescribeDisks found none attached; the API answers InvalidInstance.NoDisk).", instanceID, region)})
		}
	}
	var wrong []string
	total := 0
	for _, d := range disks {
		total += d.SizeGiB
		if !slices.Contains(groupDiskCategories, d.Category) {
			wrong = append(wrong, fmt.Sprintf("%s (%s)", d.DiskID, d.Category))
		}
	}
	hint := ""
	if attrName == "instance_id" {
		hint = " Leave those disks out with exclude_disk_ids."
	}
	if len(wrong) > 0 {
		out = append(out, attrProblem{path.Root(attrName), fmt.Sprintf("A snapshot group takes only disks of the ESSD family "+
			"(%s); %s would include %s (the API answers DiskCategory.OperationNotSupported).%s",
			strings.Join(groupDiskCategories, ", "), attrName, strings.Join(wrong, ", "), hint)})
	}
	if len(disks) > groupMaxDisks {
		out = append(out, attrProblem{path.Root(attrName), fmt.Sprintf("A snapshot group takes at most %d disks; instance %s "+
			"has %d to snapshot (the API answers NumberExceed.TooManyDisks).%s", groupMaxDisks, instanceID, len(disks), hint)})
	}
	if total > groupMaxCapacityGiB {
		out = append(out, attrProblem{path.Root(attrName), fmt.Sprintf("A snapshot group takes disks of at most %d GiB (32 TiB) "+
			"in all; %s would take %d GiB (the API answers CapacityExceed.TooManyDisks).%s", groupMaxCapacityGiB, attrName, total, hint)})
	}
	return out
}

// instanceAllowsSnapshots are the instance statuses in which CreateSnapshot and CreateSnapshotGroup take snapshots
// of its disks (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshotgroup:
// "The instance must be in the Running or Stopped state").
var instanceAllowsSnapshots = []string{"Running", "Stopped"}

// instanceProblem reads instance id (DescribeInstances) and says why the API would refuse a group of its disks:
// it is not in region, it is locked for security reasons, or its status allows no snapshot. ok is false when it could not be read.
func (r *snapshotGroupResource) instanceProblem(ctx context.Context, id, region string) (problem *attrProblem, ok bool) {
	inst, found, err := instancesByID.Get(ctx, r.Meta(), "", id, 0)
	if err != nil {
		tflog.Warn(ctx, "cannot read the instance of the snapshot group at plan time", map[string]any{"instance_id": id, "error": err.Error()})
		return nil, false
	}
	switch {
	case !found:
		return &attrProblem{path.Root("instance_id"), fmt.Sprintf("Attribute instance_id (%q) names no instance in region %s "+
			"(DescribeInstances found none; the API would answer InvalidInstanceId.NotFound). Check the ID, and that the "+
			"provider's region is the instance's region.", id, region)}, true
	case inst.LockedForSecurity():
		// Only a security lock is documented to refuse snapshots ("If the instance is locked for security reasons ...
		// you cannot create snapshots": https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshot).
		return &attrProblem{path.Root("instance_id"), fmt.Sprintf("Instance %s (instance_id) in region %s is locked (security), "+
			"and the API takes no snapshot of the disks of an instance locked for security reasons (it would answer "+
			"InstanceLockedForSecurity). Check the instance in the console.", id, region)}, true
	case !slices.Contains(instanceAllowsSnapshots, inst.Status):
		return &attrProblem{path.Root("instance_id"), fmt.Sprintf("Instance %s (instance_id) in region %s is %s, and the API "+
			"snapshots the disks of an instance only when it is %s (it would answer IncorrectInstanceStatus). Wait until the "+
			"instance is Running or Stopped (or start or stop it), then plan again.", id, region, inst.Status,
			strings.Join(instanceAllowsSnapshots, " or "))}, true
	}
	return nil, true
}

// namedDisks reads the disks an attribute (disk_ids, exclude_disk_ids) names, through the batched lookup by ID,
// and reports those that do not exist in region and, with instanceID, those that are not that instance's: one
// check for both attributes. ok is false when the disks could not be read.
func (r *snapshotGroupResource) namedDisks(ctx context.Context, attr string, ids []string, instanceID, region string) (disks []ecsclient.Disk, out []attrProblem, ok bool) {
	var missing, foreign []string
	byID, err := disksByID.GetAll(ctx, r.Meta(), "", ids, 0)
	if err != nil {
		tflog.Warn(ctx, "cannot read the disks of the snapshot group at plan time", map[string]any{"error": err.Error()})
		return nil, nil, false
	}
	for _, id := range ids {
		d, found := byID[id]
		if !found {
			missing = append(missing, id)
			continue
		}
		disks = append(disks, d)
		if instanceID != "" && d.InstanceID != instanceID {
			foreign = append(foreign, fmt.Sprintf("%s (attached to %q)", d.DiskID, d.InstanceID))
		}
	}
	if len(missing) > 0 {
		out = append(out, attrProblem{path.Root(attr), fmt.Sprintf("Attribute %s names disks that do not exist in region %s: "+
			"%s (DescribeDisks found none; the API would answer InvalidDiskId.NotFound).", attr, region, strings.Join(missing, ", "))})
	}
	if len(foreign) > 0 {
		hint := " Remove instance_id to snapshot disks of several instances of one zone."
		if attr == "exclude_disk_ids" {
			hint = " Name only disks of that instance: the others are not snapshotted anyway."
		}
		out = append(out, attrProblem{path.Root(attr), fmt.Sprintf("Attribute %s must name disks of instance_id (%s): %s are not.%s",
			attr, instanceID, strings.Join(foreign, ", "), hint)})
	}
	return disks, out, true
}

// ImportState takes a group ID; Read fills the rest, and the private state lets the first plan adopt the
// create-only arguments of the configuration (privateAdopted).
func (r *snapshotGroupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	spec := framework.ImportSpec{Rule: validate.SnapshotGroupID, What: "snapshot group", Call: "DescribeSnapshotGroups",
		Hint: "Check the ID, and that the provider's region is the group's region.",
		Find: func(ctx context.Context, id string) (any, error) { return r.find(ctx, id) }}
	// Without private state (the list resource's include_resource, outside Terraform's protocol) there is no plan
	// to adopt anything in.
	if r.ImportByID(ctx, spec, req, resp) && resp.Private != nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateAdopted, []byte(`true`))...)
	}
}

// find is the group with this ID, or a wait.NotFoundError. Reads at once share calls (snapshotGroupsByID).
func (r *snapshotGroupResource) find(ctx context.Context, id string) (*ecsclient.SnapshotGroup, error) {
	g, found, err := snapshotGroupsByID.Get(ctx, r.Meta(), "", id, 0)
	return wait.Found(g, found, err, "snapshot group", id)
}

func (r *snapshotGroupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan snapshotGroupResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultGroupCreateTimeout)
	resp.Diagnostics.Append(diags...)
	in := expandSnapshotGroupCreateInput(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	in.Tags = r.Meta().TagsConfig().PlannedAll(plan.Tags, plan.TagsAll)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id, err := r.Meta().HomeECS().CreateSnapshotGroup(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create snapshot group", client.Failure{Doing: "Creating a snapshot group of " + groupSubject(in),
			Region: r.Meta().Region(), Subject: groupSubject(in) + " (or their instance)", Allowed: instanceAllowsSnapshots}.Explain(err))
		return
	}
	ctx = tflog.SetField(ctx, "snapshot_group_id", id)
	tflog.Info(ctx, "snapshot group created, waiting until every snapshot is accomplished", map[string]any{"timeout": timeout.String()})
	// Saved before waiting: a group that fails or times out stays in the state, tainted, rather than unmanaged.
	saved := plan
	saved.ID = types.StringValue(id)
	saved.TagsAll = tags.Flatten(in.Tags)
	saved.nullUnknowns()
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &saved)...)
	if resp.Diagnostics.HasError() {
		return
	}
	g, err := waitSnapshotGroupCreated(ctx, r.Meta(), r.sleep, id)
	if g != nil {
		m := flattenSnapshotGroup(g, saved, r.Meta().TagsConfig())
		resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
	}
	if err != nil {
		resp.Diagnostics.AddError("Snapshot group not created", err.Error())
	}
}

// failure words an API error of doing something to group id (client.Failure, shared by every resource).
func (r *snapshotGroupResource) failure(doing, id string) client.Failure {
	return client.Failure{Doing: doing + " snapshot group " + id, Region: r.Meta().Region(), Subject: "snapshot group " + id}
}

func groupSubject(in ecsclient.CreateSnapshotGroupInput) string {
	switch {
	case len(in.DiskIDs) > 0 && in.InstanceID != "":
		return fmt.Sprintf("disks %s of instance %s", strings.Join(in.DiskIDs, ", "), in.InstanceID)
	case len(in.DiskIDs) > 0:
		return "disks " + strings.Join(in.DiskIDs, ", ")
	case len(in.ExcludeDiskIDs) > 0:
		return fmt.Sprintf("instance %s without disks %s", in.InstanceID, strings.Join(in.ExcludeDiskIDs, ", "))
	}
	return "instance " + in.InstanceID
}

func expandSnapshotGroupCreateInput(ctx context.Context, plan snapshotGroupResourceModel, diags *diag.Diagnostics) ecsclient.CreateSnapshotGroupInput {
	in := ecsclient.CreateSnapshotGroupInput{
		InstanceID:      plan.InstanceID.ValueString(),
		DiskIDs:         expandStrings(ctx, plan.DiskIDs, diags),
		ExcludeDiskIDs:  expandStrings(ctx, plan.ExcludeDiskIDs, diags),
		Name:            plan.Name.ValueString(),
		Description:     plan.Description.ValueString(),
		InstantAccess:   plan.InstantAccess.ValueBool(),
		ResourceGroupID: plan.ResourceGroupID.ValueString(),
	}
	if flex.Known(plan.InstantAccessRetentionDays) {
		in.InstantAccessRetentionDays = int(plan.InstantAccessRetentionDays.ValueInt64())
	}
	return in
}

func (r *snapshotGroupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state snapshotGroupResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	g, err := framework.ImportedOr(ctx, req, id, func(ctx context.Context) (*ecsclient.SnapshotGroup, error) { return r.find(ctx, id) })
	if wait.IsNotFound(err) {
		tflog.Warn(ctx, "snapshot group not found, removing it from the state", map[string]any{"snapshot_group_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read snapshot group", r.failure("Reading", id).Explain(err))
		return
	}
	m := flattenSnapshotGroup(g, state, r.Meta().TagsConfig())
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
}

func (r *snapshotGroupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state snapshotGroupResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultGroupUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	// A change that fails halfway leaves the state as the API has it, so the next plan shows what is still to do.
	defer func() {
		if resp.Diagnostics.HasError() {
			if g, found, err := snapshotGroupsByID.Get(ctx, r.Meta(), "", id, 0); err == nil && found {
				m := flattenSnapshotGroup(&g, state, r.Meta().TagsConfig())
				resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
			}
		}
	}()

	mod := ecsclient.ModifySnapshotGroupInput{SnapshotGroupID: id}
	if flex.Known(plan.Name) && !plan.Name.Equal(state.Name) {
		mod.Name = plan.Name.ValueStringPointer()
	}
	if flex.Known(plan.Description) && !plan.Description.Equal(state.Description) {
		mod.Description = plan.Description.ValueStringPointer()
	}
	if mod.Name != nil || mod.Description != nil {
		if err := r.Meta().HomeECS().ModifySnapshotGroup(ctx, mod); err != nil {
			resp.Diagnostics.AddError("Cannot update snapshot group", r.failure("Changing name or description of", id).Explain(err))
			return
		}
	}
	if !updateTagsAndGroup(ctx, r.Meta(), ecsclient.ResourceTypeSnapshotGroup, "snapshot group", id, plan.grouped(), state.grouped(), &resp.Diagnostics) {
		return
	}
	g, found, err := snapshotGroupsByID.Get(ctx, r.Meta(), "", id, 0)
	if err == nil && !found {
		err = fmt.Errorf("snapshot group %s not found", id)
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read snapshot group", r.failure("After updating it, reading", id).Explain(err))
		return
	}
	m := flattenSnapshotGroup(&g, plan, r.Meta().TagsConfig())
	// The plan showed the state's status and snapshots: a group whose create wait was cut short may have moved on
	// since, and Terraform refuses a result that differs from a known planned value. The next refresh shows it.
	if flex.Known(plan.Status) {
		m.Status = plan.Status
	}
	if flex.Known(plan.Snapshots) {
		m.Snapshots = plan.Snapshots
	}
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
	// The create-only arguments adopted after an import are in the state now: later changes replace the group.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateAdopted, nil)...)
}

// Delete deletes the group, which deletes its snapshots except those custom images were made from (the API keeps
// them: https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesnapshotgroup), and
// waits until the group and the deleted snapshots are gone. The kept snapshots are named in a warning: they are no
// longer managed, and cost storage until the images are deleted and the snapshots with them.
func (r *snapshotGroupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state snapshotGroupResourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() || !r.Ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultGroupDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()

	// The members as the API knows them now, so that snapshots the API names in no outcome are waited for too.
	members := map[string]bool{}
	if g, found, err := snapshotGroupsByID.Get(ctx, r.Meta(), "", id, 0); err == nil && found {
		for _, s := range g.Snapshots {
			members[s.SnapshotID] = true
		}
	}
	ops, err := r.Meta().HomeECS().DeleteSnapshotGroup(ctx, id)
	switch {
	case err == nil:
	case client.IsNotFound(err):
		tflog.Info(ctx, "snapshot group already gone", map[string]any{"snapshot_group_id": id})
		if len(members) == 0 {
			return
		}
	default:
		resp.Diagnostics.AddError("Cannot delete snapshot group", r.failure("Deleting", id).Explain(err))
		return
	}
	kept := map[string]string{} // snapshot ID -> why
	for _, op := range ops {
		for _, sid := range op.SnapshotIDs {
			members[sid] = true
			if !op.OK() {
				kept[sid] = strings.TrimSpace(op.ErrorCode + " " + op.ErrorMsg)
			}
		}
	}
	var waitFor []string
	for sid := range members {
		if _, ok := kept[sid]; !ok {
			waitFor = append(waitFor, sid)
		}
	}
	slices.Sort(waitFor)
	if err := waitSnapshotGroupDeleted(ctx, r.Meta(), r.sleep, id, waitFor); err != nil {
		resp.Diagnostics.AddError("Snapshot group not deleted", err.Error())
		return
	}
	if len(kept) > 0 {
		var lines []string
		for _, sid := range slices.Sorted(maps.Keys(kept)) {
			lines = append(lines, fmt.Sprintf("%s (%s)", sid, kept[sid]))
		}
		resp.Diagnostics.AddWarning("Snapshots of the group kept",
			fmt.Sprintf("Snapshot group %s was deleted, but the API kept %d of its snapshots, because custom images were made "+
				"from them: %s. They are no longer managed by Terraform and are billed until deleted: delete the images "+
				"(ECS DeleteImage), then the snapshots (ECS DeleteSnapshot, or import them into aliecs_snapshot and destroy them).",
				id, len(kept), strings.Join(lines, ", ")))
	}
}

// flattenSnapshotGroup writes what the API says about g over prior (the plan or state), which supplies what the API
// does not answer (the disk lists, instant access settings, timeouts).
func flattenSnapshotGroup(g *ecsclient.SnapshotGroup, prior snapshotGroupResourceModel, tc tags.Config) snapshotGroupResourceModel {
	m := prior
	m.flatten(g)
	// InstanceId is empty for a group over the disks of several instances; the configuration's value (if any) stays.
	if g.InstanceID != "" {
		m.InstanceID = types.StringValue(g.InstanceID)
	} else if !flex.Known(m.InstanceID) {
		m.InstanceID = types.StringNull()
	}
	m.Tags, m.TagsAll = tc.FlattenRead(tags.WithoutSystem(g.Tags), prior.Tags)
	// The values have the member type by construction, so neither conversion can fail.
	elems := []attr.Value{}
	for _, s := range sortedMembers(g) {
		elems = append(elems, types.ObjectValueMust(groupMemberAttrTypes, map[string]attr.Value{
			"snapshot_id": types.StringValue(s.SnapshotID), "disk_id": types.StringValue(s.SourceDiskID),
			"disk_type": types.StringValue(s.SourceDiskType),
		}))
	}
	m.Snapshots = types.ListValueMust(groupMemberType, elems)
	return m
}

// Poll cadence of a group: the API gives no remaining time for a group, so checks back off from wait.MinInterval
// to maxGroupPollInterval, shared through the batched lookup with every other group's checks.
const maxGroupPollInterval = 15 * time.Second

// groupProgress words the progress of every snapshot of g, for the log and for a wait that ends early.
func groupProgress(g *ecsclient.SnapshotGroup) string {
	parts := make([]string, 0, len(g.Snapshots))
	for _, s := range g.Snapshots {
		parts = append(parts, fmt.Sprintf("%s of %s at %d%%", s.SnapshotID, s.SourceDiskID, s.Progress))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// groupWait is a wait for group id; what it checks is the group or, for a delete, what is left of it.
func groupWait[T any](sleep wait.Sleep, id string, refresh wait.StatusFunc[T], describe func(T) string) wait.StateChangeConf[T] {
	return wait.StateChangeConf[T]{
		Kind: "snapshot group", ID: id, TypeName: "aliecs_snapshot_group",
		Refresh: refresh, Retryable: client.IsRetryable, Describe: describe, Sleep: sleep,
		Progress: wait.LogProgress("waiting for snapshot group", func(v T) map[string]any {
			return map[string]any{"snapshot_group_id": id, "snapshots": describe(v)}
		}),
	}
}

// waitSnapshotGroupCreated polls the group (the batched lookup by ID) until it is accomplished, every snapshot
// with it. A failed group ends the wait at once, as does ctx (the create timeout), with how far each snapshot got.
func waitSnapshotGroupCreated(ctx context.Context, conn *conns.Client, sleep wait.Sleep, id string) (*ecsclient.SnapshotGroup, error) {
	return snapshotGroupCreateWait(conn, sleep, id).Wait(ctx)
}

// snapshotGroupCreateWait is the wait of waitSnapshotGroupCreated, for callers that tell progress otherwise (an action).
func snapshotGroupCreateWait(conn *conns.Client, sleep wait.Sleep, id string) *wait.StateChangeConf[*ecsclient.SnapshotGroup] {
	find := func(ctx context.Context, id string, slack time.Duration) (*ecsclient.SnapshotGroup, error) {
		g, found, err := snapshotGroupsByID.Get(ctx, conn, "", id, slack)
		return wait.Found(g, found, err, "snapshot group", id)
	}
	refresh := wait.StatusOf(find, id, func(g *ecsclient.SnapshotGroup) string { return g.Status })
	describe := func(g *ecsclient.SnapshotGroup) string { return "with snapshots " + groupProgress(g) }
	return groupWait(sleep, id, refresh, describe).ForCreate(groupStatusProgressing, groupStatusAccomplish,
		groupStatusFailed, wait.Backoff[*ecsclient.SnapshotGroup](maxGroupPollInterval))
}

// waitSnapshotGroupDeleted polls until DescribeSnapshotGroups no longer knows the group and DescribeSnapshots no
// longer knows the snapshots it deleted, each through the batched lookups. What it checks is what is left. A check
// looks up the group and its snapshots at the same time, the snapshots together (GetAll): one call of each API (up
// to 100 snapshots a call) and one round trip, not a call and a round trip per snapshot one after another.
func waitSnapshotGroupDeleted(ctx context.Context, conn *conns.Client, sleep wait.Sleep, id string, snapshotIDs []string) error {
	refresh := func(ctx context.Context, slack time.Duration) ([]string, string, error) {
		var (
			groupThere bool
			groupErr   error
			wg         sync.WaitGroup
		)
		wg.Go(func() { _, groupThere, groupErr = snapshotGroupsByID.Get(ctx, conn, "", id, slack) })
		snapshots, err := snapshotsByID.GetAll(ctx, conn, "", snapshotIDs, slack)
		wg.Wait()
		if err = cmp.Or(groupErr, err); err != nil {
			return nil, "", err
		}
		var left []string
		if groupThere {
			left = append(left, "the group")
		}
		for _, sid := range snapshotIDs {
			if _, there := snapshots[sid]; there {
				left = append(left, "snapshot "+sid)
			}
		}
		if len(left) == 0 {
			return nil, "", nil
		}
		return left, "deleting", nil
	}
	describe := func(left []string) string { return "with " + strings.Join(left, ", ") + " still there" }
	_, err := groupWait(sleep, id, refresh, describe).ForDelete().Wait(ctx)
	return err
}

func (m snapshotGroupResourceModel) grouped() groupedValues {
	return groupedValues{taggedValues{m.Tags, m.TagsAll}, m.ResourceGroupID}
}

// snapshotGroupsByID is the lookup of snapshot-consistent groups by ID, never a scan of every group:
// DescribeSnapshotGroups by SnapshotGroupId.N, which takes at most 10 IDs (N = 1-10:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshotgroups).
var snapshotGroupsByID = conns.ByIDs("ecs/snapshot-groups", (*conns.Client).ECS, ecsclient.Client.DescribeSnapshotGroups,
	func(ids []string) ecsclient.DescribeSnapshotGroupsInput {
		return ecsclient.DescribeSnapshotGroupsInput{SnapshotGroupIDs: ids}
	},
	func(g ecsclient.SnapshotGroup) string { return g.SnapshotGroupID }, batch.Options{MaxKeys: 10})
