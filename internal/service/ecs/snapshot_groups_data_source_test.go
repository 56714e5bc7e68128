package ecs

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
	"github.com/aliecs/terraform-provider-aliecs/internal/plural"
)

// groupsClient answers DescribeSnapshotGroups from a list and records what it was asked.
type groupsClient struct {
	describeOnlyClient
	groups []ecsclient.SnapshotGroup
	got    []ecsclient.DescribeSnapshotGroupsInput
}

func (c *groupsClient) DescribeSnapshotGroups(_ context.Context, in ecsclient.DescribeSnapshotGroupsInput) ([]ecsclient.SnapshotGroup, error) {
	c.got = append(c.got, in)
	return c.groups, nil
}

func nullGroupsFilter() snapshotGroupsModel {
	return snapshotGroupsModel{
		Model: plural.Model{ID: types.StringNull(), IDs: types.ListNull(types.StringType), NameRegex: types.StringNull(),
			Names: types.ListNull(types.StringType), TotalCount: types.Int64Null()},
		InstanceID: types.StringNull(), Name: types.StringNull(),
		Status: types.SetNull(types.StringType), ResourceGroupID: types.StringNull(), Tags: types.MapNull(types.StringType),
	}
}

// readGroups configures aliecs_snapshot_groups with c and reads m as its configuration.
func readGroups(t *testing.T, c ecsclient.Client, m snapshotGroupsModel) (snapshotGroupsModel, *datasource.ReadResponse) {
	t.Helper()
	ctx := t.Context()
	ds, ok := NewSnapshotGroupsDataSource().(*snapshotGroupsDataSource)
	if !ok {
		t.Fatalf("NewSnapshotGroupsDataSource() is a %T", NewSnapshotGroupsDataSource())
	}
	cresp := &datasource.ConfigureResponse{}
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: connstest.ECS(t, c)}, cresp)
	if cresp.Diagnostics.HasError() {
		t.Fatal(cresp.Diagnostics)
	}
	s := snapshotGroupsDataSourceSchema()
	config := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if d := config.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: s, Raw: config.Raw}}
	ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: s, Raw: config.Raw}}, resp)
	var out snapshotGroupsModel
	if !resp.Diagnostics.HasError() {
		if d := resp.State.Get(ctx, &out); d.HasError() {
			t.Fatal(d)
		}
	}
	return out, resp
}

// A tag filter Terraform passes with a null value (tags = { env = null } is valid HCL, and the value validators
// skip nulls) cannot be sent; dropping the error would send a narrower filter and list groups that were not asked for.
func TestSnapshotGroupsRead_tagFilterErrorStopsTheRead(t *testing.T) {
	c := &groupsClient{describeOnlyClient: describeOnlyClient{t: t}, groups: []ecsclient.SnapshotGroup{{SnapshotGroupID: "ssg-1", Status: "accomplished"}}}
	m := nullGroupsFilter()
	m.Tags = types.MapValueMust(types.StringType, map[string]attr.Value{"env": types.StringNull(), "team": types.StringValue("db")})
	_, resp := readGroups(t, c, m)
	if !resp.Diagnostics.HasError() {
		t.Fatalf("read with a null tag value succeeded, asking %+v", c.got)
	}
	if len(c.got) != 0 {
		t.Errorf("DescribeSnapshotGroups was called with %+v", c.got)
	}
	if !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "null") {
		t.Errorf("the error does not say what is wrong: %v", resp.Diagnostics)
	}
}

