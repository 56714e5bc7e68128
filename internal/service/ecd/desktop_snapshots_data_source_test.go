package ecd

import (
	"context"
	"errors"
	"math/big"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
)

// listingClient answers DescribeSnapshots from a list, in one region, and records what it was asked.
type listingClient struct {
	region    string
	snapshots []ecdclient.Snapshot
	got       []ecdclient.DescribeSnapshotsInput
}

func (c *listingClient) Region() string { return c.region }

func (c *listingClient) DescribeSnapshots(_ context.Context, in ecdclient.DescribeSnapshotsInput) ([]ecdclient.Snapshot, error) {
	c.got = append(c.got, in)
	return c.snapshots, nil
}

func (c *listingClient) CreateSnapshot(context.Context, ecdclient.CreateSnapshotInput) (string, error) {
	return "", errors.New("unexpected CreateSnapshot")
}

func (c *listingClient) DeleteSnapshot(context.Context, []string) error {
	return errors.New("unexpected DeleteSnapshot")
}

func (c *listingClient) DescribeDesktops(context.Context, ecdclient.DescribeDesktopsInput) ([]ecdclient.Desktop, error) {
	return nil, errors.New("unexpected DescribeDesktops")
}

// readDesktopSnapshots reads aliecs_desktop_snapshots through c with config, an object of the schema's
// arguments (those not given are null).
func readDesktopSnapshots(t *testing.T, c ecdclient.Client, config map[string]tftypes.Value) (tftypes.Value, *datasource.ReadResponse) {
	t.Helper()
	ctx := t.Context()
	ds, ok := NewDesktopSnapshotsDataSource().(*desktopSnapshotsDataSource)
	if !ok {
		t.Fatalf("NewDesktopSnapshotsDataSource() is a %T", NewDesktopSnapshotsDataSource())
	}
	cresp := &datasource.ConfigureResponse{}
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: connstest.ECD(t, c)}, cresp)
	if cresp.Diagnostics.HasError() {
		t.Fatal(cresp.Diagnostics)
	}
	sresp := &datasource.SchemaResponse{}
	ds.Schema(ctx, datasource.SchemaRequest{}, sresp)
	s := sresp.Schema
	typ, ok := s.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %T", s.Type().TerraformType(ctx))
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
		if v, ok := config[name]; ok {
			vals[name] = v
		}
	}
	raw := tftypes.NewValue(typ, vals)
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: s, Raw: raw}}
	ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: s, Raw: raw}}, resp)
	return resp.State.Raw, resp
}

