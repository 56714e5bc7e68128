package framework

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// thing is a resource of the kit's shape: ID-imported, Read copies what the "API" (objects) holds.
type thing struct {
	ResourceWithConfigure
	objects map[string]string // id -> name
	finds   *atomic.Int32     // lookups: the list reads its results concurrently
}

func (r *thing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = thingSchema()
}

func thingSchema() schema.Schema {
	return schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true}, "name": schema.StringAttribute{Optional: true},
	}}
}

func (r *thing) find(_ context.Context, id string) (any, error) {
	r.finds.Add(1)
	name, ok := r.objects[id]
	if !ok {
		return nil, &wait.NotFoundError{Kind: "thing", ID: id}
	}
	if id == "s-refused" {
		return nil, &ImportRefusal{Summary: "Not a thing", Detail: "s-refused is another kind"}
	}
	return name, nil
}

func (r *thing) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.ImportByID(ctx, ImportSpec{Rule: validate.SnapshotID, What: "thing", Call: "DescribeThings", Hint: "Check it.", Find: r.find}, req, resp)
}

func (r *thing) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	name, err := ImportedOr(ctx, req, id.ValueString(), func(ctx context.Context) (string, error) {
		found, err := r.find(ctx, id.ValueString())
		name, _ := found.(string)
		return name, err
	})
	if err != nil {
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}

func (r *thing) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (r *thing) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (r *thing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

type thingLister struct{ ids []string }

func (thingLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{}
}

func (l thingLister) Find(_ context.Context, _ *conns.Client, _ tfsdk.Config, yield func(Found) bool) diag.Diagnostics {
	YieldEach(l.ids, func(id string) bool { return id != "s-skip" }, func(id string) Found { return FoundByID(id, "name of "+id) }, yield)
	return nil
}

func thingSpec(objects map[string]string, finds *atomic.Int32, listed ...string) ResourceSpec {
	return ResourceSpec{TypeName: "aliecs_thing", Factory: func() resource.Resource { return &thing{objects: objects, finds: finds} },
		Identity: IDIdentity("thing"), List: func() Lister { return thingLister{listed} }}
}

const region = connstest.Region

func configured(t *testing.T, r *resourceWithIdentity) *resourceWithIdentity {
	t.Helper()
	var resp resource.ConfigureResponse
	r.Configure(context.Background(), resource.ConfigureRequest{ProviderData: connstest.ECS(t, nil)}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return r
}

func identitySchema(r *resourceWithIdentity) resource.IdentitySchemaResponse {
	var resp resource.IdentitySchemaResponse
	r.IdentitySchema(context.Background(), resource.IdentitySchemaRequest{}, &resp)
	return resp
}

// importWith runs ImportState with an import ID, or with identity attributes when id is "".
func importWith(t *testing.T, r *resourceWithIdentity, id string, identity map[string]tftypes.Value) resource.ImportStateResponse {
	t.Helper()
	ctx := context.Background()
	is := identitySchema(r).IdentitySchema
	typ := is.Type().TerraformType(ctx)
	req := resource.ImportStateRequest{ID: id}
	ident := &tfsdk.ResourceIdentity{Schema: is, Raw: tftypes.NewValue(typ, nil)}
	if identity != nil {
		vals := map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, nil), "region": tftypes.NewValue(tftypes.String, nil)}
		for k, v := range identity {
			vals[k] = v
		}
		req.Identity = &tfsdk.ResourceIdentity{Schema: is, Raw: tftypes.NewValue(typ, vals)}
	}
	s := thingSchema()
	resp := resource.ImportStateResponse{State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}, Identity: ident}
	r.ImportState(ctx, req, &resp)
	return resp
}

