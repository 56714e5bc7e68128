package ecs

import (
	"context"
	"regexp"
	"slices"

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
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
)

var (
	_ datasource.DataSource              = (*autoSnapshotPoliciesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*autoSnapshotPoliciesDataSource)(nil)
)

// autoSnapshotPoliciesDataSource is aliecs_auto_snapshot_policies.
type autoSnapshotPoliciesDataSource struct {
	framework.DataSourceWithConfigure
}

// NewAutoSnapshotPoliciesDataSource returns the aliecs_auto_snapshot_policies data source.
func NewAutoSnapshotPoliciesDataSource() datasource.DataSource {
	return &autoSnapshotPoliciesDataSource{}
}

const autoSnapshotPoliciesDescription = "Lists the automatic snapshot policies of the provider's region that match the " +
	"given filters (every filter of `DescribeAutoSnapshotPolicyEx`, combined with AND; every page is read), with every " +
	"field the API returns. `ids` and `name_regex` then narrow the result on the client side."

func (d *autoSnapshotPoliciesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute { return schema.StringAttribute{Computed: true, Description: desc} }
	num := func(desc string) schema.Attribute { return schema.Int64Attribute{Computed: true, Description: desc} }
	nums := func(desc string) schema.Attribute {
		return schema.ListAttribute{ElementType: types.Int64Type, Computed: true, Description: desc}
	}
	policy := plural.TaggedItem(map[string]schema.Attribute{
		"id":          str("ID of the policy (`AutoSnapshotPolicyId`)."),
		"name":        str("Name of the policy; null when it has none (as in the `aliecs_auto_snapshot_policy` resource)."),
		"region_id":   str("Region of the policy."),
		"time_points": nums("Hours (0 to 23, UTC+8) at which automatic snapshots are taken, in ascending order."),
		"repeat_weekdays": nums("Days of the week (1 = Monday to 7 = Sunday, UTC+8) on which automatic snapshots are " +
			"taken, in ascending order."),
		"retention_days": num("Days automatic snapshots are kept; -1 keeps them until deleted."),
		"disk_nums":      num("Number of disks the policy applies to."),
		"volume_nums":    num("Number of extended volumes the policy applies to."),
		"status":         str("`Normal`, or `Expire` when the account has overdue payments."),
		"type":           str("`Custom` (made by a user) or `System`."),
		"enable_cross_region_copy": schema.BoolAttribute{Computed: true,
			Description: "Whether automatic snapshots are copied to another region."},
		"target_copy_regions": schema.ListAttribute{ElementType: types.StringType, Computed: true,
			Description: "Regions the automatic snapshots are copied to; empty when none."},
		"copied_snapshots_retention_days": num("Days the copies in the other region are kept; -1 keeps them until deleted."),
		"copy_encrypted":                  schema.BoolAttribute{Computed: true, Description: "Whether the copies are encrypted (`CopyEncryptionConfiguration.Encrypted`)."},
		"copy_kms_key_id":                 str("KMS key of the copies (`CopyEncryptionConfiguration.KMSKeyId`); null when none."),
		"association_type":                str("`AssociatedWithDisk` or `AssociatedWithInstanceTag`."),
		"target_tags": schema.MapAttribute{ElementType: types.StringType, Computed: true,
			Description: "Instance tags that select the disks of an `AssociatedWithInstanceTag` policy; an empty map otherwise."},
	}, "policy")
	attrs := plural.Attributes(map[string]schema.Attribute{
		"auto_snapshot_policy_id": schema.StringAttribute{Optional: true, Validators: []validator.String{validate.AutoSnapshotPolicyID.String()},
			Description: "Only the policy with this ID (`AutoSnapshotPolicyId`)."},
		"name": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			Description: "Only policies with exactly this name (`AutoSnapshotPolicyName`). See also `name_regex`."},
		"policies": schema.ListNestedAttribute{Computed: true,
			Description:  "The policies found, in ascending order of ID (the API documents no order).",
			NestedObject: schema.NestedAttributeObject{Attributes: policy}},
	}, "policies", "policies", plural.IDsAttribute("only policies with these IDs (client side; one ID is sent as "+
		"`AutoSnapshotPolicyId`).", "policies", "policies", validate.AutoSnapshotPolicyID.String()))
	resp.Schema = schema.Schema{
		Description: autoSnapshotPoliciesDescription, MarkdownDescription: autoSnapshotPoliciesDescription,
		Attributes: plural.TaggedFilters(attrs, "policies"),
	}
}

type autoSnapshotPoliciesModel struct {
	plural.Model
	PolicyID        types.String  `tfsdk:"auto_snapshot_policy_id"`
	Name            types.String  `tfsdk:"name"`
	ResourceGroupID types.String  `tfsdk:"resource_group_id"`
	Tags            types.Map     `tfsdk:"tags"`
	Policies        []policyModel `tfsdk:"policies"`
}

