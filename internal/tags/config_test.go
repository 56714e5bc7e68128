package tags

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestMerge_resourceValueWins(t *testing.T) {
	defaults := map[string]string{"env": "prod", "team": "platform"}
	got := Merge(defaults, map[string]string{"env": "test", "app": "db"})
	want := map[string]string{"env": "test", "team": "platform", "app": "db"}
	if !maps.Equal(got, want) {
		t.Errorf("Merge = %v, want %v", got, want)
	}
	if defaults["env"] != "prod" {
		t.Errorf("Merge changed its input: %v", defaults)
	}
	if got := Merge(nil, nil); got == nil || len(got) != 0 {
		t.Errorf("Merge(nil, nil) = %#v, want an empty map", got)
	}
}

func TestIgnoreConfig_keysExactlyAndPrefixes(t *testing.T) {
	c := IgnoreConfig{Keys: []string{"owner"}, KeyPrefixes: []string{"kubernetes.io/", "cost-"}}
	for key, want := range map[string]bool{
		"owner": true, "owner2": false, "Owner": false, "kubernetes.io/cluster": true, "kubernetes.io": false,
		"cost-center": true, "cost": false, "env": false,
	} {
		if got := c.Ignored(key); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", key, got, want)
		}
	}
	in := map[string]string{"owner": "x", "cost-center": "1", "env": "prod"}
	got := c.Filter(in)
	if want := map[string]string{"env": "prod"}; !maps.Equal(got, want) {
		t.Errorf("Filter = %v, want %v", got, want)
	}
	if len(in) != 3 {
		t.Errorf("Filter changed its input: %v", in)
	}
	if c.Filter(nil) != nil {
		t.Error("Filter(nil) is not nil")
	}
	if got := c.IgnoredKeys(in); fmt.Sprint(got) != "[cost-center owner]" {
		t.Errorf("IgnoredKeys = %v", got)
	}
	if !(IgnoreConfig{}).Empty() || c.Empty() {
		t.Error("Empty is wrong")
	}
}

func TestConfigAll_defaultsMergedThenIgnoredKeysDropped(t *testing.T) {
	c := Config{
		Default: map[string]string{"env": "prod", "team": "platform", "owner": "ops"},
		Ignore:  IgnoreConfig{Keys: []string{"owner"}},
	}
	got := c.All(map[string]string{"env": "test"})
	want := map[string]string{"env": "test", "team": "platform"}
	if !maps.Equal(got, want) {
		t.Errorf("All = %v, want %v", got, want)
	}
	if got := (Config{}).All(nil); got == nil || len(got) != 0 {
		t.Errorf("All(nil) without configuration = %#v, want an empty map", got)
	}
}

func TestConfigOwn_defaultValuesLeftOutUnlessConfigured(t *testing.T) {
	c := Config{Default: map[string]string{"env": "prod", "team": "platform", "cost": "1"}}
	api := map[string]string{
		"env":   "prod",     // a default, with its default value
		"team":  "security", // a default key with another value: the resource overrides it
		"cost":  "1",        // a default that the configuration also sets, to the same value
		"extra": "x",        // the resource's own
	}
	prior := map[string]string{"cost": "1", "extra": "x"}
	got := c.Own(api, prior)
	want := map[string]string{"team": "security", "cost": "1", "extra": "x"}
	if !maps.Equal(got, want) {
		t.Errorf("Own = %v, want %v", got, want)
	}

	// An import has no prior: every tag holding its default value is a default tag.
	got = c.Own(api, nil)
	want = map[string]string{"team": "security", "extra": "x"}
	if !maps.Equal(got, want) {
		t.Errorf("Own on import = %v, want %v", got, want)
	}
}

// After a create or update the API holds All(tags): reading it back must give the configured tags and the
// planned tags_all exactly, or Terraform refuses the result. Checked over combinations of defaults, own tags
// and ignored keys.
func TestConfigFlattenRead_givesBackWhatWasPlanned(t *testing.T) {
	defaults := []map[string]string{nil, {}, {"env": "prod"}, {"env": "prod", "team": "a"}}
	owns := []map[string]string{nil, {}, {"env": "prod"}, {"env": "test"}, {"app": "x", "team": "a"}}
	ignores := []IgnoreConfig{{}, {Keys: []string{"owner"}}, {KeyPrefixes: []string{"t"}}}
	for _, d := range defaults {
		for _, own := range owns {
			for _, ig := range ignores {
				c := Config{Default: d, Ignore: ig}
				if len(c.MergeProblems("tags", own)) > 0 {
					continue // refused at plan time
				}
				planned := c.All(own)
				api := maps.Clone(planned)
				api["owner"] = "set outside Terraform" // ignored, or drift when not
				ownValue := mapValue(own)
				gotOwn, gotAll := c.FlattenRead(api, ownValue)
				wantAll := maps.Clone(planned)
				wantOwn := ownValue
				if !ig.Ignored("owner") {
					wantAll["owner"] = api["owner"]
					wantOwn = mapValue(Merge(own, map[string]string{"owner": api["owner"]}))
				}
				if !gotAll.Equal(Flatten(wantAll)) || !gotOwn.Equal(wantOwn) {
					t.Errorf("defaults %v, tags %v, ignore %+v: read tags %s, tags_all %s; want %s, %s",
						d, own, ig, gotOwn, gotAll, wantOwn, Flatten(wantAll))
				}
			}
		}
	}
}

