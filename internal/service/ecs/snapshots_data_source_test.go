package ecs

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

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

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
	"github.com/aliecs/terraform-provider-aliecs/internal/plural"
)

// describeOnlyClient answers DescribeSnapshots from a list and records what it was asked; the data source
// makes no other call, so the others fail the test.
type describeOnlyClient struct {
	t      *testing.T
	result []ecsclient.Snapshot
	err    error
	got    []ecsclient.DescribeSnapshotsInput
}

func (c *describeOnlyClient) Region() string { return "cn-test" }

func (c *describeOnlyClient) DescribeSnapshots(_ context.Context, in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	c.got = append(c.got, in)
	return c.result, c.err
}

func (c *describeOnlyClient) unexpected(call string) error {
	c.t.Errorf("the data source called %s", call)
	return errors.New("unexpected call")
}

func (c *describeOnlyClient) CreateSnapshot(context.Context, ecsclient.CreateSnapshotInput) (string, error) {
	return "", c.unexpected("CreateSnapshot")
}
func (c *describeOnlyClient) DeleteSnapshot(context.Context, string, bool) error {
	return c.unexpected("DeleteSnapshot")
}
func (c *describeOnlyClient) ModifySnapshotAttribute(context.Context, ecsclient.ModifySnapshotAttributeInput) error {
	return c.unexpected("ModifySnapshotAttribute")
}
func (c *describeOnlyClient) TagResources(context.Context, string, []string, map[string]string) error {
	return c.unexpected("TagResources")
}
func (c *describeOnlyClient) UntagResources(context.Context, string, []string, []string) error {
	return c.unexpected("UntagResources")
}
func (c *describeOnlyClient) JoinResourceGroup(context.Context, string, string, string) error {
	return c.unexpected("JoinResourceGroup")
}
func (c *describeOnlyClient) CreateAutoSnapshotPolicy(context.Context, ecsclient.AutoSnapshotPolicyInput) (string, error) {
	return "", c.unexpected("CreateAutoSnapshotPolicy")
}
func (c *describeOnlyClient) ModifyAutoSnapshotPolicy(context.Context, string, ecsclient.AutoSnapshotPolicyInput) error {
	return c.unexpected("ModifyAutoSnapshotPolicy")
}
func (c *describeOnlyClient) DeleteAutoSnapshotPolicy(context.Context, string) error {
	return c.unexpected("DeleteAutoSnapshotPolicy")
}
func (c *describeOnlyClient) DescribeAutoSnapshotPolicies(context.Context, ecsclient.DescribeAutoSnapshotPoliciesInput) ([]ecsclient.AutoSnapshotPolicy, error) {
	return nil, c.unexpected("DescribeAutoSnapshotPolicies")
}
func (c *describeOnlyClient) ApplyAutoSnapshotPolicy(context.Context, string, []string) error {
	return c.unexpected("ApplyAutoSnapshotPolicy")
}
func (c *describeOnlyClient) CancelAutoSnapshotPolicy(context.Context, string, []string) error {
	return c.unexpected("CancelAutoSnapshotPolicy")
}
func (c *describeOnlyClient) DescribeDisks(context.Context, ecsclient.DescribeDisksInput) ([]ecsclient.Disk, error) {
	return nil, c.unexpected("DescribeDisks")
}
func (c *describeOnlyClient) DescribeRegions(context.Context) ([]ecsclient.Region, error) {
	return nil, c.unexpected("DescribeRegions")
}

// Snapshot-consistent groups.
func (c *describeOnlyClient) CreateSnapshotGroup(context.Context, ecsclient.CreateSnapshotGroupInput) (string, error) {
	return "", c.unexpected("CreateSnapshotGroup")
}
func (c *describeOnlyClient) DescribeSnapshotGroups(context.Context, ecsclient.DescribeSnapshotGroupsInput) ([]ecsclient.SnapshotGroup, error) {
	return nil, c.unexpected("DescribeSnapshotGroups")
}
func (c *describeOnlyClient) ModifySnapshotGroup(context.Context, ecsclient.ModifySnapshotGroupInput) error {
	return c.unexpected("ModifySnapshotGroup")
}
func (c *describeOnlyClient) DeleteSnapshotGroup(context.Context, string) ([]ecsclient.SnapshotGroupOperation, error) {
	return nil, c.unexpected("DeleteSnapshotGroup")
}

// Roll-back and power state.
func (c *describeOnlyClient) ResetDisk(context.Context, ecsclient.ResetDiskInput) error {
	return c.unexpected("ResetDisk")
}
func (c *describeOnlyClient) StopInstances(context.Context, ecsclient.StopInstancesInput) ([]ecsclient.InstanceOperation, error) {
	return nil, c.unexpected("StopInstances")
}
func (c *describeOnlyClient) StartInstances(context.Context, ecsclient.StartInstancesInput) ([]ecsclient.InstanceOperation, error) {
	return nil, c.unexpected("StartInstances")
}
func (c *describeOnlyClient) DescribeInstances(context.Context, ecsclient.DescribeInstancesInput) ([]ecsclient.Instance, error) {
	return nil, c.unexpected("DescribeInstances")
}

func newTestDataSource(t *testing.T) *snapshotsDataSource {
	t.Helper()
	ds, ok := NewSnapshotsDataSource().(*snapshotsDataSource)
	if !ok {
		t.Fatalf("NewSnapshotsDataSource returned %T", NewSnapshotsDataSource())
	}
	return ds
}

// readWith configures the data source with the client and reads the model as configuration.
func readWith(t *testing.T, c ecsclient.Client, m snapshotsDataSourceModel) (snapshotsDataSourceModel, *datasource.ReadResponse) {
	t.Helper()
	ctx := context.Background()
	ds := newTestDataSource(t)
	cresp := &datasource.ConfigureResponse{}
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: connstest.ECS(t, c)}, cresp)
	if cresp.Diagnostics.HasError() {
		t.Fatal(cresp.Diagnostics)
	}
	s := snapshotsDataSourceSchema()
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}}
	ds.Read(ctx, datasource.ReadRequest{Config: configOf(t, m)}, resp)
	var out snapshotsDataSourceModel
	if !resp.Diagnostics.HasError() {
		if d := resp.State.Get(ctx, &out); d.HasError() {
			t.Fatal(d)
		}
	}
	return out, resp
}

