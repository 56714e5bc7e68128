package framework

import (
	"bytes"
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// UnchangedPlanRequest is what a ResourceSpec.UnchangedPlan decides on: the object's prior state, which terraform
// proposes to keep exactly as it is, its configuration, and the provider's client.
type UnchangedPlanRequest struct {
	State  tfsdk.State
	Config tfsdk.Config
	Client *conns.Client
}

// msgpackNil is MessagePack's nil: a null value of any type, as terraform and the framework encode it.
var msgpackNil = []byte{0xc0}

func isNull(dv *tfprotov6.DynamicValue) bool {
	return dv == nil || (len(dv.MsgPack) == 0 && len(dv.JSON) == 0) || bytes.Equal(dv.MsgPack, msgpackNil)
}

// unchangedPlanner answers, for one resource type, terraform's plans of unchanged objects without the framework
// (ResourceSpec.UnchangedPlan). What it needs of the type's schema is found at its first plan, not at the
// provider's start, which every terraform command pays for.
type unchangedPlanner struct {
	*kitType

	once     sync.Once
	eligible bool
	// defaults are the top-level attributes with a default, and the value the framework plans for each when the
	// configuration leaves it null.
	defaults map[string]tftypes.Value
}

// plan is the framework's answer to req when it can be given without the framework, else nil. It is given only
// when terraform proposes the prior state byte for byte (an unchanged object: every object of a refresh but
// those whose configuration changed), the object has no private state (only adopted snapshot groups and imports
// in progress have one), the provider is configured, no attribute's default would replace a value the
// configuration leaves null, and the type's UnchangedPlan reports that its plan modifiers and ModifyPlan leave
// the object as it is. The answer is then the framework's for such a plan: the prior state planned, no
// replacement, no diagnostic, the private state and identity as they were (a null identity when terraform, before
// 1.12, sends none: the framework's pre-populated one).
func (u *unchangedPlanner) plan(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest, c *conns.Client) *tfprotov6.PlanResourceChangeResponse {
	if c == nil || req.Config == nil || isNull(req.PriorState) || len(req.PriorState.MsgPack) == 0 ||
		req.ProposedNewState == nil || !bytes.Equal(req.PriorState.MsgPack, req.ProposedNewState.MsgPack) ||
		len(req.PriorPrivate) > 0 || !isNull(req.ProviderMeta) {
		return nil
	}
	u.once.Do(func() { u.init(ctx) })
	if !u.eligible {
		return nil
	}
	prior, err := req.PriorState.Unmarshal(u.typ)
	if err != nil {
		return nil
	}
	config, err := req.Config.Unmarshal(u.typ)
	if err != nil {
		return nil
	}
	if len(u.defaults) > 0 && !u.defaultsKept(prior, config) {
		return nil
	}
	if !u.spec.UnchangedPlan(ctx, UnchangedPlanRequest{State: tfsdk.State{Schema: u.schema, Raw: prior},
		Config: tfsdk.Config{Schema: u.schema, Raw: config}, Client: c}) {
		return nil
	}
	// Logged at DEBUG so that a user (and the acceptance tests, under every CLI) can see which plans the kit gave.
	tflog.Debug(ctx, "plan of an unchanged object answered by the kit, without the framework's", map[string]any{"tf_resource_type": req.TypeName})
	identity := req.PriorIdentity
	if identity == nil {
		identity = &tfprotov6.ResourceIdentityData{IdentityData: &tfprotov6.DynamicValue{MsgPack: msgpackNil}}
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.PriorState, PlannedIdentity: identity}
}

// defaultsKept reports whether the framework's defaults leave prior as it is: each attribute with a default
// that the configuration leaves null already holds that default.
func (u *unchangedPlanner) defaultsKept(prior, config tftypes.Value) bool {
	var p, c map[string]tftypes.Value
	if prior.As(&p) != nil || config.As(&c) != nil {
		return false
	}
	for name, d := range u.defaults {
		if c[name].IsNull() && !p[name].Equal(d) {
			return false
		}
	}
	return true
}

// init reads the type's schema. The type is eligible when its schema could be read and every default in it is
// one the planner applies (a top-level bool attribute's): the framework applies defaults at any depth and of any
// kind, the planner only those it checks.
func (u *unchangedPlanner) init(ctx context.Context) {
	if !u.readSchema(ctx) {
		return
	}
	u.defaults = map[string]tftypes.Value{}
	for name, a := range u.schema.Attributes {
		d, ok := topLevelDefault(ctx, name, a)
		if !ok {
			return
		}
		if d != nil {
			u.defaults[name] = *d
		}
		if nestedDefaults(a) {
			return
		}
	}
	for _, b := range u.schema.Blocks {
		if blockDefaults(b) {
			return
		}
	}
	u.eligible = true
}

// topLevelDefault is the value the framework plans for attribute name when the configuration leaves it null:
// nil when it has no default; ok is false for a default the planner does not apply. Bool defaults are the
// only ones the provider's schemas use (force_delete, enable_cross_region_copy); a type with another default is
// left to the framework until the planner checks that kind too.
func topLevelDefault(ctx context.Context, name string, a schema.Attribute) (_ *tftypes.Value, ok bool) {
	b, isBool := a.(schema.BoolAttribute)
	if !isBool || b.Default == nil {
		return nil, !hasDefault(a)
	}
	var r defaults.BoolResponse
	b.Default.DefaultBool(ctx, defaults.BoolRequest{Path: path.Root(name)}, &r)
	if r.Diagnostics.HasError() {
		return nil, false
	}
	tv, err := r.PlanValue.ToTerraformValue(ctx)
	if err != nil {
		return nil, false
	}
	return &tv, true
}

// hasDefault reports whether a has a default, whatever its kind (each kind has its own method for it).
func hasDefault(a schema.Attribute) bool {
	switch a := a.(type) {
	case interface{ BoolDefaultValue() defaults.Bool }:
		return a.BoolDefaultValue() != nil
	case interface{ StringDefaultValue() defaults.String }:
		return a.StringDefaultValue() != nil
	case interface{ Int64DefaultValue() defaults.Int64 }:
		return a.Int64DefaultValue() != nil
	case interface{ Int32DefaultValue() defaults.Int32 }:
		return a.Int32DefaultValue() != nil
	case interface{ Float64DefaultValue() defaults.Float64 }:
		return a.Float64DefaultValue() != nil
	case interface{ Float32DefaultValue() defaults.Float32 }:
		return a.Float32DefaultValue() != nil
	case interface{ NumberDefaultValue() defaults.Number }:
		return a.NumberDefaultValue() != nil
	case interface{ ListDefaultValue() defaults.List }:
		return a.ListDefaultValue() != nil
	case interface{ SetDefaultValue() defaults.Set }:
		return a.SetDefaultValue() != nil
	case interface{ MapDefaultValue() defaults.Map }:
		return a.MapDefaultValue() != nil
	case interface{ ObjectDefaultValue() defaults.Object }:
		return a.ObjectDefaultValue() != nil
	case interface{ DynamicDefaultValue() defaults.Dynamic }:
		return a.DynamicDefaultValue() != nil
	}
	return false
}

// nestedDefaults reports whether an attribute nested in a (of any of the four nested kinds) has a default.
func nestedDefaults(a schema.Attribute) bool {
	var attrs map[string]schema.Attribute
	switch a := a.(type) {
	case schema.SingleNestedAttribute:
		attrs = a.Attributes
	case schema.ListNestedAttribute:
		attrs = a.NestedObject.Attributes
	case schema.SetNestedAttribute:
		attrs = a.NestedObject.Attributes
	case schema.MapNestedAttribute:
		attrs = a.NestedObject.Attributes
	default:
		return false
	}
	return anyDefault(attrs)
}

// anyDefault reports whether one of attrs, or an attribute nested in one of them, has a default.
func anyDefault(attrs map[string]schema.Attribute) bool {
	for _, a := range attrs {
		if hasDefault(a) || nestedDefaults(a) {
			return true
		}
	}
	return false
}

// blockDefaults reports whether an attribute of block b, or of a block nested in it, has a default, or b is of a
// kind the planner does not know.
func blockDefaults(b schema.Block) bool {
	var attrs map[string]schema.Attribute
	var blocks map[string]schema.Block
	switch b := b.(type) {
	case schema.SingleNestedBlock:
		attrs, blocks = b.Attributes, b.Blocks
	case schema.ListNestedBlock:
		attrs, blocks = b.NestedObject.Attributes, b.NestedObject.Blocks
	case schema.SetNestedBlock:
		attrs, blocks = b.NestedObject.Attributes, b.NestedObject.Blocks
	default:
		return true
	}
	if anyDefault(attrs) {
		return true
	}
	for _, n := range blocks {
		if blockDefaults(n) {
			return true
		}
	}
	return false
}
