package framework

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tfsdklog"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// kitReader answers terraform's reads of one resource type (ReadResource) by calling the type's Read itself, without
// the framework's protocol layer around it. That layer walks the state by path three times for every read (to
// nullify and reify collection blocks, and to apply semantic equality), and each step of each walk copies the map of
// the schema's top-level attributes (terraform-plugin-framework v1.19.0, resource/schema's GetAttributes): for a
// snapshot's 25 attributes it was most of the provider's CPU for each resource of a refresh after the plan's (see
// unchangedPlanner). On two cores the provider's CPU is terraform's too, and a refresh of a wave of -parallelism
// resources waits for both between its calls: make bench measured a refresh of 50 snapshots 25 ms slower with 0.4 ms
// of CPU added to each read, and the kit's read takes about that much off.
//
// What the framework's read does that the kit's does not is what none of these types needs, checked once per type
// from its schema (init): walks for list and set blocks (a type with one is left to the framework), semantic
// equality (a type with an attribute whose value type defines it is left to the framework) and the nulling of
// write-only attributes (likewise). What it does, the kit does the same way (fwserver.ReadResource and
// proto6server.ReadResource of the framework's version in go.mod): configure the resource with the provider's data,
// a null identity when terraform (before 1.12) sends none, the checks of the identity Read returns, and the response
// encoded from the state, identity and diagnostics Read left, even after an error. TestKitRead_sameAsTheFrameworks
// (internal/provider) compares both answers for every type, object by object.
//
// The framework's protocol layer also registers each request's context so that StopProvider cancels it;
// terraform-plugin-go's server, which serves this one, already makes every request's context stoppable, so a read
// the kit answers is cancelled by StopProvider as well.
//
// Reads it leaves to the framework: before the provider is configured (the provider's deferral happens only then),
// of an object with private state (imports in progress, adopted snapshot groups: the kit passes Read no private
// state, and a Read of an object without never adds one), with provider meta, or whose state or identity does not
// decode against the schema.
type kitReader struct {
	*kitType

	once           sync.Once
	eligible       bool
	identitySchema identityschema.Schema
	identityType   tftypes.Type
	mutable        bool
}

