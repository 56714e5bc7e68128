package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
)

// upgradeVariant makes an upgrade request from an object's stored state (its attributes as terraform writes them).
type upgradeVariant struct {
	name string
	// byKit says the kit answers the upgrade itself (else it leaves it to the framework).
	byKit bool
	make  func(stored map[string]any) *tfprotov6.UpgradeResourceStateRequest
}

func rawJSON(t *testing.T, stored map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(stored)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func upgradeVariants(t *testing.T) []upgradeVariant {
	request := func(raw []byte) *tfprotov6.UpgradeResourceStateRequest {
		return &tfprotov6.UpgradeResourceStateRequest{RawState: &tfprotov6.RawState{JSON: raw}}
	}
	with := func(stored map[string]any, name string, v any) map[string]any {
		out := map[string]any{name: v}
		for k, e := range stored {
			if k != name {
				out[k] = e
			}
		}
		return out
	}
	return []upgradeVariant{
		{name: "as terraform stores it", byKit: true, make: func(s map[string]any) *tfprotov6.UpgradeResourceStateRequest {
			return request(rawJSON(t, s))
		}},
		{name: "with an attribute the schema no longer has", byKit: true, make: func(s map[string]any) *tfprotov6.UpgradeResourceStateRequest {
			return request(rawJSON(t, with(s, "removed_attribute", map[string]any{"was": []any{1, "two"}})))
		}},
		{name: "without the attributes added after it was written", byKit: true, make: func(s map[string]any) *tfprotov6.UpgradeResourceStateRequest {
			kept := map[string]any{}
			for k, v := range s {
				if k == "id" || k == "region" {
					kept[k] = v
				}
			}
			return request(rawJSON(t, kept))
		}},
		{name: "the ID written as a number and the booleans as strings, as older writers did", byKit: true,
			make: func(s map[string]any) *tfprotov6.UpgradeResourceStateRequest {
				out := with(s, "id", json.Number("12345"))
				for k, v := range s {
					if b, ok := v.(bool); ok {
						out[k] = fmt.Sprint(b)
					}
				}
				return request(rawJSON(t, out))
			}},
		{name: "written under another schema version (left to the framework)", byKit: false,
			make: func(s map[string]any) *tfprotov6.UpgradeResourceStateRequest {
				r := request(rawJSON(t, s))
				r.Version = 1
				return r
			}},
		{name: "a flatmap state of terraform before 0.12 (left to the framework)", byKit: false,
			make: func(s map[string]any) *tfprotov6.UpgradeResourceStateRequest {
				return &tfprotov6.UpgradeResourceStateRequest{RawState: &tfprotov6.RawState{Flatmap: map[string]string{"id": "x"}}}
			}},
		{name: "not a JSON object (left to the framework)", byKit: false, make: func(map[string]any) *tfprotov6.UpgradeResourceStateRequest {
			return request([]byte(`["a list"]`))
		}},
		{name: "a value its type refuses (left to the framework, which names it)", byKit: false,
			make: func(s map[string]any) *tfprotov6.UpgradeResourceStateRequest {
				return request(rawJSON(t, with(s, "id", map[string]any{"an": "object"})))
			}},
	}
}

// Every resource type's state upgrades: the kit's answer holds the framework's value (the MessagePack may differ in
// the order of a map's keys, which the framework writes in Go's map order) with the same diagnostics, for a real
// object of each type stored as terraform stores it and in the forms above; and the kit answers them itself (its
// DEBUG log says so), except those it must leave.
func TestKitUpgrade_sameAsTheFrameworks(t *testing.T) {
	s := newPlanServers(t, true)
	ids := readObjects(t, s)
	for _, typeName := range resourceTypes(func(framework.ResourceSpec) bool { return true }) {
		o := importedObject(t, s, typeName, ids[typeName])
		raw, err := stateJSON(o.settled)
		if err != nil {
			t.Fatal(err)
		}
		var stored map[string]any
		if err := json.Unmarshal(raw, &stored); err != nil {
			t.Fatal(err)
		}
		for _, v := range upgradeVariants(t) {
			req := v.make(stored)
			req.TypeName = typeName
			t.Run(typeName+"/"+v.name, func(t *testing.T) {
				kit, fw, byKit := bothAnswer(t, "state upgrade answered by the kit", req, s.kit.UpgradeResourceState, s.fw.UpgradeResourceState)
				if byKit != v.byKit {
					t.Errorf("the kit answered itself: %v, want %v", byKit, v.byKit)
				}
				got, want := describeUpgrade(t, o.typ, kit), describeUpgrade(t, o.typ, fw)
				if got != want {
					t.Errorf("the kit answered\n%s\nthe framework\n%s", got, want)
				}
				if v.name == "as terraform stores it" && !strings.Contains(got, fmt.Sprint(o.settled)) {
					t.Errorf("the upgrade of the state as stored holds\n%s\nwant the state\n%v", got, o.settled)
				}
			})
		}
	}
}

// describeUpgrade is every field of an upgrade's answer, as text to compare and show.
func describeUpgrade(t *testing.T, typ tftypes.Object, r *tfprotov6.UpgradeResourceStateResponse) string {
	t.Helper()
	var b strings.Builder
	state := "nil"
	if r.UpgradedState != nil {
		v, err := r.UpgradedState.Unmarshal(typ)
		if err != nil {
			t.Fatal(err)
		}
		state = fmt.Sprint(v)
	}
	fmt.Fprintf(&b, "state %s\n", state)
	for _, d := range r.Diagnostics {
		fmt.Fprintf(&b, "diagnostic %v %q %q at %v\n", d.Severity, d.Summary, d.Detail, d.Attribute)
	}
	return b.String()
}
