package provider

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
)

// unchangedCase is an object whose plan the kit may answer without the framework: its prior state (also the
// proposed new state) and its configuration, generated from the type's schema and then changed by a variant.
type unchangedCase struct {
	prior, config map[string]tftypes.Value
	// proposed, when set, is terraform's proposal in place of the prior state: a changed configuration.
	proposed map[string]tftypes.Value
}

// unchangedVariant changes a generated object; changes says the framework's plan of the result is not the prior
// state as it is (a change, a replacement or a diagnostic), so that the kit must leave it to the framework. A
// variant that does not apply to a type (it lacks the attribute) returns false.
type unchangedVariant struct {
	name         string
	defaultTags  bool // the provider is configured with default_tags
	withIdentity bool // terraform sends a prior identity (1.12+)
	changes      bool
	// private is the object's private state; the kit leaves objects that have one to the framework.
	private []byte
	apply   func(c *unchangedCase, region string) bool
}

func setString(m map[string]tftypes.Value, name, v string) bool {
	if _, ok := m[name]; !ok {
		return false
	}
	m[name] = tftypes.NewValue(tftypes.String, v)
	return true
}

func stringMap(kv ...string) tftypes.Value {
	vals := map[string]tftypes.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		vals[kv[i]] = tftypes.NewValue(tftypes.String, kv[i+1])
	}
	return tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, vals)
}

// setTags gives the object tags own (in state and configuration) and tags_all all; nil is null.
func setTags(c *unchangedCase, own, all []string) bool {
	if _, ok := c.prior["tags"]; !ok {
		return false
	}
	typ := tftypes.Map{ElementType: tftypes.String}
	c.prior["tags"], c.prior["tags_all"] = tftypes.NewValue(typ, nil), tftypes.NewValue(typ, nil)
	if own != nil {
		c.prior["tags"] = stringMap(own...)
	}
	if all != nil {
		c.prior["tags_all"] = stringMap(all...)
	}
	c.config["tags"] = c.prior["tags"]
	return true
}

// leaveDefaultedOut leaves the type's arguments with a default (false) out of the configuration, the state holding
// prior for each.
func leaveDefaultedOut(c *unchangedCase, prior bool) bool {
	applied := false
	for _, name := range []string{"force_delete", "enable_cross_region_copy"} {
		if _, ok := c.prior[name]; ok {
			c.prior[name], c.config[name] = tftypes.NewValue(tftypes.Bool, prior), tftypes.NewValue(tftypes.Bool, nil)
			applied = true
		}
	}
	return applied
}

var unchangedVariants = []unchangedVariant{
	{name: "settled", apply: func(*unchangedCase, string) bool { return true }},
	{name: "settled, terraform 1.12+ sends the identity", withIdentity: true, apply: func(*unchangedCase, string) bool { return true }},
	// No tags configured: Read answers tags_all as an empty map.
	{name: "settled, no tags", apply: func(c *unchangedCase, _ string) bool { return setTags(c, nil, []string{}) }},
	{name: "no tags, tags_all null", changes: true, apply: func(c *unchangedCase, _ string) bool { return setTags(c, nil, nil) }},
	{name: "settled with the provider's default tags", defaultTags: true, apply: func(c *unchangedCase, _ string) bool {
		return setTags(c, []string{"env", "dev"}, []string{"env", "dev", "team", "core"})
	}},
	{name: "default tags added since the last apply", defaultTags: true, changes: true, apply: func(c *unchangedCase, _ string) bool {
		return setTags(c, []string{"env", "dev"}, []string{"env", "dev"})
	}},
	{name: "default tags removed since the last apply", changes: true, apply: func(c *unchangedCase, _ string) bool {
		return setTags(c, []string{"env", "dev"}, []string{"env", "dev", "team", "core"})
	}},
	{name: "private state (an adopted group)", private: []byte(`{"adopted":"dHJ1ZQ=="}`), apply: func(*unchangedCase, string) bool { return true }},
	{name: "an argument changed in the configuration", changes: true, apply: func(c *unchangedCase, _ string) bool {
		for _, name := range []string{"description", "snapshot_name", "name", "disk_id"} {
			if v, ok := c.config[name]; ok && v.Type().Is(tftypes.String) && !v.IsNull() {
				c.proposed = maps.Clone(c.prior)
				c.proposed[name], c.config[name] = tftypes.NewValue(tftypes.String, "changed"), tftypes.NewValue(tftypes.String, "changed")
				return true
			}
		}
		return false
	}},
	{name: "a defaulted argument removed from the configuration", changes: true,
		apply: func(c *unchangedCase, _ string) bool { return leaveDefaultedOut(c, true) }},
	{name: "a defaulted argument left out, at its default",
		apply: func(c *unchangedCase, _ string) bool { return leaveDefaultedOut(c, false) }},
	{name: "an unencrypted copy within the provider's region", changes: true, apply: func(c *unchangedCase, region string) bool {
		if _, ok := c.prior["source_region_id"]; !ok {
			return false
		}
		setString(c.prior, "source_region_id", region)
		setString(c.config, "source_region_id", region)
		c.prior["encrypted"], c.config["encrypted"] = tftypes.NewValue(tftypes.Bool, false), tftypes.NewValue(tftypes.Bool, false)
		return true
	}},
	{name: "an attachment whose id is not its policy and disk", changes: true, apply: func(c *unchangedCase, _ string) bool {
		if _, ok := c.prior["auto_snapshot_policy_id"]; !ok {
			return false
		}
		return setString(c.prior, "id", "sp-other:d-other")
	}},
	{name: "copies encrypted with a key of another region than their target", changes: true, apply: func(c *unchangedCase, _ string) bool {
		ce, ok := c.prior["copy_encryption"]
		if !ok {
			return false
		}
		typ, ok := ce.Type().(tftypes.Object)
		if !ok {
			return false
		}
		v := tftypes.NewValue(typ, map[string]tftypes.Value{
			"encrypted":  tftypes.NewValue(tftypes.Bool, true),
			"kms_key_id": tftypes.NewValue(tftypes.String, "acs:kms:cn-beijing:123:key/k-1"),
		})
		targets := tftypes.NewValue(c.prior["target_copy_regions"].Type(), []tftypes.Value{tftypes.NewValue(tftypes.String, "cn-shanghai")})
		c.prior["copy_encryption"], c.config["copy_encryption"] = v, v
		c.prior["target_copy_regions"], c.config["target_copy_regions"] = targets, targets
		c.prior["enable_cross_region_copy"], c.config["enable_cross_region_copy"] = tftypes.NewValue(tftypes.Bool, true), tftypes.NewValue(tftypes.Bool, true)
		return true
	}},
}

