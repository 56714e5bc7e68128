package ecs

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
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
func (c *describeOnlyClient) TagResources(context.Context, []string, map[string]string) error {
	return c.unexpected("TagResources")
}
func (c *describeOnlyClient) UntagResources(context.Context, []string, []string) error {
	return c.unexpected("UntagResources")
}
func (c *describeOnlyClient) JoinResourceGroup(context.Context, string, string) error {
	return c.unexpected("JoinResourceGroup")
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
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: c}, cresp)
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
	c := &describeOnlyClient{t: t, err: &ecsclient.APIError{Action: "DescribeSnapshots", Code: ecsclient.CodeDryRunOperation,
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
	c := &describeOnlyClient{t: t, err: &ecsclient.APIError{Action: "DescribeSnapshots", Code: ecsclient.CodeDryRunOperation, HTTPStatus: 400}}
	_, resp := readWith(t, c, nullFilterModel())
	if !resp.Diagnostics.HasError() {
		t.Fatal("want an error")
	}
}

func TestRead_apiErrorIsShownWhole(t *testing.T) {
	apiErr := &ecsclient.APIError{Action: "DescribeSnapshots", Code: "InvalidStatus.NotFound",
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

func TestSnapshotsQueryID(t *testing.T) {
	start := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	base := ecsclient.DescribeSnapshotsInput{DiskID: "d-1", Tags: map[string]string{"a": "1", "b": "2", "c": "3"}, CreationStartTime: &start}
	id := func(region string, in ecsclient.DescribeSnapshotsInput, re string, mostRecent bool) string {
		t.Helper()
		s, err := snapshotsQueryID(region, in, re, mostRecent)
		if err != nil {
			t.Fatal(err)
		}
		return s
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
	variants := map[string]string{
		"region":      id("cn-other", base, "", false),
		"filter":      id("cn-test", other, "", false),
		"name_regex":  id("cn-test", base, "x", false),
		"most_recent": id("cn-test", base, "", true),
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

// tfsdkNames lists the tfsdk tags of a model struct.
func tfsdkNames(v any) []string {
	var names []string
	rt := reflect.TypeOf(v)
	for i := range rt.NumField() {
		names = append(names, rt.Field(i).Tag.Get("tfsdk"))
	}
	sort.Strings(names)
	return names
}

func TestSchemaMatchesModels(t *testing.T) {
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
