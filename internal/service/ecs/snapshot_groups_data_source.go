package ecs

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/flex"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/plural"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
)

var (
	_ datasource.DataSource              = (*snapshotGroupsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*snapshotGroupsDataSource)(nil)
)

// snapshotGroupsDataSource is aliecs_snapshot_groups.
type snapshotGroupsDataSource struct {
	framework.DataSourceWithConfigure
}

// NewSnapshotGroupsDataSource returns the aliecs_snapshot_groups data source.
func NewSnapshotGroupsDataSource() datasource.DataSource { return &snapshotGroupsDataSource{} }

// groupStatuses are the statuses DescribeSnapshotGroups' Status.N takes.
var groupStatuses = []string{groupStatusProgressing, groupStatusAccomplish, groupStatusFailed}

const snapshotGroupsDescription = "Lists the snapshot-consistent groups of the provider's region that match the given " +
	"filters (every filter of `DescribeSnapshotGroups`, combined with AND; every page is read), with every field the API " +
	"returns, and the snapshots of each. `name_regex` then narrows the result on the client side."

func snapshotGroupsDataSourceSchema() schema.Schema {
	str := plural.ComputedString
	strMap := func(desc string) schema.Attribute {
		return schema.MapAttribute{ElementType: types.StringType, Computed: true, Description: schemas.Plain(desc), MarkdownDescription: desc}
	}
	member := map[string]schema.Attribute{
		"snapshot_id": str("ID of the snapshot (`SnapshotId`)."),
		"disk_id":     str("ID of its source disk (`SourceDiskId`), kept after the disk is released."),
		"disk_type":   str("Type of the source disk (`SourceDiskType`): `system` or `data`."),
		"progress":    schema.Int64Attribute{Computed: true, Description: "Creation progress in percent (`Progress`)."},
		"available": schema.BoolAttribute{Computed: true,
			Description: "Whether the snapshot can be used to create or roll back a disk (`Available`)."},
		"instant_access": schema.BoolAttribute{Computed: true, Description: "Whether instant access is enabled (`InstantAccess`; deprecated)."},
		"instant_access_retention_days": schema.Int64Attribute{Computed: true,
			Description: "Days instant access stays enabled (`InstantAccessRetentionDays`; deprecated); null when not set."},
		"tags": strMap("Tags of the snapshot as the API answers them, system tags included: they carry where the snapshot " +
			"comes from (its instance, for a group over several instances). The keys of the provider's `ignore_tags` are left out."),
	}
	group := plural.TaggedItem(map[string]schema.Attribute{
		"id":              str("ID of the group (`SnapshotGroupId`)."),
		"name":            str("Name of the group; null when it has none."),
		"description":     str("Description of the group; null when it has none."),
		"instance_id":     str("Instance of the group (`InstanceId`): set only when every snapshot comes from one instance, else null."),
		"status":          str("`progressing`, `accomplished` or `failed`."),
		"progress_status": str("`ProgressStatus`, documented as not publicly available; null when empty."),
		"snapshots": schema.ListNestedAttribute{Computed: true,
			Description:  "The snapshots of the group, in ascending order of disk ID.",
			NestedObject: schema.NestedAttributeObject{Attributes: member}},
	}, "group")
	attrs := plural.Attributes(map[string]schema.Attribute{
		"instance_id": schema.StringAttribute{Optional: true, Validators: []validator.String{validate.InstanceID.String()},
			Description: "Only the groups of this instance (`InstanceId`)."},
		"name": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			Description: "Only the groups with exactly this name (`Name`)."},
		"status": schema.SetAttribute{ElementType: types.StringType, Optional: true,
			Validators:  []validator.Set{setvalidator.SizeBetween(1, 3), setvalidator.ValueStringsAre(stringvalidator.OneOf(groupStatuses...))},
			Description: "Only the groups in one of these statuses (`Status.N`): `progressing`, `accomplished`, `failed`."},
		"groups": schema.ListNestedAttribute{Computed: true,
			Description:  "The groups found, in ascending order of ID (the API documents no order).",
			NestedObject: schema.NestedAttributeObject{Attributes: group}},
		"names": plural.NamesAttribute("groups (an empty string for a group without one)", "groups"),
	}, "groups", "groups", plural.IDsAttribute("only the groups with these IDs (`SnapshotGroupId.N`, sent 10 a call).",
		"groups", "groups", validate.SnapshotGroupID.String()))
	return schema.Schema{
		Description: snapshotGroupsDescription, MarkdownDescription: snapshotGroupsDescription,
		Attributes: plural.TaggedFilters(attrs, "groups"),
	}
}

func (d *snapshotGroupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = snapshotGroupsDataSourceSchema()
}

type snapshotGroupsModel struct {
	plural.Model
	InstanceID      types.String         `tfsdk:"instance_id"`
	Name            types.String         `tfsdk:"name"`
	Status          types.Set            `tfsdk:"status"`
	ResourceGroupID types.String         `tfsdk:"resource_group_id"`
	Tags            types.Map            `tfsdk:"tags"`
	Groups          []snapshotGroupModel `tfsdk:"groups"`
}