// filled is a value of typ with every attribute set, named after name where a string is asked for.
func filled(typ tftypes.Type, name string) tftypes.Value {
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, "v-"+name)
	case typ.Is(tftypes.Number):
		return tftypes.NewValue(typ, big.NewFloat(7))
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, false)
	}
	switch t := typ.(type) {
	case tftypes.Map:
		return tftypes.NewValue(t, map[string]tftypes.Value{"k": filled(t.ElementType, name)})
	case tftypes.List:
		return tftypes.NewValue(t, []tftypes.Value{filled(t.ElementType, name)})
	case tftypes.Set:
		return tftypes.NewValue(t, []tftypes.Value{filled(t.ElementType, name)})
	case tftypes.Object:
		vals := map[string]tftypes.Value{}
		for n, at := range t.AttributeTypes {
			vals[n] = filled(at, n)
		}
		return tftypes.NewValue(t, vals)
	}
	return tftypes.NewValue(typ, nil)
}

// planServers are the kit's protocol server and the framework's own over the same provider, both configured
// against the emulator.
type planServers struct {
	emu     *emulator.Server
	kit, fw tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
	ids     *tfprotov6.GetResourceIdentitySchemasResponse
	region  string
}

// newServerPair is the provider's server as terraform is served it (the kit's) and the framework's own server of the
// same provider, neither configured.
func newServerPair(t *testing.T) (kit, fw tfprotov6.ProviderServer) {
	t.Helper()
	kit, err := NewServer("test", conns.Factories{})()
	if err != nil {
		t.Fatal(err)
	}
	if fw, err = providerserver.NewProtocol6WithError(NewWithFactories("test", conns.Factories{})())(); err != nil {
		t.Fatal(err)
	}
	return kit, fw
}

func newPlanServers(t *testing.T, defaultTags bool) *planServers {
	t.Helper()
	ctx := context.Background()
	emu, url := startEmulatorServer(t)
	be := emu.Backend()
	kit, fw := newServerPair(t)
	p := &planServers{emu: emu, kit: kit, fw: fw, region: be.Region()}
	var err error
	if p.schemas, err = kit.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil || diagsErr(p.schemas.Diagnostics) != "" {
		t.Fatalf("GetProviderSchema: %v %s", err, diagsErr(p.schemas.Diagnostics))
	}
	if p.ids, err = kit.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{}); err != nil {
		t.Fatal(err)
	}
	extra := map[string]tftypes.Value{}
	if defaultTags {
		providerType := objectType(t, p.schemas.Provider.ValueType())
		extra["default_tags"] = nullsExcept(objectType(t, providerType.AttributeTypes["default_tags"]),
			map[string]tftypes.Value{"tags": stringMap("team", "core")})
	}
	configureAgainst(t, p.schemas, be.Region(), url, extra, kit, fw)
	return p
}

// resourceTypes are the provider's resource types whose registration keep accepts, sorted.
func resourceTypes(keep func(framework.ResourceSpec) bool) []string {
	var names []string
	for _, pkg := range servicePackages {
		for _, spec := range pkg.Resources() {
			if keep(spec) {
				names = append(names, spec.TypeName)
			}
		}
	}
	sort.Strings(names)
	return names
}

