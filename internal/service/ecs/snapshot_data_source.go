package ecs

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/plural"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
)

var (
	_ datasource.DataSource                     = (*snapshotDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*snapshotDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*snapshotDataSource)(nil)
)

// snapshotDataSource is aliecs_snapshot: one snapshot, by ID or by the filters of aliecs_snapshots, as
// terraform-provider-aws's aws_ebs_snapshot finds one EBS snapshot.
type snapshotDataSource struct {
	framework.DataSourceWithConfigure
}

// NewSnapshotDataSource returns the aliecs_snapshot data source.
func NewSnapshotDataSource() datasource.DataSource {
	return &snapshotDataSource{}
}

func (d *snapshotDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = snapshotDataSourceSchema()
}

func (d *snapshotDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{creationWindowValidator}
}

func (d *snapshotDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.Ready(&resp.Diagnostics) {
		return
	}
	var m snapshotDataSourceModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, diags := findSnapshotForDataSource(ctx, d.Meta(), m)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	// The provider's ignore_tags hide keys here as in aliecs_snapshots (hideIgnoredTags); default_tags do not apply.
	s.Tags = d.Meta().TagsConfig().Ignore.Filter(s.Tags)
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, flattenSnapshotDataSource(s, m))...)
}

// snapshotFilterArguments are the arguments of aliecs_snapshots that select snapshots, which this data source
// takes with the same rules (dry_run is left out: a dry run finds nothing, which here is an error). The order is
// the one error messages list them in.
var snapshotFilterArguments = []string{
	"instance_id", "disk_id", "snapshot_link_id", "ids", "snapshot_name", "status", "snapshot_type", "usage",
	"source_disk_type", "encrypted", "resource_group_id", "kms_key_id", "category", "tags",
	"creation_start_time", "creation_end_time", "name_regex", "most_recent",
}

// snapshotFilterResults are the filters that are also fields of a snapshot: after reading they hold the
// snapshot's value, under the name the aliecs_snapshot resource gives it, and what they are as results.
var snapshotFilterResults = map[string]string{
	"disk_id": "ID of the source disk, as `source_disk_id` (the `disk_id` of the `aliecs_snapshot` resource).",
}

const snapshotDataSourceDescription = "Reads one ECS disk snapshot of the provider's region: by `id`, or by the filters of " +
	"`aliecs_snapshots`, with `most_recent` to take the newest when several match. Finding no snapshot is an error, " +
	"and so is finding several without `most_recent`. Its attributes are every field of the snapshot, with the names " +
	"and values of the elements of `aliecs_snapshots` and of the `aliecs_snapshot` resource (a value the API leaves empty is null)."

func snapshotDataSourceSchema() schema.Schema {
	filters := snapshotsDataSourceSchema().Attributes
	fields := snapshotAttributes()
	attrs := make(map[string]schema.Attribute, len(filters)+len(fields))
	for name, a := range fields {
		attrs[name] = a
	}
	for _, name := range snapshotFilterArguments {
		a := filters[name]
		result, isField := fields[name]
		resultDescription, named := snapshotFilterResults[name]
		switch {
		case isField:
			attrs[name] = filterAndResult(a, result.GetDescription())
		case named:
			attrs[name] = filterAndResult(a, resultDescription)
		default:
			attrs[name] = a
		}
	}

	// What aliecs_snapshots says of these describes a list of results; here they describe picking one.
	attrs["ids"] = withDescription(filters["ids"], "Only snapshots with these IDs (`SnapshotIds`), as in `aliecs_snapshots`; "+
		"with `most_recent`, the newest of them. An empty list matches no snapshot (an error here). Cannot be used with `id`.")
	attrs["most_recent"] = withDescription(filters["most_recent"], "When several snapshots match, take the newest "+
		"(latest `creation_time`; within the same second, the one the API lists first) instead of failing. "+
		"Applied after `name_regex`, on the client side, as in `aliecs_snapshots`.")
	idDescription := "As an argument, the ID of the snapshot to read (`SnapshotId`), " + validate.SnapshotID.Form() +
		". With no API filter (`name_regex` and `most_recent` may be set), the lookup shares its DescribeSnapshots call " +
		"with the other reads of the moment; with filters, the snapshot must match them too. After reading, the ID of " +
		"the snapshot found, as `snapshot_id`, however it was found."
	attrs["id"] = schema.StringAttribute{
		Optional: true, Computed: true,
		Description: schemas.Plain(idDescription), MarkdownDescription: idDescription,
		Validators: []validator.String{
			validate.SnapshotID.String(),
			stringvalidator.ConflictsWith(path.MatchRoot("ids")),
		},
	}
	return schema.Schema{
		Description:         schemas.Plain(snapshotDataSourceDescription),
		MarkdownDescription: snapshotDataSourceDescription,
		Attributes:          attrs,
	}
}