// policyModel is one element of policies: every field of DescribeAutoSnapshotPolicyEx's AutoSnapshotPolicy.
type policyModel struct {
	policyFields
	TimePoints                   types.List   `tfsdk:"time_points"`
	RepeatWeekdays               types.List   `tfsdk:"repeat_weekdays"`
	TargetCopyRegions            types.List   `tfsdk:"target_copy_regions"`
	CopiedSnapshotsRetentionDays types.Int64  `tfsdk:"copied_snapshots_retention_days"`
	CopyEncrypted                types.Bool   `tfsdk:"copy_encrypted"`
	CopyKMSKeyID                 types.String `tfsdk:"copy_kms_key_id"`
	Tags                         types.Map    `tfsdk:"tags"`
	TargetTags                   types.Map    `tfsdk:"target_tags"`
}

func (d *autoSnapshotPoliciesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.Ready(&resp.Diagnostics) {
		return
	}
	var m autoSnapshotPoliciesModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	q, diags := expandPoliciesQuery(ctx, m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := plural.Find(ctx, q.IDs, "DescribeAutoSnapshotPolicyEx", func() ([]ecsclient.AutoSnapshotPolicy, error) {
		return d.Meta().HomeECS().DescribeAutoSnapshotPolicies(ctx, q.In)
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot list automatic snapshot policies", client.Failure{Doing: "Listing automatic snapshot policies",
			Region: d.Meta().Region()}.Explain(err))
		return
	}
	selected := selectPolicies(found, q.IDs, q.nameRegex)
	m.ID, diags = plural.QueryID(d.Meta().HomeECS().Region(), q)
	resp.Diagnostics.Append(diags...)
	m.Policies = make([]policyModel, len(selected))
	for i := range selected {
		m.Policies[i] = flattenPolicy(selected[i], d.Meta().TagsConfig().Ignore)
	}
	policyKeys.Found(&m.Model, selected)
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
}

// policiesQuery is what a read asks: the API's filters and the client-side ones. The exported fields are the
// query ID's.
type policiesQuery struct {
	In        ecsclient.DescribeAutoSnapshotPoliciesInput
	IDs       []string // nil: no restriction; empty: nothing matches
	NameRegex string
	nameRegex *regexp.Regexp
}

func expandPoliciesQuery(ctx context.Context, m autoSnapshotPoliciesModel) (policiesQuery, diag.Diagnostics) {
	var diags diag.Diagnostics
	q := policiesQuery{In: ecsclient.DescribeAutoSnapshotPoliciesInput{
		PolicyID:        m.PolicyID.ValueString(),
		PolicyName:      m.Name.ValueString(),
		ResourceGroupID: m.ResourceGroupID.ValueString(),
	}}
	q.In.Tags, diags = tags.Expand(ctx, m.Tags)
	// More than one ID is selected here, from one listing of the region.
	q.IDs = plural.ExpandIDSet(ctx, m.IDs, &diags)
	q.In.PolicyID = plural.OneID(q.IDs, q.In.PolicyID)
	q.NameRegex = m.NameRegex.ValueString()
	q.nameRegex = plural.ExpandNameRegex(m.NameRegex, &diags)
	return q, diags
}

var policyKeys = plural.Keys[ecsclient.AutoSnapshotPolicy]{
	ID:   func(p ecsclient.AutoSnapshotPolicy) string { return p.ID },
	Name: func(p ecsclient.AutoSnapshotPolicy) string { return p.Name },
}

// selectPolicies keeps the policies among ids (nil: all) whose name matches re (nil: all), sorted by ID.
func selectPolicies(in []ecsclient.AutoSnapshotPolicy, ids []string, re *regexp.Regexp) []ecsclient.AutoSnapshotPolicy {
	out := policyKeys.Select(in, ids, re)
	policyKeys.SortByID(out)
	return out
}

// flattenPolicy maps one policy field by field; ignore hides the provider's ignore_tags keys, as resources do.
func flattenPolicy(p ecsclient.AutoSnapshotPolicy, ignore tags.IgnoreConfig) policyModel {
	intList := func(vals []int) types.List {
		sorted := slices.Clone(vals)
		slices.Sort(sorted)
		return types.ListValueMust(types.Int64Type, attrValues(sorted, int64Value))
	}
	m := policyModel{
		TimePoints:                   intList(p.TimePoints),
		RepeatWeekdays:               intList(p.RepeatWeekdays),
		TargetCopyRegions:            types.ListValueMust(types.StringType, attrValues(p.TargetCopyRegions, types.StringValue)),
		CopiedSnapshotsRetentionDays: types.Int64Value(int64(p.CopiedSnapshotsRetentionDays)),
		CopyEncrypted:                types.BoolValue(p.CopyEncrypted),
		CopyKMSKeyID:                 flex.StringOrNull(p.CopyKMSKeyID),
		Tags:                         tags.Flatten(ignore.Filter(tags.WithoutSystem(p.Tags))),
		TargetTags:                   tags.Flatten(p.TargetTags),
	}
	m.flatten(&p)
	return m
}
