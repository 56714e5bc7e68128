package framework

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// schemaResource is a resource of which only the schema is used.
type schemaResource struct {
	resource.Resource
	s schema.Schema
}

func (r schemaResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.s
}

// A type is planned by the kit only when every default of its schema is one the kit checks (a top-level bool's):
// the framework would apply any other default to an unchanged object, which the kit would not see.
func TestUnchangedPlanner_eligibleOnlyWithDefaultsItChecks(t *testing.T) {
	boolDefault := schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false)}
	stringDefault := schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("x")}
	plain := schema.StringAttribute{Optional: true}
	for _, tc := range []struct {
		name     string
		s        schema.Schema
		eligible bool
		defaults int
	}{
		{"no default", schema.Schema{Attributes: map[string]schema.Attribute{"a": plain}}, true, 0},
		{"a top-level bool default", schema.Schema{Attributes: map[string]schema.Attribute{"a": plain, "b": boolDefault}}, true, 1},
		{"a top-level string default", schema.Schema{Attributes: map[string]schema.Attribute{"a": stringDefault}}, false, 0},
		{"a default in a nested attribute", schema.Schema{Attributes: map[string]schema.Attribute{
			"n": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{"b": boolDefault}}}}, false, 0},
		{"a default in a list of nested objects", schema.Schema{Attributes: map[string]schema.Attribute{
			"n": schema.ListNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{"b": boolDefault}}}}}, false, 0},
		{"a default in a block", schema.Schema{Attributes: map[string]schema.Attribute{"a": plain},
			Blocks: map[string]schema.Block{"blk": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{"b": boolDefault}}}}, false, 0},
		{"a block without defaults", schema.Schema{Attributes: map[string]schema.Attribute{"a": plain},
			Blocks: map[string]schema.Block{"blk": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{
				Attributes: map[string]schema.Attribute{"c": plain}}}}}, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := &unchangedPlanner{kitType: &kitType{spec: ResourceSpec{Factory: func() resource.Resource { return schemaResource{s: tc.s} }}}}
			u.init(context.Background())
			if u.eligible != tc.eligible {
				t.Fatalf("eligible = %v, want %v", u.eligible, tc.eligible)
			}
			if tc.eligible && len(u.defaults) != tc.defaults {
				t.Errorf("%d defaults found, want %d", len(u.defaults), tc.defaults)
			}
			if d, ok := u.defaults["b"]; ok && !d.Equal(tftypes.NewValue(tftypes.Bool, false)) {
				t.Errorf("default of b = %v, want false", d)
			}
		})
	}
}
