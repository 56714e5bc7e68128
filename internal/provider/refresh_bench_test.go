package provider

import (
	"context"
	"encoding/json"
	"maps"
	"math/big"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// refreshBench is one aliecs_snapshot in the emulator (answering at once) and the provider server configured
// against it, with the requests terraform's plan sends for it: what one resource of a refresh costs the
// provider, the CPU that bounds how fast a plan goes through many resources.
type refreshBench struct {
	srv             tfprotov6.ProviderServer
	typ             tftypes.Type
	rawState        []byte
	config, prior   *tfprotov6.DynamicValue
	proposed        *tfprotov6.DynamicValue
	attributeByName map[string]*tfprotov6.SchemaAttribute
}

func newRefreshBench(tb testing.TB) *refreshBench {
	tb.Helper()
	ctx := context.Background()
	be, url := startEmulator(tb)
	const disk = "d-refresh000"
	if err := be.Seed(backend.Fixture{
		Instances: []backend.Instance{{InstanceID: "i-refresh000", InstanceName: "refresh", ZoneID: "cn-hangzhou-i",
			Status: "Running", EverStarted: true}},
		Disks: []backend.Disk{{DiskID: disk, DiskName: "refresh", InstanceID: "i-refresh000", ZoneID: "cn-hangzhou-i",
			Type: "data", Category: "cloud_essd", Status: "In_use", SizeGiB: 20, EverAttached: true, EverUsed: true}},
	}); err != nil {
		tb.Fatal(err)
	}
	be.SetSnapshotDuration(0)
	out, err := be.CreateSnapshot(backend.CreateSnapshotInput{DiskID: disk, SnapshotName: "refresh"})
	if err != nil {
		tb.Fatal(err)
	}
	srv, err := NewServer("bench", conns.Factories{})()
	if err != nil {
		tb.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || diagsErr(schemas.Diagnostics) != "" {
		tb.Fatalf("GetProviderSchema: %v %s", err, diagsErr(schemas.Diagnostics))
	}
	configureAgainst(tb, schemas, be.Region(), url, nil, srv)

	resourceSchema := schemas.ResourceSchemas["aliecs_snapshot"]
	typ := objectType(tb, resourceSchema.ValueType())
	r := &refreshBench{srv: srv, typ: typ, attributeByName: map[string]*tfprotov6.SchemaAttribute{}}
	for _, a := range resourceSchema.Block.Attributes {
		r.attributeByName[a.Name] = a
	}
	configValue := nullsExcept(typ, map[string]tftypes.Value{
		"disk_id":       tftypes.NewValue(tftypes.String, disk),
		"snapshot_name": tftypes.NewValue(tftypes.String, "refresh"),
	})
	r.config = dynamic(tb, typ, configValue)

	// The state after an import-like read of the ID: the prior state of every refresh measured.
	first, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "aliecs_snapshot",
		CurrentState: dynamic(tb, typ, nullsExcept(typ, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, out.SnapshotId)}))})
	if err != nil || diagsErr(first.Diagnostics) != "" {
		tb.Fatalf("ReadResource: %v %s", err, diagsErr(first.Diagnostics))
	}
	r.prior = first.NewState
	priorValue, err := first.NewState.Unmarshal(typ)
	if err != nil {
		tb.Fatal(err)
	}
	r.proposed = dynamic(tb, typ, r.proposedNewState(tb, configValue, priorValue))
	if r.rawState, err = stateJSON(priorValue); err != nil {
		tb.Fatal(err)
	}
	return r
}

// refresh is what terraform's plan asks of the provider for one unchanged resource: upgrade its stored state,
// read it, plan it. It fails tb if the plan is not empty.
func (r *refreshBench) refresh(tb testing.TB) {
	ctx := context.Background()
	up, err := r.srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: "aliecs_snapshot",
		RawState: &tfprotov6.RawState{JSON: r.rawState}})
	if err != nil || diagsErr(up.Diagnostics) != "" {
		tb.Fatalf("UpgradeResourceState: %v %s", err, diagsErr(up.Diagnostics))
	}
	read, err := r.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "aliecs_snapshot", CurrentState: up.UpgradedState})
	if err != nil || diagsErr(read.Diagnostics) != "" {
		tb.Fatalf("ReadResource: %v %s", err, diagsErr(read.Diagnostics))
	}
	plan, err := r.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "aliecs_snapshot",
		PriorState: read.NewState, ProposedNewState: r.proposed, Config: r.config})
	if err != nil || diagsErr(plan.Diagnostics) != "" {
		tb.Fatalf("PlanResourceChange: %v %s", err, diagsErr(plan.Diagnostics))
	}
	if len(plan.RequiresReplace) != 0 {
		tb.Fatalf("the plan of an unchanged snapshot replaces it: %v", plan.RequiresReplace)
	}
}

// proposedNewState is terraform's proposal for an unchanged resource: the configuration's values, and the prior
// state's for computed attributes the configuration leaves null.
func (r *refreshBench) proposedNewState(tb testing.TB, config, prior tftypes.Value) tftypes.Value {
	tb.Helper()
	var c, p map[string]tftypes.Value
	if err := config.As(&c); err != nil {
		tb.Fatal(err)
	}
	if err := prior.As(&p); err != nil {
		tb.Fatal(err)
	}
	out := map[string]tftypes.Value{}
	for name, v := range c {
		if a := r.attributeByName[name]; v.IsNull() && (a == nil || a.Computed) {
			v = p[name]
		}
		out[name] = v
	}
	return tftypes.NewValue(r.typ, out)
}