func listStrings(t *testing.T, l types.List) []string {
	t.Helper()
	out := []string{}
	if d := l.ElementsAs(context.Background(), &out, false); d.HasError() {
		t.Fatal(d)
	}
	return out
}

func TestRead_filtersSelectsAndSetsResults(t *testing.T) {
	c := &describeOnlyClient{t: t, result: []ecsclient.Snapshot{
		snapshotAt("s-3", "app-3", 3), snapshotAt("s-2", "web", 2), snapshotAt("s-1", "app-1", 1),
	}}
	m := nullFilterModel()
	m.DiskID = types.StringValue("d-1")
	m.IDs = types.ListValueMust(types.StringType, []attr.Value{types.StringValue("s-1"), types.StringValue("s-3"), types.StringValue("s-9")})
	m.NameRegex = types.StringValue("^app-")
	out, resp := readWith(t, c, m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if len(c.got) != 1 || c.got[0].DiskID != "d-1" || !slices.Equal(c.got[0].SnapshotIDs, []string{"s-1", "s-3", "s-9"}) {
		t.Errorf("asked %+v", c.got)
	}
	if got := listStrings(t, out.IDs); !slices.Equal(got, []string{"s-3", "s-1"}) {
		t.Errorf("ids = %v: the output replaces the filter with what was found", got)
	}
	if got := listStrings(t, out.Names); !slices.Equal(got, []string{"app-3", "app-1"}) {
		t.Errorf("names = %v", got)
	}
	if out.TotalCount.ValueInt64() != 2 || len(out.Snapshots) != 2 || out.Snapshots[1].ID.ValueString() != "s-1" {
		t.Errorf("total_count %s, snapshots %+v", out.TotalCount, out.Snapshots)
	}
	if out.ID.ValueString() == "" || out.DiskID.ValueString() != "d-1" || out.NameRegex.ValueString() != "^app-" {
		t.Errorf("id %s, arguments not kept: disk_id %s name_regex %s", out.ID, out.DiskID, out.NameRegex)
	}
}

func TestRead_mostRecentOfNothingIsEmpty(t *testing.T) {
	c := &describeOnlyClient{t: t}
	m := nullFilterModel()
	m.MostRecent = types.BoolValue(true)
	out, resp := readWith(t, c, m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if out.TotalCount.ValueInt64() != 0 || len(out.Snapshots) != 0 || out.IDs.IsNull() || len(out.IDs.Elements()) != 0 {
		t.Errorf("want an empty result, got total %s ids %s snapshots %v", out.TotalCount, out.IDs, out.Snapshots)
	}
}

func TestRead_dryRunPassedIsAnEmptySuccess(t *testing.T) {
	c := &describeOnlyClient{t: t, err: &client.APIError{Action: "DescribeSnapshots", Code: client.CodeDryRunOperation,
		Message: "Request validation has been passed with DryRun flag set.", HTTPStatus: 400}}
	m := nullFilterModel()
	m.DryRun = types.BoolValue(true)
	out, resp := readWith(t, c, m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if len(c.got) != 1 || !c.got[0].DryRun {
		t.Errorf("DryRun not sent: %+v", c.got)
	}
	if out.TotalCount.ValueInt64() != 0 || len(out.Snapshots) != 0 {
		t.Errorf("want an empty result, got %d", out.TotalCount.ValueInt64())
	}
}

func TestRead_dryRunOperationWithoutDryRunIsAnError(t *testing.T) {
	// Only a request that asked for a dry run may take DryRunOperation as success.
	c := &describeOnlyClient{t: t, err: &client.APIError{Action: "DescribeSnapshots", Code: client.CodeDryRunOperation, HTTPStatus: 400}}
	_, resp := readWith(t, c, nullFilterModel())
	if !resp.Diagnostics.HasError() {
		t.Fatal("want an error")
	}
}

func TestRead_apiErrorIsShownWhole(t *testing.T) {
	apiErr := &client.APIError{Action: "DescribeSnapshots", Code: "InvalidStatus.NotFound",
		Message: "The specified Status is not found.", RequestID: "REQ-42", HTTPStatus: 404}
	for _, dryRun := range []bool{false, true} {
		c := &describeOnlyClient{t: t, err: apiErr}
		m := nullFilterModel()
		m.DryRun = types.BoolValue(dryRun)
		_, resp := readWith(t, c, m)
		if !resp.Diagnostics.HasError() {
			t.Fatalf("dry_run=%v: want an error", dryRun)
		}
		detail := resp.Diagnostics.Errors()[0].Detail()
		for _, want := range []string{"DescribeSnapshots", "InvalidStatus.NotFound", "The specified Status is not found.", "REQ-42"} {
			if !strings.Contains(detail, want) {
				t.Errorf("dry_run=%v: the error %q should contain %q", dryRun, detail, want)
			}
		}
	}
}

func TestSnapshotsQueryID_stableAndDistinct(t *testing.T) {
	start := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	base := ecsclient.DescribeSnapshotsInput{DiskID: "d-1", Tags: map[string]string{"a": "1", "b": "2", "c": "3"}, CreationStartTime: &start}
	id := func(region string, in ecsclient.DescribeSnapshotsInput, re string, mostRecent bool) string {
		t.Helper()
		s, diags := plural.QueryID(region, snapshotsQuery{in, re, mostRecent})
		if diags.HasError() {
			t.Fatal(diags)
		}
		return s.ValueString()
	}
	first := id("cn-test", base, "", false)
	for range 20 { // map order varies from run to run; the ID must not
		sameStart := start
		again := base
		again.Tags = map[string]string{"c": "3", "b": "2", "a": "1"}
		again.CreationStartTime = &sameStart
		if got := id("cn-test", again, "", false); got != first {
			t.Fatalf("same query, ids %s and %s", first, got)
		}
	}
	other := base
	other.DiskID = "d-2"
	withEmptyIDs := base
	withEmptyIDs.SnapshotIDs = []string{}
	variants := map[string]string{
		"region":      id("cn-other", base, "", false),
		"filter":      id("cn-test", other, "", false),
		"name_regex":  id("cn-test", base, "x", false),
		"most_recent": id("cn-test", base, "", true),
		"ids = []":    id("cn-test", withEmptyIDs, "", false),
	}
	for what, got := range variants {
		if got == first {
			t.Errorf("a different %s gives the same id %s", what, got)
		}
	}
}

func TestConfigure_wrongProviderData(t *testing.T) {
	ds := newTestDataSource(t)
	resp := &datasource.ConfigureResponse{}
	ds.Configure(context.Background(), datasource.ConfigureRequest{ProviderData: "not a client"}, resp)
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "string") {
		t.Errorf("want an error naming the type received, got %v", resp.Diagnostics)
	}
}

// tfsdkNames lists the tfsdk tags of a model struct, those of the structs it embeds included (the framework
// reads their fields as the model's own).
func tfsdkNames(v any) []string {
	var names []string
	for _, f := range reflect.VisibleFields(reflect.TypeOf(v)) {
		if !f.Anonymous {
			names = append(names, f.Tag.Get("tfsdk"))
		}
	}
	sort.Strings(names)
	return names
}

func TestSnapshotsDataSourceSchema_matchesModels(t *testing.T) {
	s := snapshotsDataSourceSchema()
	var top []string
	for name, a := range s.Attributes {
		top = append(top, name)
		if a.GetDescription() == "" {
			t.Errorf("attribute %s has no description", name)
		}
	}
	sort.Strings(top)
	if want := tfsdkNames(snapshotsDataSourceModel{}); !slices.Equal(top, want) {
		t.Errorf("schema attributes %v\nmodel fields %v", top, want)
	}
	var nested []string
	for name, a := range snapshotAttributes() {
		nested = append(nested, name)
		if a.GetDescription() == "" {
			t.Errorf("attribute snapshots.%s has no description", name)
		}
	}
	sort.Strings(nested)
	if want := tfsdkNames(snapshotModel{}); !slices.Equal(nested, want) {
		t.Errorf("snapshot attributes %v\nmodel fields %v", nested, want)
	}
	// Every response field of DescribeSnapshots, plus id.
	if len(nested) != 30 {
		t.Errorf("%d snapshot attributes, want 29 response fields and id", len(nested))
	}
}

// nullFilterModel is a configuration with no argument set, as Terraform hands it over.
func nullFilterModel() snapshotsDataSourceModel {
	return snapshotsDataSourceModel{
		Model: plural.Model{ID: types.StringNull(), IDs: types.ListNull(types.StringType), NameRegex: types.StringNull(),
			Names: types.ListNull(types.StringType), TotalCount: types.Int64Null()},
		InstanceID:        types.StringNull(),
		DiskID:            types.StringNull(),
		SnapshotLinkID:    types.StringNull(),
		SnapshotName:      types.StringNull(),
		Status:            types.StringNull(),
		SnapshotType:      types.StringNull(),
		Usage:             types.StringNull(),
		SourceDiskType:    types.StringNull(),
		Encrypted:         types.BoolNull(),
		ResourceGroupID:   types.StringNull(),
		KMSKeyID:          types.StringNull(),
		Category:          types.StringNull(),
		Tags:              types.MapNull(types.StringType),
		CreationStartTime: types.StringNull(),
		CreationEndTime:   types.StringNull(),
		DryRun:            types.BoolNull(),
		MostRecent:        types.BoolNull(),
	}
}

func TestExpandSnapshotsFilter_nothingSet(t *testing.T) {
	got, diags := expandSnapshotsFilter(context.Background(), nullFilterModel())
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !reflect.DeepEqual(got, ecsclient.DescribeSnapshotsInput{}) {
		t.Errorf("no argument set should send no filter, got %+v", got)
	}
}

func TestExpandSnapshotsFilter_everyFilter(t *testing.T) {
	m := nullFilterModel()
	m.InstanceID = types.StringValue("i-1")
	m.DiskID = types.StringValue("d-1")
	m.SnapshotLinkID = types.StringValue("sl-1")
	m.IDs = types.ListValueMust(types.StringType, []attr.Value{types.StringValue("s-1"), types.StringValue("s-2")})
	m.SnapshotName = types.StringValue("name")
	m.Status = types.StringValue("accomplished")
	m.SnapshotType = types.StringValue("user")
	m.Usage = types.StringValue("none")
	m.SourceDiskType = types.StringValue("DATA")
	m.Encrypted = types.BoolValue(false)
	m.ResourceGroupID = types.StringValue("rg-1")
	m.KMSKeyID = types.StringValue("kms-1")
	m.Category = types.StringValue("standard")
	m.Tags = types.MapValueMust(types.StringType, map[string]attr.Value{"env": types.StringValue("prod")})
	m.CreationStartTime = types.StringValue("2024-05-01T16:00:45+08:00")
	m.CreationEndTime = types.StringValue("2024-05-02T08:00Z")
	m.DryRun = types.BoolValue(true)
	// Client-side arguments never reach the API.
	m.NameRegex = types.StringValue("^x")
	m.MostRecent = types.BoolValue(true)

	got, diags := expandSnapshotsFilter(context.Background(), m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	f := false
	start := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	end := time.Date(2024, 5, 2, 8, 0, 0, 0, time.UTC)
	want := ecsclient.DescribeSnapshotsInput{
		InstanceID:        "i-1",
		DiskID:            "d-1",
		SnapshotLinkID:    "sl-1",
		SnapshotIDs:       []string{"s-1", "s-2"},
		SnapshotName:      "name",
		Status:            "accomplished",
		SnapshotType:      "user",
		Usage:             "none",
		SourceDiskType:    "data",
		Encrypted:         &f, // false set explicitly is sent
		ResourceGroupID:   "rg-1",
		KMSKeyID:          "kms-1",
		Category:          "Standard",
		Tags:              map[string]string{"env": "prod"},
		CreationStartTime: &start,
		CreationEndTime:   &end,
		DryRun:            true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("expandSnapshotsFilter:\n got %+v\nwant %+v", got, want)
	}
}

func TestExpandSnapshotsFilter_emptyIDsStayAnEmptyList(t *testing.T) {
	// ids = [] and an unset ids are different questions: none of these snapshots, or no restriction.
	m := nullFilterModel()
	m.IDs = types.ListValueMust(types.StringType, nil)
	got, diags := expandSnapshotsFilter(context.Background(), m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got.SnapshotIDs == nil || len(got.SnapshotIDs) != 0 {
		t.Errorf("SnapshotIDs = %#v, want an empty, non-nil list", got.SnapshotIDs)
	}
	unset, diags := expandSnapshotsFilter(context.Background(), nullFilterModel())
	if diags.HasError() {
		t.Fatal(diags)
	}
	if unset.SnapshotIDs != nil {
		t.Errorf("unset ids: SnapshotIDs = %#v, want nil", unset.SnapshotIDs)
	}
}

func TestRead_emptyIDsFindNothingWithoutACall(t *testing.T) {
	// A module passing its empty input as ids must not get every snapshot of the region.
	c := &describeOnlyClient{t: t, result: []ecsclient.Snapshot{snapshotAt("s-1", "a", 1), snapshotAt("s-2", "b", 2)}}
	m := nullFilterModel()
	m.IDs = types.ListValueMust(types.StringType, nil)
	m.MostRecent = types.BoolValue(true)
	out, resp := readWith(t, c, m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if len(c.got) != 0 {
		t.Errorf("DescribeSnapshots called with %+v", c.got)
	}
	if out.TotalCount.ValueInt64() != 0 || len(out.Snapshots) != 0 || out.IDs.IsNull() || len(out.IDs.Elements()) != 0 {
		t.Errorf("want an empty result, got total %s ids %s snapshots %v", out.TotalCount, out.IDs, out.Snapshots)
	}

	// A dry run is still sent: it checks credentials and the other filters.
	c = &describeOnlyClient{t: t, err: &client.APIError{Action: "DescribeSnapshots", Code: client.CodeDryRunOperation, HTTPStatus: 400}}
	m.DryRun = types.BoolValue(true)
	if _, resp = readWith(t, c, m); resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if len(c.got) != 1 || !c.got[0].DryRun {
		t.Errorf("dry run with ids = []: calls %+v", c.got)
	}
}

func TestExpandSnapshotsFilter_manyIDsPassedWhole(t *testing.T) {
	// The client splits more than 100 IDs; the data source must hand over all of them.
	var elems []attr.Value
	for i := range 250 {
		elems = append(elems, types.StringValue(fmt.Sprintf("s-%03d", i)))
	}
	m := nullFilterModel()
	m.IDs = types.ListValueMust(types.StringType, elems)
	got, diags := expandSnapshotsFilter(context.Background(), m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if len(got.SnapshotIDs) != 250 {
		t.Errorf("got %d IDs, want 250", len(got.SnapshotIDs))
	}
}

func TestExpandSnapshotsFilter_badTimeIsAnError(t *testing.T) {
	m := nullFilterModel()
	m.CreationEndTime = types.StringValue("yesterday")
	_, diags := expandSnapshotsFilter(context.Background(), m)
	if !diags.HasError() {
		t.Fatal("want an error for an unparsable time")
	}
}

func TestCanonicalCategory_anyCase(t *testing.T) {
	for in, want := range map[string]string{
		"standard": "Standard", "STANDARD": "Standard", "Standard": "Standard",
		"flash": "Flash", "Archive": "archive", "archive": "archive", "other": "other",
	} {
		if got := canonicalCategory(in); got != want {
			t.Errorf("canonicalCategory(%q) = %q, want %q", in, got, want)
		}
	}
}

// fullSnapshot has a distinct, non-zero value in every field, so a field mapped to the wrong attribute shows.
func fullSnapshot() ecsclient.Snapshot {
	return ecsclient.Snapshot{
		SnapshotID:                 "s-full",
		SnapshotName:               "full-name",
		Description:                "full description",
		Status:                     "accomplished",
		Progress:                   100,
		RemainTime:                 7,
		CreationTime:               time.Date(2024, 5, 1, 8, 0, 30, 0, time.UTC),
		LastModifiedTime:           time.Date(2024, 5, 2, 9, 1, 0, 0, time.FixedZone("CST", 8*3600)),
		SourceDiskID:               "d-source",
		SourceDiskSize:             40,
		SourceDiskType:             "data",
		SourceStorageType:          "disk",
		RetentionDays:              30,
		InstantAccess:              true,
		InstantAccessRetentionDays: 3,
		Available:                  true,
		Encrypted:                  true,
		SnapshotType:               "user",
		Usage:                      "image",
		RegionID:                   "cn-hangzhou",
		ResourceGroupID:            "rg-full",
		Category:                   "standard",
		KMSKeyID:                   "kms-full",
		SnapshotSN:                 "64472-1-2",
		ProductCode:                "jxsc000",
		SourceSnapshotID:           "s-origin",
		SourceRegionID:             "cn-beijing",
		SnapshotLinkID:             "sl-full",
		Tags:                       map[string]string{"env": "prod", "empty": ""},
	}
}

func TestFlattenSnapshot_everyField(t *testing.T) {
	got := flattenSnapshot(fullSnapshot())
	want := snapshotModel{
		snapshotFields: snapshotFields{
			ID:              types.StringValue("s-full"),
			Status:          types.StringValue("accomplished"),
			CreationTime:    types.StringValue("2024-05-01T08:00:30Z"),
			Progress:        types.Int64Value(100),
			SourceDiskSize:  types.Int64Value(40),
			RetentionDays:   types.Int64Value(30),
			SourceDiskType:  types.StringValue("data"),
			Usage:           types.StringValue("image"),
			Encrypted:       types.BoolValue(true),
			SnapshotType:    types.StringValue("user"),
			SnapshotName:    types.StringValue("full-name"),
			Description:     types.StringValue("full description"),
			RegionID:        types.StringValue("cn-hangzhou"),
			ResourceGroupID: types.StringValue("rg-full"),
			KMSKeyID:        types.StringValue("kms-full"),
			SnapshotSN:      types.StringValue("64472-1-2"),
			SnapshotLinkID:  types.StringValue("sl-full"),
		},
		snapshotDiskFields: snapshotDiskFields{
			Category:                   types.StringValue("standard"),
			InstantAccess:              types.BoolValue(true),
			InstantAccessRetentionDays: types.Int64Value(3),
		},
		Available:         types.BoolValue(true),
		RemainTime:        types.Int64Value(7),
		SourceStorageType: types.StringValue("disk"),
		LastModifiedTime:  types.StringValue("2024-05-02T01:01:00Z"), // converted to UTC
		SourceDiskID:      types.StringValue("d-source"),
		SnapshotID:        types.StringValue("s-full"),
		ProductCode:       types.StringValue("jxsc000"),
		SourceSnapshotID:  types.StringValue("s-origin"),
		SourceRegionID:    types.StringValue("cn-beijing"),
		Tags:              types.MapValueMust(types.StringType, map[string]attr.Value{"env": types.StringValue("prod"), "empty": types.StringValue("")}),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("flattenSnapshot:\n got %+v\nwant %+v", got, want)
	}
}

func TestFlattenSnapshot_emptyFields(t *testing.T) {
	got := flattenSnapshot(ecsclient.Snapshot{SnapshotID: "s-bare"})
	if !got.CreationTime.IsNull() || !got.LastModifiedTime.IsNull() {
		t.Errorf("times the API left empty should be null, got %s and %s", got.CreationTime, got.LastModifiedTime)
	}
	if got.Tags.IsNull() || len(got.Tags.Elements()) != 0 {
		t.Errorf("an untagged snapshot should have an empty map, got %s", got.Tags)
	}
	// A value the API leaves empty is null, as in the resources and aliecs_desktop_snapshots.
	for name, v := range map[string]types.String{
		"status": got.Status, "source_disk_type": got.SourceDiskType, "source_storage_type": got.SourceStorageType,
		"usage": got.Usage, "snapshot_type": got.SnapshotType, "source_disk_id": got.SourceDiskID,
		"snapshot_name": got.SnapshotName, "region_id": got.RegionID, "resource_group_id": got.ResourceGroupID,
		"kms_key_id": got.KMSKeyID, "snapshot_sn": got.SnapshotSN, "product_code": got.ProductCode,
		"source_snapshot_id": got.SourceSnapshotID, "source_region_id": got.SourceRegionID, "snapshot_link_id": got.SnapshotLinkID,
	} {
		if !v.IsNull() {
			t.Errorf("%s = %s for a value the API left empty, want null", name, v)
		}
	}
	// As the aliecs_snapshot resource shows them: not set is null.
	if !got.Description.IsNull() || !got.RetentionDays.IsNull() || !got.Category.IsNull() {
		t.Errorf("description %s, retention_days %s, category %s: want null, as the resource shows them", got.Description, got.RetentionDays, got.Category)
	}
}

func TestFlattenIDsAndNames_keepOrder(t *testing.T) {
	in := []ecsclient.Snapshot{{SnapshotID: "s-2", SnapshotName: "b"}, {SnapshotID: "s-1"}, {SnapshotID: "s-3", SnapshotName: "c"}}
	ids, names := snapshotKeys.Lists(in)
	var gotIDs, gotNames []string
	if d := ids.ElementsAs(context.Background(), &gotIDs, false); d.HasError() {
		t.Fatal(d)
	}
	if d := names.ElementsAs(context.Background(), &gotNames, false); d.HasError() {
		t.Fatal(d)
	}
	if !reflect.DeepEqual(gotIDs, []string{"s-2", "s-1", "s-3"}) || !reflect.DeepEqual(gotNames, []string{"b", "", "c"}) {
		t.Errorf("ids %v names %v", gotIDs, gotNames)
	}
}

func snapshotAt(id, name string, minute int) ecsclient.Snapshot {
	return ecsclient.Snapshot{SnapshotID: id, SnapshotName: name, CreationTime: time.Date(2024, 5, 1, 8, minute, 0, 0, time.UTC)}
}

func selectedIDs(in []ecsclient.Snapshot) []string {
	ids := []string{}
	for _, s := range in {
		ids = append(ids, s.SnapshotID)
	}
	return ids
}

func TestSelectSnapshots_regexAndMostRecent(t *testing.T) {
	all := []ecsclient.Snapshot{
		snapshotAt("s-a", "app-data-1", 1),
		snapshotAt("s-b", "app-data-3", 3),
		snapshotAt("s-c", "web-1", 9),
		snapshotAt("s-d", "", 5),
		snapshotAt("s-e", "app-data-2", 2),
	}
	tests := []struct {
		name       string
		regex      string // "" = no name_regex
		mostRecent bool
		want       []string
	}{
		{"nothing, newest first", "", false, []string{"s-c", "s-d", "s-b", "s-e", "s-a"}},
		{"regex", "^app-data-", false, []string{"s-b", "s-e", "s-a"}},
		{"regex is unanchored", "data", false, []string{"s-b", "s-e", "s-a"}},
		{"regex matches empty names", "^$", false, []string{"s-d"}},
		{"regex matches nothing", "^db-", false, []string{}},
		{"most recent of all", "", true, []string{"s-c"}},
		{"most recent after regex", "^app-", true, []string{"s-b"}},
		{"most recent of nothing is empty", "^db-", true, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var re *regexp.Regexp
			if tt.regex != "" {
				re = regexp.MustCompile(tt.regex)
			}
			got := selectedIDs(selectSnapshots(all, re, tt.mostRecent))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSelectSnapshots_orderIgnoresPageOrder(t *testing.T) {
	// Two calls for more than 100 ids: each newest first, together not.
	a, c, d := snapshotAt("s-a", "x", 4), snapshotAt("s-c", "x", 9), snapshotAt("s-d", "x", 1)
	for _, in := range [][]ecsclient.Snapshot{{a, c, d}, {c, a, d}, {d, a, c}} {
		if got := selectedIDs(selectSnapshots(in, nil, false)); !reflect.DeepEqual(got, []string{"s-c", "s-a", "s-d"}) {
			t.Errorf("from %v got %v, want [s-c s-a s-d]", selectedIDs(in), got)
		}
	}
}

func TestSelectSnapshots_sameSecondKeepsTheAPIOrder(t *testing.T) {
	// creation_time has whole seconds; the API lists the newest first, and its order is the only one that
	// knows which of the same second is newer. The greatest ID is no newer: IDs are random.
	newest, middle, oldest := snapshotAt("s-b", "x", 4), snapshotAt("s-c", "x", 4), snapshotAt("s-a", "x", 4)
	later := snapshotAt("s-0", "x", 9)
	in := []ecsclient.Snapshot{newest, middle, oldest}
	if got := selectedIDs(selectSnapshots(in, nil, false)); !reflect.DeepEqual(got, []string{"s-b", "s-c", "s-a"}) {
		t.Errorf("got %v, want the API's order [s-b s-c s-a]", got)
	}
	if got := selectedIDs(selectSnapshots(in, nil, true)); !reflect.DeepEqual(got, []string{"s-b"}) {
		t.Errorf("most_recent got %v, want [s-b], the first the API lists", got)
	}
	// Pages out of order (several calls) are sorted by time, and a tie keeps the order it came in.
	if got := selectedIDs(selectSnapshots([]ecsclient.Snapshot{newest, middle, later, oldest}, nil, false)); !reflect.DeepEqual(got, []string{"s-0", "s-b", "s-c", "s-a"}) {
		t.Errorf("got %v, want [s-0 s-b s-c s-a]", got)
	}
}

func TestSelectSnapshots_doesNotModifyInput(t *testing.T) {
	in := []ecsclient.Snapshot{snapshotAt("s-a", "x", 1), snapshotAt("s-b", "y", 2), snapshotAt("s-c", "y", 3)}
	selectSnapshots(in, regexp.MustCompile("y"), true)
	if got := selectedIDs(in); !reflect.DeepEqual(got, []string{"s-a", "s-b", "s-c"}) {
		t.Errorf("input changed: %v", got)
	}
}

// setSnapshotsList must write exactly what the framework's State.Set writes for the same models.
func TestSetSnapshotsList_sameAsFrameworkReflection(t *testing.T) {
	ctx := context.Background()
	s := snapshotsDataSourceSchema()
	in := []ecsclient.Snapshot{fullSnapshot(), {SnapshotID: "s-bare"}, {SnapshotID: "s-tagged", Tags: map[string]string{"a": "1"}}}
	// The reference: the models the framework's reflection would write, one flattenSnapshot each, in order.
	models := make([]snapshotModel, 0, len(in))
	for _, snap := range in {
		models = append(models, flattenSnapshot(snap))
	}
	ids, names := snapshotKeys.Lists(in)
	m := snapshotsDataSourceModel{
		Model: plural.Model{ID: types.StringValue("q"), IDs: ids, Names: names, TotalCount: types.Int64Value(int64(len(in)))},
		Tags:  types.MapNull(types.StringType),
	}

	viaReflection := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	m.Snapshots = models
	if d := viaReflection.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}

	direct := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	m.Snapshots = []snapshotModel{}
	if d := direct.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	if err := setSnapshotsList(ctx, &direct, in); err != nil {
		t.Fatal(err)
	}
	if !direct.Raw.Equal(viaReflection.Raw) {
		diffs, _ := direct.Raw.Diff(viaReflection.Raw)
		t.Errorf("states differ: %v", diffs)
	}
}

func TestSetSnapshotsList_empty(t *testing.T) {
	ctx := context.Background()
	s := snapshotsDataSourceSchema()
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	m := snapshotsDataSourceModel{Snapshots: []snapshotModel{}, Tags: types.MapNull(types.StringType),
		Model: plural.Model{IDs: types.ListValueMust(types.StringType, nil), Names: types.ListValueMust(types.StringType, nil)}}
	if d := st.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	if err := setSnapshotsList(ctx, &st, nil); err != nil {
		t.Fatal(err)
	}
	var got snapshotsDataSourceModel
	if d := st.Get(ctx, &got); d.HasError() {
		t.Fatal(d)
	}
	if got.Snapshots == nil || len(got.Snapshots) != 0 {
		t.Errorf("snapshots %#v, want an empty list (not null)", got.Snapshots)
	}
}

// validateAttribute runs the validators the schema declares for one top-level attribute.
func validateAttribute(t *testing.T, name string, value attr.Value) diag.Diagnostics {
	t.Helper()
	ctx := context.Background()
	p := path.Root(name)
	var diags diag.Diagnostics
	switch a := snapshotsDataSourceSchema().Attributes[name].(type) {
	case schema.StringAttribute:
		for _, v := range a.Validators {
			resp := &validator.StringResponse{}
			v.ValidateString(ctx, validator.StringRequest{Path: p, ConfigValue: as[types.String](t, value)}, resp)
			diags.Append(resp.Diagnostics...)
		}
	case schema.MapAttribute:
		for _, v := range a.Validators {
			resp := &validator.MapResponse{}
			v.ValidateMap(ctx, validator.MapRequest{Path: p, ConfigValue: as[types.Map](t, value)}, resp)
			diags.Append(resp.Diagnostics...)
		}
	case schema.ListAttribute:
		for _, v := range a.Validators {
			resp := &validator.ListResponse{}
			v.ValidateList(ctx, validator.ListRequest{Path: p, ConfigValue: as[types.List](t, value)}, resp)
			diags.Append(resp.Diagnostics...)
		}
	default:
		t.Fatalf("attribute %q: no validators to run for %T", name, a)
	}
	return diags
}

// as converts a test value to the type the attribute's validators take.
func as[T attr.Value](t *testing.T, v attr.Value) T {
	t.Helper()
	typed, ok := v.(T)
	if !ok {
		t.Fatalf("test value %s is a %T", v, v)
	}
	return typed
}

func str(s string) types.String { return types.StringValue(s) }

func tagMap(kv ...string) types.Map {
	elems := map[string]attr.Value{}
	for i := 0; i < len(kv); i += 2 {
		elems[kv[i]] = types.StringValue(kv[i+1])
	}
	return types.MapValueMust(types.StringType, elems)
}

func TestSnapshotsDataSourceValidators_documentedRules(t *testing.T) {
	manyTags := []string{}
	for i := range 21 {
		manyTags = append(manyTags, "k"+strings.Repeat("x", i), "v")
	}
	tests := []struct {
		attribute string
		value     attr.Value
		wantError string // "" = valid; else a piece of the error detail
	}{
		{"status", str("accomplished"), ""},
		{"status", str("all"), ""},
		{"status", str("Accomplished"), `Attribute status value must be one of`},
		{"status", str("done"), `got: "done"`},
		{"snapshot_type", str("timer"), ""},
		{"snapshot_type", str("manual"), `Attribute snapshot_type value must be one of`},
		{"usage", str("image_disk"), ""},
		{"usage", str("images"), `Attribute usage value must be one of`},
		{"source_disk_type", str("Data"), ""},
		{"source_disk_type", str("SYSTEM"), ""},
		{"source_disk_type", str("root"), `Attribute source_disk_type value must be one of`},
		{"category", str("standard"), ""},
		{"category", str("Flash"), ""},
		{"category", str("ARCHIVE"), ""},
		{"category", str("premium"), `Attribute category value must be one of`},
		{"instance_id", str(""), "instance_id string length must be at least 1"},
		{"disk_id", str(""), "disk_id string length must be at least 1"},
		{"snapshot_link_id", str(""), "snapshot_link_id"},
		{"snapshot_name", str(""), "snapshot_name"},
		{"resource_group_id", str(""), "resource_group_id"},
		{"kms_key_id", str(""), "kms_key_id"},
		{"disk_id", str("d-1"), ""},
		{"status", types.StringUnknown(), ""},
		{"status", types.StringNull(), ""},
		{"name_regex", str("^app-[0-9]+$"), ""},
		{"name_regex", str("app-("), "Attribute name_regex value must be a valid regular expression"},
		{"creation_start_time", str("2024-05-01T08:00Z"), ""},
		{"creation_start_time", str("2024-05-01T08:00:00Z"), ""},
		{"creation_start_time", str("2024-05-01T16:00:00+08:00"), ""},
		{"creation_start_time", str("2024-05-01"), `Attribute creation_start_time value must be a time`},
		{"creation_end_time", str("2024-05-01 08:00"), `got: "2024-05-01 08:00"`},
		{"creation_end_time", str("0000-01-01T00:30:00+01:00"), "outside the years"},
		{"creation_end_time", types.StringUnknown(), ""},
		{"tags", tagMap("env", "prod", "empty", ""), ""},
		{"tags", tagMap("", "v"), `Attribute tags[""] must be 1 to 128 characters long`},
		{"tags", tagMap("aliyun-x", "v"), `must not start with "aliyun" or "acs:", got: "aliyun-x"`},
		{"tags", tagMap("acs:x", "v"), `must not start with "aliyun" or "acs:", got: "acs:x"`},
		{"tags", tagMap("a-http://b", "v"), `must not contain "http://" or "https://"`},
		{"tags", tagMap(strings.Repeat("k", 129), "v"), "must be 1 to 128 characters long"},
		{"tags", tagMap(strings.Repeat("k", 128), strings.Repeat("é", 128)), ""},
		{"tags", tagMap("k", strings.Repeat("v", 129)), `Attribute tags["k"] must be 0 to 128 characters long`},
		{"tags", tagMap("k", "acs:v"), `Attribute tags["k"] must not start with "acs:", got: "acs:v"`},
		{"tags", tagMap("k", "see https://x"), `must not contain "http://" or "https://"`},
		{"tags", tagMap("k", "aliyun is fine in a value"), ""},
		{"tags", tagMap(manyTags...), "tags map must contain at most 20 elements"},
		{"ids", types.ListValueMust(types.StringType, []attr.Value{str("s-1")}), ""},
		{"ids", types.ListValueMust(types.StringType, []attr.Value{str("s-1"), str("")}), "ids[1] string length must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.attribute+"="+tt.value.String(), func(t *testing.T) {
			diags := validateAttribute(t, tt.attribute, tt.value)
			if tt.wantError == "" {
				if diags.HasError() {
					t.Fatalf("want valid, got %v", diags)
				}
				return
			}
			if !diags.HasError() {
				t.Fatalf("want an error containing %q, got none", tt.wantError)
			}
			var details []string
			for _, d := range diags.Errors() {
				details = append(details, d.Detail())
			}
			if all := strings.Join(details, "\n"); !strings.Contains(all, tt.wantError) {
				t.Errorf("want an error containing %q, got %q", tt.wantError, all)
			}
		})
	}
}

func TestParseCreationTime_formats(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-05-01T08:00Z", time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)},
		{"2024-05-01T08:00:59Z", time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)},
		{"2024-05-01T08:00:00.999Z", time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)},
		{"2024-05-01T01:30:00+08:00", time.Date(2024, 4, 30, 17, 30, 0, 0, time.UTC)},
		{"2024-05-01T20:15:00-05:00", time.Date(2024, 5, 2, 1, 15, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := parseCreationTime(tt.in)
		if err != nil {
			t.Errorf("parseCreationTime(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("parseCreationTime(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "2024-05-01", "2024-05-01T08:00", "2024-05-01T08:00+08:00", "1714550400", "9999-12-31T23:30:00-01:00"} {
		if _, err := parseCreationTime(bad); err == nil {
			t.Errorf("parseCreationTime(%q) accepted", bad)
		}
	}
}

// configOf builds the configuration Terraform would send for a model.
func configOf(t *testing.T, m snapshotsDataSourceModel) tfsdk.Config {
	t.Helper()
	ctx := context.Background()
	s := snapshotsDataSourceSchema()
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if d := state.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	return tfsdk.Config{Schema: s, Raw: state.Raw}
}

func TestCreationWindowValidator_endNotBeforeStart(t *testing.T) {
	tests := []struct {
		start, end types.String
		wantError  bool
	}{
		{str("2024-05-01T08:00Z"), str("2024-05-01T09:00Z"), false},
		{str("2024-05-01T08:00Z"), str("2024-05-01T08:00Z"), false},
		// Equal once converted to UTC.
		{str("2024-05-01T16:00:00+08:00"), str("2024-05-01T08:00Z"), false},
		{str("2024-05-01T09:00Z"), str("2024-05-01T08:00Z"), true},
		{str("2024-05-01T09:00:00+00:00"), str("2024-05-01T16:59:00+08:00"), true},
		{str("2024-05-01T09:00Z"), types.StringNull(), false},
		{types.StringNull(), str("2024-05-01T09:00Z"), false},
		{str("2024-05-01T09:00Z"), types.StringUnknown(), false},
		{str("garbage"), str("2024-05-01T09:00Z"), false}, // reported by the attribute's own validator
	}
	for _, tt := range tests {
		m := nullFilterModel()
		m.CreationStartTime, m.CreationEndTime = tt.start, tt.end
		resp := &datasource.ValidateConfigResponse{}
		creationWindowValidator.ValidateDataSource(context.Background(), datasource.ValidateConfigRequest{Config: configOf(t, m)}, resp)
		if resp.Diagnostics.HasError() != tt.wantError {
			t.Errorf("start %s end %s: error = %v, want %v", tt.start, tt.end, resp.Diagnostics, tt.wantError)
		}
		if tt.wantError && !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "creation_end_time") {
			t.Errorf("the error should name creation_end_time: %v", resp.Diagnostics)
		}
	}
}

// FuzzParseCreationTime_roundTrip: a creation_start_time / creation_end_time the data source accepts is a UTC minute
// within the years the API's format can carry, and that minute reads back unchanged in the API's format.
func FuzzParseCreationTime_roundTrip(f *testing.F) {
	for _, s := range []string{
		"2024-05-01T08:00Z", "2024-05-01T16:00:00+08:00", "0001-01-01T00:30:00+01:00", "9999-12-31T23:59:59-01:00",
		"2024-05-01", "", "2024-05-01T08:00:00.999999999Z", "2024-13-01T08:00Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseCreationTime(s)
		if err != nil {
			if !regexp.MustCompile(`^".*" is `).MatchString(err.Error()) {
				t.Fatalf("error %q does not quote the value", err)
			}
			return
		}
		if got.Location() != time.UTC || !got.Equal(got.Truncate(time.Minute)) || got.Year() < 1 || got.Year() > 9999 {
			t.Fatalf("%q read as %v", s, got)
		}
		wire := got.Format(apiFilterTimeLayout)
		if back, err := parseCreationTime(wire); err != nil || !back.Equal(got) {
			t.Fatalf("%q read as %v, whose API form %q reads back as %v, %v", s, got, wire, back, err)
		}
	})
}

// snapshotsRaw is the terraform value of the snapshots attribute holding in, as setSnapshotsList writes it.
func snapshotsRaw(t *testing.T, in []ecsclient.Snapshot) tftypes.Value {
	t.Helper()
	ctx := context.Background()
	s := snapshotsDataSourceSchema()
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	m := snapshotsDataSourceModel{Snapshots: []snapshotModel{}, Tags: types.MapNull(types.StringType),
		Model: plural.Model{IDs: types.ListValueMust(types.StringType, nil), Names: types.ListValueMust(types.StringType, nil)}}
	if d := st.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	if err := setSnapshotsList(ctx, &st, in); err != nil {
		t.Fatal(err)
	}
	v, _, err := tftypes.WalkAttributePath(st.Raw, tftypes.NewAttributePath().WithAttributeName("snapshots"))
	if err != nil {
		t.Fatal(err)
	}
	raw, ok := v.(tftypes.Value)
	if !ok {
		t.Fatalf("snapshots is %T", v)
	}
	return raw
}

// The framework takes the snapshots attribute as a framework value after every read; that must not build an
// object per snapshot (10,000 of them hold about 30 MiB while the state and the framework's copy of it are live).
func TestSnapshotsAttribute_frameworkValueNotBuiltPerSnapshot(t *testing.T) {
	ctx := context.Background()
	typ := snapshotsDataSourceSchema().Attributes["snapshots"].GetType()
	allocs := func(n int) float64 {
		in := make([]ecsclient.Snapshot, n)
		for i := range in {
			in[i] = fullSnapshot()
			in[i].SnapshotID = fmt.Sprintf("s-%03d", i)
		}
		raw := snapshotsRaw(t, in)
		return testing.AllocsPerRun(10, func() {
			if _, err := typ.ValueFromTerraform(ctx, raw); err != nil {
				t.Fatal(err)
			}
		})
	}
	if one, hundred := allocs(1), allocs(100); hundred > one+2 {
		t.Errorf("taking snapshots as a framework value made %v allocations for 1 and %v for 100, want as many", one, hundred)
	}
}

// Asked for a framework list, the snapshots value gives what types.ListType gives, and it keeps the terraform value.
func TestSnapshotsAttribute_sameValuesAsListType(t *testing.T) {
	ctx := context.Background()
	attrType := snapshotsDataSourceSchema().Attributes["snapshots"].GetType()
	typ, ok := attrType.(snapshotsListType)
	if !ok {
		t.Fatalf("snapshots has type %T", attrType)
	}
	listType := typ.ListType
	for name, raw := range map[string]tftypes.Value{
		"snapshots": snapshotsRaw(t, []ecsclient.Snapshot{fullSnapshot(), {SnapshotID: "s-bare"}}),
		"empty":     snapshotsRaw(t, nil),
		"null":      tftypes.NewValue(listType.TerraformType(ctx), nil),
		"unknown":   tftypes.NewValue(listType.TerraformType(ctx), tftypes.UnknownValue),
	} {
		t.Run(name, func(t *testing.T) {
			v, err := typ.ValueFromTerraform(ctx, raw)
			if err != nil {
				t.Fatal(err)
			}
			want, err := listType.ValueFromTerraform(ctx, raw)
			if err != nil {
				t.Fatal(err)
			}
			lv, ok := v.(basetypes.ListValuable)
			if !ok {
				t.Fatalf("%T is no list", v)
			}
			got, diags := lv.ToListValue(ctx)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !got.Equal(want) {
				t.Errorf("ToListValue = %s, want %s", got, want)
			}
			if v.IsNull() != raw.IsNull() || v.IsUnknown() != !raw.IsKnown() {
				t.Errorf("null %v unknown %v, want %v %v", v.IsNull(), v.IsUnknown(), raw.IsNull(), !raw.IsKnown())
			}
			back, err := v.ToTerraformValue(ctx)
			if err != nil || !back.Equal(raw) {
				t.Errorf("ToTerraformValue = %s, %v; want %s", back, err, raw)
			}
			again, diags := typ.ValueFromList(ctx, got)
			if diags.HasError() || !again.Equal(v) {
				t.Errorf("ValueFromList(ToListValue) = %v, %v; want %v", again, diags, v)
			}
			if !v.Type(ctx).Equal(typ) || !typ.ValueType(ctx).Type(ctx).Equal(typ) {
				t.Errorf("type %s", v.Type(ctx))
			}
		})
	}
	if _, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nil)); err == nil {
		t.Error("a list of strings was taken as snapshots")
	}
	if zero := typ.ValueType(ctx); !zero.IsNull() {
		t.Errorf("ValueType %s is not null", zero)
	}
}
