package framework

import (
	"context"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// modelSchema has an attribute of each kind the resources' models hold, and a timeouts block.
func modelSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":    schema.StringAttribute{Computed: true},
			"name":  schema.StringAttribute{Optional: true, CustomType: checkedStringType{}},
			"size":  schema.Int64Attribute{Optional: true},
			"on":    schema.BoolAttribute{Optional: true},
			"tags":  schema.MapAttribute{ElementType: types.StringType, Optional: true},
			"disks": schema.ListAttribute{ElementType: types.StringType, Optional: true},
			"policy": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
				"days": schema.Int64Attribute{Optional: true},
			}},
		},
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true})},
	}
}

// modelCommon is embedded, unexported, as the resources' shared fields are.
type modelCommon struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	Size types.Int64  `tfsdk:"size"`
}

type model struct {
	modelCommon
	On       types.Bool     `tfsdk:"on"`
	Tags     types.Map      `tfsdk:"tags"`
	Disks    types.List     `tfsdk:"disks"`
	Policy   types.Object   `tfsdk:"policy"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
	ignored  string         //nolint:unused // an unexported field the framework skips, and so must Get
}

// nativeModel holds Go values, which the framework converts and the fast path leaves to it.
type nativeModel struct {
	ID       string         `tfsdk:"id"`
	Name     string         `tfsdk:"name"`
	Size     *int64         `tfsdk:"size"`
	On       bool           `tfsdk:"on"`
	Tags     types.Map      `tfsdk:"tags"`
	Disks    []string       `tfsdk:"disks"`
	Policy   types.Object   `tfsdk:"policy"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// shortModel lacks an attribute of the schema: the framework refuses it.
type shortModel struct {
	modelCommon
	On types.Bool `tfsdk:"on"`
}

// checkedStringType is a string type with the (deprecated, still honoured) type validation: it refuses "bad".
type checkedStringType struct{ basetypes.StringType }

func (checkedStringType) Validate(_ context.Context, v tftypes.Value, p path.Path) diag.Diagnostics {
	var s string
	if v.IsKnown() && !v.IsNull() && v.As(&s) == nil && s == "bad" {
		return diag.Diagnostics{diag.NewAttributeErrorDiagnostic(p, "Bad name", "bad is refused")}
	}
	return nil
}

func modelValue(ctx context.Context, t testing.TB, s schema.Schema, name string, size *big.Float, on any, tags map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	typ, ok := s.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %T", s.Type().TerraformType(ctx))
	}
	str := tftypes.String
	return tftypes.NewValue(typ, map[string]tftypes.Value{
		"id":    tftypes.NewValue(str, "s-1"),
		"name":  tftypes.NewValue(str, name),
		"size":  tftypes.NewValue(tftypes.Number, size),
		"on":    tftypes.NewValue(tftypes.Bool, on),
		"tags":  tftypes.NewValue(tftypes.Map{ElementType: str}, tags),
		"disks": tftypes.NewValue(tftypes.List{ElementType: str}, []tftypes.Value{tftypes.NewValue(str, "d-1"), tftypes.NewValue(str, "d-2")}),
		"policy": tftypes.NewValue(typ.AttributeTypes["policy"], map[string]tftypes.Value{
			"days": tftypes.NewValue(tftypes.Number, big.NewFloat(7)),
		}),
		"timeouts": tftypes.NewValue(typ.AttributeTypes["timeouts"], map[string]tftypes.Value{
			"create": tftypes.NewValue(str, "10m"),
		}),
	})
}

// sameAsFramework reads raw into a fresh T both ways and requires the same model and the same diagnostics.
func sameAsFramework[T any](ctx context.Context, t *testing.T, state tfsdk.State) (T, diag.Diagnostics) {
	t.Helper()
	var ours, theirs T
	gotDiags := Get(ctx, state, &ours)
	wantDiags := state.Get(ctx, &theirs)
	sameDiagnostics(t, gotDiags, wantDiags)
	if !reflect.DeepEqual(ours, theirs) {
		t.Fatalf("model\n got %+v\nwant %+v", ours, theirs)
	}
	return ours, gotDiags
}

