package ecd

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/flex"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
	"github.com/aliecs/terraform-provider-aliecs/internal/plural"
	"github.com/aliecs/terraform-provider-aliecs/internal/schemas"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
)

var (
	_ datasource.DataSource                     = (*desktopSnapshotsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*desktopSnapshotsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*desktopSnapshotsDataSource)(nil)
)

type desktopSnapshotsDataSource struct {
	framework.DataSourceWithConfigure
}

// NewDesktopSnapshotsDataSource is the aliecs_desktop_snapshots data source.
func NewDesktopSnapshotsDataSource() datasource.DataSource { return &desktopSnapshotsDataSource{} }

// timeLayout is the form DescribeSnapshots documents for StartTime and EndTime: yyyy-MM-ddTHH:mm:ssZ, UTC.
const timeLayout = "2006-01-02T15:04:05Z"

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

var timeValidator = validate.Parses{Rule: "value must be a UTC time in the form yyyy-MM-ddTHH:mm:ssZ, such as 2020-12-20T14:52:28Z",
	Check: func(s string) error { _, err := parseTime(s); return err }}

const desktopSnapshotsDescription = "Lists the snapshots of Elastic Desktop Service (WUYING Workspace) cloud desktops in the " +
	"provider's region, with every filter of ECD `DescribeSnapshots`; every page is read. Filters not set are not sent. " +
	"`ids` and `name_regex` then narrow the result on the client side. " +
	"`status`, `snapshot_type` and `source_disk_type` are always upper case, whatever edition of the API answers."

func (d *desktopSnapshotsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	filter := func(desc string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Description: schemas.Plain(desc), MarkdownDescription: desc, Validators: validators}
	}
	str, num := plural.ComputedString, plural.ComputedInt

	resp.Schema = schema.Schema{
		Description:         schemas.Plain(desktopSnapshotsDescription),
		MarkdownDescription: desktopSnapshotsDescription,
		Attributes: plural.Attributes(map[string]schema.Attribute{
			"desktop_id":   filter("Only snapshots of this cloud desktop (`DesktopId`, `ecd-...`).", DesktopID.String()),
			"desktop_name": filter("Only snapshots of cloud desktops with this name (`DesktopName`).", stringvalidator.LengthAtLeast(1)),
			"snapshot_id":  filter("Only the snapshot with this ID (`SnapshotId`, one ID, `s-...`).", SnapshotID.String()),
			"snapshot_name": filter("Only snapshots with this name (`SnapshotName`): "+snapshotNameRule+".",
				snapshotNameValidators()...),
			"source_disk_type": filter("Only snapshots of this kind of disk (`SourceDiskType`): `system` or `data`, in any case.",
				stringvalidator.OneOfCaseInsensitive(diskTypeSystem, diskTypeData)),
			"snapshot_type": filter("Only snapshots of this type (`SnapshotType`): `all` (the API's default), `auto` (automatic) or `user` (manual), in any case.",
				stringvalidator.OneOfCaseInsensitive("all", "auto", "user")),
			"creator": filter("Only snapshots created by this user (`Creator`), e.g. `Administrator`.", stringvalidator.LengthAtLeast(1)),
			"start_time": filter("Only snapshots created at or after this time (`StartTime`), UTC, `yyyy-MM-ddTHH:mm:ssZ`.",
				timeValidator),
			"end_time": filter("Only snapshots created at or before this time (`EndTime`), UTC, `yyyy-MM-ddTHH:mm:ssZ`; not before `start_time`.",
				timeValidator),
			"os_type": filter("Only snapshots of desktops with this operating system (`OsType`), e.g. `Windows`.", stringvalidator.LengthAtLeast(1)),
			"snapshots": schema.ListNestedAttribute{
				Computed: true, Description: snapshotsOrder, MarkdownDescription: snapshotsOrder,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":               str("ID of the snapshot."),
					"snapshot_name":    str("Name of the snapshot."),
					"description":      str("Description of the snapshot."),
					"desktop_id":       str("ID of the cloud desktop."),
					"desktop_name":     str("Name of the cloud desktop."),
					"desktop_status":   str("Status of the cloud desktop: `Running`, `Stopped`, `Starting`, `Stopping`, `Rebuilding`, `Expired`, `Deleted` or `Pending`."),
					"status":           str("Status of the snapshot: `PROGRESSING`, `ACCOMPLISHED` or `FAILED`."),
					"progress":         num("Creation progress in percent (0 to 100), as in the `aliecs_desktop_snapshot` resource."),
					"remain_time":      num("Seconds the snapshot still needs; `-1` while the API is working it out."),
					"snapshot_type":    str("Type of the snapshot: `AUTO` or `USER`."),
					"source_disk_type": str("Type of the source disk: `SYSTEM` or `DATA`."),
					"source_disk_size": num("Size of the source disk in GiB."),
					"creation_time":    str("When the snapshot was created, ISO 8601 in UTC."),
					"deletion_time":    str("When the snapshot was deleted, ISO 8601 in UTC; null for a snapshot not deleted."),
					"creator":          str("User who created the snapshot."),
					"protocol_type":    str("Protocol of the cloud desktop: `HDX` or `ASP`."),
					"volume_encryption_enabled": schema.BoolAttribute{Computed: true,
						Description: "Whether the source disk is encrypted.", MarkdownDescription: "Whether the source disk is encrypted."},
					"volume_encryption_key": str("ID of the KMS key that encrypts the disk; null when not encrypted."),
					"restore_point_id":      str("ID of the restore point."),
					"restore_point_name":    str("Name of the restore point."),
					"disk_status":           str("Status of the source disk, e.g. `Available`."),
					"os_type":               str("Operating system of the cloud desktop, e.g. `Windows`."),
				}},
			},
		}, "snapshots", "snapshots", plural.IDsAttribute("only the snapshots with these IDs: `DescribeSnapshots` takes one "+
			"`SnapshotId`, so one ID is sent and more are selected here from one listing of the region.",
			"snapshots", "snapshots", SnapshotID.String())),
	}
}

