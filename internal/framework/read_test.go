package framework

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// schemaOnly is a registered resource of which the kit's reader uses the schema, identity and metadata.
type schemaOnly struct {
	ResourceWithConfigure
	s schema.Schema
}

func (r *schemaOnly) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.s
}
func (r *schemaOnly) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (r *schemaOnly) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (r *schemaOnly) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (r *schemaOnly) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// semanticString is a string type whose values define semantic equality, as a JSON or a case-insensitive string
// type would.
type semanticString struct{ basetypes.StringType }

func (semanticString) ValueType(context.Context) attr.Value { return semanticValue{} }

type semanticValue struct{ basetypes.StringValue }

func (semanticValue) StringSemanticEquals(context.Context, basetypes.StringValuable) (bool, diag.Diagnostics) {
	return true, nil
}

// The kit reads a type only when its schema needs none of the walks the framework's read makes: no list or set
// block, no value type with semantic equality, no write-only attribute, at any depth.
func TestKitReader_eligibleOnlyWithoutTheFrameworksWalks(t *testing.T) {
	plain := schema.StringAttribute{Optional: true}
	semantic := schema.StringAttribute{Optional: true, CustomType: semanticString{}}
	writeOnly := schema.StringAttribute{Optional: true, WriteOnly: true}
	attrs := func(extra map[string]schema.Attribute) map[string]schema.Attribute {
		m := map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for _, tc := range []struct {
		name     string
		s        schema.Schema
		eligible bool
	}{
		{"plain attributes", schema.Schema{Attributes: attrs(map[string]schema.Attribute{"a": plain,
			"m": schema.MapAttribute{ElementType: types.StringType, Optional: true}})}, true},
		{"a single nested block of plain attributes (timeouts)", schema.Schema{Attributes: attrs(nil),
			Blocks: map[string]schema.Block{"b": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{"a": plain}}}}, true},
		{"a list of nested objects (an attribute)", schema.Schema{Attributes: attrs(map[string]schema.Attribute{
			"n": schema.ListNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{"a": plain}}}})}, true},
		{"a list block", schema.Schema{Attributes: attrs(nil), Blocks: map[string]schema.Block{"b": schema.ListNestedBlock{
			NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{"a": plain}}}}}, false},
		{"a set block inside a single block", schema.Schema{Attributes: attrs(nil), Blocks: map[string]schema.Block{
			"b": schema.SingleNestedBlock{Blocks: map[string]schema.Block{"c": schema.SetNestedBlock{
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{"a": plain}}}}}}}, false},
		{"semantic equality", schema.Schema{Attributes: attrs(map[string]schema.Attribute{"a": semantic})}, false},
		{"semantic equality of a list's elements", schema.Schema{Attributes: attrs(map[string]schema.Attribute{
			"l": schema.ListAttribute{ElementType: semanticString{}, Optional: true}})}, false},
		{"semantic equality in a nested attribute", schema.Schema{Attributes: attrs(map[string]schema.Attribute{
			"n": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{"a": semantic}}})}, false},
		{"semantic equality in a block", schema.Schema{Attributes: attrs(nil), Blocks: map[string]schema.Block{
			"b": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{"a": semantic}}}}, false},
		{"a write-only attribute", schema.Schema{Attributes: attrs(map[string]schema.Attribute{"w": writeOnly})}, false},
		{"a write-only attribute in a nested object", schema.Schema{Attributes: attrs(map[string]schema.Attribute{
			"n": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{"w": writeOnly}}})}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := &kitReader{kitType: &kitType{spec: ResourceSpec{TypeName: "test_thing", Identity: IDIdentity("thing"),
				Factory: func() resource.Resource { return &schemaOnly{s: tc.s} }}}}
			k.init(context.Background())
			if k.eligible != tc.eligible {
				t.Fatalf("eligible = %v, want %v", k.eligible, tc.eligible)
			}
		})
	}
}

// Diagnostics go to terraform as the framework sends them: severity, summary, detail and the attribute path, every
// kind of step converted.
func TestProtoDiagnostics_asTheFrameworkSendsThem(t *testing.T) {
	ctx := context.Background()
	var diags diag.Diagnostics
	diags.AddError("Cannot read", "the API said no")
	diags.AddWarning("Heads up", "something to know")
	diags.AddAttributeError(path.Root("tags").AtMapKey("env"), "Bad tag", "detail")
	diags.AddAttributeWarning(path.Root("list").AtListIndex(2).AtName("a"), "Odd", "detail")
	diags.AddAttributeError(path.Root("set").AtSetValue(types.StringValue("x")), "In a set", "detail")
	got := protoDiagnostics(ctx, diags)
	want := []*tfprotov6.Diagnostic{
		{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Cannot read", Detail: "the API said no"},
		{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "Heads up", Detail: "something to know"},
		{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Bad tag", Detail: "detail",
			Attribute: tftypes.NewAttributePath().WithAttributeName("tags").WithElementKeyString("env")},
		{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "Odd", Detail: "detail",
			Attribute: tftypes.NewAttributePath().WithAttributeName("list").WithElementKeyInt(2).WithAttributeName("a")},
		{Severity: tfprotov6.DiagnosticSeverityError, Summary: "In a set", Detail: "detail",
			Attribute: tftypes.NewAttributePath().WithAttributeName("set").WithElementKeyValue(tftypes.NewValue(tftypes.String, "x"))},
	}
	if len(got) != len(want) {
		t.Fatalf("%d diagnostics, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Severity != w.Severity || g.Summary != w.Summary || g.Detail != w.Detail ||
			(g.Attribute == nil) != (w.Attribute == nil) || (w.Attribute != nil && !g.Attribute.Equal(w.Attribute)) {
			t.Errorf("diagnostic %d = %+v at %v, want %+v at %v", i, g, g.Attribute, w, w.Attribute)
		}
	}
}
