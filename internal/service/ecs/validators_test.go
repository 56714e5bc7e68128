package ecs

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func runStringValidators(vs []validator.String, attrName, v string) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, val := range vs {
		resp := &validator.StringResponse{}
		val.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root(attrName), ConfigValue: types.StringValue(v),
		}, resp)
		diags.Append(resp.Diagnostics...)
	}
	return diags
}

func TestSnapshotNameValidators(t *testing.T) {
	cases := []struct {
		name, value, wantRule string // wantRule "" = valid
	}{
		{"simple", "testSnapshotName", ""},
		{"all allowed characters", "a1:b_c-D", ""},
		{"shortest", "ab", ""},
		{"longest", "a" + strings.Repeat("b", 127), ""},
		{"non-ASCII letters", "快照-1", ""},
		{"Auto with capital is not the reserved prefix", "Automatic", ""},
		{"too short", "a", "be 2 to 128 characters long"},
		{"too long", "a" + strings.Repeat("b", 128), "be 2 to 128 characters long"},
		{"starts with digit", "1abc", "start with a letter"},
		{"starts with underscore", "_abc", "start with a letter"},
		{"reserved auto prefix", "auto-snap", `not start with "auto"`},
		{"http", "http://x", `not start with "http://" or "https://"`},
		{"https", "https://x", `not start with "http://" or "https://"`},
		{"space", "my snap", "contain only letters, digits"},
		{"dot", "my.snap", "contain only letters, digits"},
		{"slash", "a/b", "contain only letters, digits"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diags := runStringValidators(snapshotNameValidators(), "snapshot_name", tc.value)
			assertRule(t, diags, "snapshot_name", tc.value, tc.wantRule)
		})
	}
}

func TestSnapshotDescriptionValidators(t *testing.T) {
	cases := []struct{ name, value, wantRule string }{
		{"ok", "a description with spaces, dots. and / slashes", ""},
		{"contains http later", "see http://example.com", ""},
		{"shortest", "ab", ""},
		{"longest", strings.Repeat("x", 256), ""},
		{"too short", "x", "be 2 to 256 characters long"},
		{"too long", strings.Repeat("x", 257), "be 2 to 256 characters long"},
		{"http", "http://example.com", `not start with "http://" or "https://"`},
		{"https", "https://example.com", `not start with "http://" or "https://"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertRule(t, runStringValidators(snapshotDescriptionValidators(), "description", tc.value), "description", tc.value, tc.wantRule)
		})
	}
}

func TestTagKeyAndValueValidators(t *testing.T) {
	keys := []struct{ name, value, wantRule string }{
		{"ok", "env", ""},
		{"longest", strings.Repeat("k", 128), ""},
		{"acs inside is fine", "my-acs:key", ""},
		{"empty", "", "be 1 to 128 characters long"},
		{"too long", strings.Repeat("k", 129), "be 1 to 128 characters long"},
		{"aliyun prefix", "aliyun-env", `not start with "aliyun" or "acs:"`},
		{"acs prefix", "acs:env", `not start with "aliyun" or "acs:"`},
		{"http inside", "a-http://b", `not contain "http://" or "https://"`},
		{"https inside", "ahttps://b", `not contain "http://" or "https://"`},
	}
	for _, tc := range keys {
		t.Run("key "+tc.name, func(t *testing.T) {
			assertRule(t, runStringValidators(tagKeyValidators(), "tags", tc.value), "tags", tc.value, tc.wantRule)
		})
	}
	values := []struct{ name, value, wantRule string }{
		{"ok", "prod", ""},
		{"empty is allowed", "", ""},
		{"aliyun prefix is allowed in values", "aliyun", ""},
		{"longest", strings.Repeat("v", 128), ""},
		{"too long", strings.Repeat("v", 129), "be 0 to 128 characters long"},
		{"acs prefix", "acs:prod", `not start with "acs:"`},
		{"http inside", "see http://x", `not contain "http://" or "https://"`},
	}
	for _, tc := range values {
		t.Run("value "+tc.name, func(t *testing.T) {
			assertRule(t, runStringValidators(tagValueValidators(), "tags", tc.value), "tags", tc.value, tc.wantRule)
		})
	}
}

func TestSnapshotTagsValidatorsCount(t *testing.T) {
	for _, n := range []int{20, 21} {
		elems := map[string]attr.Value{}
		for i := range n {
			elems[strings.Repeat("k", i+1)] = types.StringValue("v")
		}
		var diags diag.Diagnostics
		for _, v := range snapshotTagsValidators() {
			resp := &validator.MapResponse{}
			v.ValidateMap(context.Background(), validator.MapRequest{Path: path.Root("tags"), ConfigValue: types.MapValueMust(types.StringType, elems)}, resp)
			diags.Append(resp.Diagnostics...)
		}
		if got, want := diags.HasError(), n > maxSnapshotTags; got != want {
			t.Errorf("%d tags: error = %v, want %v (%v)", n, got, want, diags)
		}
	}
}

// assertRule checks that the value passes (wantRule == "") or that exactly the broken rule is reported,
// with the attribute and the value in the message.
func assertRule(t *testing.T, diags diag.Diagnostics, attrName, value, wantRule string) {
	t.Helper()
	if wantRule == "" {
		if diags.HasError() {
			t.Fatalf("%q: unexpected error: %v", value, diags)
		}
		return
	}
	if !diags.HasError() {
		t.Fatalf("%q: no error, want one about %q", value, wantRule)
	}
	var found bool
	for _, d := range diags.Errors() {
		detail := d.Detail()
		if strings.Contains(detail, wantRule) {
			found = true
			if !strings.Contains(detail, attrName) {
				t.Errorf("message does not name the attribute %s: %s", attrName, detail)
			}
			if len(value) < 40 && !strings.Contains(detail, value) {
				t.Errorf("message does not show the value %q: %s", value, detail)
			}
		}
	}
	if !found {
		t.Errorf("%q: errors %v do not mention %q", value, diags, wantRule)
	}
}
