package ecs

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/flex"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/plural"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
)

var (
	_ datasource.DataSource                     = (*snapshotsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*snapshotsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*snapshotsDataSource)(nil)
)

// snapshotsDataSource is aliecs_snapshots.
type snapshotsDataSource struct {
	framework.DataSourceWithConfigure
}

// NewSnapshotsDataSource returns the aliecs_snapshots data source.
func NewSnapshotsDataSource() datasource.DataSource {
	return &snapshotsDataSource{}
}

func (d *snapshotsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = snapshotsDataSourceSchema()
}

func (d *snapshotsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{creationWindowValidator}
}

func (d *snapshotsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.Ready(&resp.Diagnostics) {
		return
	}
	state, diags := readSnapshots(ctx, hideIgnoredTags(d.Meta().HomeECS(), d.Meta().TagsConfig().Ignore), req.Config)
	resp.Diagnostics.Append(diags...)
	resp.State.Raw = state
}

// readSnapshots lists the snapshots the configuration asks for through client and returns the whole state.
// The list is written without the framework's reflection (setSnapshotsList), which is what keeps a read of
// 10,000 snapshots within its memory target. With errors, the state is the configuration unchanged, as the
// framework leaves it when Read fails.
func readSnapshots(ctx context.Context, conn ecsclient.Client, config tfsdk.Config) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	var m snapshotsDataSourceModel
	diags.Append(framework.Get(ctx, config, &m)...)
	if diags.HasError() {
		return config.Raw, diags
	}
	in, expandDiags := expandSnapshotsFilter(ctx, m)
	diags.Append(expandDiags...)
	nameRegex := plural.ExpandNameRegex(m.NameRegex, &diags)
	if diags.HasError() {
		return config.Raw, diags
	}

	found, err := listSnapshots(ctx, conn, in)
	switch {
	case err != nil && in.DryRun && client.IsDryRunOK(err):
		tflog.Info(ctx, "DescribeSnapshots dry run passed; the result is empty by design")
		found = nil
	case err != nil:
		diags.AddError("Cannot list snapshots", client.Failure{Doing: "Listing snapshots", Region: conn.Region()}.Explain(err))
		return config.Raw, diags
	}

	selected := selectSnapshots(found, nameRegex, m.MostRecent.ValueBool())
	snapshotKeys.Found(&m.Model, selected)
	m.Snapshots = []snapshotModel{} // written below by setSnapshotsList, without the framework's reflection
	var idDiags diag.Diagnostics
	m.ID, idDiags = plural.QueryID(conn.Region(), snapshotsQuery{in, m.NameRegex.ValueString(), m.MostRecent.ValueBool()})
	if diags.Append(idDiags...); diags.HasError() {
		return config.Raw, diags
	}
	tflog.Debug(ctx, "aliecs_snapshots read", map[string]any{"returned": len(found), "selected": len(selected)})
	state := tfsdk.State(config) // the framework starts the state from the configuration too
	diags.Append(framework.SetState(ctx, &state, &m)...)
	if diags.HasError() {
		return config.Raw, diags
	}
	if err := setSnapshotsList(ctx, &state, selected); err != nil {
		diags.AddError("Cannot write the snapshots found", fmt.Sprintf("%s. This is a bug in the provider.", err))
		return config.Raw, diags
	}
	return state.Raw, diags
}

// snapshotsQuery is what a read asks, for the query ID: the API input and the client-side arguments.
type snapshotsQuery struct {
	Input      ecsclient.DescribeSnapshotsInput
	NameRegex  string
	MostRecent bool
}

var snapshotKeys = plural.Keys[ecsclient.Snapshot]{
	ID:   func(s ecsclient.Snapshot) string { return s.SnapshotID },
	Name: func(s ecsclient.Snapshot) string { return s.SnapshotName },
}

// Values the API documents for each enumerated filter.
var (
	snapshotStatusFilterValues = []string{"progressing", "accomplished", "failed", "all"}
	snapshotTypeFilterValues   = []string{"auto", "timer", "user", "all"}
	snapshotUsageFilterValues  = []string{"image", "disk", "image_disk", "none"}
	sourceDiskTypeFilterValues = []string{"system", "data"}
	// The documented spellings; configuration may use any case and is sent in these.
	snapshotCategoryFilterValues = []string{"Standard", "Flash", "archive"}
)