// A member without instant access has no retention days: null, as in aliecs_snapshots and the resources.
func TestSnapshotGroupsRead_unsetRetentionIsNull(t *testing.T) {
	c := &groupsClient{describeOnlyClient: describeOnlyClient{t: t}, groups: []ecsclient.SnapshotGroup{{
		SnapshotGroupID: "ssg-1", Status: "accomplished",
		Snapshots: []ecsclient.SnapshotGroupMember{
			{SnapshotID: "s-1", SourceDiskID: "d-1", Progress: 100},
			{SnapshotID: "s-2", SourceDiskID: "d-2", Progress: 100, InstantAccess: true, InstantAccessRetentionDays: 3},
		},
	}}}
	out, resp := readGroups(t, c, nullGroupsFilter())
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	members := out.Groups[0].Snapshots
	if got := members[0].InstantAccessRetentionDays; !got.IsNull() {
		t.Errorf("unset instant_access_retention_days = %v, want null", got)
	}
	if got := members[1].InstantAccessRetentionDays; got.ValueInt64() != 3 {
		t.Errorf("instant_access_retention_days = %v, want 3", got)
	}
}

// ids = [] finds nothing without a call; unset ids lists every group, in ascending order of ID whatever the API's.
func TestSnapshotGroupsRead_idsAndOrder(t *testing.T) {
	c := &groupsClient{describeOnlyClient: describeOnlyClient{t: t}, groups: []ecsclient.SnapshotGroup{
		{SnapshotGroupID: "ssg-b", Name: "two", Status: "accomplished"},
		{SnapshotGroupID: "ssg-a", Status: "accomplished"},
	}}
	m := nullGroupsFilter()
	m.IDs = types.ListValueMust(types.StringType, []attr.Value{})
	out, resp := readGroups(t, c, m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if len(c.got) != 0 || len(out.Groups) != 0 || out.TotalCount.ValueInt64() != 0 || len(out.IDs.Elements()) != 0 {
		t.Errorf("ids = []: %d calls, %d groups, total %v, ids %v", len(c.got), len(out.Groups), out.TotalCount, out.IDs)
	}
	emptyID := out.ID

	out, resp = readGroups(t, c, nullGroupsFilter())
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if got, want := listStrings(t, out.IDs), []string{"ssg-a", "ssg-b"}; !slices.Equal(got, want) {
		t.Errorf("ids %v, want %v", got, want)
	}
	if got, want := listStrings(t, out.Names), []string{"", "two"}; !slices.Equal(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
	if out.ID == emptyID {
		t.Errorf("ids = [] and unset ids have the same query ID %s", out.ID)
	}

	m.IDs = types.ListValueMust(types.StringType, []attr.Value{types.StringValue("ssg-b"), types.StringValue("ssg-a"), types.StringValue("ssg-b")})
	readGroups(t, c, m)
	if got := c.got[len(c.got)-1].SnapshotGroupIDs; !slices.Equal(got, []string{"ssg-a", "ssg-b"}) {
		t.Errorf("asked for %v, want each ID once, sorted", got)
	}
}

// name_regex selects on the client side (DescribeSnapshotGroups takes a name, not a pattern) and is part of the query.
func TestSnapshotGroupsRead_nameRegex(t *testing.T) {
	c := &groupsClient{describeOnlyClient: describeOnlyClient{t: t}, groups: []ecsclient.SnapshotGroup{
		{SnapshotGroupID: "ssg-c", Name: "db-2", Status: "accomplished"},
		{SnapshotGroupID: "ssg-b", Name: "web", Status: "accomplished"},
		{SnapshotGroupID: "ssg-a", Name: "db-1", Status: "accomplished"},
	}}
	all, _ := readGroups(t, c, nullGroupsFilter())
	m := nullGroupsFilter()
	m.NameRegex = types.StringValue("^db-")
	out, resp := readGroups(t, c, m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if got, want := listStrings(t, out.IDs), []string{"ssg-a", "ssg-c"}; !slices.Equal(got, want) {
		t.Errorf("ids %v, want %v", got, want)
	}
	if got, want := listStrings(t, out.Names), []string{"db-1", "db-2"}; !slices.Equal(got, want) || out.TotalCount.ValueInt64() != 2 || len(out.Groups) != 2 {
		t.Errorf("names %v (want %v), total %v, %d groups", got, want, out.TotalCount, len(out.Groups))
	}
	if out.ID == all.ID {
		t.Errorf("with and without name_regex, the same query ID %s", out.ID)
	}
}
