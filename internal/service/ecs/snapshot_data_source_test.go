package ecs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
)

// nullSnapshotConfig is an aliecs_snapshot configuration with no argument set.
func nullSnapshotConfig() snapshotDataSourceModel {
	var m snapshotDataSourceModel
	for _, s := range []*types.String{&m.InstanceID, &m.CreationStartTime, &m.CreationEndTime, &m.NameRegex, &m.ID,
		&m.DiskID, &m.SnapshotLinkID, &m.SnapshotName, &m.Status, &m.SnapshotType, &m.Usage, &m.SourceDiskType,
		&m.ResourceGroupID, &m.KMSKeyID, &m.Category, &m.CreationTime, &m.SourceStorageType, &m.LastModifiedTime,
		&m.SourceDiskID, &m.Description, &m.SnapshotID, &m.RegionID, &m.SnapshotSN, &m.ProductCode,
		&m.SourceSnapshotID, &m.SourceRegionID} {
		*s = types.StringNull()
	}
	for _, b := range []*types.Bool{&m.MostRecent, &m.Encrypted, &m.InstantAccess, &m.Available} {
		*b = types.BoolNull()
	}
	for _, i := range []*types.Int64{&m.Progress, &m.RemainTime, &m.SourceDiskSize, &m.RetentionDays, &m.InstantAccessRetentionDays} {
		*i = types.Int64Null()
	}
	m.IDs = types.ListNull(types.StringType)
	m.Tags = types.MapNull(types.StringType)
	return m
}

func snapshotConfigOf(t *testing.T, m snapshotDataSourceModel) tfsdk.Config {
	t.Helper()
	ctx := context.Background()
	s := snapshotDataSourceSchema()
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if d := state.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	return tfsdk.Config{Schema: s, Raw: state.Raw}
}

// readSnapshotWith reads the configuration m through a data source configured with conn.
func readSnapshotWith(t *testing.T, conn *conns.Client, m snapshotDataSourceModel) (snapshotDataSourceModel, *datasource.ReadResponse) {
	t.Helper()
	ctx := context.Background()
	ds, ok := NewSnapshotDataSource().(*snapshotDataSource)
	if !ok {
		t.Fatalf("NewSnapshotDataSource returned %T", NewSnapshotDataSource())
	}
	cresp := &datasource.ConfigureResponse{}
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: conn}, cresp)
	if cresp.Diagnostics.HasError() {
		t.Fatal(cresp.Diagnostics)
	}
	s := snapshotDataSourceSchema()
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}}
	ds.Read(ctx, datasource.ReadRequest{Config: snapshotConfigOf(t, m)}, resp)
	var out snapshotDataSourceModel
	if !resp.Diagnostics.HasError() {
		if d := resp.State.Get(ctx, &out); d.HasError() {
			t.Fatal(d)
		}
	}
	return out, resp
}

func errorDetail(t *testing.T, resp *datasource.ReadResponse) string {
	t.Helper()
	if !resp.Diagnostics.HasError() {
		t.Fatal("want an error, the read succeeded")
	}
	e := resp.Diagnostics.Errors()[0]
	return e.Summary() + ": " + e.Detail()
}

func TestSnapshotDataSourceSchema_filtersAndFields(t *testing.T) {
	s := snapshotDataSourceSchema()
	plural := snapshotsDataSourceSchema().Attributes
	fields := snapshotAttributes()

	var names []string
	for name, a := range s.Attributes {
		names = append(names, name)
		if a.GetDescription() == "" {
			t.Errorf("attribute %s has no description", name)
		}
		// A filter that is also a result says what it is as each; neither half may be empty.
		if strings.Contains(a.GetMarkdownDescription(), ":  ") || strings.HasSuffix(a.GetMarkdownDescription(), ": ") {
			t.Errorf("attribute %s has an empty part in %q", name, a.GetMarkdownDescription())
		}
	}
	slices.Sort(names)
	if model := tfsdkNames(snapshotDataSourceModel{}); !slices.Equal(names, model) {
		t.Errorf("schema attributes %v\nmodel fields       %v", names, model)
	}
	for name, f := range fields {
		a, ok := s.Attributes[name]
		if !ok {
			t.Errorf("field %s of aliecs_snapshots' elements is missing", name)
			continue
		}
		if !a.IsComputed() || !a.GetType().Equal(f.GetType()) {
			t.Errorf("field %s: computed %v, type %s; want computed, type %s", name, a.IsComputed(), a.GetType(), f.GetType())
		}
	}
	if a := s.Attributes["disk_id"]; !a.IsComputed() {
		t.Error("disk_id (the resource's name of the source disk) is not computed")
	}
	for _, name := range snapshotFilterArguments {
		a, ok := s.Attributes[name]
		if !ok || !a.IsOptional() {
			t.Errorf("filter %s of aliecs_snapshots is not an optional argument", name)
			continue
		}
		if !a.GetType().Equal(plural[name].GetType()) {
			t.Errorf("filter %s has type %s, aliecs_snapshots %s", name, a.GetType(), plural[name].GetType())
		}
		if got, want := validatorCount(a), validatorCount(plural[name]); got < want {
			t.Errorf("filter %s has %d validators, aliecs_snapshots %d: the rules must be the same", name, got, want)
		}
	}
	if _, ok := s.Attributes["dry_run"]; ok {
		t.Error("dry_run can only find nothing, an error here")
	}
	if id := s.Attributes["id"]; !id.IsOptional() || !id.IsComputed() {
		t.Error("id must be an optional and computed argument")
	}
	for _, name := range []string{"ids", "most_recent", "instance_id", "name_regex"} {
		if s.Attributes[name].IsComputed() {
			t.Errorf("%s is an argument only", name)
		}
	}
}