const snapshotsDataSourceDescription = "Lists the ECS disk snapshots of the provider's region that match the given " +
	"filters, with every field the API returns. `name_regex` and `most_recent` then narrow the result on the client side."

// nonEmptyString rejects "" where the API would read an empty filter as no filter at all and return everything.
func nonEmptyString() []validator.String {
	return []validator.String{stringvalidator.LengthAtLeast(1)}
}

func snapshotsDataSourceSchema() schema.Schema {
	return schema.Schema{
		Description:         snapshotsDataSourceDescription,
		MarkdownDescription: snapshotsDataSourceDescription,
		Attributes: plural.Attributes(map[string]schema.Attribute{
			"instance_id": schema.StringAttribute{
				Optional:    true,
				Validators:  nonEmptyString(),
				Description: "Only snapshots of the disks of this instance (`InstanceId`).",
			},
			"disk_id": schema.StringAttribute{
				Optional:    true,
				Validators:  nonEmptyString(),
				Description: "Only snapshots of this disk (`DiskId`).",
			},
			"snapshot_link_id": schema.StringAttribute{
				Optional:   true,
				Validators: nonEmptyString(),
				Description: "Only snapshots of this snapshot chain (`SnapshotLinkId`). The API also takes a JSON array of up to 100 " +
					"chain IDs in this string (`jsonencode([...])`). A chain that does not exist is an error " +
					"(`InvalidSnapshotLinkId.NotFound`), not an empty result.",
			},
			"snapshot_name": schema.StringAttribute{
				Optional:    true,
				Validators:  nonEmptyString(),
				Description: "Only snapshots with exactly this name (`SnapshotName`). See also `name_regex`.",
			},
			"status": schema.StringAttribute{
				Optional:    true,
				Validators:  []validator.String{stringvalidator.OneOf(snapshotStatusFilterValues...)},
				Description: "Only snapshots in this status (`Status`): `progressing`, `accomplished`, `failed` or `all` (the API's default).",
			},
			"snapshot_type": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(snapshotTypeFilterValues...)},
				Description: "Only snapshots of this type (`SnapshotType`): `auto` or `timer` (automatic snapshots), " +
					"`user` (manual snapshots) or `all` (the API's default).",
			},
			"usage": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(snapshotUsageFilterValues...)},
				Description: "Only snapshots used this way (`Usage`): `image` (to create custom images), `disk` (to create disks), " +
					"`image_disk` (both) or `none` (neither).",
			},
			"source_disk_type": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(sourceDiskTypeFilterValues...)},
				Description: "Only snapshots of this kind of disk (`SourceDiskType`): `system` or `data`. " +
					"Any case is accepted (`Data`, `DATA`), as by the API; it is sent in lower case.",
			},
			"encrypted": schema.BoolAttribute{
				Optional: true,
				Description: "Filter on encryption (`Encrypted`), sent only when set: `true` for encrypted snapshots only, " +
					"`false` for unencrypted ones. ECS documents `false` as the parameter's default, so the real service " +
					"may take `false` as no restriction at all; leave it unset to get both.",
			},
			"resource_group_id": schema.StringAttribute{
				Optional:   true,
				Validators: nonEmptyString(),
				Description: "Only snapshots in this resource group (`ResourceGroupId`). The API then returns at most 1,000 " +
					"snapshots, and always includes those of the default resource group.",
			},
			"kms_key_id": schema.StringAttribute{
				Optional:    true,
				Validators:  nonEmptyString(),
				Description: "Only snapshots encrypted with this KMS key (`KMSKeyId`).",
			},
			"category": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(snapshotCategoryFilterValues...)},
				Description: "Only snapshots of this category (`Category`): `Standard`, `Flash` (local snapshots, deprecated by the API) " +
					"or `archive`. Any case is accepted (the API itself answers `standard`); it is sent in the documented spelling.",
			},
			"tags": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				// A tag the API could never have stored can only be a mistake: the resource's rules apply.
				Validators: tags.MapValidators(),
				Description: "Only snapshots carrying all these tags (`Tag.N.Key`/`Tag.N.Value`), at most 20. " +
					"Keys are 1 to 128 characters, may not start with `aliyun` or `acs:` nor contain `http://` or `https://`; " +
					"values are up to 128 characters, may be empty, may not start with `acs:` nor contain `http://` or `https://`. " +
					"With tags the API returns at most 1,000 snapshots.",
			},
			"creation_start_time": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{creationTimeValidator},
				Description: "Only snapshots created at or after this time (`Filter.1`, key `CreationStartTime`). " +
					"Either the API's form `yyyy-MM-ddTHH:mmZ` (`2024-05-01T08:00Z`) or RFC 3339 with any offset " +
					"(`2024-05-01T16:00:00+08:00`); it is converted to UTC, and seconds are dropped because the API takes minutes.",
			},
			"creation_end_time": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{creationTimeValidator},
				Description: "Only snapshots created at or before this time (`Filter.2`, key `CreationEndTime`). " +
					"Same formats and conversion as `creation_start_time`, and not earlier than it.",
			},
			"dry_run": schema.BoolAttribute{
				Optional: true,
				Description: "Only check the request (`DryRun`): credentials, permissions and parameters. A request that passes " +
					"is answered by the API with `DryRunOperation`, which this data source takes as success with an empty result; " +
					"a request that fails is an error as usual.",
			},

			"most_recent": schema.BoolAttribute{
				Optional: true,
				Description: "Client side, after `name_regex`: keep only the newest snapshot, the first of `snapshots` " +
					"(latest `creation_time`; among snapshots created in the same second, the one the API lists first, as it " +
					"lists the newest first). When nothing matches, the result is empty, not an error (as with the alicloud provider).",
			},

			"snapshots": schema.ListNestedAttribute{
				Computed: true,
				Description: "The snapshots found, newest first: by `creation_time`, and within the same second in the API's order (newest first). " +
					"A value the API leaves empty is null, as in the `aliecs_snapshot` resource.",
				NestedObject: snapshotsNestedObject,
				CustomType:   snapshotsListType{basetypes.ListType{ElemType: snapshotsNestedObject.Type()}},
			},
			"total_count": schema.Int64Attribute{
				Computed:    true,
				Description: "The number of snapshots found, after `name_regex` and `most_recent`.",
			},
		}, "snapshots", "snapshots", plural.IDsAttribute("only snapshots with these IDs (`SnapshotIds`); any number may be "+
			"given, more than 100 are asked for in several calls. IDs that do not exist (or that other arguments exclude) "+
			"are left out of the result.", "snapshots", "snapshots", stringvalidator.LengthAtLeast(1))),
	}
}

