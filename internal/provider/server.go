package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/service/ecs"
)

// snapshotsTypeName is the data source served by server.ReadDataSource.
const snapshotsTypeName = TypeName + "_snapshots"

// NewProtocol6 serves the providers newProvider makes (New, NewWithClientFactory), one per server, as the
// framework does, except for reading aliecs_snapshots.
//
// Why: the framework's ReadDataSource deep-copies the state a data source returns and converts it once more
// for semantic equality (which no attribute of aliecs_snapshots has), so a list of 10,000 snapshots is held
// three times over (about 110 MB live, 250-280 MiB resident). server.ReadDataSource runs the same read
// (ecs.ReadSnapshots, which the framework's Read also calls) and encodes its state directly. Everything
// else, and this data source too when the provider is not configured (unknown configuration, deferral), goes
// to the framework.
func NewProtocol6(newProvider func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := newProvider()
		s := &server{ProviderServer: providerserver.NewProtocol6(p)()}
		s.provider, _ = p.(*aliecsProvider)
		return s
	}
}

// NewProtocol6WithError is NewProtocol6 in the form terraform-plugin-testing's factories take.
func NewProtocol6WithError(newProvider func() provider.Provider) func() (tfprotov6.ProviderServer, error) {
	f := NewProtocol6(newProvider)
	return func() (tfprotov6.ProviderServer, error) { return f(), nil }
}

type server struct {
	tfprotov6.ProviderServer // the framework's
	provider                 *aliecsProvider
}

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req == nil || req.TypeName != snapshotsTypeName || req.Config == nil || s.provider == nil {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	data := s.provider.configured.Load()
	if data == nil {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	schema := ecs.SnapshotsDataSourceSchema()
	typ := schema.Type().TerraformType(ctx)
	config, err := req.Config.Unmarshal(typ)
	if err != nil {
		// Terraform sent what the schema does not describe: the framework words that error.
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	state, diags := ecs.ReadSnapshots(ctx, data.Client, tfsdk.Config{Raw: config, Schema: schema})
	resp := &tfprotov6.ReadDataSourceResponse{Diagnostics: protoDiagnostics(ctx, diags)}
	encoded, err := tfprotov6.NewDynamicValue(typ, state)
	if err != nil {
		resp.Diagnostics = append(resp.Diagnostics, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Unable to Convert State",
			Detail:   fmt.Sprintf("Encoding the state of aliecs_snapshots failed: %s. This is a bug in the provider.", err),
		})
		return resp, nil
	}
	resp.State = &encoded
	return resp, nil
}

// protoDiagnostics converts diagnostics as the framework does.
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
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(ctx, withPath.Path())
		}
		out = append(out, pd)
	}
	return out
}

// attributePath is p as the protocol's path; nil for an empty path or a step it cannot express.
func attributePath(ctx context.Context, p path.Path) *tftypes.AttributePath {
	steps := p.Steps()
	if len(steps) == 0 {
		return nil
	}
	ap := tftypes.NewAttributePath()
	for _, step := range steps {
		switch st := step.(type) {
		case path.PathStepAttributeName:
			ap = ap.WithAttributeName(string(st))
		case path.PathStepElementKeyInt:
			ap = ap.WithElementKeyInt(int(st))
		case path.PathStepElementKeyString:
			ap = ap.WithElementKeyString(string(st))
		case path.PathStepElementKeyValue:
			v, err := st.ToTerraformValue(ctx)
			if err != nil {
				return nil
			}
			ap = ap.WithElementKeyValue(v)
		default:
			return nil
		}
	}
	return ap
}
