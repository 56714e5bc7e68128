package provider

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
)

var (
	tfStringMap = tftypes.Map{ElementType: tftypes.String}
	tfStringSet = tftypes.Set{ElementType: tftypes.String}
)

func tfStrings(typ tftypes.Type, kv map[string]string, list []string) tftypes.Value {
	if kv != nil {
		m := map[string]tftypes.Value{}
		for k, v := range kv {
			m[k] = tftypes.NewValue(tftypes.String, v)
		}
		return tftypes.NewValue(typ, m)
	}
	var l []tftypes.Value
	for _, s := range list {
		l = append(l, tftypes.NewValue(tftypes.String, s))
	}
	return tftypes.NewValue(typ, l)
}

// tagBlocks are default_tags and ignore_tags blocks as configuration values.
func tagBlocks(defaults map[string]string, keys, prefixes []string) map[string]any {
	return map[string]any{
		"default_tags": map[string]tftypes.Value{"tags": tfStrings(tfStringMap, defaults, nil)},
		"ignore_tags": map[string]tftypes.Value{
			"keys": tfStrings(tfStringSet, nil, keys), "key_prefixes": tfStrings(tfStringSet, nil, prefixes),
		},
	}
}

func TestConfigure_tagBlocksReachResources(t *testing.T) {
	isolate(t)
	values := tagBlocks(map[string]string{"env": "prod"}, []string{"owner", "cost"}, []string{"k8s/"})
	values["region"], values["access_key"], values["secret_key"] = "cn-hangzhou", "ak", "sk"
	_, resp := configure(t, values)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	c, ok := resp.ResourceData.(*conns.Client)
	if !ok {
		t.Fatalf("resource data %T", resp.ResourceData)
	}
	tc := c.TagsConfig()
	if tc.Default["env"] != "prod" || len(tc.Default) != 1 ||
		!slices.Equal(tc.Ignore.Keys, []string{"cost", "owner"}) || !slices.Equal(tc.Ignore.KeyPrefixes, []string{"k8s/"}) {
		t.Errorf("tags configuration %+v", tc)
	}
	if resp.DataSourceData != resp.ResourceData {
		t.Error("data sources get another configuration than resources")
	}
}

func TestConfigure_unknownDefaultTagsDefer(t *testing.T) {
	isolate(t)
	values := map[string]any{
		"region": "cn-hangzhou", "access_key": "ak", "secret_key": "sk",
		"default_tags": map[string]tftypes.Value{"tags": tftypes.NewValue(tfStringMap, map[string]tftypes.Value{
			"env": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		})},
	}
	f, resp := configure(t, values)
	if resp.Diagnostics.HasError() || f.calls != 0 || resp.ResourceData != nil {
		t.Fatalf("configured from unknown default tags: %v", resp.Diagnostics)
	}
	if w := resp.Diagnostics.Warnings(); len(w) != 1 || !strings.Contains(w[0].Detail(), "default_tags.tags") {
		t.Errorf("want a warning naming default_tags.tags, got %v", resp.Diagnostics)
	}
}

func TestValidateConfig_defaultTagThatIsIgnored(t *testing.T) {
	p := NewWithFactories("test", conns.Factories{ECS: (&recordingFactory{}).factory})()
	s := providerSchema(t, p)
	v, ok := p.(provider.ProviderWithValidateConfig)
	if !ok {
		t.Fatal("provider does not validate its configuration")
	}
	for _, tc := range []struct {
		name    string
		values  map[string]any
		wantErr string
	}{
		{"ignored by key", tagBlocks(map[string]string{"owner": "me", "env": "x"}, []string{"owner"}, nil), `["owner"]`},
		{"ignored by prefix", tagBlocks(map[string]string{"k8s/app": "me"}, nil, []string{"k8s/"}), `["k8s/app"]`},
		{"not ignored", tagBlocks(map[string]string{"env": "x"}, []string{"owner"}, []string{"k8s/"}), ""},
		{"no blocks", map[string]any{}, ""},
	} {
		resp := &provider.ValidateConfigResponse{}
		v.ValidateConfig(context.Background(), provider.ValidateConfigRequest{Config: providerConfig(t, s, tc.values)}, resp)
		errs := resp.Diagnostics.Errors()
		if tc.wantErr == "" {
			if len(errs) > 0 {
				t.Errorf("%s: %v", tc.name, errs)
			}
			continue
		}
		if len(errs) != 1 || !strings.Contains(errs[0].Detail(), tc.wantErr) || !strings.Contains(errs[0].Detail(), "ignore_tags") {
			t.Errorf("%s: want one error naming %s, got %v", tc.name, tc.wantErr, errs)
			continue
		}
		if p, ok := errs[0].(diag.DiagnosticWithPath); !ok || !p.Path().Equal(path.Root("default_tags").AtName("tags")) {
			t.Errorf("%s: error not at default_tags.tags: %v", tc.name, errs[0])
		}
	}
}