// snapshotAttributes describes snapshotModel, one attribute per DescribeSnapshots response field.
func snapshotAttributes() map[string]schema.Attribute {
	str := func(d string) schema.Attribute { return schema.StringAttribute{Computed: true, Description: d} }
	num := func(d string) schema.Attribute { return schema.Int64Attribute{Computed: true, Description: d} }
	boolean := func(d string) schema.Attribute { return schema.BoolAttribute{Computed: true, Description: d} }
	return map[string]schema.Attribute{
		"id":     str("The snapshot ID, as `snapshot_id`."),
		"status": str("`progressing`, `accomplished` or `failed`."),
		"creation_time": str("When the snapshot was created, RFC 3339 in UTC (`2024-05-01T08:00:00Z`); " +
			"null if the API gave none."),
		"progress":       num("How far creation has gone, in percent (the API's `NN%` as a number)."),
		"instant_access": boolean("Whether instant access is enabled (deprecated by the API)."),
		"available":      boolean("Whether the snapshot can be shared and used to create or roll back a disk."),
		"remain_time":    num("Seconds left until creation completes."),
		"source_disk_size": num("Size of the source disk in GiB (a string in the API, " +
			"a number here)."),
		"retention_days":      num("Days the snapshot is kept, counted from its creation; null when it is kept until deleted (as in the `aliecs_snapshot` resource)."),
		"source_disk_type":    str("`system` or `data`, as the API spells it."),
		"source_storage_type": str("Category of the source disk (deprecated by the API); null when the API gives none."),
		"usage":               str("`image`, `disk`, `image_disk` or `none`."),
		"last_modified_time": str("When the snapshot was last modified, RFC 3339 in UTC; " +
			"null if the API gave none."),
		"encrypted":                     boolean("Whether the snapshot is encrypted."),
		"snapshot_type":                 str("`auto` or `timer` (automatic) or `user` (manual)."),
		"source_disk_id":                str("ID of the source disk, kept after the disk is released."),
		"snapshot_name":                 str("Name of the snapshot; null when it has none (as in the `aliecs_snapshot` resource)."),
		"instant_access_retention_days": num("Days instant access stays enabled (deprecated by the API); null when the API reports none (as in the `aliecs_snapshot` resource)."),
		"description":                   str("Description of the snapshot; null when it has none (as in the `aliecs_snapshot` resource)."),
		"snapshot_id":                   str("ID of the snapshot."),
		"region_id":                     str("Region of the snapshot."),
		"resource_group_id":             str("Resource group of the snapshot; null when the API reports none (as in the `aliecs_snapshot` resource)."),
		"category":                      str("`standard`, `flash` or `archive`, in lower case as the API answers it (and as the `aliecs_snapshot` resource shows it)."),
		"kms_key_id":                    str("ID of the KMS key of the source disk; null when the snapshot is not encrypted (as in the `aliecs_snapshot` resource)."),
		"snapshot_sn":                   str("Serial number of the snapshot."),
		"product_code":                  str("Product code of the Alibaba Cloud Marketplace image; null when none."),
		"source_snapshot_id":            str("ID of the snapshot this one was copied from; null when it is not a copy."),
		"source_region_id":              str("Region of the snapshot this one was copied from; null when it is not a copy."),
		"snapshot_link_id":              str("ID of the snapshot chain."),
		"tags": schema.MapAttribute{
			ElementType: types.StringType,
			Computed:    true,
			Description: "Tags of the snapshot; an empty map when it has none. System tags, which the cloud adds with keys " +
				"starting with `acs:` or `aliyun` (`acs:rm:rgId`, say), are left out, as in the `aliecs_snapshot` resource, " +
				"and so are the keys of the provider's `ignore_tags`. The provider's `default_tags` play no part here.",
		},
	}
}

