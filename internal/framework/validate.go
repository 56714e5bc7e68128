package framework

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// kitValidator answers terraform's validation of one resource type's configuration (ValidateResourceConfig), which
// terraform sends again for each instance just before it plans it: in every plan, once per resource, beside the
// upgrade, read and plan the kit already answers. The framework's validation (fwserver.ValidateResourceConfig and
// SchemaValidate of terraform-plugin-framework v1.19.0) looks each attribute up by path, and each step of each
// lookup copies the map of the schema's top-level attributes, as its read and plan do: about 0.2 ms and 1,500
// allocations for a snapshot's configuration. The kit takes each attribute's value from the configuration's object
// directly and does, attribute by attribute, what the framework does: the resource's config validators and
// ValidateConfig, then for each attribute the value's or its type's own validation, the framework's own checks (a
// read-only attribute set, a required one null) and its typed validators, and for each single nested block its
// object validators (which the framework runs twice, once for the block and once for its object: the second adds no
// diagnostic, since diag.Diagnostics.Append drops duplicates) and its attributes. Diagnostics come attribute by attribute in name
// order, where the framework's come in Go's map order.
//
// Types it leaves to the framework, checked once from the schema: with nested attributes, list or set blocks,
// write-only or deprecated attributes (none of this provider's resources has one), or a schema-level deprecation;
// and attributes of a kind whose typed validators the kit does not call (typed). And configurations it leaves: before
// the schema could be read, that do not decode against it, or with a value its attribute's type cannot read (the
// framework's error says what). TestKitValidate_sameAsTheFrameworks
// (internal/provider) compares both answers for every type, attribute by attribute.
type kitValidator struct {
	*kitType

	once     sync.Once
	eligible bool
}

// validate is the framework's answer to req, given by the kit; nil when the framework must give it. c is the
// provider's client, nil before the provider is configured (terraform validates before it configures).
func (k *kitValidator) validate(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest, c *conns.Client) *tfprotov6.ValidateResourceConfigResponse {
	if req.Config == nil {
		return nil
	}
	k.once.Do(func() { k.init(ctx) })
	if !k.eligible {
		return nil
	}
	raw, err := req.Config.Unmarshal(k.typ)
	if err != nil {
		return nil
	}
	var values map[string]tftypes.Value
	if !raw.IsNull() && raw.IsKnown() {
		if raw.As(&values) != nil {
			return nil
		}
	}
	r := newResource(k.spec)
	var providerData any
	if c != nil {
		providerData = c
	}
	var configured resource.ConfigureResponse
	r.Configure(ctx, resource.ConfigureRequest{ProviderData: providerData}, &configured)
	diags := configured.Diagnostics
	if diags.HasError() {
		return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: protoDiagnostics(ctx, diags)}
	}
	caps := resource.ValidateConfigClientCapabilities{}
	if req.ClientCapabilities != nil {
		caps.WriteOnlyAttributesAllowed = req.ClientCapabilities.WriteOnlyAttributesAllowed
	}
	config := tfsdk.Config{Schema: k.schema, Raw: raw}
	vreq := resource.ValidateConfigRequest{ClientCapabilities: caps, Config: config}
	if v, ok := any(r).(resource.ResourceWithConfigValidators); ok {
		for _, cv := range v.ConfigValidators(ctx) {
			var vresp resource.ValidateConfigResponse
			cv.ValidateResource(ctx, vreq, &vresp)
			diags.Append(vresp.Diagnostics...)
		}
	}
	// What the framework sees is the kit's wrapper (newResource), as here.
	if v, ok := any(r).(resource.ResourceWithValidateConfig); ok {
		var vresp resource.ValidateConfigResponse
		v.ValidateConfig(ctx, vreq, &vresp)
		diags.Append(vresp.Diagnostics...)
	}
	w := attributeWalk{config: config, caps: caps}
	for _, name := range slices.Sorted(maps.Keys(k.schema.Attributes)) {
		if !w.attribute(ctx, k.schema.Attributes[name], path.Root(name), path.MatchRoot(name), values[name], &diags) {
			return nil
		}
	}
	for _, name := range slices.Sorted(maps.Keys(k.schema.Blocks)) {
		if !w.block(ctx, k.schema.Blocks[name], path.Root(name), path.MatchRoot(name), values[name], &diags) {
			return nil
		}
	}
	tflog.Debug(ctx, "configuration validation answered by the kit, without the framework's protocol layer", map[string]any{"tf_resource_type": req.TypeName})
	return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: protoDiagnostics(ctx, diags)}
}

// init reads the type's schema, and finds whether the kit may validate its configurations (kitValidator).
func (k *kitValidator) init(ctx context.Context) {
	k.eligible = k.readSchema(ctx) && k.schema.DeprecationMessage == "" && validatableAttributes(k.schema.Attributes) &&
		singleBlocks(k.schema.Blocks, func(b schema.SingleNestedBlock) bool { return validatableAttributes(b.Attributes) })
}