// Every resource type that lets the kit plan its unchanged objects: the kit's answer is the framework's whenever
// the kit gives it itself (its PlannedState is then the request's PriorState, the very value: the framework
// answers a new one), for objects generated from the type's schema in every variant above, each checked to be
// meaningful (a variant the framework changes must change something). And the kit does answer the settled ones
// itself, or it would save nothing.
func TestUnchangedPlan_sameAsTheFrameworks(t *testing.T) {
	ctx := context.Background()
	types := resourceTypes(func(spec framework.ResourceSpec) bool { return spec.UnchangedPlan != nil })
	if len(types) != 6 {
		t.Errorf("%d resource types plan unchanged objects through the kit, want all six: %v", len(types), types)
	}
	servers := map[bool]*planServers{false: newPlanServers(t, false), true: newPlanServers(t, true)}
	var _ framework.UnchangedPlanRequest // the kit's side of what is compared here
	for _, typeName := range types {
		for _, v := range unchangedVariants {
			s := servers[v.defaultTags]
			rs := s.schemas.ResourceSchemas[typeName]
			typ := objectType(t, rs.ValueType())
			c := &unchangedCase{prior: map[string]tftypes.Value{}, config: map[string]tftypes.Value{}}
			for name, at := range typ.AttributeTypes {
				c.prior[name] = filled(at, name)
			}
			for _, a := range rs.Block.Attributes {
				if a.Computed && !a.Optional {
					c.config[a.Name] = tftypes.NewValue(typ.AttributeTypes[a.Name], nil)
				} else {
					c.config[a.Name] = c.prior[a.Name]
				}
			}
			for _, b := range rs.Block.BlockTypes { // timeouts: none set
				c.prior[b.TypeName] = tftypes.NewValue(typ.AttributeTypes[b.TypeName], nil)
				c.config[b.TypeName] = c.prior[b.TypeName]
			}
			setTags(c, []string{"env", "dev"}, []string{"env", "dev"}) // each variant starts from a settled object
			if typeName == "aliecs_auto_snapshot_policy_attachment" {
				setString(c.prior, "id", "v-auto_snapshot_policy_id:v-disk_id")
			}
			if !v.apply(c, s.region) {
				continue // the variant does not apply to this type
			}
			t.Run(typeName+"/"+v.name, func(t *testing.T) {
				prior := dynamic(t, typ, tftypes.NewValue(typ, c.prior))
				proposed := &tfprotov6.DynamicValue{MsgPack: prior.MsgPack}
				if c.proposed != nil {
					proposed = dynamic(t, typ, tftypes.NewValue(typ, c.proposed))
				}
				req := func() *tfprotov6.PlanResourceChangeRequest {
					r := &tfprotov6.PlanResourceChangeRequest{TypeName: typeName, PriorState: prior, ProposedNewState: proposed,
						Config: dynamic(t, typ, tftypes.NewValue(typ, c.config))}
					r.PriorPrivate = v.private
					if v.withIdentity {
						idType := objectType(t, s.ids.IdentitySchemas[typeName].ValueType())
						vals := map[string]tftypes.Value{}
						for n := range idType.AttributeTypes {
							vals[n] = tftypes.NewValue(tftypes.String, "v-"+n)
						}
						r.PriorIdentity = &tfprotov6.ResourceIdentityData{IdentityData: dynamic(t, idType, tftypes.NewValue(idType, vals))}
					}
					return r
				}
				kitReq := req()
				kit, err := s.kit.PlanResourceChange(ctx, kitReq)
				if err != nil {
					t.Fatal(err)
				}
				fw, err := s.fw.PlanResourceChange(ctx, req())
				if err != nil {
					t.Fatal(err)
				}
				fwPlanned, err := fw.PlannedState.Unmarshal(typ)
				if err != nil {
					t.Fatal(err)
				}
				fwChanges := len(fw.Diagnostics) > 0 || len(fw.RequiresReplace) > 0 || !fwPlanned.Equal(tftypes.NewValue(typ, c.prior))
				if fwChanges != v.changes {
					t.Fatalf("the framework's plan changes the object: %v, want %v (diagnostics %v, replace %v): the variant is not what it says",
						fwChanges, v.changes, fw.Diagnostics, fw.RequiresReplace)
				}
				byKit := kit.PlannedState == kitReq.PriorState
				if want := !v.changes && v.private == nil; byKit != want {
					t.Errorf("the kit answered itself: %v, want %v", byKit, want)
				}
				if !byKit {
					return
				}
				if len(fw.PlannedPrivate) != len(kit.PlannedPrivate) || fw.Deferred != nil || len(kit.Diagnostics) > 0 {
					t.Errorf("private %q against the framework's %q, deferred %v, diagnostics %v", kit.PlannedPrivate, fw.PlannedPrivate, fw.Deferred, kit.Diagnostics)
				}
				idType := objectType(t, s.ids.IdentitySchemas[typeName].ValueType())
				if got, want := identityOf(t, idType, kit.PlannedIdentity), identityOf(t, idType, fw.PlannedIdentity); got != want {
					t.Errorf("planned identity %s, the framework's %s", got, want)
				}
			})
		}
	}
}

func identityOf(t *testing.T, typ tftypes.Type, id *tfprotov6.ResourceIdentityData) string {
	t.Helper()
	if id == nil || id.IdentityData == nil {
		return "none"
	}
	v, err := id.IdentityData.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(v)
}
