package framework

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// NewProtocol6Server serves p as providerserver.NewProtocol6WithError does, with one addition: when terraform
// upgrades a resource's stored state (UpgradeResourceState), the read it makes of that resource a few
// milliseconds later is expected by the batcher the resource's Read looks up through (ResourceSpec.ExpectRead,
// batch.Batcher.Expect). Terraform upgrades each resource's state just before it refreshes it, in every CLI this
// provider supports; its refresh of a wave of -parallelism resources reads them over several milliseconds, and
// the first read, with nothing in flight, would go alone and the rest a pacing interval later: expected, they
// share one call. The framework calls no provider code for an upgrade between equal schema versions, so this is
// the one place that sees it; the upgrade itself is answered by the kit, from the stored JSON to the protocol's
// MessagePack in one pass, when the state was written under the schema's version (kitUpgrader). configured is the provider's client once ConfigureProvider has run (nil before,
// and then nothing is expected).
//
// And a second: terraform's plan of an object it proposes to keep exactly as it is (PlanResourceChange with the
// prior state as the proposed new state: every object of a refresh whose configuration did not change) is
// answered without the framework when the type's ResourceSpec.UnchangedPlan says the framework's plan would keep
// it (unchangedPlanner.plan). The framework's plan walks the schema by path for every attribute, copying the map of
// top-level attributes at each step; for a snapshot's 25 attributes that was 59% of the provider's CPU for each
// resource of a refresh. A third: reads (ReadResource) of every type whose schema allows it call the type's Read
// without the framework's protocol layer, which walks the state by path in the same way (kitReader). Anything else
// goes to the framework.
func NewProtocol6Server(p provider.Provider, configured func() *conns.Client, pkgs ...ServicePackage) func() (tfprotov6.ProviderServer, error) {
	expect := map[string]func(context.Context, *conns.Client, StoredState){}
	unchanged := map[string]*unchangedPlanner{}
	readers := map[string]*kitReader{}
	upgraders := map[string]*kitUpgrader{}
	validators := map[string]*kitValidator{}
	for _, spec := range resourceSpecs(pkgs) {
		t := &kitType{spec: spec}
		readers[spec.TypeName] = &kitReader{kitType: t}
		upgraders[spec.TypeName] = &kitUpgrader{kitType: t}
		validators[spec.TypeName] = &kitValidator{kitType: t}
		if spec.ExpectRead != nil {
			expect[spec.TypeName] = spec.ExpectRead
		}
		if spec.UnchangedPlan != nil {
			unchanged[spec.TypeName] = &unchangedPlanner{kitType: t}
		}
	}
	return func() (tfprotov6.ProviderServer, error) {
		s, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		fw, ok := s.(frameworkServer)
		if !ok { // a framework without one of the optional servers: serve it unwrapped rather than hide any
			return s, nil
		}
		return &expectingServer{frameworkServer: fw, expect: expect, unchanged: unchanged, readers: readers,
			upgraders: upgraders, validators: validators, configured: configured}, nil
	}
}

// frameworkServer is the framework's protocol 6 server as terraform-plugin-go's tf6server uses it: the
// ProviderServer and the optional servers tf6server looks for (list resources, actions, state stores). The
// wrapper embeds them all so that none is hidden; TestNewProtocol6Server_keepsEveryMethod checks that it keeps
// every method of the framework's server.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

type expectingServer struct {
	frameworkServer
	expect     map[string]func(context.Context, *conns.Client, StoredState)
	unchanged  map[string]*unchangedPlanner
	readers    map[string]*kitReader
	upgraders  map[string]*kitUpgrader
	validators map[string]*kitValidator
	configured func() *conns.Client
}

func (s *expectingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	if k := s.validators[req.TypeName]; k != nil {
		if resp := k.validate(ctx, req, s.configured()); resp != nil {
			return resp, nil
		}
	}
	return s.frameworkServer.ValidateResourceConfig(ctx, req)
}

func (s *expectingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if k := s.readers[req.TypeName]; k != nil {
		if resp := k.read(ctx, req, s.configured()); resp != nil {
			return resp, nil
		}
	}
	return s.frameworkServer.ReadResource(ctx, req)
}

func (s *expectingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if u := s.unchanged[req.TypeName]; u != nil {
		if resp := u.plan(ctx, req, s.configured()); resp != nil {
			return resp, nil
		}
	}
	return s.frameworkServer.PlanResourceChange(ctx, req)
}

func (s *expectingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	u := s.upgraders[req.TypeName]
	if u == nil || req.RawState == nil || len(req.RawState.JSON) == 0 {
		return s.frameworkServer.UpgradeResourceState(ctx, req)
	}
	// A state that is not a JSON object is the framework's to refuse; nothing is expected of it.
	state := decodeStoredState(req.RawState.JSON)
	if expect := s.expect[req.TypeName]; expect != nil && state != nil {
		if c := s.configured(); c != nil {
			expect(ctx, c, state)
		}
	}
	if resp := u.upgrade(ctx, req, state); resp != nil {
		return resp, nil
	}
	return s.frameworkServer.UpgradeResourceState(ctx, req)
}

// kitType is one resource type as the kit's answers (read, plan, upgrade, validation) see it: its registration,
// and its schema and the schema's type, read once per process and shared by all four, at the first call that needs
// them rather than at the provider's start, which every terraform command pays for.
type kitType struct {
	spec ResourceSpec

	schemaOnce sync.Once
	schema     schema.Schema
	typ        tftypes.Type
	schemaRead bool // without an error
}

// readSchema reads the type's schema (once) and reports whether it could be read; the kit leaves a type whose
// schema cannot be read to the framework, which reports why.
func (t *kitType) readSchema(ctx context.Context) bool {
	t.schemaOnce.Do(func() {
		var s resource.SchemaResponse
		t.spec.Factory().Schema(ctx, resource.SchemaRequest{}, &s)
		if !s.Diagnostics.HasError() {
			t.schema, t.typ, t.schemaRead = s.Schema, s.Schema.Type().TerraformType(ctx), true
		}
	})
	return t.schemaRead
}

// StoredState is a resource's state as terraform stores it (the JSON of UpgradeResourceState), attribute by
// attribute, before it is decoded against the schema: each value as encoding/json decodes it into an interface
// with UseNumber (a string, json.Number, bool, nil, []any or map[string]any).
type StoredState map[string]any

// String is the string attribute name of the stored state, "" when it is absent, null or not a string.
func (s StoredState) String(name string) string {
	v, _ := s[name].(string)
	return v
}

// readExpecter is a batcher of the provider's lookups by string key: conns.Batcher[C, string, V].
type readExpecter interface {
	Expect(ctx context.Context, c *conns.Client, region, key string)
}

// ExpectByAttribute is a ResourceSpec.ExpectRead for a Read that looks up the value of the stored state's string
// attribute through b, in the provider's region.
func ExpectByAttribute(b readExpecter, attribute string) func(context.Context, *conns.Client, StoredState) {
	return func(ctx context.Context, c *conns.Client, s StoredState) {
		if key := s.String(attribute); key != "" {
			b.Expect(ctx, c, "", key)
		}
	}
}
