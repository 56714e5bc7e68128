package ecs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/flex"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
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
	policy := map[string]schema.Attribute{
		"id":            str("ID of the policy (`AutoSnapshotPolicyId`)."),
		"name":          str("Name of the policy; null when it has none (as in the `aliecs_auto_snapshot_policy` resource)."),
		"region_id":     str("Region of the policy."),
		"creation_time": str("When the policy was created, RFC 3339 in UTC; null if the API gave none."),
		"time_points":   nums("Hours (0 to 23, UTC+8) at which automatic snapshots are taken, in ascending order."),
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
		"tags": schema.MapAttribute{ElementType: types.StringType, Computed: true,
			Description: "Tags of the policy; an empty map when it has none. System tags (`acs:`, `aliyun` keys) and the keys " +
				"of the provider's `ignore_tags` are left out, as in the resource."},
		"resource_group_id": str("Resource group of the policy; null when the API reports none."),
		"association_type":  str("`AssociatedWithDisk` or `AssociatedWithInstanceTag`."),
		"target_tags": schema.MapAttribute{ElementType: types.StringType, Computed: true,
			Description: "Instance tags that select the disks of an `AssociatedWithInstanceTag` policy; an empty map otherwise."},
	}
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		Description: autoSnapshotPoliciesDescription, MarkdownDescription: autoSnapshotPoliciesDescription,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				Description: "A hash of the region and of every argument: the same query always has the same ID."},
			"auto_snapshot_policy_id": schema.StringAttribute{Optional: true, Validators: []validator.String{validate.AutoSnapshotPolicyID.String()},
				Description: "Only the policy with this ID (`AutoSnapshotPolicyId`)."},
			"name": schema.StringAttribute{Optional: true, Validators: nonEmpty,
				Description: "Only policies with exactly this name (`AutoSnapshotPolicyName`). See also `name_regex`."},
			"resource_group_id": schema.StringAttribute{Optional: true, Validators: nonEmpty,
				Description: "Only policies in this resource group (`ResourceGroupId`)."},
			"tags": schema.MapAttribute{ElementType: types.StringType, Optional: true, Validators: tags.MapValidators(),
				Description: "Only policies carrying all these tags (`Tag.N.Key`/`Tag.N.Value`), at most 20, with the rules of " +
					"resource tags. The filter reaches the API unchanged, so a key of the provider's `ignore_tags` can select policies."},
			"ids": schema.ListAttribute{ElementType: types.StringType, Optional: true, Computed: true,
				Validators: []validator.List{listvalidator.ValueStringsAre(validate.AutoSnapshotPolicyID.String())},
				Description: "As an argument, only policies with these IDs (client side; one ID is sent as `AutoSnapshotPolicyId`). " +
					"An empty list matches no policy and makes no call; leave it unset for no restriction. After reading, the IDs " +
					"of the policies found, in the order of `policies`."},
			"name_regex": schema.StringAttribute{Optional: true, Validators: []validator.String{regexpValidator},
				Description: "Client side: only policies whose name matches this regular expression (Go RE2 syntax, unanchored)."},
			"names": schema.ListAttribute{ElementType: types.StringType, Computed: true,
				Description: "The names of the policies found, in the order of `policies`."},
			"total_count": schema.Int64Attribute{Computed: true, Description: "The number of policies found."},
			"policies": schema.ListNestedAttribute{Computed: true,
				Description:  "The policies found, in ascending order of ID (the API documents no order).",
				NestedObject: schema.NestedAttributeObject{Attributes: policy}},
		},
	}
}

type autoSnapshotPoliciesModel struct {
	ID              types.String  `tfsdk:"id"`
	PolicyID        types.String  `tfsdk:"auto_snapshot_policy_id"`
	Name            types.String  `tfsdk:"name"`
	ResourceGroupID types.String  `tfsdk:"resource_group_id"`
	Tags            types.Map     `tfsdk:"tags"`
	IDs             types.List    `tfsdk:"ids"`
	NameRegex       types.String  `tfsdk:"name_regex"`
	Names           types.List    `tfsdk:"names"`
	TotalCount      types.Int64   `tfsdk:"total_count"`
	Policies        []policyModel `tfsdk:"policies"`
}

