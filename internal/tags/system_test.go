package tags

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestIsSystemKey_prefixes(t *testing.T) {
	for key, want := range map[string]bool{
		"acs:rm:rgId":          true,
		"acs:tag:createdby":    true,
		"acs:ecs:createFrom":   true,
		"aliyun":               true,
		"aliyunStack":          true,
		"env":                  false,
		"ACS:rm:rgId":          false, // case-sensitive, as the API's rule
		"Aliyun":               false,
		"x-acs:rm":             false,
		"acs":                  false,
		"ack.aliyun.com":       false, // ACK's tags are the user's as far as the API's rule goes
		"k8s.io/cluster-owned": false,
		// The provider's marker of a create attempt, exactly: hidden like a system tag.
		"aliecs:create-attempt":  true,
		"aliecs:create-attempts": false,
		"aliecs":                 false,
	} {
		if got := IsSystemKey(key); got != want {
			t.Errorf("IsSystemKey(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestWithoutSystem_keepsUserTagsOnly(t *testing.T) {
	in := map[string]string{"env": "prod", "acs:rm:rgId": "rg-1", "aliyun-x": "y", "team": ""}
	got := WithoutSystem(in)
	if want := map[string]string{"env": "prod", "team": ""}; !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if len(in) != 4 {
		t.Errorf("input changed: %v", in)
	}
	if WithoutSystem(nil) != nil {
		t.Error("nil should stay nil")
	}
	if got := WithoutSystem(map[string]string{"acs:rm:rgId": "rg-1"}); got == nil || len(got) != 0 {
		t.Errorf("only system tags should give an empty map, got %v", got)
	}
}

func TestUserKeys_dropsSystemKeys(t *testing.T) {
	in := []string{"a", "acs:rm:rgId", "aliyun", "b"}
	if got := UserKeys(in); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("got %v", got)
	}
	if !slices.Equal(in, []string{"a", "acs:rm:rgId", "aliyun", "b"}) {
		t.Errorf("input changed: %v", in)
	}
}

// A marker that a create could not remove shows neither in tags nor in tags_all, and a configuration cannot set it.
func TestAttemptMarker_hiddenAndRefused(t *testing.T) {
	got := WithoutSystem(map[string]string{"env": "prod", "aliecs:create-attempt": "4f9c0d2e-8a1b-4c3d-9e5f-6a7b8c9d0e1f"})
	if want := map[string]string{"env": "prod"}; !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	c := Config{Default: map[string]string{"team": "x"}}
	if own, all := c.FlattenRead(got, types.MapNull(types.StringType)); len(own.Elements()) != 1 || len(all.Elements()) != 1 {
		t.Errorf("tags %v, tags_all %v: want env alone in both", own, all)
	}
	for _, v := range KeyValidators() {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("tags"), ConfigValue: types.StringValue("aliecs:create-attempt")}, resp)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	t.Error("the key aliecs:create-attempt passes the tag key rules")
}
