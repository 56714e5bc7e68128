package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

// recordingFactory keeps the configuration the provider built and hands back a client that is never called.
type recordingFactory struct {
	got   *client.Config
	calls int
}

// unusedClient answers only Region, which the provider's connections ask at configure.
type unusedClient struct {
	ecsclient.Client
	region string
}

func (c unusedClient) Region() string { return c.region }

func (f *recordingFactory) factory(_ context.Context, cfg client.Config) (ecsclient.Client, error) {
	f.calls++
	f.got = &cfg
	return unusedClient{region: cfg.Region}, nil
}

func providerSchema(t *testing.T, p provider.Provider) schema.Schema {
	t.Helper()
	resp := &provider.SchemaResponse{}
	p.Schema(context.Background(), provider.SchemaRequest{}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return resp.Schema
}

// providerConfig builds a provider block: every attribute null unless given (tftypes.UnknownValue for unknown).
func providerConfig(t *testing.T, s schema.Schema, values map[string]any) tfsdk.Config {
	t.Helper()
	typ, ok := s.Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema is not an object")
	}
	vals := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(attrType, values[name])
	}
	return tfsdk.Config{Schema: s, Raw: tftypes.NewValue(typ, vals)}
}

func configure(t *testing.T, values map[string]any) (*recordingFactory, *provider.ConfigureResponse) {
	t.Helper()
	f := &recordingFactory{}
	p := NewWithFactories("1.2.3", conns.Factories{ECS: f.factory})()
	resp := &provider.ConfigureResponse{}
	p.Configure(context.Background(), provider.ConfigureRequest{
		Config: providerConfig(t, providerSchema(t, p), values), TerraformVersion: "1.11.4",
	}, resp)
	return f, resp
}

func TestConfigure_buildsClient(t *testing.T) {
	isolate(t)
	f, resp := configure(t, map[string]any{
		"region": "cn-hangzhou", "access_key": "ak", "secret_key": "sk", "endpoint": "http://127.0.0.1:8699",
	})
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if f.calls != 1 || f.got.Region != "cn-hangzhou" || f.got.Endpoint != "http://127.0.0.1:8699" || f.got.MaxRetries != nil {
		t.Errorf("client config %+v", f.got)
	}
	if !strings.Contains(f.got.UserAgent, "terraform-provider-aliecs/1.2.3") || !strings.Contains(f.got.UserAgent, "terraform/1.11.4") {
		t.Errorf("user agent %q", f.got.UserAgent)
	}
	assertCredential(t, f.got.Credential, "ak", "sk", "")
	data, ok := resp.ResourceData.(*conns.Client)
	if !ok || data.HomeECS() == nil || data.Region() != "cn-hangzhou" {
		t.Fatalf("ResourceData is %T, want *conns.Client holding the client", resp.ResourceData)
	}
	// One value for resources and data sources: their lookups share one batcher.
	if resp.DataSourceData != resp.ResourceData {
		t.Errorf("DataSourceData is %v, want the same value as ResourceData", resp.DataSourceData)
	}
}

func TestConfigure_maxRetries(t *testing.T) {
	isolate(t)
	f, resp := configure(t, map[string]any{"region": "cn-hangzhou", "access_key": "ak", "secret_key": "sk", "max_retries": 0})
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	// 0 means no retries, and reaches the client as 0; unset reaches it as nil (TestConfigure_buildsClient).
	if f.got.MaxRetries == nil || *f.got.MaxRetries != 0 {
		t.Errorf("max_retries = 0 gave the client MaxRetries %v, want 0 (no retries)", f.got.MaxRetries)
	}
}

func TestConfigure_unknownValuesDefer(t *testing.T) {
	isolate(t)
	f, resp := configure(t, map[string]any{"region": tftypes.UnknownValue, "access_key": "ak", "secret_key": tftypes.UnknownValue})
	if resp.Diagnostics.HasError() {
		t.Fatalf("unknown values must not fail configure: %v", resp.Diagnostics)
	}
	if f.calls != 0 || resp.ResourceData != nil {
		t.Errorf("configured a client from unknown values")
	}
	if len(resp.Diagnostics.Warnings()) != 1 || !strings.Contains(resp.Diagnostics.Warnings()[0].Detail(), "region, secret_key") {
		t.Errorf("want one warning naming region and secret_key, got %v", resp.Diagnostics)
	}
}

func TestConfigure_missingEverythingIsOneError(t *testing.T) {
	isolate(t)
	f, resp := configure(t, map[string]any{})
	if f.calls != 0 {
		t.Error("client built without region and credentials")
	}
	if errs := resp.Diagnostics.Errors(); len(errs) != 1 ||
		!strings.Contains(errs[0].Detail(), "No region found") || !strings.Contains(errs[0].Detail(), "No Alibaba Cloud credentials found") {
		t.Fatalf("want one error covering region and credentials, got %v", resp.Diagnostics)
	}
}