// policyModel is one element of policies: every field of DescribeAutoSnapshotPolicyEx's AutoSnapshotPolicy.
type policyModel struct {
	ID                           types.String `tfsdk:"id"`
	Name                         types.String `tfsdk:"name"`
	RegionID                     types.String `tfsdk:"region_id"`
	CreationTime                 types.String `tfsdk:"creation_time"`
	TimePoints                   types.List   `tfsdk:"time_points"`
	RepeatWeekdays               types.List   `tfsdk:"repeat_weekdays"`
	RetentionDays                types.Int64  `tfsdk:"retention_days"`
	DiskNums                     types.Int64  `tfsdk:"disk_nums"`
	VolumeNums                   types.Int64  `tfsdk:"volume_nums"`
	Status                       types.String `tfsdk:"status"`
	Type                         types.String `tfsdk:"type"`
	EnableCrossRegionCopy        types.Bool   `tfsdk:"enable_cross_region_copy"`
	TargetCopyRegions            types.List   `tfsdk:"target_copy_regions"`
	CopiedSnapshotsRetentionDays types.Int64  `tfsdk:"copied_snapshots_retention_days"`
	CopyEncrypted                types.Bool   `tfsdk:"copy_encrypted"`
	CopyKMSKeyID                 types.String `tfsdk:"copy_kms_key_id"`
	Tags                         types.Map    `tfsdk:"tags"`
	ResourceGroupID              types.String `tfsdk:"resource_group_id"`
	AssociationType              types.String `tfsdk:"association_type"`
	TargetTags                   types.Map    `tfsdk:"target_tags"`
}

