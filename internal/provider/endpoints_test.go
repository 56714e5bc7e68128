package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/stsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// endpointsBlock is an endpoints block value for providerConfig; products not given are null.
func endpointsBlock(t *testing.T, p provider.Provider, products map[string]string) map[string]tftypes.Value {
	t.Helper()
	whole, ok := providerSchema(t, p).Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema is not an object")
	}
	typ, ok := whole.AttributeTypes["endpoints"].(tftypes.Object)
	if !ok {
		t.Fatal("endpoints is not a block of attributes")
	}
	vals := map[string]tftypes.Value{}
	for name := range typ.AttributeTypes {
		if v, ok := products[name]; ok {
			vals[name] = tftypes.NewValue(tftypes.String, v)
		} else {
			vals[name] = tftypes.NewValue(tftypes.String, nil)
		}
	}
	return vals
}

type recordingSTSFactory struct{ got *client.Config }

func (f *recordingSTSFactory) factory(_ context.Context, cfg client.Config) (stsclient.Client, error) {
	f.got = &cfg
	return nil, nil
}

// endpoints.ecs and endpoints.sts reach the clients of their products; the STS client is built on first use.
func TestConfigure_endpointsReachTheirProducts(t *testing.T) {
	isolate(t)
	ecs, sts := &recordingFactory{}, &recordingSTSFactory{}
	p := NewWithFactories("1.2.3", conns.Factories{ECS: ecs.factory, STS: sts.factory})()
	resp := &provider.ConfigureResponse{}
	p.Configure(context.Background(), provider.ConfigureRequest{Config: providerConfig(t, providerSchema(t, p), map[string]any{
		"region": "cn-shanghai", "access_key": "ak", "secret_key": "sk",
		"endpoints": endpointsBlock(t, p, map[string]string{"ecs": "http://127.0.0.1:8699", "sts": "https://sts.example.com"}),
	})}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if ecs.got == nil || ecs.got.Endpoint != "http://127.0.0.1:8699" || ecs.got.Region != "cn-shanghai" {
		t.Errorf("ECS client config %+v", ecs.got)
	}
	if sts.got != nil {
		t.Error("the STS client was built at configure; it should be built on first use")
	}
	c, ok := resp.DataSourceData.(*conns.Client)
	if !ok {
		t.Fatalf("DataSourceData is %T", resp.DataSourceData)
	}
	if _, err := c.STS(context.Background()); err != nil {
		t.Fatal(err)
	}
	if sts.got == nil || sts.got.Endpoint != "https://sts.example.com" || sts.got.Region != "cn-shanghai" {
		t.Errorf("STS client config %+v", sts.got)
	}
}

// A region other than the provider's gets its own ECS client, at the same endpoint override.
func TestConfigure_otherRegionSharesTheEndpointOverride(t *testing.T) {
	isolate(t)
	f := &recordingFactory{}
	p := NewWithFactories("1.2.3", conns.Factories{ECS: f.factory})()
	resp := &provider.ConfigureResponse{}
	p.Configure(context.Background(), provider.ConfigureRequest{Config: providerConfig(t, providerSchema(t, p), map[string]any{
		"region": "cn-hangzhou", "access_key": "ak", "secret_key": "sk", "endpoint": "http://127.0.0.1:8699",
	})}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	c, ok := resp.ResourceData.(*conns.Client)
	if !ok {
		t.Fatalf("ResourceData is %T", resp.ResourceData)
	}
	other, err := c.ECS(context.Background(), "cn-beijing")
	if err != nil {
		t.Fatal(err)
	}
	if other.Region() != "cn-beijing" || f.calls != 2 || f.got.Endpoint != "http://127.0.0.1:8699" {
		t.Errorf("second region: client for %s, %d clients built, last config %+v", other.Region(), f.calls, f.got)
	}
	if again, _ := c.ECS(context.Background(), "cn-beijing"); again != other || f.calls != 2 {
		t.Errorf("the second region's client was built again (%d builds)", f.calls)
	}
}

func TestValidateConfig_endpoints(t *testing.T) {
	p := NewWithFactories("test", conns.Factories{})()
	s := providerSchema(t, p)
	v, ok := p.(provider.ProviderWithValidateConfig)
	if !ok {
		t.Fatal("the provider does not validate its configuration")
	}
	for _, tc := range []struct {
		name    string
		values  map[string]any
		wantErr string // "" = valid
	}{
		{"shorthand and block together", map[string]any{"endpoint": "https://a.example.com",
			"endpoints": endpointsBlock(t, p, map[string]string{"ecs": "https://b.example.com"})}, "set one of them, not both"},
		{"shorthand with another product in the block", map[string]any{"endpoint": "https://a.example.com",
			"endpoints": endpointsBlock(t, p, map[string]string{"sts": "https://sts.example.com"})}, ""},
		{"remote plain http in the block", map[string]any{
			"endpoints": endpointsBlock(t, p, map[string]string{"sts": "http://sts.example.com"})}, "endpoints.sts"},
		{"remote plain http in the block, insecure", map[string]any{"insecure": true,
			"endpoints": endpointsBlock(t, p, map[string]string{"sts": "http://sts.example.com"})}, ""},
		{"loopback http in the block", map[string]any{
			"endpoints": endpointsBlock(t, p, map[string]string{"ecs": "http://127.0.0.1:1", "sts": "http://localhost:1"})}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := &provider.ValidateConfigResponse{}
			v.ValidateConfig(context.Background(), provider.ValidateConfigRequest{Config: providerConfig(t, s, tc.values)}, resp)
			if tc.wantErr == "" {
				if resp.Diagnostics.HasError() {
					t.Fatalf("unexpected error: %v", resp.Diagnostics)
				}
				return
			}
			if !resp.Diagnostics.HasError() {
				t.Fatalf("no error, want one about %q", tc.wantErr)
			}
			d := resp.Diagnostics.Errors()[0]
			where := ""
			if wp, ok := d.(diag.DiagnosticWithPath); ok {
				where = wp.Path().String()
			}
			if !strings.Contains(d.Detail()+" at "+where, tc.wantErr) {
				t.Errorf("error %q at %q does not mention %q", d.Detail(), where, tc.wantErr)
			}
		})
	}
}