// filterAndResult turns a filter of aliecs_snapshots into an argument that holds the snapshot's value after
// reading. Types the filters do not use are returned unchanged; a test checks that every such attribute is
// computed.
func filterAndResult(a schema.Attribute, result string) schema.Attribute {
	filter := a.GetMarkdownDescription()
	if filter == "" {
		filter = a.GetDescription()
	}
	desc := "As an argument: " + filter + " After reading: " + result
	switch a := a.(type) {
	case schema.StringAttribute:
		a.Computed, a.Description, a.MarkdownDescription = true, schemas.Plain(desc), desc
		return a
	case schema.BoolAttribute:
		a.Computed, a.Description, a.MarkdownDescription = true, schemas.Plain(desc), desc
		return a
	case schema.MapAttribute:
		a.Computed, a.Description, a.MarkdownDescription = true, schemas.Plain(desc), desc
		return a
	}
	return a
}

// withDescription replaces the description of a filter of aliecs_snapshots, keeping its type and validators.
// Any Computed flag is dropped: these are arguments only.
func withDescription(a schema.Attribute, desc string) schema.Attribute {
	switch a := a.(type) {
	case schema.ListAttribute:
		a.Computed, a.Description, a.MarkdownDescription = false, schemas.Plain(desc), desc
		return a
	case schema.BoolAttribute:
		a.Computed, a.Description, a.MarkdownDescription = false, schemas.Plain(desc), desc
		return a
	}
	return a
}

// snapshotDataSourceModel is the whole aliecs_snapshot object: the arguments that are not fields of a snapshot,
// disk_id, and an element of aliecs_snapshots, whose filters (snapshotFilterArguments) are arguments too.
type snapshotDataSourceModel struct {
	InstanceID        types.String `tfsdk:"instance_id"`
	IDs               types.List   `tfsdk:"ids"`
	CreationStartTime types.String `tfsdk:"creation_start_time"`
	CreationEndTime   types.String `tfsdk:"creation_end_time"`
	NameRegex         types.String `tfsdk:"name_regex"`
	MostRecent        types.Bool   `tfsdk:"most_recent"`
	DiskID            types.String `tfsdk:"disk_id"`
	snapshotModel
}

// filters is the configuration as aliecs_snapshots' model, so that its expand code reads the filters.
func (m snapshotDataSourceModel) filters() snapshotsDataSourceModel {
	return snapshotsDataSourceModel{
		Model: plural.Model{ID: types.StringNull(), IDs: m.IDs, NameRegex: m.NameRegex,
			Names: types.ListNull(types.StringType), TotalCount: types.Int64Null()},
		InstanceID:        m.InstanceID,
		DiskID:            m.DiskID,
		SnapshotLinkID:    m.SnapshotLinkID,
		SnapshotName:      m.SnapshotName,
		Status:            m.Status,
		SnapshotType:      m.SnapshotType,
		Usage:             m.Usage,
		SourceDiskType:    m.SourceDiskType,
		Encrypted:         m.Encrypted,
		ResourceGroupID:   m.ResourceGroupID,
		KMSKeyID:          m.KMSKeyID,
		Category:          m.Category,
		Tags:              m.Tags,
		CreationStartTime: m.CreationStartTime,
		CreationEndTime:   m.CreationEndTime,
		DryRun:            types.BoolNull(),
		MostRecent:        m.MostRecent,
	}
}

// arguments are the configured arguments (null ones left out), in snapshotFilterArguments' order after id.
func (m snapshotDataSourceModel) arguments() []namedValue {
	all := []namedValue{
		{"id", m.ID}, {"instance_id", m.InstanceID}, {"disk_id", m.DiskID}, {"snapshot_link_id", m.SnapshotLinkID},
		{"ids", m.IDs}, {"snapshot_name", m.SnapshotName}, {"status", m.Status}, {"snapshot_type", m.SnapshotType},
		{"usage", m.Usage}, {"source_disk_type", m.SourceDiskType}, {"encrypted", m.Encrypted},
		{"resource_group_id", m.ResourceGroupID}, {"kms_key_id", m.KMSKeyID}, {"category", m.Category}, {"tags", m.Tags},
		{"creation_start_time", m.CreationStartTime}, {"creation_end_time", m.CreationEndTime},
		{"name_regex", m.NameRegex}, {"most_recent", m.MostRecent},
	}
	var set []namedValue
	for _, a := range all {
		if !a.value.IsNull() {
			set = append(set, a)
		}
	}
	return set
}

type namedValue struct {
	name  string
	value attr.Value
}

// clientSideArguments are applied to what the API answers; every other argument but id is sent with the call.
var clientSideArguments = map[string]bool{"id": true, "name_regex": true, "most_recent": true}