// ConfigValidators refuses, at plan time, a time range the API would answer with nothing.
func (d *desktopSnapshotsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{validate.TimeOrder{Start: "start_time", End: "end_time",
		Parse: parseTime,
		Rule:  "end_time must not be before start_time", Summary: "Invalid time range",
		Detail: func(start, end types.String, _, _ time.Time) string {
			return fmt.Sprintf("end_time %q is before start_time %q: no snapshot can match.", end.ValueString(), start.ValueString())
		}}}
}

type desktopSnapshotsModel struct {
	plural.Model
	DesktopID      types.String         `tfsdk:"desktop_id"`
	DesktopName    types.String         `tfsdk:"desktop_name"`
	SnapshotID     types.String         `tfsdk:"snapshot_id"`
	SnapshotName   types.String         `tfsdk:"snapshot_name"`
	SourceDiskType types.String         `tfsdk:"source_disk_type"`
	SnapshotType   types.String         `tfsdk:"snapshot_type"`
	Creator        types.String         `tfsdk:"creator"`
	StartTime      types.String         `tfsdk:"start_time"`
	EndTime        types.String         `tfsdk:"end_time"`
	OsType         types.String         `tfsdk:"os_type"`
	Snapshots      []desktopSnapshotOut `tfsdk:"snapshots"`
}

type desktopSnapshotOut struct {
	ID                      types.String `tfsdk:"id"`
	SnapshotName            types.String `tfsdk:"snapshot_name"`
	Description             types.String `tfsdk:"description"`
	DesktopID               types.String `tfsdk:"desktop_id"`
	DesktopName             types.String `tfsdk:"desktop_name"`
	DesktopStatus           types.String `tfsdk:"desktop_status"`
	Status                  types.String `tfsdk:"status"`
	Progress                types.Int64  `tfsdk:"progress"`
	RemainTime              types.Int64  `tfsdk:"remain_time"`
	SnapshotType            types.String `tfsdk:"snapshot_type"`
	SourceDiskType          types.String `tfsdk:"source_disk_type"`
	SourceDiskSize          types.Int64  `tfsdk:"source_disk_size"`
	CreationTime            types.String `tfsdk:"creation_time"`
	DeletionTime            types.String `tfsdk:"deletion_time"`
	Creator                 types.String `tfsdk:"creator"`
	ProtocolType            types.String `tfsdk:"protocol_type"`
	VolumeEncryptionEnabled types.Bool   `tfsdk:"volume_encryption_enabled"`
	VolumeEncryptionKey     types.String `tfsdk:"volume_encryption_key"`
	RestorePointID          types.String `tfsdk:"restore_point_id"`
	RestorePointName        types.String `tfsdk:"restore_point_name"`
	DiskStatus              types.String `tfsdk:"disk_status"`
	OsType                  types.String `tfsdk:"os_type"`
}

// expandDescribeInput turns the filters into DescribeSnapshots' parameters. snapshot_type is sent in the
// lower case the API documents (all, auto, user); SourceDiskType is documented case-insensitive and sent as
// written.
func expandDescribeInput(m desktopSnapshotsModel) ecdclient.DescribeSnapshotsInput {
	return ecdclient.DescribeSnapshotsInput{
		DesktopID:      m.DesktopID.ValueString(),
		DesktopName:    m.DesktopName.ValueString(),
		SnapshotID:     m.SnapshotID.ValueString(),
		SnapshotName:   m.SnapshotName.ValueString(),
		SourceDiskType: m.SourceDiskType.ValueString(),
		SnapshotType:   strings.ToLower(m.SnapshotType.ValueString()),
		Creator:        m.Creator.ValueString(),
		StartTime:      m.StartTime.ValueString(),
		EndTime:        m.EndTime.ValueString(),
		OsType:         m.OsType.ValueString(),
	}
}