// snapshotsDataSourceModel is the whole aliecs_snapshots object: the API filters, the client-side
// selection, and the results. Field order follows snapshotsDataSourceSchema.
type snapshotsDataSourceModel struct {
	plural.Model // ids: input (SnapshotIds) and output (the IDs found)

	// DescribeSnapshots filters.
	InstanceID        types.String `tfsdk:"instance_id"`
	DiskID            types.String `tfsdk:"disk_id"`
	SnapshotLinkID    types.String `tfsdk:"snapshot_link_id"`
	SnapshotName      types.String `tfsdk:"snapshot_name"`
	Status            types.String `tfsdk:"status"`
	SnapshotType      types.String `tfsdk:"snapshot_type"`
	Usage             types.String `tfsdk:"usage"`
	SourceDiskType    types.String `tfsdk:"source_disk_type"`
	Encrypted         types.Bool   `tfsdk:"encrypted"`
	ResourceGroupID   types.String `tfsdk:"resource_group_id"`
	KMSKeyID          types.String `tfsdk:"kms_key_id"`
	Category          types.String `tfsdk:"category"`
	Tags              types.Map    `tfsdk:"tags"`
	CreationStartTime types.String `tfsdk:"creation_start_time"`
	CreationEndTime   types.String `tfsdk:"creation_end_time"`
	DryRun            types.Bool   `tfsdk:"dry_run"`

	MostRecent types.Bool      `tfsdk:"most_recent"` // client side, after name_regex
	Snapshots  []snapshotModel `tfsdk:"snapshots"`
}

// snapshotModel is one element of the snapshots list: every DescribeSnapshots response field
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots), those the
// resources show too under their names and values (snapshotFields, snapshotDiskFields), plus id.
type snapshotModel struct {
	snapshotFields
	snapshotDiskFields
	Available         types.Bool   `tfsdk:"available"`
	RemainTime        types.Int64  `tfsdk:"remain_time"`
	SourceStorageType types.String `tfsdk:"source_storage_type"`
	LastModifiedTime  types.String `tfsdk:"last_modified_time"`
	SourceDiskID      types.String `tfsdk:"source_disk_id"`
	SnapshotID        types.String `tfsdk:"snapshot_id"`
	ProductCode       types.String `tfsdk:"product_code"`
	SourceSnapshotID  types.String `tfsdk:"source_snapshot_id"`
	SourceRegionID    types.String `tfsdk:"source_region_id"`
	Tags              types.Map    `tfsdk:"tags"`
}