// findSnapshotForDataSource is the one snapshot the configuration selects, or an error that says why there is
// none: nothing matches, or several do without most_recent.
func findSnapshotForDataSource(ctx context.Context, conn *conns.Client, m snapshotDataSourceModel) (ecsclient.Snapshot, diag.Diagnostics) {
	var diags diag.Diagnostics
	var nameRegex *regexp.Regexp
	if !m.NameRegex.IsNull() {
		var err error
		if nameRegex, err = regexp.Compile(m.NameRegex.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("name_regex"), "Invalid name_regex", err.Error())
			return ecsclient.Snapshot{}, diags
		}
	}
	args := m.arguments()
	apiFilters := false
	for _, a := range args {
		apiFilters = apiFilters || !clientSideArguments[a.name]
	}

	var found []ecsclient.Snapshot
	if id := m.ID.ValueString(); id != "" && !apiFilters {
		// A lookup by ID alone joins the batched lookups of the resources: a configuration reading many
		// snapshots by ID makes one call per 100 of them. Slack 0: a user is waiting on this read.
		s, ok, err := snapshotsByID.Get(ctx, conn, "", id, 0)
		if err != nil {
			diags.AddError("Cannot read snapshot "+id, client.Failure{Doing: "Reading snapshot " + id, Region: conn.Region(),
				Subject: "snapshot " + id}.Explain(err))
			return ecsclient.Snapshot{}, diags
		}
		if ok {
			found = []ecsclient.Snapshot{s}
		}
	} else {
		in, expandDiags := expandSnapshotsFilter(ctx, m.filters())
		diags.Append(expandDiags...)
		if diags.HasError() {
			return ecsclient.Snapshot{}, diags
		}
		if id != "" {
			in.SnapshotIDs = []string{id}
		}
		var err error
		if found, err = listSnapshots(ctx, conn.HomeECS(), in); err != nil {
			diags.AddError("Cannot list snapshots", client.Failure{Doing: "Listing snapshots", Region: conn.Region()}.Explain(err))
			return ecsclient.Snapshot{}, diags
		}
	}

	mostRecent := m.MostRecent.ValueBool()
	matches := selectSnapshots(found, nameRegex, false)
	tflog.Debug(ctx, "aliecs_snapshot read", map[string]any{"returned": len(found), "matching": len(matches)})
	switch {
	case len(matches) == 0:
		diags.AddError("No snapshot found", noSnapshotMatches(conn.Region(), args))
		return ecsclient.Snapshot{}, diags
	case len(matches) > 1 && !mostRecent:
		diags.AddError("Several snapshots found", severalSnapshotsMatch(conn.Region(), args, matches))
		return ecsclient.Snapshot{}, diags
	case len(matches) > 1:
		// most_recent's pick is aliecs_snapshots' pick, whatever rule that follows.
		matches = selectSnapshots(found, nameRegex, true)
	}
	return matches[0], diags
}

// describeArguments renders the configured arguments as HCL-like `name = value` pairs.
func describeArguments(args []namedValue) string {
	const maxListed = 5
	parts := make([]string, 0, len(args))
	for _, a := range args {
		v := a.value.String()
		if l, ok := a.value.(types.List); ok && len(l.Elements()) > maxListed {
			v = fmt.Sprintf("[%d IDs]", len(l.Elements()))
		}
		parts = append(parts, a.name+" = "+v)
	}
	return strings.Join(parts, ", ")
}

func noSnapshotMatches(region string, args []namedValue) string {
	if len(args) == 0 {
		return "There is no snapshot in region " + region + "."
	}
	return fmt.Sprintf("No snapshot in region %s matches %s. A snapshot is looked for in the provider's region only; "+
		"aliecs_snapshots with the same filters lists what they match without failing.", region, describeArguments(args))
}

func severalSnapshotsMatch(region string, args []namedValue, matches []ecsclient.Snapshot) string {
	const maxListed = 5
	ids := make([]string, 0, maxListed)
	for _, s := range matches[:min(len(matches), maxListed)] {
		ids = append(ids, s.SnapshotID)
	}
	listed := strings.Join(ids, ", ")
	if len(matches) > maxListed {
		listed += fmt.Sprintf(" and %d more", len(matches)-maxListed)
	}
	what := "match " + describeArguments(args)
	if len(args) == 0 {
		what = "exist and no filter is set"
	}
	return fmt.Sprintf("%d snapshots in region %s %s (newest first: %s), and aliecs_snapshot reads one. "+
		"Set most_recent = true to take the newest, or narrow the filters (id, snapshot_name, name_regex, tags...) "+
		"until one snapshot matches.", len(matches), region, what, listed)
}

// flattenSnapshotDataSource is the state: the configured arguments that are not fields of a snapshot as
// given, every field as aliecs_snapshots' elements show it (flattenSnapshot), and disk_id as the resource's.
// The tags are what those elements show too (system tags left out); the provider's ignore_tags are applied
// by Read before, since a lookup by id alone comes from snapshotsByID, not through a data source's
// own ECS client.
func flattenSnapshotDataSource(s ecsclient.Snapshot, config snapshotDataSourceModel) snapshotDataSourceModel {
	m := config
	m.snapshotModel = flattenSnapshot(s)
	m.DiskID = m.SourceDiskID
	return m
}
