package framework

import (
	"context"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Get reads a configuration, plan or state into the model target points to: what data.Get(ctx, target) does,
// at a fraction of its cost.
//
// Why: every refresh reads and writes each resource's model, and the framework's reflection compiles a regular
// expression for every field of the model at every call (isValidFieldName in terraform-plugin-framework's
// internal/reflect); in a profile of a refresh that and its garbage were a quarter of the provider's CPU per
// resource (BenchmarkRefreshSnapshot: 3.4 ms a resource before, 2.55 ms after). Here the model's layout (which
// field holds which attribute) is found once per Go type, and each value is converted and checked by the
// attribute's own type, as the framework does. Whatever the fast path does not handle the same way (a field
// that is not an attr.Value, a value type that validates itself, a value its type refuses, a null or unknown
// object, a model that does not cover the schema) goes to the framework's own Get, so the result and the
// errors are always the framework's.
func Get[D tfsdk.Config | tfsdk.Plan | tfsdk.State](ctx context.Context, data D, target any) diag.Diagnostics {
	raw, schema, frameworkGet := dataOf(data)
	if fastGet(ctx, raw, schema, target) {
		return nil
	}
	return frameworkGet(ctx, target)
}

// SetState writes model (a struct or a pointer to one) into state: what state.Set(ctx, model) does, without the
// framework's per-call reflection (see Get); what the fast path does not handle goes to state.Set.
func SetState(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	if v, ok := fastValue(ctx, state.Schema, model); ok {
		state.Raw = v
		return nil
	}
	return state.Set(ctx, model)
}

// SetPlan is SetState for a plan.
func SetPlan(ctx context.Context, plan *tfsdk.Plan, model any) diag.Diagnostics {
	if v, ok := fastValue(ctx, plan.Schema, model); ok {
		plan.Raw = v
		return nil
	}
	return plan.Set(ctx, model)
}

// typedSchema is the part of the framework's schema (an internal type behind tfsdk's Schema fields) the fast
// path uses.
type typedSchema interface {
	Type() attr.Type
}

func dataOf(data any) (tftypes.Value, typedSchema, func(context.Context, any) diag.Diagnostics) {
	switch d := data.(type) {
	case tfsdk.State:
		return d.Raw, d.Schema, d.Get
	case tfsdk.Plan:
		return d.Raw, d.Schema, d.Get
	case tfsdk.Config:
		return d.Raw, d.Schema, d.Get
	}
	panic("unreachable: Get's type parameter admits only tfsdk.Config, tfsdk.Plan and tfsdk.State")
}

// modelField is one attribute's field in a model: its tfsdk name, where it is (through embedded structs) and
// its Go type, which must be the attribute type's value type.
type modelField struct {
	name  string
	index []int
	typ   reflect.Type
}

// modelLayout is a model type's fields, or ok false when the fast path leaves the type to the framework.
type modelLayout struct {
	fields []modelField
	ok     bool
}

var (
	layouts          sync.Map // reflect.Type -> *modelLayout
	attrValueType    = reflect.TypeFor[attr.Value]()
	validateableType = reflect.TypeFor[xattr.ValidateableAttribute]()
)

func layoutOf(t reflect.Type) *modelLayout {
	if l, ok := layouts.Load(t); ok {
		if l, ok := l.(*modelLayout); ok {
			return l
		}
	}
	l := &modelLayout{ok: true}
	seen := map[string]bool{}
	var walk func(t reflect.Type, prefix []int)
	// The rules are the framework's (getStructTags): unexported fields are skipped, `tfsdk:"-"` too, embedded
	// structs promote their fields. Whatever else it accepts (Go primitives, slices, nested structs, embedded
	// pointers) or refuses (a field without a tag, a duplicate name) is left to it.
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() && !f.Anonymous {
				continue
			}
			tag, tagged := f.Tag.Lookup("tfsdk")
			if tag == "-" {
				continue
			}
			index := append(append([]int(nil), prefix...), i)
			if f.Anonymous {
				if tagged || f.Type.Kind() != reflect.Struct {
					l.ok = false
					return
				}
				walk(f.Type, index)
				continue
			}
			if !tagged || seen[tag] || !f.Type.Implements(attrValueType) || f.Type.Implements(validateableType) ||
				f.Type.Kind() == reflect.Interface {
				l.ok = false
				return
			}
			seen[tag] = true
			l.fields = append(l.fields, modelField{name: tag, index: index, typ: f.Type})
		}
	}
	if t.Kind() != reflect.Struct {
		l.ok = false
	} else {
		walk(t, nil)
	}
	layouts.Store(t, l) // a concurrent first use stores an equal layout
	return l
}