// The API's own time format for Filter.N.Value, and RFC 3339 for users who have a full timestamp at hand.
const apiFilterTimeLayout = "2006-01-02T15:04Z"

// parseCreationTime accepts yyyy-MM-ddTHH:mmZ or RFC 3339 and returns the time in UTC, truncated to the
// minute because the API takes no seconds.
func parseCreationTime(s string) (time.Time, error) {
	t, err := time.Parse(apiFilterTimeLayout, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return time.Time{}, fmt.Errorf("%q is neither yyyy-MM-ddTHH:mmZ (2024-05-01T08:00Z) nor RFC 3339 (2024-05-01T16:00:00+08:00)", s)
		}
	}
	t = t.UTC().Truncate(time.Minute)
	// An offset can push 0000-01-01 or 9999-12-31 out of the four-digit years the API's format has.
	if t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("%q is outside the years 0001 to 9999 once converted to UTC", s)
	}
	return t, nil
}

// creationTimeValidator checks creation_start_time / creation_end_time.
var creationTimeValidator = validate.Parses{Rule: "value must be a time as yyyy-MM-ddTHH:mmZ or RFC 3339",
	Check: func(s string) error { _, err := parseCreationTime(s); return err }}

// creationWindowValidator rejects a creation_end_time earlier than creation_start_time, which could only
// ever return nothing.
var creationWindowValidator = validate.TimeOrder{Start: "creation_start_time", End: "creation_end_time", Parse: parseCreationTime,
	Rule: "creation_end_time must not be earlier than creation_start_time", Summary: "Invalid Attribute Combination",
	Detail: func(start, end types.String, s, e time.Time) string {
		return fmt.Sprintf("Attribute creation_end_time (%s, %s UTC) must not be earlier than creation_start_time (%s, %s UTC).",
			end, e.Format(apiFilterTimeLayout), start, s.Format(apiFilterTimeLayout))
	}}

// expandSnapshotsFilter turns the configured filters into the client's input. Null attributes stay zero
// values, which the client does not send.
func expandSnapshotsFilter(ctx context.Context, m snapshotsDataSourceModel) (ecsclient.DescribeSnapshotsInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := ecsclient.DescribeSnapshotsInput{
		InstanceID:      m.InstanceID.ValueString(),
		DiskID:          m.DiskID.ValueString(),
		SnapshotLinkID:  m.SnapshotLinkID.ValueString(),
		SnapshotName:    m.SnapshotName.ValueString(),
		Status:          m.Status.ValueString(),
		SnapshotType:    m.SnapshotType.ValueString(),
		Usage:           m.Usage.ValueString(),
		SourceDiskType:  strings.ToLower(m.SourceDiskType.ValueString()),
		Encrypted:       m.Encrypted.ValueBoolPointer(),
		ResourceGroupID: m.ResourceGroupID.ValueString(),
		KMSKeyID:        m.KMSKeyID.ValueString(),
		Category:        canonicalCategory(m.Category.ValueString()),
		DryRun:          m.DryRun.ValueBool(),
	}
	in.SnapshotIDs = plural.ExpandIDs(ctx, m.IDs, &diags)
	tags, d := tags.Expand(ctx, m.Tags)
	in.Tags = tags
	diags.Append(d...)
	in.CreationStartTime = expandCreationTime(m.CreationStartTime, path.Root("creation_start_time"), &diags)
	in.CreationEndTime = expandCreationTime(m.CreationEndTime, path.Root("creation_end_time"), &diags)
	return in, diags
}

// canonicalCategory maps any case of a documented category to the documented spelling; anything else
// (already refused at plan time) is passed on for the API to judge.
func canonicalCategory(c string) string {
	return flex.DocumentedSpelling(c, snapshotCategoryFilterValues)
}

func expandCreationTime(v types.String, p path.Path, diags *diag.Diagnostics) *time.Time {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	t, err := parseCreationTime(v.ValueString())
	if err != nil {
		diags.AddAttributeError(p, "Invalid Attribute Value", "Attribute "+p.String()+": "+err.Error())
		return nil
	}
	return &t
}

