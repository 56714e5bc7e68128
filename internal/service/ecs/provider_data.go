package ecs

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// ProviderData is what the configured provider hands every resource and data source. Terraform makes a new
// resource value for every operation, so whatever operations share (the batched lookups) lives here, once per
// configured provider.
type ProviderData struct {
	Client ecsclient.Client
	finder snapshotFinder
}

// NewProviderData wraps the configured client; lookups of single snapshots made through it are batched.
func NewProviderData(client ecsclient.Client) *ProviderData {
	return &ProviderData{Client: client, finder: newSnapshotBatcher(client).find}
}

// providerData accepts *ProviderData, or a bare ecsclient.Client (lookups then go one call each), which is what
// tests that configure a resource or data source directly hand in. A nil finder means unbatched lookups.
func providerData(data any, who string, diags *diag.Diagnostics) (ecsclient.Client, snapshotFinder) {
	switch d := data.(type) {
	case *ProviderData:
		if d != nil && d.Client != nil {
			return d.Client, d.finder
		}
	case ecsclient.Client:
		return d, nil
	}
	diags.AddError("Unexpected provider data",
		fmt.Sprintf("%s expected *snapshot.ProviderData, got %T. This is a bug in the provider.", who, data))
	return nil, nil
}
