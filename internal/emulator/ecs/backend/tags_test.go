package backend

import (
	"fmt"
	"testing"
)

func tagsOf(t *testing.T, b *Backend, id string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tag := range mustSnapshot(t, b, id).Tags.Tag {
		out[tag.TagKey] = tag.TagValue
	}
	return out
}

func TestTagResources_validation(t *testing.T) {
	many := func(n int) []Tag {
		var out []Tag
		for i := range n {
			out = append(out, Tag{Key: fmt.Sprint("k", i), Value: "v"})
		}
		return out
	}
	ids51 := make([]string, 51)
	cases := []struct {
		name   string
		in     TagResourcesInput
		status int
		code   string
	}{
		{"missing region", TagResourcesInput{ResourceType: "snapshot", Tags: many(1)}, 400, "MissingParameter"},
		{"unknown region", TagResourcesInput{RegionID: "cn-beijing", ResourceType: "snapshot", Tags: many(1)}, 404, "InvalidRegionId.NotFound"},
		{"missing type", TagResourcesInput{RegionID: region, Tags: many(1)}, 400, "MissingParameter"},
		{"other type", TagResourcesInput{RegionID: region, ResourceType: "instance", Tags: many(1)}, 404, "InvalidResourceType.NotFound"},
		{"51 resources", TagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: ids51, Tags: many(1)}, 400, "NumberExceed.ResourceIds"},
		{"no tags", TagResourcesInput{RegionID: region, ResourceType: "snapshot"}, 404, "MissingParameter.Tags"},
		{"21 tags", TagResourcesInput{RegionID: region, ResourceType: "snapshot", Tags: many(21)}, 400, "NumberExceed.Tags"},
		{"bad key", TagResourcesInput{RegionID: region, ResourceType: "snapshot", Tags: []Tag{{Key: "aliyun-x"}}}, 400, "InvalidTagKey.Malformed"},
		{"bad value", TagResourcesInput{RegionID: region, ResourceType: "snapshot", Tags: []Tag{{Key: "k", Value: "acs:x"}}}, 400, "InvalidTagValue.Malformed"},
		{"duplicate", TagResourcesInput{RegionID: region, ResourceType: "snapshot", Tags: []Tag{{Key: "k"}, {Key: "k"}}}, 400, "Duplicate.TagKey"},
		{"unknown resource", TagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{"s-nosuch"}, Tags: many(1)}, 404, "InvalidResourceId.NotFound"},
		{"over 20 on the resource", TagResourcesInput{RegionID: region, ResourceType: "snapshot", Tags: many(20)}, 400, "OperationDenied.QuotaExceed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := newTestBackend(t, 0)
			id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "existing", Value: "1"}}})
			if tc.in.ResourceIDs == nil {
				tc.in.ResourceIDs = []string{id}
			}
			wantAPIError(t, b.TagResources(tc.in), tc.status, tc.code)
			if got := tagsOf(t, b, id); len(got) != 1 || got["existing"] != "1" {
				t.Fatalf("a refused call changed tags: %v", got)
			}
		})
	}
}