func TestImportByID_checksFormAndExistence(t *testing.T) {
	t.Parallel()
	var finds atomic.Int32
	r := configured(t, newResource(thingSpec(map[string]string{"s-one": "one", "s-refused": "x"}, &finds)))

	resp := importWith(t, r, "snap-1", nil)
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), `The import ID "snap-1" is not a thing ID`) {
		t.Errorf("malformed ID: %v", resp.Diagnostics)
	}
	if finds.Load() != 0 {
		t.Errorf("a malformed ID was looked up %d times", finds.Load())
	}
	resp = importWith(t, r, "s-missing", nil)
	if d := resp.Diagnostics; !d.HasError() || d.Errors()[0].Summary() != "Thing not found" ||
		!strings.Contains(d.Errors()[0].Detail(), "there is no thing with this ID in region cn-hangzhou (DescribeThings found none). Check it.") {
		t.Errorf("missing object: %v", d)
	}
	resp = importWith(t, r, "s-refused", nil)
	if d := resp.Diagnostics; !d.HasError() || d.Errors()[0].Summary() != "Not a thing" {
		t.Errorf("refused object: %v", d)
	}
	resp = importWith(t, r, "s-one", nil)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var id, idRegion types.String
	resp.State.GetAttribute(context.Background(), path.Root("id"), &id)
	resp.Identity.GetAttribute(context.Background(), path.Root("id"), &idRegion)
	if id.ValueString() != "s-one" || idRegion.ValueString() != "s-one" {
		t.Errorf("imported id %s, identity id %s; want s-one in both", id, idRegion)
	}
	resp.Identity.GetAttribute(context.Background(), path.Root("region"), &idRegion)
	if idRegion.ValueString() != region {
		t.Errorf("identity region %s, want the provider's %s", idRegion, region)
	}
}

func TestImportByIdentity_regionAndAttributes(t *testing.T) {
	t.Parallel()
	var finds atomic.Int32
	r := configured(t, newResource(thingSpec(map[string]string{"s-one": "one"}, &finds)))

	resp := importWith(t, r, "", map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "s-one")})
	if resp.Diagnostics.HasError() {
		t.Fatalf("identity without region: %v", resp.Diagnostics)
	}
	resp = importWith(t, r, "", map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "s-one"),
		"region": tftypes.NewValue(tftypes.String, region)})
	if resp.Diagnostics.HasError() {
		t.Fatalf("identity in the provider's region: %v", resp.Diagnostics)
	}
	before := finds.Load()
	resp = importWith(t, r, "", map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "s-one"),
		"region": tftypes.NewValue(tftypes.String, "cn-elsewhere")})
	if d := resp.Diagnostics; !d.HasError() || !strings.Contains(d.Errors()[0].Detail(), `names region "cn-elsewhere", but this provider configuration works in region "cn-hangzhou"`) {
		t.Errorf("identity of another region: %v", d)
	}
	if finds.Load() != before {
		t.Error("an identity of another region was looked up")
	}
	resp = importWith(t, r, "", map[string]tftypes.Value{"region": tftypes.NewValue(tftypes.String, region)})
	if d := resp.Diagnostics; !d.HasError() || d.Errors()[0].Summary() != "Missing identity attribute" {
		t.Errorf("identity without its id: %v", d)
	}
}

func TestIdentity_importIDJoinsAttributes(t *testing.T) {
	t.Parallel()
	id := Identity{Attributes: []IdentityAttribute{{Name: "auto_snapshot_policy_id"}, {Name: "disk_id"}}}
	if got := id.importID([]string{"sp-1", "d-2"}); got != "sp-1:d-2" {
		t.Errorf("importID = %q, want the attachment's import ID form sp-1:d-2", got)
	}
}

func TestRead_goneKeepsIdentity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var finds atomic.Int32
	r := configured(t, newResource(thingSpec(map[string]string{}, &finds)))
	s := thingSchema()
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, "s-gone"), "name": tftypes.NewValue(tftypes.String, nil)})}
	is := identitySchema(r).IdentitySchema
	ident := &tfsdk.ResourceIdentity{Schema: is, Raw: tftypes.NewValue(is.Type().TerraformType(ctx), nil)}
	resp := resource.ReadResponse{State: state, Identity: ident}
	r.Read(ctx, resource.ReadRequest{State: state, Identity: ident}, &resp)
	if !resp.State.Raw.IsNull() {
		t.Fatal("a gone object was not removed")
	}
	var id types.String
	resp.Identity.GetAttribute(ctx, path.Root("id"), &id)
	if id.ValueString() != "s-gone" {
		t.Errorf("identity after a gone object's read: %v; the framework refuses a read without one", resp.Identity.Raw)
	}
}