func stateString(t *testing.T, raw tftypes.Value, name string) string {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var s string
	if err := attrs[name].As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// The same filters in two regions are two queries: a configuration that reads both (two provider aliases)
// must not see one ID for different results.
func TestDesktopSnapshotsRead_queryIDIncludesTheRegion(t *testing.T) {
	filters := map[string]tftypes.Value{"desktop_id": tftypes.NewValue(tftypes.String, "ecd-abc")}
	id := func(region string) string {
		raw, resp := readDesktopSnapshots(t, &listingClient{region: region}, filters)
		if resp.Diagnostics.HasError() {
			t.Fatal(resp.Diagnostics)
		}
		return stateString(t, raw, "id")
	}
	if a, b := id("cn-hangzhou"), id("cn-shanghai"); a == b {
		t.Errorf("the same filters in cn-hangzhou and cn-shanghai both have the ID %s", a)
	}
	if a, b := id("cn-hangzhou"), id("cn-hangzhou"); a != b {
		t.Errorf("the same query has the IDs %s and %s", a, b)
	}
}

// progress is a number, as in aliecs_snapshots and the resource; what the API leaves empty is null, not "".
func TestFlattenSnapshotOut_progressNumberAbsentNull(t *testing.T) {
	got := flattenSnapshotOut(ecdclient.Snapshot{SnapshotID: "s-1", Status: ecdclient.StatusAccomplished, Progress: "100%",
		ProgressPercent: 100, CreationTime: "2026-01-02T03:04:05Z"})
	if got.Progress != types.Int64Value(100) {
		t.Errorf("progress %v, want 100", got.Progress)
	}
	for name, v := range map[string]types.String{"deletion_time": got.DeletionTime, "description": got.Description,
		"volume_encryption_key": got.VolumeEncryptionKey, "restore_point_id": got.RestorePointID} {
		if !v.IsNull() {
			t.Errorf("%s = %v, want null", name, v)
		}
	}
	if got.CreationTime.ValueString() != "2026-01-02T03:04:05Z" || got.Status.ValueString() != ecdclient.StatusAccomplished {
		t.Errorf("%+v", got)
	}
	if p := flattenSnapshotOut(ecdclient.Snapshot{SnapshotID: "s-2", ProgressPercent: -1}).Progress; !p.IsNull() {
		t.Errorf("progress the API did not give = %v, want null", p)
	}
}

// Newest first whatever the order of the API's pages, and the API's order within a second.
func TestSortNewestFirst(t *testing.T) {
	at := func(id, created string) ecdclient.Snapshot {
		return ecdclient.Snapshot{SnapshotID: id, CreationTime: created}
	}
	found := []ecdclient.Snapshot{at("s-old", "2026-01-01T00:00:00Z"), at("s-new", "2026-01-03T00:00:00Z"),
		at("s-mid1", "2026-01-02T00:00:00Z"), at("s-none", ""), at("s-mid2", "2026-01-02T00:00:00Z")}
	sortNewestFirst(found)
	var got []string
	for _, s := range found {
		got = append(got, s.SnapshotID)
	}
	if want := []string{"s-new", "s-mid1", "s-mid2", "s-old", "s-none"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func stringList(vals ...string) tftypes.Value {
	elems := make([]tftypes.Value, len(vals))
	for i, v := range vals {
		elems[i] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
}

// stateList reads a list of strings and total_count from the state.
func stateList(t *testing.T, raw tftypes.Value, name string) []string {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var elems []tftypes.Value
	if err := attrs[name].As(&elems); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(elems))
	for i, e := range elems {
		if err := e.As(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// ids and name_regex select on the client side; DescribeSnapshots takes one SnapshotId, which a single ID uses.
func TestDesktopSnapshotsRead_idsAndNameRegex(t *testing.T) {
	c := &listingClient{region: "cn-hangzhou", snapshots: []ecdclient.Snapshot{
		{SnapshotID: "s-1", SnapshotName: "db-1", CreationTime: "2026-01-01T00:00:00Z"},
		{SnapshotID: "s-2", SnapshotName: "web", CreationTime: "2026-01-02T00:00:00Z"},
		{SnapshotID: "s-3", SnapshotName: "db-3", CreationTime: "2026-01-03T00:00:00Z"},
	}}
	tests := []struct {
		name       string
		config     map[string]tftypes.Value
		calls      int
		sent       string
		ids, names []string
	}{
		{"nothing set", nil, 1, "", []string{"s-3", "s-2", "s-1"}, []string{"db-3", "web", "db-1"}},
		{"ids = []", map[string]tftypes.Value{"ids": stringList()}, 0, "", []string{}, []string{}},
		{"one id", map[string]tftypes.Value{"ids": stringList("s-2")}, 1, "s-2", []string{"s-2"}, []string{"web"}},
		{"ids", map[string]tftypes.Value{"ids": stringList("s-1", "s-2", "s-9")}, 1, "", []string{"s-2", "s-1"}, []string{"web", "db-1"}},
		{"name_regex", map[string]tftypes.Value{"name_regex": tftypes.NewValue(tftypes.String, "^db-")}, 1, "",
			[]string{"s-3", "s-1"}, []string{"db-3", "db-1"}},
	}
	queryIDs := map[string]string{}
	for _, tt := range tests {
		c.got = nil
		raw, resp := readDesktopSnapshots(t, c, tt.config)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s: %v", tt.name, resp.Diagnostics)
		}
		if len(c.got) != tt.calls || (tt.calls > 0 && c.got[0].SnapshotID != tt.sent) {
			t.Errorf("%s: calls %+v, want %d sending SnapshotId %q", tt.name, c.got, tt.calls, tt.sent)
		}
		if got := stateList(t, raw, "ids"); !slices.Equal(got, tt.ids) {
			t.Errorf("%s: ids %v, want %v", tt.name, got, tt.ids)
		}
		if got := stateList(t, raw, "names"); !slices.Equal(got, tt.names) {
			t.Errorf("%s: names %v, want %v", tt.name, got, tt.names)
		}
		var attrs map[string]tftypes.Value
		var total big.Float
		if err := raw.As(&attrs); err != nil || attrs["total_count"].As(&total) != nil {
			t.Fatalf("%s: total_count of %v", tt.name, raw)
		}
		if n, _ := total.Int64(); n != int64(len(tt.ids)) {
			t.Errorf("%s: total_count %d, want %d", tt.name, n, len(tt.ids))
		}
		id := stateString(t, raw, "id")
		if other, ok := queryIDs[id]; ok {
			t.Errorf("%s and %s have the same query ID %s", other, tt.name, id)
		}
		queryIDs[id] = tt.name
	}
}
