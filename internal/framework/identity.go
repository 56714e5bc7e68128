package framework

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// Identity describes a resource's identity (Terraform 1.12+, https://developer.hashicorp.com/terraform/plugin/framework/resources/identity):
// the attributes Read needs to find the object, each also an attribute of the resource's state with the same
// name, plus `region`, optional for import, which must be the provider's region (the provider reads and writes
// in its own region only; an object of another region is imported through a provider alias of that region).
type Identity struct {
	Attributes []IdentityAttribute
	// Mutable says that an in-place update can change an identity attribute (the attachment moves its disk to
	// another policy in place); the framework otherwise refuses an Update that changes the identity.
	Mutable bool
}

// IdentityAttribute is one string attribute of an identity.
type IdentityAttribute struct {
	Name, Description string
}

// IDIdentity is the identity of a resource found by its `id` alone. what names the object ("snapshot").
func IDIdentity(what string) Identity {
	return Identity{Attributes: []IdentityAttribute{{Name: "id", Description: "ID of the " + what + "."}}}
}

// regionAttribute is the identity attribute every resource has beside its own.
const regionAttribute = "region"

// importID is the import ID that names the same object as an identity: the attribute values joined by ":",
// the form the resources' import IDs take (one attribute: the ID itself; the policy attachment:
// `<auto_snapshot_policy_id>:<disk_id>`).
func (id Identity) importID(values []string) string { return strings.Join(values, ":") }

// resourceWithIdentity wraps a registered resource: it answers the identity schema and keeps the identity in
// step with the state after every Create, Read, Update and import, so that no resource writes that code; and it
// drops, after every Read, the object an import handed to the Read that follows it (HandToRead). Setting
// it in Update matters: Terraform before 1.12 sends no planned identity, and the framework refuses an Update that
// leaves it null ("Missing Resource Identity After Update"). Import by identity is turned into import by ID, so
// that each resource's checks of the ID (form, existence, region) serve both.
type resourceWithIdentity struct {
	resource.Resource
	spec ResourceSpec
}

var (
	_ resource.ResourceWithConfigure        = (*resourceWithIdentity)(nil)
	_ resource.ResourceWithIdentity         = (*resourceWithIdentity)(nil)
	_ resource.ResourceWithImportState      = (*resourceWithIdentity)(nil)
	_ resource.ResourceWithModifyPlan       = (*resourceWithIdentity)(nil)
	_ resource.ResourceWithConfigValidators = (*resourceWithIdentity)(nil)
)

func newResource(spec ResourceSpec) *resourceWithIdentity {
	return &resourceWithIdentity{Resource: withTypeName(spec.Factory(), spec.TypeName), spec: spec}
}

func (r *resourceWithIdentity) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.Resource.Metadata(ctx, req, resp)
	resp.ResourceBehavior.MutableIdentity = r.spec.Identity.Mutable
}

func (r *resourceWithIdentity) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c, ok := r.Resource.(resource.ResourceWithConfigure); ok {
		c.Configure(ctx, req, resp)
	}
}

func (r *resourceWithIdentity) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if m, ok := r.Resource.(resource.ResourceWithModifyPlan); ok {
		m.ModifyPlan(ctx, req, resp)
	}
}

func (r *resourceWithIdentity) ConfigValidators(ctx context.Context) []resource.ConfigValidator {
	if v, ok := r.Resource.(resource.ResourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

func (r *resourceWithIdentity) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	attrs := map[string]identityschema.Attribute{
		regionAttribute: identityschema.StringAttribute{OptionalForImport: true,
			Description: "Region of the object: the provider's region, which is also the default. Another region is refused: " +
				"import through a provider configuration (an alias) of that region."},
	}
	for _, a := range r.spec.Identity.Attributes {
		attrs[a.Name] = identityschema.StringAttribute{RequiredForImport: true, Description: a.Description}
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attrs}
}

func (r *resourceWithIdentity) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.Resource.Create(ctx, req, resp)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *resourceWithIdentity) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.Resource.Read(ctx, req, resp)
	// Whatever path the Read took, the object an import handed it is not kept for a later one (import_read.go).
	forgetImported(ctx, resp)
	from := resp.State
	if from.Raw.IsNull() {
		// Gone: the framework still wants an identity (the one stored, which Terraform before 1.12 does not keep).
		from = req.State
	}
	r.setIdentity(ctx, from, resp.Identity, &resp.Diagnostics)
}

func (r *resourceWithIdentity) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.Resource.Update(ctx, req, resp)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *resourceWithIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	inner, ok := r.Resource.(resource.ResourceWithImportState)
	if !ok {
		resp.Diagnostics.AddError("Import not supported", r.spec.TypeName+" cannot be imported.")
		return
	}
	if req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull() {
		id, diags := r.importIDFromIdentity(ctx, req.Identity)
		resp.Diagnostics.Append(diags...)
		if diags.HasError() {
			return
		}
		req.ID = id
	}
	inner.ImportState(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	}
}

// importIDFromIdentity checks an identity given in an import block and returns the import ID it stands for.
func (r *resourceWithIdentity) importIDFromIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	var values []string
	for _, a := range r.spec.Identity.Attributes {
		var v types.String
		diags.Append(identity.GetAttribute(ctx, path.Root(a.Name), &v)...)
		if !diags.HasError() && v.ValueString() == "" {
			diags.AddAttributeError(path.Root(a.Name), "Missing identity attribute",
				fmt.Sprintf("The identity of %s needs %s: %s", r.spec.TypeName, a.Name, a.Description))
		}
		values = append(values, v.ValueString())
	}
	var region types.String
	diags.Append(identity.GetAttribute(ctx, path.Root(regionAttribute), &region)...)
	if diags.HasError() {
		return "", diags
	}
	if meta := r.meta(); meta != nil && region.ValueString() != "" && region.ValueString() != meta.Region() {
		diags.AddAttributeError(path.Root(regionAttribute), "Identity in another region",
			fmt.Sprintf("The identity names region %q, but this provider configuration works in region %q. "+
				"Import through a provider configuration of region %s (an alias: provider = aliecs.<alias> in the import block), "+
				"or leave region out of the identity.", region.ValueString(), meta.Region(), region.ValueString()))
		return "", diags
	}
	return r.spec.Identity.importID(values), diags
}

func (r *resourceWithIdentity) meta() *conns.Client {
	if m, ok := r.Resource.(interface{ Meta() *conns.Client }); ok {
		return m.Meta()
	}
	return nil
}

// setIdentity copies the identity attributes from the state (a removed resource has none) and adds the region.
func (r *resourceWithIdentity) setIdentity(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || state.Raw.IsNull() || diags.HasError() {
		return
	}
	for _, a := range r.spec.Identity.Attributes {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(a.Name), &v)...)
		diags.Append(identity.SetAttribute(ctx, path.Root(a.Name), v)...)
	}
	if meta := r.meta(); meta != nil {
		diags.Append(identity.SetAttribute(ctx, path.Root(regionAttribute), meta.Region())...)
	}
}