// sameDiagnostics requires the same diagnostics by severity and summary: the framework's details list missing
// fields in map order.
func sameDiagnostics(t *testing.T, got, want diag.Diagnostics) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("diagnostics\n got %v\nwant %v", got, want)
	}
	for i := range got {
		if got[i].Severity() != want[i].Severity() || got[i].Summary() != want[i].Summary() {
			t.Fatalf("diagnostic %d\n got %v\nwant %v", i, got[i], want[i])
		}
	}
}

func TestGet_sameAsTheFrameworksWithoutItsReflection(t *testing.T) {
	ctx := context.Background()
	s := modelSchema(ctx)
	raw := modelValue(ctx, t, s, "disk", big.NewFloat(20), tftypes.UnknownValue, map[string]tftypes.Value{"env": tftypes.NewValue(tftypes.String, "prod")})
	state := tfsdk.State{Schema: s, Raw: raw}

	var m model
	if !fastGet(ctx, raw, s, &m) {
		t.Fatal("the fast path refused a model of attr.Values that covers the schema")
	}
	got, diags := sameAsFramework[model](ctx, t, state)
	if diags.HasError() || got.ID.ValueString() != "s-1" || got.Size.ValueInt64() != 20 || !got.On.IsUnknown() ||
		len(got.Tags.Elements()) != 1 || len(got.Disks.Elements()) != 2 || got.Timeouts.IsNull() {
		t.Fatalf("read %+v, %v", got, diags)
	}
	// Each read through Config and Plan as well.
	var fromPlan, fromConfig model
	if d := Get(ctx, tfsdk.Plan(state), &fromPlan); d.HasError() || !reflect.DeepEqual(fromPlan, got) {
		t.Fatalf("plan read %+v, %v", fromPlan, d)
	}
	if d := Get(ctx, tfsdk.Config(state), &fromConfig); d.HasError() || !reflect.DeepEqual(fromConfig, got) {
		t.Fatalf("config read %+v, %v", fromConfig, d)
	}

	// Left to the framework, with the framework's result or error: Go values, a model short of an attribute,
	// a value Int64Type refuses, a null state.
	if fastGet(ctx, raw, s, &nativeModel{}) {
		t.Error("the fast path took a model of Go values")
	}
	known := tfsdk.State{Schema: s, Raw: modelValue(ctx, t, s, "disk", big.NewFloat(20), true, nil)}
	native, _ := sameAsFramework[nativeModel](ctx, t, known)
	if native.ID != "s-1" || *native.Size != 20 || len(native.Disks) != 2 {
		t.Errorf("native model %+v", native)
	}
	if _, diags := sameAsFramework[shortModel](ctx, t, state); !diags.HasError() {
		t.Error("a model short of attributes was read without an error")
	}
	huge := tfsdk.State{Schema: s, Raw: modelValue(ctx, t, s, "disk", new(big.Float).SetFloat64(1e30), true, nil)}
	if _, diags := sameAsFramework[model](ctx, t, huge); !diags.HasError() {
		t.Error("a size beyond int64 was read without Int64Type's error")
	}
	bad := tfsdk.State{Schema: s, Raw: modelValue(ctx, t, s, "bad", big.NewFloat(1), true, nil)}
	if _, diags := sameAsFramework[model](ctx, t, bad); !diags.HasError() {
		t.Error("a name its type refuses was read without the type's error")
	}
	null := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if _, diags := sameAsFramework[model](ctx, t, null); !diags.HasError() {
		t.Error("a null state was read into a struct without the framework's error")
	}
}