func (d *autoSnapshotPoliciesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.Ready(&resp.Diagnostics) {
		return
	}
	var m autoSnapshotPoliciesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	q, diags := expandPoliciesQuery(ctx, m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var found []ecsclient.AutoSnapshotPolicy
	if q.ids == nil || len(q.ids) > 0 {
		var err error
		if found, err = d.Meta().HomeECS().DescribeAutoSnapshotPolicies(ctx, q.in); err != nil {
			resp.Diagnostics.AddError("Cannot list automatic snapshot policies", err.Error())
			return
		}
	} else {
		tflog.Debug(ctx, "ids is an empty list: no policy can match, DescribeAutoSnapshotPolicyEx not called")
	}
	selected := selectPolicies(found, q.ids, q.nameRegex)
	id, err := policiesQueryID(d.Meta().HomeECS().Region(), q)
	if err != nil {
		resp.Diagnostics.AddError("Cannot compute the data source ID", err.Error())
		return
	}
	m.ID = types.StringValue(id)
	m.Policies = make([]policyModel, len(selected))
	ids := make([]attr.Value, len(selected))
	names := make([]attr.Value, len(selected))
	for i := range selected {
		m.Policies[i] = flattenPolicy(selected[i], d.Meta().TagsConfig().Ignore)
		ids[i] = types.StringValue(selected[i].ID)
		names[i] = types.StringValue(selected[i].Name)
	}
	m.IDs = types.ListValueMust(types.StringType, ids)
	m.Names = types.ListValueMust(types.StringType, names)
	m.TotalCount = types.Int64Value(int64(len(selected)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// policiesQuery is what a read asks: the API's filters and the client-side ones.
type policiesQuery struct {
	in        ecsclient.DescribeAutoSnapshotPoliciesInput
	ids       []string // nil: no restriction; empty: nothing matches
	nameRegex *regexp.Regexp
	regex     string
}

func expandPoliciesQuery(ctx context.Context, m autoSnapshotPoliciesModel) (policiesQuery, diag.Diagnostics) {
	var diags diag.Diagnostics
	q := policiesQuery{in: ecsclient.DescribeAutoSnapshotPoliciesInput{
		PolicyID:        m.PolicyID.ValueString(),
		PolicyName:      m.Name.ValueString(),
		ResourceGroupID: m.ResourceGroupID.ValueString(),
	}}
	q.in.Tags, diags = tags.Expand(ctx, m.Tags)
	if flex.Known(m.IDs) {
		q.ids = make([]string, 0, len(m.IDs.Elements()))
		diags.Append(m.IDs.ElementsAs(ctx, &q.ids, false)...)
		// One ID is the API's own filter; more are selected here, from one listing of the region.
		if len(q.ids) == 1 && q.in.PolicyID == "" {
			q.in.PolicyID = q.ids[0]
		}
	}
	if flex.Known(m.NameRegex) {
		q.regex = m.NameRegex.ValueString()
		re, err := regexp.Compile(q.regex)
		if err != nil {
			diags.AddError("Invalid name_regex", err.Error())
		}
		q.nameRegex = re
	}
	return q, diags
}

// selectPolicies keeps the policies among ids (nil: all) whose name matches re (nil: all), sorted by ID: the
// API documents no order, and a stable order keeps plans that index the list stable.
func selectPolicies(in []ecsclient.AutoSnapshotPolicy, ids []string, re *regexp.Regexp) []ecsclient.AutoSnapshotPolicy {
	out := make([]ecsclient.AutoSnapshotPolicy, 0, len(in))
	for _, p := range in {
		if ids != nil && !slices.Contains(ids, p.ID) {
			continue
		}
		if re != nil && !re.MatchString(p.Name) {
			continue
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b ecsclient.AutoSnapshotPolicy) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return out
}

// policiesQueryID hashes what was asked, not what was found, so the ID does not change when a policy appears.
func policiesQueryID(region string, q policiesQuery) (string, error) {
	ids := slices.Clone(q.ids)
	slices.Sort(ids)
	b, err := json.Marshal(struct {
		Region    string
		Input     ecsclient.DescribeAutoSnapshotPoliciesInput
		IDs       []string
		NameRegex string
	}{region, q.in, ids, q.regex})
	if err != nil {
		return "", fmt.Errorf("encoding the policies query: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8]), nil
}

// flattenPolicy maps one policy field by field; ignore hides the provider's ignore_tags keys, as resources do.
func flattenPolicy(p ecsclient.AutoSnapshotPolicy, ignore tags.IgnoreConfig) policyModel {
	intList := func(vals []int) types.List {
		sorted := slices.Clone(vals)
		slices.Sort(sorted)
		elems := make([]attr.Value, len(sorted))
		for i, v := range sorted {
			elems[i] = types.Int64Value(int64(v))
		}
		return types.ListValueMust(types.Int64Type, elems)
	}
	regions := make([]attr.Value, len(p.TargetCopyRegions))
	for i, r := range p.TargetCopyRegions {
		regions[i] = types.StringValue(r)
	}
	association := p.AssociationType
	if association == "" {
		association = associationDisk
	}
	return policyModel{
		ID:                           types.StringValue(p.ID),
		Name:                         flex.StringOrNull(p.Name),
		RegionID:                     types.StringValue(p.RegionID),
		CreationTime:                 flex.Time(p.CreationTime),
		TimePoints:                   intList(p.TimePoints),
		RepeatWeekdays:               intList(p.RepeatWeekdays),
		RetentionDays:                types.Int64Value(int64(p.RetentionDays)),
		DiskNums:                     types.Int64Value(int64(p.DiskNums)),
		VolumeNums:                   types.Int64Value(int64(p.VolumeNums)),
		Status:                       types.StringValue(p.Status),
		Type:                         types.StringValue(p.Type),
		EnableCrossRegionCopy:        types.BoolValue(p.EnableCrossRegionCopy),
		TargetCopyRegions:            types.ListValueMust(types.StringType, regions),
		CopiedSnapshotsRetentionDays: types.Int64Value(int64(p.CopiedSnapshotsRetentionDays)),
		CopyEncrypted:                types.BoolValue(p.CopyEncrypted),
		CopyKMSKeyID:                 flex.StringOrNull(p.CopyKMSKeyID),
		Tags:                         tags.Flatten(ignore.Filter(tags.WithoutSystem(p.Tags))),
		ResourceGroupID:              flex.StringOrNull(p.ResourceGroupID),
		AssociationType:              types.StringValue(association),
		TargetTags:                   tags.Flatten(p.TargetTags),
	}
}
