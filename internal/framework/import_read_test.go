package framework

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
)

// thingProvider serves the thing resource through the framework's protocol server, so that private state
// travels as Terraform carries it: the import's into the Read that follows, each Read's into the next.
type thingProvider struct {
	conn *conns.Client
	spec ResourceSpec
}

func (p thingProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "aliecs"
}

func (p thingProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerschema.Schema{}
}

func (p thingProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.ResourceData = p.conn
}

func (p thingProvider) Resources(context.Context) []func() resource.Resource {
	return Resources(testPackage{p.spec})
}

func (p thingProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// thingServer is a configured protocol server of the thing resource over objects.
func thingServer(t *testing.T, objects map[string]string, finds *atomic.Int32) tfprotov6.ProviderServer {
	t.Helper()
	ctx := context.Background()
	s, err := providerserver.NewProtocol6WithError(thingProvider{conn: connstest.ECS(t, nil), spec: thingSpec(objects, finds)})()
	if err != nil {
		t.Fatal(err)
	}
	config, err := tfprotov6.NewDynamicValue(tftypes.Object{}, tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatal(err, resp.Diagnostics)
	}
	return s
}

func importThing(t *testing.T, s tfprotov6.ProviderServer, id string) *tfprotov6.ImportedResource {
	t.Helper()
	resp, err := s.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: "aliecs_thing", ID: id})
	if err != nil || len(resp.Diagnostics) > 0 || len(resp.ImportedResources) != 1 {
		t.Fatal(err, resp.Diagnostics)
	}
	return resp.ImportedResources[0]
}

// readThing reads the thing as Terraform does, with the state and private state given, and returns its name and
// the private state to hand the next Read.
func readThing(t *testing.T, s tfprotov6.ProviderServer, state *tfprotov6.DynamicValue, identity *tfprotov6.ResourceIdentityData, private []byte) (string, []byte) {
	t.Helper()
	resp, err := s.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: "aliecs_thing",
		CurrentState: state, CurrentIdentity: identity, Private: private})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatal(err, resp.Diagnostics)
	}
	typ := thingSchema().Type().TerraformType(context.Background())
	v, err := resp.NewState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	var name string
	if err := v.As(&attrs); err != nil || attrs["name"].As(&name) != nil {
		t.Fatalf("state %v: %v", v, err)
	}
	return name, resp.Private
}

// privateKeys are the keys of encoded private state (the framework's JSON map of key to value).
func privateKeys(t *testing.T, private []byte) map[string][]byte {
	t.Helper()
	keys := map[string][]byte{}
	if len(private) > 0 {
		if err := json.Unmarshal(private, &keys); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestImportedOr_readAfterImportUsesTheObjectOnce(t *testing.T) {
	t.Parallel()
	var finds atomic.Int32
	objects := map[string]string{"s-one": "one", "s-two": "two"}
	s := thingServer(t, objects, &finds)

	imported := importThing(t, s, "s-one")
	if finds.Load() != 1 {
		t.Fatalf("import looked the object up %d times, want 1", finds.Load())
	}
	if _, ok := privateKeys(t, imported.Private)[importedKey]; !ok {
		t.Fatalf("the import handed nothing to Read: private state %s", imported.Private)
	}
	// Changed after the import: the Read that follows stores what the import found, later Reads what the API has.
	objects["s-one"] = "renamed"
	name, private := readThing(t, s, imported.State, imported.Identity, imported.Private)
	if name != "one" || finds.Load() != 1 {
		t.Errorf("read after import: name %q after %d lookups; want the import's object (one) and no second lookup", name, finds.Load())
	}
	if _, ok := privateKeys(t, private)[importedKey]; ok {
		t.Errorf("the read after import kept the imported object for later reads: private state %s", private)
	}
	name, _ = readThing(t, s, imported.State, imported.Identity, private)
	if name != "renamed" || finds.Load() != 2 {
		t.Errorf("refresh: name %q after %d lookups; want the API's (renamed) from a second lookup", name, finds.Load())
	}
}

func TestImportedOr_refusesAnotherObjectOrProcess(t *testing.T) {
	t.Parallel()
	var finds atomic.Int32
	s := thingServer(t, map[string]string{"s-one": "one", "s-two": "two"}, &finds)
	one, two := importThing(t, s, "s-one"), importThing(t, s, "s-two")
	rewritten := func(edit func(*importedValue)) []byte {
		keys := privateKeys(t, two.Private)
		var v importedValue
		if err := json.Unmarshal(keys[importedKey], &v); err != nil {
			t.Fatal(err)
		}
		edit(&v)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		keys[importedKey] = b
		out, err := json.Marshal(keys)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range []struct {
		name    string
		private []byte
	}{
		{"another object's", two.Private},
		{"another process's", rewritten(func(v *importedValue) { v.ID, v.Process = "s-one", "0123" })},
		{"undecodable", rewritten(func(v *importedValue) { v.ID, v.Object = "s-one", json.RawMessage(`{"not":"a name"}`) })},
	} {
		before := finds.Load()
		name, private := readThing(t, s, one.State, one.Identity, c.private)
		if name != "one" || finds.Load() != before+1 {
			t.Errorf("%s hand-over: name %q after %d lookups; want one from the API", c.name, name, finds.Load()-before)
		}
		if _, ok := privateKeys(t, private)[importedKey]; ok {
			t.Errorf("%s hand-over was kept after the read", c.name)
		}
	}
}

// Without private state (the list resource's include_resource runs import and Read in one function), the object
// goes to the Read through the context, once.
func TestImportedOr_handOverThroughTheContextWithoutPrivateState(t *testing.T) {
	ctx := withHandOver(context.Background())
	resp := &resource.ImportStateResponse{}
	HandToRead(ctx, resp, "thing-1", "found by the import")
	if resp.Diagnostics.HasError() {
		t.Fatalf("hand-over without private state: %v", resp.Diagnostics)
	}
	finds := 0
	find := func(context.Context) (string, error) { finds++; return "found by Read", nil }
	for i, want := range []string{"found by the import", "found by Read"} {
		got, err := ImportedOr(ctx, resource.ReadRequest{}, "thing-1", find)
		if err != nil || got != want {
			t.Errorf("Read %d got %q, %v; want %q", i+1, got, err, want)
		}
	}
	if finds != 1 {
		t.Errorf("%d lookups, want 1 (the second Read's)", finds)
	}
	// Outside a hand-over slot, nothing is kept and Read looks the object up.
	HandToRead(context.Background(), resp, "thing-1", "lost")
	if got, _ := ImportedOr(context.Background(), resource.ReadRequest{}, "thing-1", find); got != "found by Read" {
		t.Errorf("got %q without a slot", got)
	}
}
