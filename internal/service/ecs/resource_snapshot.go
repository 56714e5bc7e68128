// Package snapshot holds the aliecs_snapshot resource, the aliecs_snapshots data source, their schemas,
// models and validators, and the waiters that follow a snapshot to the end of its creation or deletion.
package ecs

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

var (
	_ resource.Resource                     = (*snapshotResource)(nil)
	_ resource.ResourceWithConfigure        = (*snapshotResource)(nil)
	_ resource.ResourceWithImportState      = (*snapshotResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*snapshotResource)(nil)
	_ resource.ResourceWithConfigValidators = (*snapshotResource)(nil)
)

type snapshotResource struct {
	client ecsclient.Client
	// finder is the provider's shared, batched lookup; nil means one DescribeSnapshots call per lookup.
	finder snapshotFinder
	sleep  sleepFunc
}

// NewSnapshotResource is the aliecs_snapshot resource.
func NewSnapshotResource() resource.Resource {
	return &snapshotResource{sleep: sleepContext}
}

func (r *snapshotResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_snapshot"
}

func (r *snapshotResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = snapshotResourceSchema(ctx)
}

func (r *snapshotResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	r.client, r.finder = providerData(req.ProviderData, "aliecs_snapshot", &resp.Diagnostics)
}

func (r *snapshotResource) ready(diags *diag.Diagnostics) bool { return clientReady(r.client, diags) }

// clientReady reports whether the provider gave a client; it has none when its configuration was not known.
func clientReady(client ecsclient.Client, diags *diag.Diagnostics) bool {
	if client == nil {
		diags.AddError("Provider not configured",
			"The aliecs provider has no ECS client: its configuration depends on values not known yet (see the warning above). "+
				"Apply the resources those values come from first, or use values known at plan time.")
		return false
	}
	return true
}

func (r *snapshotResource) find(ctx context.Context, id string) (*ecsclient.Snapshot, error) {
	if r.finder != nil {
		return r.finder(ctx, id)
	}
	return findSnapshotByID(ctx, r.client, id)
}

// ImportState takes a snapshot ID (CLI `terraform import` and `import` blocks alike). Read fills the rest;
// force_delete starts false and timeouts empty, as for a snapshot created with a minimal configuration.
func (r *snapshotResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_delete"), false)...)
}