// fit is model type t's layout and the schema's object type when the fast path can take them: a layout it
// handles, an object type that is the framework's plain one (a resource's, data source's or action's schema
// always is), and one field for each of its attributes.
func fit(t reflect.Type, s typedSchema) (*modelLayout, basetypes.ObjectType, bool) {
	l := layoutOf(t)
	if !l.ok || s == nil {
		return nil, basetypes.ObjectType{}, false
	}
	obj, ok := s.Type().(basetypes.ObjectType)
	if !ok || len(obj.AttrTypes) != len(l.fields) {
		return nil, basetypes.ObjectType{}, false
	}
	for _, f := range l.fields {
		if obj.AttrTypes[f.name] == nil {
			return nil, basetypes.ObjectType{}, false
		}
	}
	return l, obj, true
}

func fastGet(ctx context.Context, raw tftypes.Value, s typedSchema, target any) bool {
	p := reflect.ValueOf(target)
	if p.Kind() != reflect.Pointer || p.IsNil() {
		return false
	}
	m := p.Elem()
	l, obj, ok := fit(m.Type(), s)
	if !ok || raw.IsNull() || !raw.IsKnown() {
		return false
	}
	var values map[string]tftypes.Value
	if err := raw.As(&values); err != nil || len(values) != len(l.fields) {
		return false
	}
	converted := make([]reflect.Value, len(l.fields))
	for i, f := range l.fields {
		tv, found := values[f.name]
		at := obj.AttrTypes[f.name]
		if !found || !valid(ctx, at, tv, f.name) {
			return false
		}
		v, err := at.ValueFromTerraform(ctx, tv)
		if err != nil || v == nil || reflect.TypeOf(v) != f.typ {
			return false
		}
		converted[i] = reflect.ValueOf(v)
	}
	// Set only once every value converted, so a fall back to the framework starts from the caller's model.
	for i, f := range l.fields {
		m.FieldByIndex(f.index).Set(converted[i])
	}
	return true
}

func fastValue(ctx context.Context, s typedSchema, model any) (tftypes.Value, bool) {
	m := reflect.ValueOf(model)
	if m.Kind() == reflect.Pointer {
		if m.IsNil() {
			return tftypes.Value{}, false
		}
		m = m.Elem()
	}
	if m.Kind() != reflect.Struct {
		return tftypes.Value{}, false
	}
	l, obj, ok := fit(m.Type(), s)
	if !ok {
		return tftypes.Value{}, false
	}
	values := make(map[string]tftypes.Value, len(l.fields))
	// The object's type, built from the attributes' types as the check below computes them (what
	// obj.TerraformType would compute again): the fields cover every attribute.
	tfTypes := make(map[string]tftypes.Type, len(l.fields))
	for _, f := range l.fields {
		at := obj.AttrTypes[f.name]
		v, ok := m.FieldByIndex(f.index).Interface().(attr.Value)
		if !ok {
			return tftypes.Value{}, false
		}
		// The framework refuses a value whose type is not the attribute's, before converting it (a list without
		// its element type panics in ToTerraformValue), and tftypes.NewValue below would panic too.
		want := at.TerraformType(ctx)
		if !want.Equal(v.Type(ctx).TerraformType(ctx)) {
			return tftypes.Value{}, false
		}
		tv, err := v.ToTerraformValue(ctx)
		if err != nil || !tv.Type().Equal(want) || !valid(ctx, at, tv, f.name) {
			return tftypes.Value{}, false
		}
		values[f.name], tfTypes[f.name] = tv, want
	}
	return tftypes.NewValue(tftypes.Object{AttributeTypes: tfTypes}, values), true
}

// valid runs the attribute type's own check of a value where it has one, as the framework's reflection does in
// both directions (basetypes.Int64Type's range, MapType's elements); a value it refuses goes to the framework,
// whose error names the path.
func valid(ctx context.Context, at attr.Type, v tftypes.Value, name string) bool {
	//nolint:staticcheck // xattr.TypeWithValidate is deprecated, but the framework's own types still implement it.
	t, ok := at.(xattr.TypeWithValidate)
	return !ok || !t.Validate(ctx, v, path.Root(name)).HasError()
}