func validatorCount(a schema.Attribute) int {
	switch a := a.(type) {
	case schema.StringAttribute:
		return len(a.Validators)
	case schema.BoolAttribute:
		return len(a.Validators)
	case schema.ListAttribute:
		return len(a.Validators)
	case schema.MapAttribute:
		return len(a.Validators)
	}
	return -1
}

// lookupClient answers DescribeSnapshots by SnapshotIds from its snapshots, recording each call and holding it
// until release, so that lookups made meanwhile gather behind the first.
type lookupClient struct {
	describeOnlyClient
	snapshots map[string]ecsclient.Snapshot
	heldCalls[ecsclient.DescribeSnapshotsInput]
}

func (c *lookupClient) DescribeSnapshots(_ context.Context, in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	c.hold(in)
	var out []ecsclient.Snapshot
	for _, id := range in.SnapshotIDs {
		if s, ok := c.snapshots[id]; ok {
			out = append(out, s)
		}
	}
	return out, nil
}

// A lookup by id alone goes through the provider's batched lookups: reads made while a call is in flight share
// the next one. A DescribeSnapshots of its own per read would make three calls.
func TestSnapshotDataSourceRead_idAloneSharesBatchedLookups(t *testing.T) {
	c := &lookupClient{describeOnlyClient: describeOnlyClient{t: t}, snapshots: map[string]ecsclient.Snapshot{},
		heldCalls: newHeldCalls[ecsclient.DescribeSnapshotsInput]()}
	for _, id := range []string{"s-a", "s-b", "s-c"} {
		c.snapshots[id] = snapshotAt(id, "name-"+id, 1)
	}
	conn, err := conns.New(context.Background(), conns.Config{Region: "cn-test"},
		conns.Factories{ECS: func(context.Context, client.Config) (ecsclient.Client, error) { return c, nil }})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	read := func(id string) {
		defer wg.Done()
		m := nullSnapshotConfig()
		m.ID = types.StringValue(id)
		out, resp := readSnapshotWith(t, conn, m)
		if resp.Diagnostics.HasError() {
			t.Errorf("%s: %v", id, resp.Diagnostics)
			return
		}
		if out.SnapshotID.ValueString() != id || out.SnapshotName.ValueString() != "name-"+id {
			t.Errorf("read of %s gave %s %s", id, out.SnapshotID, out.SnapshotName)
		}
	}
	wg.Add(1)
	go read("s-a")
	<-c.first
	wg.Add(2)
	go read("s-b")
	go read("s-c")
	// The batcher gathers the two while the first call is held; give them time to join before releasing,
	// well under the second after which a held call no longer holds the next one back (batch.DefaultStuckAfter).
	time.Sleep(300 * time.Millisecond)
	close(c.release)
	wg.Wait()

	if len(c.calls) != 2 {
		t.Fatalf("%d DescribeSnapshots calls for three reads by id, want 2 (the first, then one for the other two): %+v", len(c.calls), c.calls)
	}
	second := slices.Sorted(slices.Values(c.calls[1].SnapshotIDs))
	if !slices.Equal(second, []string{"s-b", "s-c"}) {
		t.Errorf("second call asked %v, want s-b and s-c together", second)
	}
	for _, in := range c.calls {
		only := ecsclient.DescribeSnapshotsInput{SnapshotIDs: in.SnapshotIDs}
		if fmt.Sprint(in) != fmt.Sprint(only) {
			t.Errorf("a lookup by id sent other parameters: %+v", in)
		}
	}
}