type snapshotGroupModel struct {
	groupFields
	InstanceID     types.String               `tfsdk:"instance_id"`
	ProgressStatus types.String               `tfsdk:"progress_status"`
	Tags           types.Map                  `tfsdk:"tags"`
	Snapshots      []snapshotGroupMemberModel `tfsdk:"snapshots"`
}

type snapshotGroupMemberModel struct {
	SnapshotID                 types.String `tfsdk:"snapshot_id"`
	DiskID                     types.String `tfsdk:"disk_id"`
	DiskType                   types.String `tfsdk:"disk_type"`
	Progress                   types.Int64  `tfsdk:"progress"`
	Available                  types.Bool   `tfsdk:"available"`
	InstantAccess              types.Bool   `tfsdk:"instant_access"`
	InstantAccessRetentionDays types.Int64  `tfsdk:"instant_access_retention_days"`
	Tags                       types.Map    `tfsdk:"tags"`
}

func (d *snapshotGroupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.Ready(&resp.Diagnostics) {
		return
	}
	var m snapshotGroupsModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, diags := expandSnapshotGroupsInput(ctx, m)
	nameRegex := plural.ExpandNameRegex(m.NameRegex, &diags)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := plural.Find(ctx, in.SnapshotGroupIDs, "DescribeSnapshotGroups", func() ([]ecsclient.SnapshotGroup, error) {
		return d.Meta().HomeECS().DescribeSnapshotGroups(ctx, in)
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot list snapshot groups", client.Failure{Doing: "Listing snapshot groups", Region: d.Meta().Region()}.Explain(err))
		return
	}
	selected := groupKeys.Select(found, nil, nameRegex)
	groupKeys.SortByID(selected)
	m.ID, diags = plural.QueryID(d.Meta().HomeECS().Region(), snapshotGroupsQuery{in, m.NameRegex.ValueString()})
	resp.Diagnostics.Append(diags...)
	m.Groups = make([]snapshotGroupModel, len(selected))
	for i, g := range selected {
		m.Groups[i] = flattenSnapshotGroupItem(g, d.Meta().TagsConfig().Ignore)
	}
	groupKeys.Found(&m.Model, selected)
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
}

// snapshotGroupsQuery is what a read asks, for the query ID: the API input and the client-side name_regex.
type snapshotGroupsQuery struct {
	Input     ecsclient.DescribeSnapshotGroupsInput
	NameRegex string
}

var groupKeys = plural.Keys[ecsclient.SnapshotGroup]{
	ID:   func(g ecsclient.SnapshotGroup) string { return g.SnapshotGroupID },
	Name: func(g ecsclient.SnapshotGroup) string { return g.Name },
}

func expandSnapshotGroupsInput(ctx context.Context, m snapshotGroupsModel) (ecsclient.DescribeSnapshotGroupsInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := ecsclient.DescribeSnapshotGroupsInput{
		InstanceID:      m.InstanceID.ValueString(),
		Name:            m.Name.ValueString(),
		ResourceGroupID: m.ResourceGroupID.ValueString(),
		Statuses:        expandStrings(ctx, m.Status, &diags),
	}
	var d diag.Diagnostics
	in.Tags, d = tags.Expand(ctx, m.Tags)
	diags.Append(d...)
	in.SnapshotGroupIDs = plural.ExpandIDSet(ctx, m.IDs, &diags)
	return in, diags
}

// flattenSnapshotGroupItem maps one group field by field; ignore hides the provider's ignore_tags keys.
func flattenSnapshotGroupItem(g ecsclient.SnapshotGroup, ignore tags.IgnoreConfig) snapshotGroupModel {
	members := sortedMembers(&g)
	out := snapshotGroupModel{
		InstanceID:     flex.StringOrNull(g.InstanceID),
		ProgressStatus: flex.StringOrNull(g.ProgressStatus),
		Tags:           tags.Flatten(ignore.Filter(tags.WithoutSystem(g.Tags))),
		Snapshots:      make([]snapshotGroupMemberModel, len(members)),
	}
	out.flatten(&g)
	for i, s := range members {
		out.Snapshots[i] = snapshotGroupMemberModel{
			SnapshotID:                 types.StringValue(s.SnapshotID),
			DiskID:                     types.StringValue(s.SourceDiskID),
			DiskType:                   types.StringValue(s.SourceDiskType),
			Progress:                   types.Int64Value(int64(s.Progress)),
			Available:                  types.BoolValue(s.Available),
			InstantAccess:              types.BoolValue(s.InstantAccess),
			InstantAccessRetentionDays: flex.PositiveOrNull(s.InstantAccessRetentionDays),
			Tags:                       tags.Flatten(ignore.Filter(s.Tags)),
		}
	}
	return out
}