func validatableAttributes(attrs map[string]schema.Attribute) bool {
	for _, a := range attrs {
		if _, nested := a.(schema.NestedAttribute); nested || a.IsWriteOnly() || a.GetDeprecationMessage() != "" ||
			(!a.IsRequired() && !a.IsOptional() && !a.IsComputed()) {
			return false
		}
		if _, dynamic := a.(schema.DynamicAttribute); dynamic {
			return false
		}
	}
	return true
}

// attributeWalk validates attributes and blocks of one configuration as the framework's AttributeValidate and
// BlockValidate do.
type attributeWalk struct {
	config tfsdk.Config
	caps   resource.ValidateConfigClientCapabilities
}

// value is the framework's ValueAtPath of an attribute or block of type t at p whose value in the configuration is v
// (the zero Value under a null or unknown parent, as the framework's walk finds it there): v as a value of t, which
// validates itself (xattr.ValidateableAttribute) or is validated by its type (xattr.TypeWithValidate: Int64Type,
// ListType and others check what the protocol's types cannot). stop is true when that added an error: the framework
// validates the attribute no further. ok is false when the value cannot be made (the framework's error says why).
func (w attributeWalk) value(ctx context.Context, t attr.Type, p path.Path, v tftypes.Value, diags *diag.Diagnostics) (value attr.Value, stop, ok bool) {
	if w.config.Raw.IsNull() { // the framework reads a null of the attribute's type, and validates nothing of it
		value, err := t.ValueFromTerraform(ctx, tftypes.NewValue(t.TerraformType(ctx), nil))
		return value, false, err == nil && value != nil
	}
	value, err := t.ValueFromTerraform(ctx, v)
	if err != nil || value == nil {
		return nil, false, false
	}
	var d diag.Diagnostics
	if va, isValidateable := value.(xattr.ValidateableAttribute); isValidateable {
		var resp xattr.ValidateAttributeResponse
		va.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: p}, &resp)
		d = resp.Diagnostics
	} else if tv, isValidating := t.(xattr.TypeWithValidate); isValidating { //nolint:staticcheck // deprecated, and still called by the framework
		d = tv.Validate(ctx, v, p)
	}
	diags.Append(d...)
	return value, d.HasError(), true
}

// attribute validates attribute a at p, whose configured value is v;
// false when the kit cannot, and the framework must.
func (w attributeWalk) attribute(ctx context.Context, a schema.Attribute, p path.Path, pe path.Expression, v tftypes.Value, diags *diag.Diagnostics) bool {
	value, stop, ok := w.value(ctx, a.GetType(), p, v, diags)
	if !ok {
		return false
	}
	if stop {
		return true
	}
	isNull := value.IsNull()
	if a.IsComputed() && !a.IsOptional() && !isNull {
		diags.AddAttributeError(p, "Invalid Configuration for Read-Only Attribute",
			"Cannot set value for this attribute as the provider has marked it as read-only. Remove the configuration line setting the value.\n\n"+
				"Refer to the provider documentation or contact the provider developers for additional information about configurable and read-only attributes that are supported.")
	}
	if a.IsRequired() && isNull {
		diags.AddAttributeError(p, "Missing Configuration for Required Attribute",
			fmt.Sprintf("Must set a configuration value for the %s attribute as the provider has marked it as required.\n\n", p.String())+
				"Refer to the provider documentation or contact the provider developers for additional information about configurable attributes that are required.")
	}
	sc := validator.ValidateSchemaClientCapabilities{WriteOnlyAttributesAllowed: w.caps.WriteOnlyAttributesAllowed}
	return w.typed(ctx, a, sc, p, pe, value, diags)
}

