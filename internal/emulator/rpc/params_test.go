package rpc

import (
	"net/url"
	"reflect"
	"testing"
)

func TestParams_lists(t *testing.T) {
	p := Params(url.Values{
		"Tag.1.Key": {"a"}, "Tag.1.Value": {"1"}, "Tag.3.key": {"legacy"}, "Tag.3.value": {"3"},
		"Tag.4.Key": {"both"}, "Tag.4.key": {"ignored"},
		"Filter.2.Key": {"CreationEndTime"}, "Filter.2.Value": {"2024-01-01T00:00Z"},
		"ResourceId.1": {"s-1"}, "ResourceId.2": {"s-2"}, "TagKey.1": {"k"},
	})
	tags, err := p.Tags()
	if err != nil {
		t.Fatal(err)
	}
	wantTags := []Pair{{Key: "a", Value: "1"}, {}, {Key: "legacy", Value: "3"}, {Key: "both"}}
	if !reflect.DeepEqual(tags, wantTags) {
		t.Fatalf("tags %+v, want %+v", tags, wantTags)
	}
	filters, err := p.Filters()
	if err != nil {
		t.Fatal(err)
	}
	if want := []Pair{{}, {Key: "CreationEndTime", Value: "2024-01-01T00:00Z"}}; !reflect.DeepEqual(filters, want) {
		t.Fatalf("filters %+v, want %+v", filters, want)
	}
	ids, err := p.List("ResourceId")
	if err != nil || !reflect.DeepEqual(ids, []string{"s-1", "s-2"}) {
		t.Fatalf("ResourceId %v %v", ids, err)
	}
	// TagKey.N is not Tag.N: the prefixes must not bleed into each other.
	keys, err := p.List("TagKey")
	if err != nil || !reflect.DeepEqual(keys, []string{"k"}) {
		t.Fatalf("TagKey %v %v", keys, err)
	}
	if none, err := (Params{}).Tags(); err != nil || len(none) != 0 {
		t.Fatalf("no tags: %v %v", none, err)
	}
	for _, bad := range []string{"Tag.0.Key", "Tag.x.Key", "Tag.01.Key", "Tag.1001.Key", "Tag..Key"} {
		if _, err := (Params{bad: {"k"}}).Tags(); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