// read is the framework's answer to req, given by the kit, or nil when the framework must give it.
func (k *kitReader) read(ctx context.Context, req *tfprotov6.ReadResourceRequest, c *conns.Client) *tfprotov6.ReadResourceResponse {
	if c == nil || isNull(req.CurrentState) || len(req.CurrentState.MsgPack) == 0 || len(req.Private) > 0 || !isNull(req.ProviderMeta) {
		return nil
	}
	if req.CurrentIdentity != nil && (req.CurrentIdentity.IdentityData == nil || len(req.CurrentIdentity.IdentityData.MsgPack) == 0) {
		return nil
	}
	k.once.Do(func() { k.init(ctx) })
	if !k.eligible {
		return nil
	}
	state, err := req.CurrentState.Unmarshal(k.typ)
	if err != nil {
		return nil
	}
	identity := tftypes.NewValue(k.identityType, nil)
	if req.CurrentIdentity != nil {
		if identity, err = req.CurrentIdentity.IdentityData.Unmarshal(k.identityType); err != nil {
			return nil
		}
	}
	// The framework's own logs (of the state's Set and Get, say) go to its subsystem, which its protocol layer
	// would have opened (its internal logging.InitContext, reproduced).
	ctx = tfsdklog.NewSubsystem(ctx, "framework", tfsdklog.WithAdditionalLocationOffset(1),
		tfsdklog.WithLevelFromEnv("TF_LOG_SDK_FRAMEWORK"), tfsdklog.WithRootFields())

	r := newResource(k.spec)
	var configured resource.ConfigureResponse
	r.Configure(ctx, resource.ConfigureRequest{ProviderData: c}, &configured)
	if configured.Diagnostics.HasError() {
		return &tfprotov6.ReadResourceResponse{Diagnostics: protoDiagnostics(ctx, configured.Diagnostics)}
	}
	caps := resource.ReadClientCapabilities{}
	if req.ClientCapabilities != nil {
		caps.DeferralAllowed = req.ClientCapabilities.DeferralAllowed
	}
	readReq := resource.ReadRequest{ClientCapabilities: caps, State: tfsdk.State{Schema: k.schema, Raw: state},
		Identity: &tfsdk.ResourceIdentity{Schema: k.identitySchema, Raw: identity}}
	readResp := resource.ReadResponse{State: tfsdk.State{Schema: k.schema, Raw: state},
		Identity: &tfsdk.ResourceIdentity{Schema: k.identitySchema, Raw: identity}}
	r.Read(ctx, readReq, &readResp)

	// The framework keeps Read's diagnostics only, dropping Configure's warnings (it stopped at an error above).
	diags := readResp.Diagnostics
	if !diags.HasError() && readResp.Identity != nil {
		// The framework's checks, with its words: they name a bug of the provider, never of the user's.
		switch {
		case !k.mutable && !identity.IsFullyNull() && !identity.Equal(readResp.Identity.Raw):
			diags.AddError("Unexpected Identity Change",
				"During the read operation, the Terraform Provider unexpectedly returned a different identity than the previously stored one.\n\n"+
					"This is always a problem with the provider and should be reported to the provider developer.\n\n"+
					"Current Identity: "+identity.String()+"\n\nNew Identity: "+readResp.Identity.Raw.String())
		case readResp.Identity.Raw.IsFullyNull():
			diags.AddError("Missing Resource Identity After Read",
				"The Terraform Provider unexpectedly returned no resource identity data after having no errors in the resource read. "+
					"This is always an issue in the Terraform Provider and should be reported to the provider developers.")
		}
	}
	// Logged at DEBUG, as the kit's plans are, so that a user and the tests can see which reads the kit answered.
	tflog.Debug(ctx, "read answered by the kit, without the framework's protocol layer", map[string]any{"tf_resource_type": req.TypeName})
	resp := &tfprotov6.ReadResourceResponse{Diagnostics: protoDiagnostics(ctx, diags)}
	if readResp.Deferred != nil {
		resp.Deferred = &tfprotov6.Deferred{Reason: tfprotov6.DeferredReason(readResp.Deferred.Reason)}
	}
	newState, err := tfprotov6.NewDynamicValue(k.typ, readResp.State.Raw)
	if err != nil {
		resp.Diagnostics = append(resp.Diagnostics, encodingError("State", "state", err))
	} else {
		resp.NewState = &newState
	}
	if readResp.Identity != nil {
		newIdentity, err := tfprotov6.NewDynamicValue(k.identityType, readResp.Identity.Raw)
		if err != nil {
			resp.Diagnostics = append(resp.Diagnostics, encodingError("Resource Identity", "resource identity", err))
		} else {
			resp.NewIdentity = &tfprotov6.ResourceIdentityData{IdentityData: &newIdentity}
		}
	}
	return resp
}

// encodingError is the framework's diagnostic for a value it cannot encode (toproto6.DynamicValue).
func encodingError(title, what string, err error) *tfprotov6.Diagnostic {
	return &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Unable to Convert " + title,
		Detail: "An unexpected error was encountered when converting the " + what + " to the protocol type. " +
			"This is always an issue in terraform-plugin-framework used to implement the provider and should be reported to the provider developers.\n\n" +
			"Please report this to the provider developer:\n\nUnable to create DynamicValue: " + err.Error()}
}

// init reads the type's identity schema, and finds whether the kit may read it (kitReader).
func (k *kitReader) init(ctx context.Context) {
	r := newResource(k.spec)
	var id resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &id)
	var meta resource.MetadataResponse
	r.Metadata(ctx, resource.MetadataRequest{}, &meta)
	if !k.readSchema(ctx) || id.Diagnostics.HasError() || !plainAttributes(ctx, k.schema.Attributes) ||
		!plainBlocks(ctx, k.schema.Blocks) {
		return
	}
	k.identitySchema, k.identityType = id.IdentitySchema, id.IdentitySchema.Type().TerraformType(ctx)
	k.mutable = meta.ResourceBehavior.MutableIdentity
	k.eligible = true
}

// plainAttributes reports whether none of attrs, at any depth, is write-only or has a value type with semantic
// equality: the framework's read walks the state for those, the kit's does not.
func plainAttributes(ctx context.Context, attrs map[string]schema.Attribute) bool {
	for _, a := range attrs {
		if !plainAttribute(ctx, a) {
			return false
		}
	}
	return true
}

func plainAttribute(ctx context.Context, a schema.Attribute) bool {
	if a.IsWriteOnly() || semanticEquality(ctx, a.GetType()) {
		return false
	}
	if n, ok := a.(schema.NestedAttribute); ok {
		for _, na := range n.GetNestedObject().GetAttributes() {
			if sa, ok := na.(schema.Attribute); !ok || !plainAttribute(ctx, sa) {
				return false
			}
		}
	}
	return true
}