// BenchmarkRefreshSnapshot is the provider's CPU for one aliecs_snapshot in a plan (UpgradeResourceState,
// ReadResource, PlanResourceChange through the protocol server, the emulator answering at once).
func BenchmarkRefreshSnapshot(b *testing.B) {
	r := newRefreshBench(b)
	b.ReportAllocs()
	for b.Loop() {
		r.refresh(b)
	}
}

// BenchmarkValidateSnapshotConfig is the provider's CPU for the other call terraform's plan makes for each
// aliecs_snapshot besides those of BenchmarkRefreshSnapshot: ValidateResourceConfig of its configuration, which
// terraform sends again for each instance before planning it (answered by the kit: framework.kitValidator).
func BenchmarkValidateSnapshotConfig(b *testing.B) {
	r := newRefreshBench(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := r.srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "aliecs_snapshot", Config: r.config})
		if err != nil || diagsErr(resp.Diagnostics) != "" {
			b.Fatalf("ValidateResourceConfig: %v %s", err, diagsErr(resp.Diagnostics))
		}
	}
}

// startEmulator is an emulator's backend (at its defaults) and the URL of its server, stopped when tb ends.
func startEmulator(tb testing.TB) (*backend.Backend, string) {
	tb.Helper()
	emu, url := startEmulatorServer(tb)
	return emu.Backend(), url
}

// startEmulatorServer is an emulator (every product's backend at its defaults) and the URL it serves, stopped when
// tb ends.
func startEmulatorServer(tb testing.TB) (*emulator.Server, string) {
	tb.Helper()
	be, err := backend.New(backend.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	emu := emulator.NewServer(be, emulator.Config{})
	hs := httptest.NewServer(emu)
	tb.Cleanup(hs.Close)
	return emu, hs.URL
}

// configureAgainst configures each of servers (whose provider schema is schemas) with the emulator at url, in
// region, with the provider arguments extra besides.
func configureAgainst(tb testing.TB, schemas *tfprotov6.GetProviderSchemaResponse, region, url string, extra map[string]tftypes.Value, servers ...tfprotov6.ProviderServer) {
	tb.Helper()
	providerType := objectType(tb, schemas.Provider.ValueType())
	set := map[string]tftypes.Value{
		"region":     tftypes.NewValue(tftypes.String, region),
		"access_key": tftypes.NewValue(tftypes.String, emulator.DefaultAccessKeyID),
		"secret_key": tftypes.NewValue(tftypes.String, emulator.DefaultAccessKeySecret),
		"endpoints": nullsExcept(objectType(tb, providerType.AttributeTypes["endpoints"]), map[string]tftypes.Value{
			"ecs": tftypes.NewValue(tftypes.String, url), "ecd": tftypes.NewValue(tftypes.String, url)}),
	}
	maps.Copy(set, extra)
	config := dynamic(tb, providerType, nullsExcept(providerType, set))
	for _, s := range servers {
		resp, err := s.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{Config: config})
		if err != nil || diagsErr(resp.Diagnostics) != "" {
			tb.Fatalf("ConfigureProvider: %v %s", err, diagsErr(resp.Diagnostics))
		}
	}
}

func objectType(tb testing.TB, t tftypes.Type) tftypes.Object {
	tb.Helper()
	o, ok := t.(tftypes.Object)
	if !ok {
		tb.Fatalf("%s is not an object type", t)
	}
	return o
}

func nullsExcept(typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	vals := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
			continue
		}
		vals[name] = tftypes.NewValue(t, nil)
	}
	return tftypes.NewValue(typ, vals)
}

func dynamic(tb testing.TB, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

// stateJSON is v as terraform stores it in state: JSON of the attributes.
func stateJSON(v tftypes.Value) ([]byte, error) {
	var toGo func(tftypes.Value) (any, error)
	toGo = func(v tftypes.Value) (any, error) {
		if v.IsNull() {
			return nil, nil
		}
		switch {
		case v.Type().Is(tftypes.String):
			var s string
			return s, v.As(&s)
		case v.Type().Is(tftypes.Bool):
			var x bool
			return x, v.As(&x)
		case v.Type().Is(tftypes.Number):
			var f big.Float
			if err := v.As(&f); err != nil {
				return nil, err
			}
			x, _ := f.Float64()
			return x, nil
		case v.Type().Is(tftypes.Map{}), v.Type().Is(tftypes.Object{}):
			var m map[string]tftypes.Value
			if err := v.As(&m); err != nil {
				return nil, err
			}
			out := map[string]any{}
			for k, e := range m {
				g, err := toGo(e)
				if err != nil {
					return nil, err
				}
				out[k] = g
			}
			return out, nil
		default:
			var l []tftypes.Value
			if err := v.As(&l); err != nil {
				return nil, err
			}
			out := []any{}
			for _, e := range l {
				g, err := toGo(e)
				if err != nil {
					return nil, err
				}
				out = append(out, g)
			}
			return out, nil
		}
	}
	g, err := toGo(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(g)
}

func diagsErr(ds []*tfprotov6.Diagnostic) string {
	s := ""
	for _, d := range ds {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			s += d.Summary + ": " + d.Detail + "; "
		}
	}
	return s
}