func flattenSnapshotOut(s ecdclient.Snapshot) desktopSnapshotOut {
	progress := types.Int64Null()
	if s.ProgressPercent >= 0 {
		progress = types.Int64Value(int64(s.ProgressPercent))
	}
	str := flex.StringOrNull
	return desktopSnapshotOut{
		ID: types.StringValue(s.SnapshotID), SnapshotName: str(s.SnapshotName), Description: str(s.Description),
		DesktopID: str(s.DesktopID), DesktopName: str(s.DesktopName), DesktopStatus: str(s.DesktopStatus),
		Status: str(s.Status), Progress: progress, RemainTime: types.Int64Value(int64(s.RemainTime)),
		SnapshotType: str(s.SnapshotType), SourceDiskType: str(s.SourceDiskType), SourceDiskSize: types.Int64Value(int64(s.SourceDiskSize)),
		CreationTime: str(s.CreationTime), DeletionTime: str(s.DeletionTime), Creator: str(s.Creator), ProtocolType: str(s.ProtocolType),
		VolumeEncryptionEnabled: types.BoolValue(s.VolumeEncryptionEnabled), VolumeEncryptionKey: str(s.VolumeEncryptionKey),
		RestorePointID: str(s.RestorePointID), RestorePointName: str(s.RestorePointName), DiskStatus: str(s.DiskStatus), OsType: str(s.OsType),
	}
}

// The API answers "" for a value a snapshot does not have; null says so, as in the other data sources.
const snapshotsOrder = "The snapshots found, newest first (by `creation_time`; within the same second, in the API's order), " +
	"as in `aliecs_snapshots`. A value the API leaves empty is null."

// sortNewestFirst orders by creation time, latest first, keeping the API's order within a second: the API
// documents no order across its pages. A time that does not parse sorts last.
func sortNewestFirst(found []ecdclient.Snapshot) {
	created := func(s ecdclient.Snapshot) time.Time {
		t, _ := time.Parse(time.RFC3339, s.CreationTime)
		return t
	}
	slices.SortStableFunc(found, func(a, b ecdclient.Snapshot) int { return created(b).Compare(created(a)) })
}

var snapshotKeys = plural.Keys[ecdclient.Snapshot]{
	ID:   func(s ecdclient.Snapshot) string { return s.SnapshotID },
	Name: func(s ecdclient.Snapshot) string { return s.SnapshotName },
}

// desktopSnapshotsQuery is what a read asks, for the query ID: the API input and the client-side arguments.
type desktopSnapshotsQuery struct {
	Input     ecdclient.DescribeSnapshotsInput
	IDs       []string // nil: no restriction; empty: nothing matches
	NameRegex string
}

func expandDesktopSnapshotsQuery(ctx context.Context, m desktopSnapshotsModel) (desktopSnapshotsQuery, *regexp.Regexp, diag.Diagnostics) {
	var diags diag.Diagnostics
	q := desktopSnapshotsQuery{Input: expandDescribeInput(m), NameRegex: m.NameRegex.ValueString()}
	q.IDs = plural.ExpandIDSet(ctx, m.IDs, &diags)
	q.Input.SnapshotID = plural.OneID(q.IDs, q.Input.SnapshotID)
	return q, plural.ExpandNameRegex(m.NameRegex, &diags), diags
}

func (d *desktopSnapshotsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m desktopSnapshotsModel
	resp.Diagnostics.Append(framework.Get(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || !d.Ready(&resp.Diagnostics) {
		return
	}
	q, nameRegex, diags := expandDesktopSnapshotsQuery(ctx, m)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ecd, err := d.Meta().ECD(ctx, "")
	if err != nil {
		resp.Diagnostics.AddError("Cannot list desktop snapshots", err.Error())
		return
	}
	found, err := plural.Find(ctx, q.IDs, "DescribeSnapshots", func() ([]ecdclient.Snapshot, error) {
		return ecd.DescribeSnapshots(ctx, q.Input)
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot list desktop snapshots", client.Failure{Doing: "Listing desktop snapshots", Region: ecd.Region()}.Explain(err))
		return
	}
	selected := snapshotKeys.Select(found, q.IDs, nameRegex)
	sortNewestFirst(selected)
	m.ID, diags = plural.QueryID(ecd.Region(), q)
	resp.Diagnostics.Append(diags...)
	snapshotKeys.Found(&m.Model, selected)
	m.Snapshots = make([]desktopSnapshotOut, len(selected))
	for i, s := range selected {
		m.Snapshots[i] = flattenSnapshotOut(s)
	}
	resp.Diagnostics.Append(framework.SetState(ctx, &resp.State, &m)...)
}