func TestConfigMergeProblems_namesBothSourcesAndIgnoredKeys(t *testing.T) {
	defaults := map[string]string{}
	for i := range 15 {
		defaults[fmt.Sprintf("d%02d", i)] = "v"
	}
	c := Config{Default: defaults, Ignore: IgnoreConfig{KeyPrefixes: []string{"ext-"}}}
	own := map[string]string{"d00": "override"} // a key in both counts once
	for i := range 5 {
		own[fmt.Sprintf("o%d", i)] = "v"
	}
	if p := c.MergeProblems("tags", own); len(p) != 0 {
		t.Fatalf("20 tags after merging: %v", p)
	}
	own["o5"] = "v"
	p := c.MergeProblems("tags", own)
	if len(p) != 1 || !strings.Contains(p[0], "tags (7 tags) merged with the provider's default_tags (15 tags) gives 21 tags") ||
		!strings.Contains(p[0], "at most 20") {
		t.Errorf("problems %q", p)
	}
	p = c.MergeProblems("tags", map[string]string{"ext-owner": "x", "env": "y"})
	if len(p) != 1 || !strings.Contains(p[0], `tags sets the key "ext-owner", which the provider's ignore_tags ignores`) {
		t.Errorf("problems %q", p)
	}
}

func TestMap_knownNullAndUnknown(t *testing.T) {
	if m, ok := Map(types.MapNull(types.StringType)); !ok || m != nil {
		t.Errorf("null: %v %v", m, ok)
	}
	if _, ok := Map(types.MapUnknown(types.StringType)); ok {
		t.Error("unknown map read as known")
	}
	partly := types.MapValueMust(types.StringType, map[string]attr.Value{"a": types.StringUnknown()})
	if _, ok := Map(partly); ok {
		t.Error("a map with an unknown value read as known")
	}
	if m, ok := Map(mapValue(map[string]string{"a": "1"})); !ok || m["a"] != "1" {
		t.Errorf("known: %v %v", m, ok)
	}
}

func TestConfigPlannedAll_knownPlanElseComputed(t *testing.T) {
	c := Config{Default: map[string]string{"env": "prod"}}
	if got := c.PlannedAll(mapValue(map[string]string{"a": "1"}), mapValue(map[string]string{"x": "y"})); got["x"] != "y" || len(got) != 1 {
		t.Errorf("known tags_all not used: %v", got)
	}
	got := c.PlannedAll(mapValue(map[string]string{"a": "1"}), types.MapUnknown(types.StringType))
	if want := map[string]string{"a": "1", "env": "prod"}; !maps.Equal(got, want) {
		t.Errorf("computed %v, want %v", got, want)
	}
}

func TestPlanAll_setsTagsAllAndRefusesAtPlanTime(t *testing.T) {
	ctx := context.Background()
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		AttrTags:    schema.MapAttribute{ElementType: types.StringType, Optional: true},
		AttrTagsAll: AllAttribute(),
	}}
	typ := s.Type().TerraformType(ctx)
	mapType := tftypes.Map{ElementType: tftypes.String}
	plan := func(own tftypes.Value) *tfsdk.Plan {
		return &tfsdk.Plan{Schema: s, Raw: tftypes.NewValue(typ, map[string]tftypes.Value{
			AttrTags: own, AttrTagsAll: tftypes.NewValue(mapType, tftypes.UnknownValue),
		})}
	}
	tfMap := func(kv ...string) tftypes.Value {
		m := map[string]tftypes.Value{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = tftypes.NewValue(tftypes.String, kv[i+1])
		}
		return tftypes.NewValue(mapType, m)
	}
	allOf := func(p *tfsdk.Plan) types.Map {
		var all types.Map
		if d := p.GetAttribute(ctx, path.Root(AttrTagsAll), &all); d.HasError() {
			t.Fatal(d)
		}
		return all
	}
	c := Config{Default: map[string]string{"env": "prod", "team": "a"}, Ignore: IgnoreConfig{Keys: []string{"owner"}}}

	p := plan(tfMap("env", "test"))
	var diags diag.Diagnostics
	PlanAll(ctx, c, true, p, &diags)
	if diags.HasError() || !allOf(p).Equal(mapValue(map[string]string{"env": "test", "team": "a"})) {
		t.Errorf("tags_all %s, diagnostics %v", allOf(p), diags)
	}

	p = plan(tftypes.NewValue(mapType, nil))
	PlanAll(ctx, c, true, p, &diags)
	if !allOf(p).Equal(mapValue(c.Default)) {
		t.Errorf("no tags: tags_all %s", allOf(p))
	}

	p = plan(tftypes.NewValue(mapType, map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)}))
	PlanAll(ctx, c, true, p, &diags)
	if !allOf(p).IsUnknown() {
		t.Errorf("tags not known: tags_all %s, want unknown", allOf(p))
	}

	p = plan(tfMap("env", "test"))
	PlanAll(ctx, c, false, p, &diags)
	if !allOf(p).IsUnknown() {
		t.Errorf("provider not configured: tags_all %s, want it left as planned", allOf(p))
	}

	p = plan(tfMap("owner", "me"))
	var bad diag.Diagnostics
	PlanAll(ctx, c, true, p, &bad)
	if !bad.HasError() || !strings.Contains(bad.Errors()[0].Detail(), `"owner"`) {
		t.Fatalf("ignored key in tags: %v", bad)
	}
	if withPath, ok := bad.Errors()[0].(diag.DiagnosticWithPath); !ok || !withPath.Path().Equal(path.Root(AttrTags)) {
		t.Errorf("error not at tags: %v", bad.Errors()[0])
	}
}

func mapValue(m map[string]string) types.Map {
	if m == nil {
		return types.MapNull(types.StringType)
	}
	return Flatten(m)
}