func TestSetState_sameAsTheFrameworksWithoutItsReflection(t *testing.T) {
	ctx := context.Background()
	s := modelSchema(ctx)
	raw := modelValue(ctx, t, s, "disk", big.NewFloat(20), tftypes.UnknownValue, map[string]tftypes.Value{"env": tftypes.NewValue(tftypes.String, "prod")})
	var m model
	if d := (tfsdk.State{Schema: s, Raw: raw}).Get(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	m.Size = types.Int64Null()
	m.On = types.BoolValue(true)

	// setBoth writes v both ways from an empty state and requires the same state and diagnostics.
	setBoth := func(v any) (tftypes.Value, diag.Diagnostics) {
		t.Helper()
		ours := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
		theirs := ours
		gotDiags, wantDiags := SetState(ctx, &ours, v), theirs.Set(ctx, v)
		sameDiagnostics(t, gotDiags, wantDiags)
		if !ours.Raw.Equal(theirs.Raw) {
			t.Fatalf("state\n got %s\nwant %s", ours.Raw, theirs.Raw)
		}
		return ours.Raw, gotDiags
	}
	if _, ok := fastValue(ctx, s, &m); !ok {
		t.Fatal("the fast path refused a model of attr.Values that covers the schema")
	}
	for _, v := range []any{m, &m} {
		if got, d := setBoth(v); d.HasError() || got.Equal(raw) {
			t.Fatalf("set %v, %v: the changed model wrote the state it was read from", got, d)
		}
	}
	plan := tfsdk.Plan{Schema: s, Raw: raw}
	if d := SetPlan(ctx, &plan, m); d.HasError() {
		t.Fatal(d)
	}
	var back model
	if Get(ctx, plan, &back).HasError() || !back.On.ValueBool() || !back.Size.IsNull() {
		t.Fatalf("plan set to %s", plan.Raw)
	}

	// A name its type refuses: the type's error, as from the framework.
	refused := m
	refused.Name = types.StringValue("bad")
	if _, d := setBoth(refused); !d.HasError() || d[0].Summary() != "Bad name" {
		t.Errorf("a name its type refuses was written: %v", d)
	}
	// A list without its element type: the framework's error, not tftypes' panic.
	bad := m
	bad.Disks = types.List{}
	if _, d := setBoth(bad); !d.HasError() {
		t.Error("a list without its element type was written without an error")
	}
	if _, d := setBoth(shortModel{}); !d.HasError() {
		t.Error("a model short of attributes was written without an error")
	}
	if _, ok := fastValue(ctx, s, nativeModel{}); ok {
		t.Error("the fast path took a model of Go values")
	}
	setBoth(nativeModel{ID: "s-2", Disks: []string{"d-3"}, Tags: types.MapNull(types.StringType),
		Policy: types.ObjectNull(map[string]attr.Type{"days": types.Int64Type}), Timeouts: m.Timeouts})
}

// TestModels_everyPackageReadsAndWritesThroughTheKit keeps the rule of DESIGN.md's kit: the provider's code reads
// and writes models through Get, SetState and SetPlan, so no resource pays for the framework's reflection at every
// call again. Tests may use tfsdk's own (they compare against it).
func TestModels_everyPackageReadsAndWritesThroughTheKit(t *testing.T) {
	direct := regexp.MustCompile(`\.(State|Plan|Config)\.(Get|Set)\(ctx,|\b(config|state|plan)\.(Get|Set)\(ctx,`)
	checked := 0
	for _, root := range []string{"../service", "../provider"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			checked++
			for i, line := range strings.Split(string(src), "\n") {
				if direct.MatchString(line) {
					t.Errorf("%s:%d reads or writes a model through tfsdk, not framework.Get/SetState/SetPlan: %s", p, i+1, strings.TrimSpace(line))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 20 {
		t.Fatalf("checked %d files: the walk did not find the provider's packages", checked)
	}
}

// BenchmarkModel reads a state into a model and writes it back, through the kit and through tfsdk: the per-call
// cost the kit's Get and SetState remove from every Read.
func BenchmarkModel(b *testing.B) {
	ctx := context.Background()
	s := modelSchema(ctx)
	raw := modelValue(ctx, b, s, "disk", big.NewFloat(20), true, map[string]tftypes.Value{"env": tftypes.NewValue(tftypes.String, "prod")})
	for _, bc := range []struct {
		name string
		get  func(tfsdk.State, *model) diag.Diagnostics
		set  func(*tfsdk.State, model) diag.Diagnostics
	}{
		{"kit", func(st tfsdk.State, m *model) diag.Diagnostics { return Get(ctx, st, m) },
			func(st *tfsdk.State, m model) diag.Diagnostics { return SetState(ctx, st, m) }},
		{"tfsdk", func(st tfsdk.State, m *model) diag.Diagnostics { return st.Get(ctx, m) },
			func(st *tfsdk.State, m model) diag.Diagnostics { return st.Set(ctx, m) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				st := tfsdk.State{Schema: s, Raw: raw}
				var m model
				if d := bc.get(st, &m); d.HasError() {
					b.Fatal(d)
				}
				if d := bc.set(&st, m); d.HasError() {
					b.Fatal(d)
				}
			}
		})
	}
}
