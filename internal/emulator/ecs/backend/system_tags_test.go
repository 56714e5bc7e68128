package backend

import (
	"maps"
	"path/filepath"
	"strings"
	"testing"
)

func TestSetSystemTags_addsAndOverwrites(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "env", Value: "prod"}}})
	if err := b.SetSystemTags(id, map[string]string{"acs:rm:rgId": rgDefault, "aliyunStack": "s1"}); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSystemTags(id, map[string]string{"acs:rm:rgId": rgOther}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"env": "prod", "acs:rm:rgId": rgOther, "aliyunStack": "s1"}
	if got := tagsOf(t, b, id); !maps.Equal(got, want) {
		t.Fatalf("tags %v, want %v", got, want)
	}
	// ListTagResources shows them too, as the tag service does by default (Category=All).
	out, err := b.ListTagResources(ListTagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(out.TagResources.TagResource); n != 3 {
		t.Fatalf("ListTagResources: %d rows, want 3", n)
	}
}

func TestSetSystemTags_refusals(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	cases := []struct {
		name   string
		id     string
		tags   map[string]string
		status int
		code   string
	}{
		{"none", id, nil, 400, "InvalidParameter"},
		{"user key", id, map[string]string{"acs:rm:rgId": "rg-1", "env": "prod"}, 400, "InvalidParameter"},
		{"long key", id, map[string]string{"acs:" + strings.Repeat("k", 125): "v"}, 400, "InvalidParameter"},
		{"long value", id, map[string]string{"acs:k": strings.Repeat("v", 129)}, 400, "InvalidParameter"},
		{"unknown snapshot", "s-bp1nosuch", map[string]string{"acs:rm:rgId": "rg-1"}, 404, "InvalidSnapshotId.NotFound"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantAPIError(t, b.SetSystemTags(tc.id, tc.tags), tc.status, tc.code)
			if got := tagsOf(t, b, id); len(got) != 0 {
				t.Fatalf("a refused call changed tags: %v", got)
			}
		})
	}
}

func TestTagResources_stillRefusesSystemKeys(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	for _, key := range []string{"acs:rm:rgId", "aliyunStack"} {
		wantAPIError(t, b.TagResources(TagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{id},
			Tags: []Tag{{Key: key, Value: "x"}}}), 400, "InvalidTagKey.Malformed")
	}
}

func TestUntagResources_keepsSystemTags(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "a"}}})
	if err := b.SetSystemTags(id, map[string]string{"acs:rm:rgId": rgDefault}); err != nil {
		t.Fatal(err)
	}
	untag := func(all string, keys ...string) error {
		return b.UntagResources(UntagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{id}, TagKeys: keys, All: all})
	}
	// Naming a system key refuses the whole call: the user key next to it stays too.
	wantAPIError(t, untag("", "env", "acs:rm:rgId"), 403, "NoPermission.Tag")
	wantAPIError(t, untag("", "aliyunStack"), 403, "NoPermission.Tag")
	if got := tagsOf(t, b, id); len(got) != 3 {
		t.Fatalf("a refused call changed tags: %v", got)
	}
	if err := untag("", "env"); err != nil {
		t.Fatal(err)
	}
	if err := untag("true"); err != nil {
		t.Fatal(err)
	}
	if got := tagsOf(t, b, id); !maps.Equal(got, map[string]string{"acs:rm:rgId": rgDefault}) {
		t.Fatalf("All=true should remove the user tags only: %v", got)
	}
}

func TestSetSystemTags_savedInTheStateFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	b, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	if err := b.SetSystemTags(id, map[string]string{"acs:rm:rgId": rgDefault}); err != nil {
		t.Fatal(err)
	}
	again, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	if got := tagsOf(t, again, id); got["acs:rm:rgId"] != rgDefault {
		t.Fatalf("after a restart: %v", got)
	}
}