// selectSnapshots applies the client-side arguments to what the API returned and orders the result newest
// first: name_regex (a nil regexp keeps every snapshot), then most_recent. The input is left untouched.
func selectSnapshots(in []ecsclient.Snapshot, nameRegex *regexp.Regexp, mostRecent bool) []ecsclient.Snapshot {
	out := snapshotKeys.Select(in, nil, nameRegex)
	// ECS answers newest first, but more than 100 ids take several calls, each newest first on its own:
	// one sort gives a single order. The sort is stable and looks at creation_time only, because that has
	// whole seconds: among snapshots of the same second only the API knows which is newer, and its order
	// (newest first) is kept. Usually the answer is in order already: checking is linear, sorting only when needed.
	if !slices.IsSortedFunc(out, compareNewestFirst) {
		slices.SortStableFunc(out, compareNewestFirst)
	}
	if mostRecent && len(out) > 1 {
		out = out[:1]
	}
	return out
}

// compareNewestFirst orders by creation time, latest first. Ties are equal, not broken by ID: IDs are random,
// so the greatest ID is no newer than the others, and a stable sort keeps the API's order of a tie.
func compareNewestFirst(a, b ecsclient.Snapshot) int {
	return b.CreationTime.Compare(a.CreationTime)
}

// listSnapshots is DescribeSnapshots for in, with plural.Find's short-cut for ids = []; a dry run is sent all
// the same, since it checks credentials and the other filters.
func listSnapshots(ctx context.Context, conn ecsclient.Client, in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	describe := func() ([]ecsclient.Snapshot, error) { return conn.DescribeSnapshots(ctx, in) }
	if in.DryRun {
		return describe()
	}
	return plural.Find(ctx, in.SnapshotIDs, "DescribeSnapshots", describe)
}

// flattenSnapshot is one element: the fields every model of a snapshot shares, through their one flattener,
// and the rest with the same null rule (a value the API leaves empty is null).
func flattenSnapshot(s ecsclient.Snapshot) snapshotModel {
	str := flex.StringOrNull
	m := snapshotModel{
		Available: types.BoolValue(s.Available), RemainTime: types.Int64Value(int64(s.RemainTime)),
		SourceStorageType: str(s.SourceStorageType), LastModifiedTime: flex.Time(s.LastModifiedTime),
		SourceDiskID: str(s.SourceDiskID), SnapshotID: types.StringValue(s.SnapshotID), ProductCode: str(s.ProductCode),
		SourceSnapshotID: str(s.SourceSnapshotID), SourceRegionID: str(s.SourceRegionID),
		Tags: tags.Flatten(tags.WithoutSystem(s.Tags)),
	}
	m.snapshotFields.flatten(&s)
	m.snapshotDiskFields.flatten(&s)
	return m
}

// The snapshots list is written to the state as terraform values built here rather than by State.Set over
// []snapshotModel: the framework's reflection compiles a regular expression for every field of every element
// (tens of seconds and hundreds of MiB at 10,000 snapshots); this costs one map per element.

// setSnapshotsList replaces the "snapshots" attribute of state (already set from the model) with the snapshots,
// each mapped by flattenSnapshot.
func setSnapshotsList(ctx context.Context, state *tfsdk.State, snapshots []ecsclient.Snapshot) error {
	listType, ok := state.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		return fmt.Errorf("the data source's schema is not an object")
	}
	list, ok := listType.AttributeTypes["snapshots"].(tftypes.List)
	if !ok {
		return fmt.Errorf("the data source's snapshots attribute is not a list")
	}
	elemType, ok := list.ElementType.(tftypes.Object)
	if !ok {
		return fmt.Errorf("the data source's snapshots elements are not objects")
	}
	elems := make([]tftypes.Value, len(snapshots))
	cache := newValueCache()
	for i := range snapshots {
		v, err := flattenSnapshot(snapshots[i]).terraformValue(ctx, elemType, cache, i == 0)
		if err != nil {
			return err
		}
		elems[i] = v
	}
	var attrs map[string]tftypes.Value
	if err := state.Raw.As(&attrs); err != nil {
		return fmt.Errorf("reading the state being written: %w", err)
	}
	attrs["snapshots"] = tftypes.NewValue(list, elems)
	if err := tftypes.ValidateValue(listType, attrs); err != nil {
		return err
	}
	state.Raw = tftypes.NewValue(listType, attrs)
	return nil
}