// plainBlocks reports whether blocks are single nested blocks (the framework's read walks list and set blocks) of
// plain attributes and blocks.
func plainBlocks(ctx context.Context, blocks map[string]schema.Block) bool {
	return singleBlocks(blocks, func(b schema.SingleNestedBlock) bool {
		return !semanticEquality(ctx, b.Type()) && plainAttributes(ctx, b.Attributes)
	})
}

// singleBlocks reports whether every block in blocks, at any depth, is a single nested block for which ok holds: the
// kit's answers all leave list and set blocks to the framework.
func singleBlocks(blocks map[string]schema.Block, ok func(schema.SingleNestedBlock) bool) bool {
	for _, b := range blocks {
		single, isSingle := b.(schema.SingleNestedBlock)
		if !isSingle || !ok(single) || !singleBlocks(single.Blocks, ok) {
			return false
		}
	}
	return true
}

// semanticEquality reports whether values of t, or of any type inside it, define semantic equality, which the
// framework's read applies between the prior and the new state.
func semanticEquality(ctx context.Context, t attr.Type) bool {
	switch t.ValueType(ctx).(type) {
	case basetypes.BoolValuableWithSemanticEquals, basetypes.Float32ValuableWithSemanticEquals,
		basetypes.Float64ValuableWithSemanticEquals, basetypes.Int32ValuableWithSemanticEquals,
		basetypes.Int64ValuableWithSemanticEquals, basetypes.ListValuableWithSemanticEquals,
		basetypes.MapValuableWithSemanticEquals, basetypes.NumberValuableWithSemanticEquals,
		basetypes.ObjectValuableWithSemanticEquals, basetypes.SetValuableWithSemanticEquals,
		basetypes.StringValuableWithSemanticEquals, basetypes.DynamicValuableWithSemanticEquals:
		return true
	}
	switch t := t.(type) {
	case attr.TypeWithElementType:
		return semanticEquality(ctx, t.ElementType())
	case attr.TypeWithAttributeTypes:
		for _, at := range t.AttributeTypes() {
			if semanticEquality(ctx, at) {
				return true
			}
		}
	case attr.TypeWithElementTypes:
		for _, et := range t.ElementTypes() {
			if semanticEquality(ctx, et) {
				return true
			}
		}
	}
	return false
}

// protoDiagnostics is diags as the framework sends them (toproto6.Diagnostics).
func protoDiagnostics(ctx context.Context, diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Summary: d.Summary(), Detail: d.Detail(), Severity: tfprotov6.DiagnosticSeverityInvalid}
		switch d.Severity() {
		case diag.SeverityError:
			pd.Severity = tfprotov6.DiagnosticSeverityError
		case diag.SeverityWarning:
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		}
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			attribute, problem := attributePath(ctx, dp.Path())
			if problem != nil {
				out = append(out, problem)
			}
			pd.Attribute = attribute
		}
		out = append(out, pd)
	}
	return out
}

// attributePath is p as the protocol names it (the framework's totftypes.AttributePath), or the framework's
// diagnostic for a step it cannot convert.
func attributePath(ctx context.Context, p path.Path) (*tftypes.AttributePath, *tfprotov6.Diagnostic) {
	var steps []tftypes.AttributePathStep
	for _, step := range p.Steps() {
		var s tftypes.AttributePathStep
		switch step := step.(type) {
		case path.PathStepAttributeName:
			s = tftypes.AttributeName(string(step))
		case path.PathStepElementKeyInt:
			s = tftypes.ElementKeyInt(int64(step))
		case path.PathStepElementKeyString:
			s = tftypes.ElementKeyString(string(step))
		case path.PathStepElementKeyValue:
			v, err := step.ToTerraformValue(ctx)
			if err != nil {
				return nil, pathError(p, "unable to convert attr.Value ("+step.Value.String()+") to tftypes.Value: "+err.Error())
			}
			s = tftypes.ElementKeyValue(v)
		default:
			return nil, pathError(p, "unknown path.PathStep")
		}
		steps = append(steps, s)
	}
	return tftypes.NewAttributePathWithSteps(steps), nil
}

func pathError(p path.Path, problem string) *tfprotov6.Diagnostic {
	return &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Unable to Convert Attribute Path",
		Detail: "An unexpected error occurred while trying to convert an attribute path. " +
			"This is either an error in terraform-plugin-framework or a custom attribute type used by the provider. " +
			"Please report the following to the provider developers.\n\nAttribute Path: " + p.String() + "\nOriginal Error: " + problem}
}