// typed calls the attribute's validators of its kind, as the framework's AttributeValidate<Kind> do; false for a
// kind the kit does not know.
func (w attributeWalk) typed(ctx context.Context, a schema.Attribute, sc validator.ValidateSchemaClientCapabilities, p path.Path, pe path.Expression, value attr.Value, diags *diag.Diagnostics) bool {
	switch a := a.(type) {
	case interface{ StringValidators() []validator.String }:
		v, ok := value.(basetypes.StringValuable)
		if !ok {
			return false
		}
		cv, d := v.ToStringValue(ctx)
		if diags.Append(d...); d.HasError() {
			return true
		}
		req := validator.StringRequest{ClientCapabilities: sc, Config: w.config, ConfigValue: cv, Path: p, PathExpression: pe}
		for _, val := range a.StringValidators() {
			var resp validator.StringResponse
			val.ValidateString(ctx, req, &resp)
			diags.Append(resp.Diagnostics...)
		}
	case interface{ BoolValidators() []validator.Bool }:
		v, ok := value.(basetypes.BoolValuable)
		if !ok {
			return false
		}
		cv, d := v.ToBoolValue(ctx)
		if diags.Append(d...); d.HasError() {
			return true
		}
		req := validator.BoolRequest{ClientCapabilities: sc, Config: w.config, ConfigValue: cv, Path: p, PathExpression: pe}
		for _, val := range a.BoolValidators() {
			var resp validator.BoolResponse
			val.ValidateBool(ctx, req, &resp)
			diags.Append(resp.Diagnostics...)
		}
	case interface{ Int64Validators() []validator.Int64 }:
		v, ok := value.(basetypes.Int64Valuable)
		if !ok {
			return false
		}
		cv, d := v.ToInt64Value(ctx)
		if diags.Append(d...); d.HasError() {
			return true
		}
		req := validator.Int64Request{ClientCapabilities: sc, Config: w.config, ConfigValue: cv, Path: p, PathExpression: pe}
		for _, val := range a.Int64Validators() {
			var resp validator.Int64Response
			val.ValidateInt64(ctx, req, &resp)
			diags.Append(resp.Diagnostics...)
		}
	case interface{ MapValidators() []validator.Map }:
		v, ok := value.(basetypes.MapValuable)
		if !ok {
			return false
		}
		cv, d := v.ToMapValue(ctx)
		if diags.Append(d...); d.HasError() {
			return true
		}
		req := validator.MapRequest{ClientCapabilities: sc, Config: w.config, ConfigValue: cv, Path: p, PathExpression: pe}
		for _, val := range a.MapValidators() {
			var resp validator.MapResponse
			val.ValidateMap(ctx, req, &resp)
			diags.Append(resp.Diagnostics...)
		}
	case interface{ ListValidators() []validator.List }:
		v, ok := value.(basetypes.ListValuable)
		if !ok {
			return false
		}
		cv, d := v.ToListValue(ctx)
		if diags.Append(d...); d.HasError() {
			return true
		}
		req := validator.ListRequest{ClientCapabilities: sc, Config: w.config, ConfigValue: cv, Path: p, PathExpression: pe}
		for _, val := range a.ListValidators() {
			var resp validator.ListResponse
			val.ValidateList(ctx, req, &resp)
			diags.Append(resp.Diagnostics...)
		}
	case interface{ SetValidators() []validator.Set }:
		v, ok := value.(basetypes.SetValuable)
		if !ok {
			return false
		}
		cv, d := v.ToSetValue(ctx)
		if diags.Append(d...); d.HasError() {
			return true
		}
		req := validator.SetRequest{ClientCapabilities: sc, Config: w.config, ConfigValue: cv, Path: p, PathExpression: pe}
		for _, val := range a.SetValidators() {
			var resp validator.SetResponse
			val.ValidateSet(ctx, req, &resp)
			diags.Append(resp.Diagnostics...)
		}
	default:
		// Number, Float64, Int32, Float32, Object and Dynamic attributes: none of this provider's resources has one;
		// the framework validates a type that does.
		return false
	}
	return true
}

// block validates single nested block b at p, whose configured value is v, as the framework's BlockValidate does.
func (w attributeWalk) block(ctx context.Context, block schema.Block, p path.Path, pe path.Expression, v tftypes.Value, diags *diag.Diagnostics) bool {
	b, ok := block.(schema.SingleNestedBlock) // eligibility (singleBlocks) allows no other
	if !ok {
		return false
	}
	value, stop, ok := w.value(ctx, b.Type(), p, v, diags)
	if !ok {
		return false
	}
	if stop {
		return true
	}
	ov, ok := value.(basetypes.ObjectValuable)
	if !ok {
		return false
	}
	object, d := ov.ToObjectValue(ctx)
	if diags.Append(d...); d.HasError() {
		return true
	}
	// Twice, as the framework does: BlockValidateObject, then NestedBlockObjectValidate (Append drops the repeats).
	req := validator.ObjectRequest{ClientCapabilities: validator.ValidateSchemaClientCapabilities{WriteOnlyAttributesAllowed: w.caps.WriteOnlyAttributesAllowed},
		Config: w.config, ConfigValue: object, Path: p, PathExpression: pe}
	for range 2 {
		for _, val := range b.Validators {
			var resp validator.ObjectResponse
			val.ValidateObject(ctx, req, &resp)
			diags.Append(resp.Diagnostics...)
		}
	}
	var values map[string]tftypes.Value
	if v.Type() != nil && !v.IsNull() && v.IsKnown() {
		if v.As(&values) != nil {
			return false
		}
	}
	for _, name := range slices.Sorted(maps.Keys(b.Attributes)) {
		if !w.attribute(ctx, b.Attributes[name], p.AtName(name), pe.AtName(name), values[name], diags) {
			return false
		}
	}
	for _, name := range slices.Sorted(maps.Keys(b.Blocks)) {
		if !w.block(ctx, b.Blocks[name], p.AtName(name), pe.AtName(name), values[name], diags) {
			return false
		}
	}
	return true
}