func TestTagResources_andUntagResources(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	a := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "env", Value: "dev"}}})
	c := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebSys})
	if err := b.TagResources(TagResourcesInput{RegionID: region, ResourceType: "Snapshot", ResourceIDs: []string{a, c},
		Tags: []Tag{{Key: "env", Value: "prod"}, {Key: "owner", Value: ""}}}); err != nil {
		t.Fatal(err)
	}
	if got := tagsOf(t, b, a); len(got) != 2 || got["env"] != "prod" || got["owner"] != "" {
		t.Fatalf("a: %v", got)
	}
	if got := tagsOf(t, b, c); len(got) != 2 {
		t.Fatalf("c: %v", got)
	}
	// Atomic: one unknown ID and nothing changes.
	wantAPIError(t, b.TagResources(TagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{a, "s-nosuch"},
		Tags: []Tag{{Key: "x", Value: "y"}}}), 404, "InvalidResourceId.NotFound")
	if _, ok := tagsOf(t, b, a)["x"]; ok {
		t.Fatal("partial tagging")
	}

	wantAPIError(t, b.UntagResources(UntagResourcesInput{RegionID: region, ResourceType: "disk", ResourceIDs: []string{a}}), 404, "InvalidResourceType.NotFound")
	wantAPIError(t, b.UntagResources(UntagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{"s-x"}, TagKeys: []string{"env"}}), 404, "InvalidResourceId.NotFound")
	wantAPIError(t, b.UntagResources(UntagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{a}, All: "all"}), 400, "InvalidParameter")
	if err := b.UntagResources(UntagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{a}, TagKeys: []string{"env", "absent"}}); err != nil {
		t.Fatal(err)
	}
	if got := tagsOf(t, b, a); len(got) != 1 || got["owner"] != "" {
		t.Fatalf("after untag: %v", got)
	}
	// Neither keys nor All: nothing removed.
	if err := b.UntagResources(UntagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{c}}); err != nil {
		t.Fatal(err)
	}
	if got := tagsOf(t, b, c); len(got) != 2 {
		t.Fatalf("untag without keys removed tags: %v", got)
	}
	if err := b.UntagResources(UntagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{a, c}, All: "true"}); err != nil {
		t.Fatal(err)
	}
	if len(tagsOf(t, b, a))+len(tagsOf(t, b, c)) != 0 {
		t.Fatal("All=true left tags")
	}
}

func TestListTagResources_filters(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	a := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData, Tags: []Tag{{Key: "env", Value: "prod"}, {Key: "app", Value: "web"}}})
	c := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebSys, Tags: []Tag{{Key: "env", Value: "dev"}}})
	list := func(in ListTagResourcesInput) []string {
		t.Helper()
		in.RegionID, in.ResourceType = region, "snapshot"
		out, err := b.ListTagResources(in)
		if err != nil {
			t.Fatal(err)
		}
		var rows []string
		for _, r := range out.TagResources.TagResource {
			if r.ResourceType != "snapshot" {
				t.Fatalf("ResourceType %q", r.ResourceType)
			}
			rows = append(rows, r.ResourceId+":"+r.TagKey+"="+r.TagValue)
		}
		return rows
	}
	if got := fmt.Sprint(list(ListTagResourcesInput{ResourceIDs: []string{a, c, "s-unknown"}})); got != fmt.Sprintf("[%s:env=prod %s:app=web %s:env=dev]", a, a, c) {
		t.Fatalf("by id: %s", got)
	}
	if got := fmt.Sprint(list(ListTagResourcesInput{Tags: []Tag{{Key: "env", Value: "dev"}}})); got != fmt.Sprintf("[%s:env=dev]", c) {
		t.Fatalf("by tag: %s", got)
	}
	if got := list(ListTagResourcesInput{Tags: []Tag{{Key: "env"}}}); len(got) != 3 {
		t.Fatalf("by key: %v", got)
	}
	_, err := b.ListTagResources(ListTagResourcesInput{RegionID: region, ResourceType: "snapshot"})
	wantAPIError(t, err, 400, "MissingParameter")
	_, err = b.ListTagResources(ListTagResourcesInput{RegionID: region, ResourceType: "image", ResourceIDs: []string{a}})
	wantAPIError(t, err, 404, "InvalidResourceType.NotFound")
	_, err = b.ListTagResources(ListTagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{a}, NextToken: "bogus"})
	wantAPIError(t, err, 400, "InvalidParameter.NextToken")
}

func TestListTagResources_paging(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	ids := seedSnapshots(t, b, clk, 6)
	tags := make([]Tag, 20)
	for i := range tags {
		tags[i] = Tag{Key: fmt.Sprint("k", i), Value: "v"}
	}
	if err := b.TagResources(TagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: ids, Tags: tags}); err != nil {
		t.Fatal(err)
	}
	total, pages, token := 0, 0, ""
	for {
		out, err := b.ListTagResources(ListTagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: ids, NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		total += len(out.TagResources.TagResource)
		if out.NextToken == "" {
			break
		}
		token = out.NextToken
	}
	if total != 120 || pages != 3 {
		t.Fatalf("%d rows in %d pages, want 120 in 3", total, pages)
	}
}
