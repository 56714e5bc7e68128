package ecs

import (
	"context"
	"maps"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
)

type fixedSnapshots struct {
	ecsclient.Client
	snapshots []ecsclient.Snapshot
}

func (c fixedSnapshots) DescribeSnapshots(context.Context, ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	return c.snapshots, nil
}

func TestHideIgnoredTags_dataSourcesSeeNoIgnoredKey(t *testing.T) {
	shared := map[string]string{"env": "prod", "owner": "me", "finops:cc": "1"}
	inner := fixedSnapshots{snapshots: []ecsclient.Snapshot{{SnapshotID: "s-1", Tags: shared}, {SnapshotID: "s-2"}}}
	c := hideIgnoredTags(inner, tags.IgnoreConfig{Keys: []string{"owner"}, KeyPrefixes: []string{"finops:"}})
	found, err := c.DescribeSnapshots(context.Background(), ecsclient.DescribeSnapshotsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"env": "prod"}; !maps.Equal(found[0].Tags, want) || found[1].Tags != nil {
		t.Errorf("tags %v and %v, want %v and none", found[0].Tags, found[1].Tags, want)
	}
	if len(shared) != 3 {
		t.Errorf("the client's own map was changed: %v", shared)
	}
	if _, wrapped := hideIgnoredTags(inner, tags.IgnoreConfig{}).(ignoredTagsHidden); wrapped {
		t.Error("wrapped with nothing to ignore")
	}
}