// terraformValue is the element of the snapshots list; the names are snapshotModel's tfsdk tags (a test compares
// the result with the framework's own conversion of the struct). Every element has the same shape, so only the
// first (validate) is checked against the type before tftypes.NewValue, which would panic on a mismatch.
func (m snapshotModel) terraformValue(ctx context.Context, typ tftypes.Object, cache *valueCache, validate bool) (tftypes.Value, error) {
	fields := [...]struct {
		name string
		v    attr.Value
	}{
		{"id", m.ID}, {"status", m.Status}, {"creation_time", m.CreationTime}, {"progress", m.Progress},
		{"instant_access", m.InstantAccess}, {"available", m.Available}, {"remain_time", m.RemainTime},
		{"source_disk_size", m.SourceDiskSize}, {"retention_days", m.RetentionDays}, {"source_disk_type", m.SourceDiskType},
		{"source_storage_type", m.SourceStorageType}, {"usage", m.Usage}, {"last_modified_time", m.LastModifiedTime},
		{"encrypted", m.Encrypted}, {"snapshot_type", m.SnapshotType}, {"source_disk_id", m.SourceDiskID},
		{"snapshot_name", m.SnapshotName}, {"instant_access_retention_days", m.InstantAccessRetentionDays},
		{"description", m.Description}, {"snapshot_id", m.SnapshotID}, {"region_id", m.RegionID},
		{"resource_group_id", m.ResourceGroupID}, {"category", m.Category}, {"kms_key_id", m.KMSKeyID},
		{"snapshot_sn", m.SnapshotSN}, {"product_code", m.ProductCode}, {"source_snapshot_id", m.SourceSnapshotID},
		{"source_region_id", m.SourceRegionID}, {"snapshot_link_id", m.SnapshotLinkID}, {"tags", m.Tags},
	}
	if len(fields) != len(typ.AttributeTypes) {
		return tftypes.Value{}, fmt.Errorf("snapshot element has %d attributes in the schema, %d in the model", len(typ.AttributeTypes), len(fields))
	}
	vals := make(map[string]tftypes.Value, len(fields))
	for _, f := range fields {
		v, err := cache.value(ctx, f.name, f.v)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("snapshot attribute %s: %w", f.name, err)
		}
		vals[f.name] = v
	}
	if validate {
		if err := tftypes.ValidateValue(typ, vals); err != nil {
			return tftypes.Value{}, err
		}
	}
	return tftypes.NewValue(typ, vals), nil
}

// valueCache shares the terraform values of attributes that repeat from one snapshot to the next (status,
// region, category, disk size, null times...): a tftypes.Value is immutable, so one can stand in many objects,
// which saves an allocation per attribute and element. An attribute whose values do not repeat (IDs, names)
// stops being cached once it has valueCacheSize of them.
type valueCache struct {
	byAttr map[string]map[any]tftypes.Value
}

const valueCacheSize = 64

type nullKey struct{}

func newValueCache() *valueCache { return &valueCache{byAttr: map[string]map[any]tftypes.Value{}} }

func (c *valueCache) value(ctx context.Context, name string, v attr.Value) (tftypes.Value, error) {
	var key any
	switch x := v.(type) {
	case basetypes.StringValue:
		key = x.ValueString()
	case basetypes.Int64Value:
		key = x.ValueInt64()
	case basetypes.BoolValue:
		key = x.ValueBool()
	default: // maps (tags) are not shared
		return v.ToTerraformValue(ctx)
	}
	if v.IsNull() || v.IsUnknown() {
		key = nullKey{}
	}
	known := c.byAttr[name]
	if tv, ok := known[key]; ok {
		return tv, nil
	}
	tv, err := v.ToTerraformValue(ctx)
	if err != nil || v.IsUnknown() {
		return tv, err
	}
	if known == nil {
		known = map[any]tftypes.Value{}
		c.byAttr[name] = known
	}
	if len(known) < valueCacheSize {
		known[key] = tv
	}
	return tv, nil
}

// snapshotsNestedObject is the element of the snapshots list.
var snapshotsNestedObject = schema.NestedAttributeObject{Attributes: snapshotAttributes()}

