package framework

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// Lister is what a resource's list resource adds to the kit: the `config` block of a `list` block and the
// lookup of what it selects. The rest (identity, display name, the resource object, the limit) is the kit's.
type Lister interface {
	ListResourceConfigSchema(context.Context, list.ListResourceSchemaRequest, *list.ListResourceSchemaResponse)
	// Find calls yield for each object config selects, in a stable order, until yield returns false. It
	// returns only what the resource should own unless config asks for more, so that generated configuration
	// never manages one object twice (a snapshot list leaves out copies, group members and automatic snapshots).
	Find(ctx context.Context, meta *conns.Client, config tfsdk.Config, yield func(Found) bool) diag.Diagnostics
}

// Found is one object a Lister found.
type Found struct {
	// Identity holds the values of the resource's identity attributes (ResourceSpec.Identity), in their order.
	Identity []string
	// DisplayName is what `terraform query` shows beside the identity: the object's name where it has one.
	DisplayName string
}

// readChunk is how many results are read at once when the resource objects are asked for: their lookups go
// out together and the batched finders put them in a few calls (DescribeSnapshots takes 100 IDs a call).
const readChunk = 100

// listResource is a resource's list resource: Lister finds, and the resource object of each result comes from
// the resource's own import and Read, so that it is exactly what `terraform import` would store and a config
// generated from it (`terraform query -generate-config-out`) imports with no change planned.
type listResource struct {
	withMeta
	spec   ResourceSpec
	lister Lister
}

var (
	_ list.ListResource              = (*listResource)(nil)
	_ list.ListResourceWithConfigure = (*listResource)(nil)
)

func newListResource(spec ResourceSpec) list.ListResource {
	l := &listResource{spec: spec, lister: spec.List()}
	l.setTypeName(spec.TypeName)
	return l
}

func (l *listResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.typeName
}

func (l *listResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.configure(req.ProviderData, &resp.Diagnostics)
}

func (l *listResource) ListResourceConfigSchema(ctx context.Context, req list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	l.lister.ListResourceConfigSchema(ctx, req, resp)
}

func (l *listResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	if !l.Ready(&diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var found []Found
		diags := l.lister.Find(ctx, l.meta, req.Config, func(f Found) bool {
			found = append(found, f)
			return req.Limit <= 0 || int64(len(found)) < req.Limit
		})
		if diags.HasError() {
			push(list.ListResult{Diagnostics: diags})
			return
		}
		for start := 0; start < len(found); start += readChunk {
			chunk := found[start:min(start+readChunk, len(found))]
			results := make([]*list.ListResult, len(chunk))
			var wg sync.WaitGroup
			for i, f := range chunk {
				wg.Go(func() { results[i] = l.result(ctx, req, f) })
			}
			wg.Wait()
			for _, res := range results {
				if res != nil && !push(*res) {
					return
				}
			}
		}
	}
}

// result is one object's result; nil when it was gone by the time its resource object was read.
func (l *listResource) result(ctx context.Context, req list.ListRequest, f Found) *list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = f.DisplayName
	for i, a := range l.spec.Identity.Attributes {
		res.Diagnostics.Append(res.Identity.SetAttribute(ctx, path.Root(a.Name), f.Identity[i])...)
	}
	res.Diagnostics.Append(res.Identity.SetAttribute(ctx, path.Root(regionAttribute), l.meta.Region())...)
	if !req.IncludeResource || res.Diagnostics.HasError() {
		return &res
	}
	state, diags := l.importAndRead(ctx, req, l.spec.Identity.importID(f.Identity))
	res.Diagnostics.Append(diags...)
	if !diags.HasError() && state.Raw.IsNull() {
		return nil
	}
	res.Resource.Raw = state.Raw
	return &res
}

// importAndRead runs the resource's ImportState and Read, as `terraform import` does.
func (l *listResource) importAndRead(ctx context.Context, req list.ListRequest, id string) (tfsdk.State, diag.Diagnostics) {
	r := newResource(l.spec)
	var configured resource.ConfigureResponse
	r.Configure(ctx, resource.ConfigureRequest{ProviderData: l.meta}, &configured)
	if configured.Diagnostics.HasError() {
		return tfsdk.State{}, configured.Diagnostics
	}
	identity := func() *tfsdk.ResourceIdentity {
		return &tfsdk.ResourceIdentity{Schema: req.ResourceIdentitySchema,
			Raw: tftypes.NewValue(req.ResourceIdentitySchema.Type().TerraformType(ctx), nil)}
	}
	empty := tfsdk.State{Schema: req.ResourceSchema, Raw: tftypes.NewValue(req.ResourceSchema.Type().TerraformType(ctx), nil)}
	// No private state here (the framework makes it only inside its protocol server): the import hands what it found
	// to the Read through ctx instead, so each object is described once.
	ctx = withHandOver(ctx)
	imported := resource.ImportStateResponse{State: empty, Identity: identity()}
	r.ImportState(ctx, resource.ImportStateRequest{ID: id}, &imported)
	if imported.Diagnostics.HasError() {
		return empty, imported.Diagnostics
	}
	read := resource.ReadResponse{State: imported.State, Identity: imported.Identity}
	r.Read(ctx, resource.ReadRequest{State: imported.State, Identity: imported.Identity}, &read)
	return read.State, append(imported.Diagnostics, read.Diagnostics...)
}