func TestConfigure_refusesRemoteHTTPEndpointFromEnvironment(t *testing.T) {
	isolate(t)
	t.Setenv("ALIECS_ENDPOINT", "http://ecs.example.com")
	f, resp := configure(t, map[string]any{"region": "cn-hangzhou", "access_key": "ak", "secret_key": "sk"})
	if !resp.Diagnostics.HasError() || f.calls != 0 {
		t.Fatalf("want an error, got %v", resp.Diagnostics)
	}
	if d := resp.Diagnostics.Errors()[0].Detail(); !strings.Contains(d, "ALIECS_ENDPOINT") || !strings.Contains(d, "insecure") {
		t.Errorf("detail %q should name the variable and the way out", d)
	}

	f, resp = configure(t, map[string]any{"region": "cn-hangzhou", "access_key": "ak", "secret_key": "sk", "insecure": true})
	if resp.Diagnostics.HasError() || f.got.Endpoint != "http://ecs.example.com" {
		t.Fatalf("insecure = true should allow it: %v", resp.Diagnostics)
	}
}

func TestValidateConfig_endpoint(t *testing.T) {
	p := NewWithFactories("test", conns.Factories{ECS: (&recordingFactory{}).factory})()
	s := providerSchema(t, p)
	v, ok := p.(provider.ProviderWithValidateConfig)
	if !ok {
		t.Fatal("provider does not validate its configuration")
	}
	for _, tc := range []struct {
		values  map[string]any
		wantErr bool
	}{
		{map[string]any{"endpoint": "http://ecs.example.com"}, true},
		{map[string]any{"endpoint": "http://ecs.example.com", "insecure": true}, false},
		{map[string]any{"endpoint": "http://127.0.0.1:1"}, false},
		{map[string]any{"endpoint": "http://ecs.example.com", "insecure": tftypes.UnknownValue}, false},
		{map[string]any{"endpoint": tftypes.UnknownValue}, false},
	} {
		resp := &provider.ValidateConfigResponse{}
		v.ValidateConfig(context.Background(), provider.ValidateConfigRequest{Config: providerConfig(t, s, tc.values)}, resp)
		if resp.Diagnostics.HasError() != tc.wantErr {
			t.Errorf("%v: diagnostics %v, want error = %v", tc.values, resp.Diagnostics, tc.wantErr)
		}
	}
}

// TestSchemas_areDocumented: the registry docs are generated from descriptions, so none may be missing.
func TestSchemas_areDocumented(t *testing.T) {
	p := New("test")()
	for name, a := range providerSchema(t, p).Attributes {
		if a.GetDescription() == "" || a.GetMarkdownDescription() == "" {
			t.Errorf("provider attribute %s has no description", name)
		}
	}
	for _, newResource := range p.Resources(context.Background()) {
		r := newResource()
		resp := &resource.SchemaResponse{}
		r.Schema(context.Background(), resource.SchemaRequest{}, resp)
		for name, a := range resp.Schema.Attributes {
			if a.GetDescription() == "" {
				t.Errorf("resource attribute %s has no description", name)
			}
		}
		for name, b := range resp.Schema.Blocks {
			if b.GetDescription() == "" {
				t.Errorf("resource block %s has no description", name)
			}
		}
		if resp.Schema.Description == "" {
			t.Error("resource has no description")
		}
	}
	withActions, ok := p.(interface {
		Actions(context.Context) []func() action.Action
	})
	if !ok {
		t.Fatal("the provider offers no actions")
	}
	actions := withActions.Actions(context.Background())
	if len(actions) == 0 {
		t.Fatal("the provider has no actions")
	}
	for _, newAction := range actions {
		a := newAction()
		meta := &action.MetadataResponse{}
		a.Metadata(context.Background(), action.MetadataRequest{ProviderTypeName: "aliecs"}, meta)
		resp := &action.SchemaResponse{}
		a.Schema(context.Background(), action.SchemaRequest{}, resp)
		if resp.Schema.Description == "" || resp.Schema.MarkdownDescription == "" {
			t.Errorf("action %s has no description", meta.TypeName)
		}
		for name, at := range resp.Schema.Attributes {
			if at.GetDescription() == "" || at.GetMarkdownDescription() == "" {
				t.Errorf("action %s attribute %s has no description", meta.TypeName, name)
			}
		}
		for name, b := range resp.Schema.Blocks {
			if b.GetDescription() == "" {
				t.Errorf("action %s block %s has no description", meta.TypeName, name)
			}
			for inner, at := range b.GetNestedObject().GetAttributes() {
				if at.GetDescription() == "" {
					t.Errorf("action %s attribute %s.%s has no description", meta.TypeName, name, inner)
				}
			}
		}
	}
}
