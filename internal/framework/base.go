// Package framework is the kit every resource, data source, list resource and action of the provider is built
// from (the role of terraform-provider-aws's internal/framework): embedded base types that take the provider's
// data in Configure, answer Metadata with the type name the service package registered, and check that the
// provider was configured; the registration of a service package's types; resource identity and import by
// identity; and the generic list resource that turns a finder into `terraform query` results.
package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// withMeta is what every base type holds: the configured provider's shared connections and the type name the
// registration gave. Both are set before Terraform asks anything of the value.
type withMeta struct {
	meta     *conns.Client
	typeName string
}

// Meta is the provider's shared connections; nil when the provider was not configured (its configuration
// depends on values not known yet), which Ready reports.
func (w *withMeta) Meta() *conns.Client { return w.meta }

// TypeName is the registered type name, e.g. aliecs_snapshot.
func (w *withMeta) TypeName() string { return w.typeName }

func (w *withMeta) setTypeName(name string) { w.typeName = name }

// Ready reports whether the provider handed its connections over; without them no API can be called.
func (w *withMeta) Ready(diags *diag.Diagnostics) bool {
	if w.meta == nil {
		diags.AddError("Provider not configured",
			"The aliecs provider has no API client: its configuration depends on values not known yet (see the warning above). "+
				"Apply the resources those values come from first, or use values known at plan time.")
		return false
	}
	return true
}

// configure takes the provider's data; nil (the provider not configured yet, as during validation) is no error.
func (w *withMeta) configure(data any, diags *diag.Diagnostics) {
	if data == nil {
		return
	}
	if c, ok := data.(*conns.Client); ok && c != nil {
		w.meta = c
		return
	}
	diags.AddError("Unexpected provider data",
		fmt.Sprintf("%s expected *conns.Client, got %T. This is a bug in the provider.", w.typeName, data))
}

// named is what every base type is: the registration sets its type name through it.
type named interface{ setTypeName(string) }

// ResourceWithConfigure is embedded in every resource.
type ResourceWithConfigure struct{ withMeta }

func (r *ResourceWithConfigure) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *ResourceWithConfigure) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

// DataSourceWithConfigure is embedded in every data source.
type DataSourceWithConfigure struct{ withMeta }

func (d *DataSourceWithConfigure) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.typeName
}

func (d *DataSourceWithConfigure) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

// ActionWithConfigure is embedded in every action.
type ActionWithConfigure struct{ withMeta }

func (a *ActionWithConfigure) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = a.typeName
}

func (a *ActionWithConfigure) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.configure(req.ProviderData, &resp.Diagnostics)
}

// Configured hands c to a resource, data source or action built outside a provider, as Configure would: for unit
// tests that call CRUD methods directly.
func Configured[T any](v T, c *conns.Client) T {
	if m, ok := any(v).(interface{ setMeta(*conns.Client) }); ok {
		m.setMeta(c)
	}
	return v
}

func (w *withMeta) setMeta(c *conns.Client) { w.meta = c }
