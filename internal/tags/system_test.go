package tags

import (
	"maps"
	"slices"
	"testing"
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