// snapshotsListType is the type of the snapshots attribute: the list type the framework would use, except that its
// value (snapshotsListValue) holds the terraform value as it is and makes framework objects of it only when asked.
//
// Why: after Read, the framework takes every attribute of the new state as a framework value to compare it with
// the configuration (semantic equality, https://github.com/hashicorp/terraform-plugin-framework/blob/v1.19.0/internal/fwserver/server_readdatasource.go),
// and gives up at once when the configuration's value is null, as it always is for this computed list. With
// types.ListType that value is still built first: one types.Object of 30 attributes per snapshot, about 30 MiB
// for 10,000 snapshots, live while the state and the framework's copy of it are (make bench, scenario 4).
// The wire type, and so the schema and the values Terraform gets, are those of types.ListType.
type snapshotsListType struct{ basetypes.ListType }

var _ basetypes.ListTypable = snapshotsListType{}

func (t snapshotsListType) Equal(o attr.Type) bool {
	other, ok := o.(snapshotsListType)
	return ok && t.ListType.Equal(other.ListType)
}

func (t snapshotsListType) String() string { return "snapshotsListType[" + t.ElemType.String() + "]" }

func (t snapshotsListType) ValueType(context.Context) attr.Value { return snapshotsListValue{typ: t} }

// ValueFromTerraform checks the value's type only: its elements were built for this type, by the framework or
// by setSnapshotsList (which checks one against it), and checking each would cost what this type saves.
func (t snapshotsListType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	return t.value(ctx, in)
}

func (t snapshotsListType) value(ctx context.Context, in tftypes.Value) (snapshotsListValue, error) {
	want := t.TerraformType(ctx)
	if in.Type() == nil {
		return snapshotsListValue{typ: t, raw: tftypes.NewValue(want, nil)}, nil
	}
	if !in.Type().Equal(want) {
		return snapshotsListValue{}, fmt.Errorf("can't use %s as value of %s, expected %s", in.Type(), t, want)
	}
	return snapshotsListValue{typ: t, raw: in}, nil
}

func (t snapshotsListType) ValueFromList(ctx context.Context, l basetypes.ListValue) (basetypes.ListValuable, diag.Diagnostics) {
	var diags diag.Diagnostics
	raw, err := l.ToTerraformValue(ctx)
	if err != nil {
		diags.AddError("Cannot convert the snapshots list", err.Error())
		return nil, diags
	}
	v, err := t.value(ctx, raw)
	if err != nil {
		diags.AddError("Cannot convert the snapshots list", err.Error())
		return nil, diags
	}
	return v, diags
}

// snapshotsListValue is a value of snapshotsListType: the terraform value, converted by ToListValue when a
// framework list is wanted.
type snapshotsListValue struct {
	typ snapshotsListType
	raw tftypes.Value // a zero raw (ValueType) is null
}

var _ basetypes.ListValuable = snapshotsListValue{}

func (v snapshotsListValue) Type(context.Context) attr.Type { return v.typ }

func (v snapshotsListValue) ToTerraformValue(ctx context.Context) (tftypes.Value, error) {
	if v.raw.Type() == nil {
		return tftypes.NewValue(v.typ.TerraformType(ctx), nil), nil
	}
	return v.raw, nil
}

func (v snapshotsListValue) Equal(o attr.Value) bool {
	other, ok := o.(snapshotsListValue)
	if !ok || !v.typ.Equal(other.typ) {
		return false
	}
	a, _ := v.ToTerraformValue(context.Background())
	b, _ := other.ToTerraformValue(context.Background())
	return a.Equal(b)
}

func (v snapshotsListValue) IsNull() bool { return v.raw.Type() == nil || v.raw.IsNull() }

func (v snapshotsListValue) IsUnknown() bool { return v.raw.Type() != nil && !v.raw.IsKnown() }

func (v snapshotsListValue) String() string {
	l, diags := v.ToListValue(context.Background())
	if diags.HasError() {
		return "<invalid snapshots list>"
	}
	return l.String()
}

func (v snapshotsListValue) ToListValue(ctx context.Context) (basetypes.ListValue, diag.Diagnostics) {
	var diags diag.Diagnostics
	raw, _ := v.ToTerraformValue(ctx)
	lv, err := v.typ.ListType.ValueFromTerraform(ctx, raw)
	if err != nil {
		diags.AddError("Cannot convert the snapshots list", err.Error())
		return basetypes.NewListUnknown(v.typ.ElemType), diags
	}
	l, ok := lv.(basetypes.ListValue)
	if !ok {
		diags.AddError("Cannot convert the snapshots list", fmt.Sprintf("got %T", lv))
		return basetypes.NewListUnknown(v.typ.ElemType), diags
	}
	return l, diags
}