func TestList_limitIdentityAndObject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var finds atomic.Int32
	spec := thingSpec(map[string]string{"s-a": "alpha", "s-b": "beta", "s-c": "gamma"}, &finds, "s-a", "s-skip", "s-b", "s-c")
	l, ok := newListResource(spec).(*listResource)
	if !ok {
		t.Fatal("not a list resource")
	}
	var cresp resource.ConfigureResponse
	l.Configure(ctx, resource.ConfigureRequest{ProviderData: connstest.ECS(t, nil)}, &cresp)
	r := newResource(spec)
	s := thingSchema()
	is := identitySchema(r).IdentitySchema
	run := func(limit int64, include bool) []list.ListResult {
		var stream list.ListResultsStream
		l.List(ctx, list.ListRequest{Limit: limit, IncludeResource: include, ResourceSchema: s, ResourceIdentitySchema: is}, &stream)
		var out []list.ListResult
		for res := range stream.Results {
			out = append(out, res)
		}
		return out
	}
	if got := run(2, false); len(got) != 2 {
		t.Fatalf("limit 2 gave %d results", len(got))
	}
	got := run(0, true)
	if len(got) != 3 {
		t.Fatalf("no limit gave %d results, want 3 (s-skip left out)", len(got))
	}
	for i, want := range []struct{ id, name string }{{"s-a", "alpha"}, {"s-b", "beta"}, {"s-c", "gamma"}} {
		var id, name types.String
		got[i].Identity.GetAttribute(ctx, path.Root("id"), &id)
		got[i].Resource.GetAttribute(ctx, path.Root("name"), &name)
		if id.ValueString() != want.id || name.ValueString() != want.name || got[i].DisplayName != "name of "+want.id+" ("+want.id+")" {
			t.Errorf("result %d: id %s name %s display %q, want %s %s", i, id, name, got[i].DisplayName, want.id, want.name)
		}
	}
}

func TestRegistration_namesAndOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var finds atomic.Int32
	pkg := testPackage{spec: thingSpec(nil, &finds)}
	rs := Resources(pkg)
	var md resource.MetadataResponse
	rs[0]().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "aliecs"}, &md)
	if md.TypeName != "aliecs_thing" {
		t.Errorf("resource type name %q", md.TypeName)
	}
	if n := len(ListResources(pkg)); n != 1 {
		t.Errorf("%d list resources, want 1", n)
	}
	var dmd datasource.MetadataResponse
	ds := DataSources(pkg)
	ds[0]().Metadata(ctx, datasource.MetadataRequest{}, &dmd)
	if len(ds) != 2 || dmd.TypeName != "aliecs_a" {
		t.Errorf("data sources %d, first %q; want 2 sorted, aliecs_a first", len(ds), dmd.TypeName)
	}
}

type testPackage struct{ spec ResourceSpec }

type testDataSource struct{ DataSourceWithConfigure }

func (testDataSource) Schema(context.Context, datasource.SchemaRequest, *datasource.SchemaResponse) {}
func (testDataSource) Read(context.Context, datasource.ReadRequest, *datasource.ReadResponse)       {}

func (p testPackage) Resources() []ResourceSpec { return []ResourceSpec{p.spec} }
func (testPackage) DataSources() []DataSourceSpec {
	f := func() datasource.DataSource { return &testDataSource{} }
	return []DataSourceSpec{{TypeName: "aliecs_b", Factory: f}, {TypeName: "aliecs_a", Factory: f}}
}
func (testPackage) Actions() []ActionSpec { return nil }

var _ action.Action = (*testAction)(nil)

type testAction struct{ ActionWithConfigure }

func (testAction) Schema(context.Context, action.SchemaRequest, *action.SchemaResponse) {}
func (testAction) Invoke(context.Context, action.InvokeRequest, *action.InvokeResponse) {}