func TestSnapshotDataSourceRead_idWithFiltersSendsBoth(t *testing.T) {
	c := &describeOnlyClient{t: t, result: []ecsclient.Snapshot{snapshotAt("s-1", "x", 1)}}
	m := nullSnapshotConfig()
	m.ID = types.StringValue("s-1")
	m.DiskID = types.StringValue("d-1")
	m.Status = types.StringValue("accomplished")
	out, resp := readSnapshotWith(t, connstest.ECS(t, c), m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if len(c.got) != 1 || !slices.Equal(c.got[0].SnapshotIDs, []string{"s-1"}) || c.got[0].DiskID != "d-1" || c.got[0].Status != "accomplished" {
		t.Errorf("asked %+v, want the id and the filters in one call", c.got)
	}
	if out.ID.ValueString() != "s-1" {
		t.Errorf("id = %s", out.ID)
	}
}

func TestSnapshotDataSourceRead_filtersWithMostRecent(t *testing.T) {
	older, newest, other := snapshotAt("s-old", "app-1", 1), snapshotAt("s-new", "app-2", 5), snapshotAt("s-web", "web", 9)
	newest.SourceDiskID, newest.Status, newest.Category = "d-1", "accomplished", "standard"
	newest.Tags = map[string]string{"env": "prod", "team": "a"}
	c := &describeOnlyClient{t: t, result: []ecsclient.Snapshot{other, older, newest}}
	m := nullSnapshotConfig()
	m.DiskID = types.StringValue("d-1")
	m.InstanceID = types.StringValue("i-1")
	m.Status = types.StringValue("all")
	m.Category = types.StringValue("STANDARD")
	m.Tags = types.MapValueMust(types.StringType, map[string]attr.Value{"env": types.StringValue("prod")})
	m.CreationStartTime = types.StringValue("2024-05-01T16:00:00+08:00")
	m.NameRegex = types.StringValue("^app-")
	m.MostRecent = types.BoolValue(true)
	out, resp := readSnapshotWith(t, connstest.ECS(t, c), m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	in := c.got[0]
	if in.DiskID != "d-1" || in.InstanceID != "i-1" || in.Status != "all" || in.Category != "Standard" ||
		in.Tags["env"] != "prod" || in.CreationStartTime == nil || in.SnapshotIDs != nil {
		t.Errorf("the filters were not sent as aliecs_snapshots sends them: %+v", in)
	}
	if out.ID.ValueString() != "s-new" || out.SnapshotID.ValueString() != "s-new" {
		t.Errorf("picked %s, want the newest match s-new", out.ID)
	}
	// Arguments that are fields hold the snapshot's values; the others stay as configured.
	if out.Status.ValueString() != "accomplished" || out.Category.ValueString() != "standard" || out.DiskID.ValueString() != "d-1" ||
		len(out.Tags.Elements()) != 2 {
		t.Errorf("status %s category %s disk_id %s tags %s: want the snapshot's", out.Status, out.Category, out.DiskID, out.Tags)
	}
	if out.InstanceID.ValueString() != "i-1" || out.NameRegex.ValueString() != "^app-" || !out.MostRecent.ValueBool() ||
		out.CreationStartTime.ValueString() != "2024-05-01T16:00:00+08:00" || !out.IDs.IsNull() {
		t.Errorf("arguments not kept as configured: %+v", out)
	}
}

func TestSnapshotDataSourceRead_noMatchNamesTheFilters(t *testing.T) {
	c := &describeOnlyClient{t: t, result: []ecsclient.Snapshot{snapshotAt("s-1", "web", 1)}}
	m := nullSnapshotConfig()
	m.DiskID = types.StringValue("d-1")
	m.Tags = types.MapValueMust(types.StringType, map[string]attr.Value{"env": types.StringValue("prod")})
	m.NameRegex = types.StringValue("^app-")
	_, resp := readSnapshotWith(t, connstest.ECS(t, c), m)
	detail := errorDetail(t, resp)
	for _, want := range []string{"No snapshot found", `disk_id = "d-1"`, `tags = {"env":"prod"}`, `name_regex = "^app-"`} {
		if !strings.Contains(detail, want) {
			t.Errorf("the error %q does not contain %q", detail, want)
		}
	}
}

func TestSnapshotDataSourceRead_idNotFound(t *testing.T) {
	c := &describeOnlyClient{t: t}
	m := nullSnapshotConfig()
	m.ID = types.StringValue("s-gone")
	_, resp := readSnapshotWith(t, connstest.ECS(t, c), m)
	if detail := errorDetail(t, resp); !strings.Contains(detail, "No snapshot in region "+connstest.Region+` matches id = "s-gone"`) {
		t.Errorf("error %q", detail)
	}
}

func TestSnapshotDataSourceRead_severalWithoutMostRecentSaysHowMany(t *testing.T) {
	var found []ecsclient.Snapshot
	for i := range 7 {
		found = append(found, snapshotAt(fmt.Sprintf("s-%d", i), "x", i))
	}
	c := &describeOnlyClient{t: t, result: found}
	m := nullSnapshotConfig()
	m.Status = types.StringValue("accomplished")
	_, resp := readSnapshotWith(t, connstest.ECS(t, c), m)
	detail := errorDetail(t, resp)
	for _, want := range []string{"Several snapshots found", "7 snapshots in region " + connstest.Region + ` match status = "accomplished"`,
		"s-6, s-5, s-4, s-3, s-2 and 2 more", "most_recent = true", "narrow the filters"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the error %q does not contain %q", detail, want)
		}
	}

	_, resp = readSnapshotWith(t, connstest.ECS(t, c), nullSnapshotConfig())
	if detail := errorDetail(t, resp); !strings.Contains(detail, "7 snapshots in region "+connstest.Region+" exist and no filter is set") {
		t.Errorf("with no filter, error %q", detail)
	}
}

func TestSnapshotDataSourceRead_oneMatchWithoutMostRecent(t *testing.T) {
	c := &describeOnlyClient{t: t, result: []ecsclient.Snapshot{snapshotAt("s-1", "web", 1), snapshotAt("s-2", "app", 2)}}
	m := nullSnapshotConfig()
	m.NameRegex = types.StringValue("^web$")
	out, resp := readSnapshotWith(t, connstest.ECS(t, c), m)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if out.ID.ValueString() != "s-1" {
		t.Errorf("picked %s", out.ID)
	}
}

// ids = [] asks for no snapshot, as in aliecs_snapshots: nothing is found, and the API is not asked for every
// snapshot of the region.
func TestSnapshotDataSourceRead_emptyIDsMatchNothing(t *testing.T) {
	c := &describeOnlyClient{t: t, result: []ecsclient.Snapshot{snapshotAt("s-1", "web", 1)}}
	m := nullSnapshotConfig()
	m.IDs = types.ListValueMust(types.StringType, []attr.Value{})
	m.MostRecent = types.BoolValue(true)
	_, resp := readSnapshotWith(t, connstest.ECS(t, c), m)
	if detail := errorDetail(t, resp); !strings.Contains(detail, "matches ids = [], most_recent = true") {
		t.Errorf("error %q", detail)
	}
	if len(c.got) != 0 {
		t.Errorf("DescribeSnapshots called with %+v", c.got)
	}
}

func TestSnapshotDataSourceRead_apiErrorShownWhole(t *testing.T) {
	apiErr := &client.APIError{Action: "DescribeSnapshots", Code: "InvalidSnapshotLinkId.NotFound", Message: "not found",
		RequestID: "REQ-7", HTTPStatus: 404}
	for _, id := range []string{"", "s-1"} {
		c := &describeOnlyClient{t: t, err: apiErr}
		m := nullSnapshotConfig()
		if id != "" {
			m.ID = types.StringValue(id)
		} else {
			m.SnapshotLinkID = types.StringValue("sl-1")
		}
		_, resp := readSnapshotWith(t, connstest.ECS(t, c), m)
		detail := errorDetail(t, resp)
		for _, want := range []string{"InvalidSnapshotLinkId.NotFound", "REQ-7"} {
			if !strings.Contains(detail, want) {
				t.Errorf("id %q: the error %q does not contain %q", id, detail, want)
			}
		}
	}
}

func TestDescribeArguments_longListsCounted(t *testing.T) {
	var ids []attr.Value
	for i := range 6 {
		ids = append(ids, types.StringValue(fmt.Sprintf("s-%d", i)))
	}
	got := describeArguments([]namedValue{
		{"ids", types.ListValueMust(types.StringType, ids)}, {"encrypted", types.BoolValue(false)},
	})
	if want := "ids = [6 IDs], encrypted = false"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Every field has the value aliecs_snapshots gives it in its elements, and disk_id that of source_disk_id.
func TestFlattenSnapshotDataSource_sameValuesAsElements(t *testing.T) {
	ctx := context.Background()
	s := fullSnapshot()
	dsSchema := snapshotDataSourceSchema()
	state := tfsdk.State{Schema: dsSchema, Raw: tftypes.NewValue(dsSchema.Type().TerraformType(ctx), nil)}
	if d := state.Set(ctx, flattenSnapshotDataSource(s, nullSnapshotConfig())); d.HasError() {
		t.Fatal(d)
	}
	var got map[string]tftypes.Value
	if err := state.Raw.As(&got); err != nil {
		t.Fatal(err)
	}

	top := objectType(t, snapshotsDataSourceSchema().Type().TerraformType(ctx))
	list, ok := top.AttributeTypes["snapshots"].(tftypes.List)
	if !ok {
		t.Fatalf("snapshots is a %s", top.AttributeTypes["snapshots"])
	}
	elem, err := flattenSnapshot(s).terraformValue(ctx, objectType(t, list.ElementType), newValueCache(), true)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]tftypes.Value
	if err := elem.As(&want); err != nil {
		t.Fatal(err)
	}
	for name, w := range want {
		if !got[name].Equal(w) {
			t.Errorf("%s = %s, aliecs_snapshots' element has %s", name, got[name], w)
		}
	}
	if !got["disk_id"].Equal(want["source_disk_id"]) {
		t.Errorf("disk_id = %s, want source_disk_id %s", got["disk_id"], want["source_disk_id"])
	}
}

// Every attribute the aliecs_snapshot resource shares with the data source has the same value for the same
// snapshot (the resource as imported, with no configuration of its own to keep): one with every field set, and
// one with what the API leaves empty or zero for a snapshot created with no optional argument.
func TestFlattenSnapshotDataSource_sameValuesAsResource(t *testing.T) {
	sparse := fullSnapshot()
	sparse.SnapshotName, sparse.Description, sparse.RetentionDays, sparse.InstantAccess = "", "", 0, false
	sparse.InstantAccessRetentionDays, sparse.ResourceGroupID, sparse.KMSKeyID, sparse.Encrypted = 0, "", "", false
	sparse.Category, sparse.Tags = "Standard", nil
	for name, s := range map[string]ecsclient.Snapshot{"full": fullSnapshot(), "sparse": sparse} {
		t.Run(name, func(t *testing.T) { sameValuesAsResource(t, s) })
	}
}

func sameValuesAsResource(t *testing.T, s ecsclient.Snapshot) {
	ctx := context.Background()
	resSchema := snapshotResourceSchema(ctx)
	resState := tfsdk.State{Schema: resSchema, Raw: tftypes.NewValue(resSchema.Type().TerraformType(ctx), nil)}
	// An imported resource's state: every attribute null (Read fills them).
	typ := objectType(t, resSchema.Type().TerraformType(ctx))
	nulls := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		nulls[name] = tftypes.NewValue(at, nil)
	}
	imported := tfsdk.State{Schema: resSchema, Raw: tftypes.NewValue(typ, nulls)}
	var prior snapshotResourceModel
	if d := imported.Get(ctx, &prior); d.HasError() {
		t.Fatal(d)
	}
	if d := resState.Set(ctx, flattenSnapshotResource(&s, prior)); d.HasError() {
		t.Fatal(d)
	}
	dsSchema := snapshotDataSourceSchema()
	dsState := tfsdk.State{Schema: dsSchema, Raw: tftypes.NewValue(dsSchema.Type().TerraformType(ctx), nil)}
	if d := dsState.Set(ctx, flattenSnapshotDataSource(s, nullSnapshotConfig())); d.HasError() {
		t.Fatal(d)
	}
	var res, ds map[string]tftypes.Value
	if err := resState.Raw.As(&res); err != nil {
		t.Fatal(err)
	}
	if err := dsState.Raw.As(&ds); err != nil {
		t.Fatal(err)
	}
	shared := 0
	for name, r := range res {
		d, ok := ds[name]
		if !ok {
			continue
		}
		// Data sources show no tags as an empty map, so that lookup() works on them (tags.Flatten); the resource
		// as null, matching a configuration without tags.
		if name == "tags" && d.Equal(tftypes.NewValue(d.Type(), map[string]tftypes.Value{})) && r.IsNull() {
			shared++
			continue
		}
		shared++
		if !d.Equal(r) {
			t.Errorf("%s: data source %s, resource %s", name, d, r)
		}
	}
	if shared < 20 {
		t.Errorf("only %d attributes shared with the resource", shared)
	}
}

func objectType(t *testing.T, typ tftypes.Type) tftypes.Object {
	t.Helper()
	o, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	return o
}
