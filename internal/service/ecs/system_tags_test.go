package ecs

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/tags"
)

// The tags the cloud adds itself (keys acs:..., aliyun...) on a snapshot that also has the user's.
var withSystemTags = map[string]string{"env": "prod", "acs:rm:rgId": "rg-1", "acs:tag:createdby": "26842", "aliyunStack": "x"}

func mapOf(t *testing.T, m types.Map) map[string]string {
	t.Helper()
	out, diags := tags.Expand(context.Background(), m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return out
}

func TestFlattenSnapshotResource_systemTagsLeftOut(t *testing.T) {
	s := fullSnapshot()
	s.Tags = withSystemTags
	m := flattenSnapshotResource(&s, snapshotResourceModel{snapshotCore: snapshotCore{Tags: tagMap("env", "prod")}})
	if got := mapOf(t, m.Tags); !maps.Equal(got, map[string]string{"env": "prod"}) {
		t.Errorf("tags = %v, want only the user's", got)
	}
	// Only system tags: as untagged, null (no tags configured), so an import verifies against no tags.
	s.Tags = map[string]string{"acs:rm:rgId": "rg-1"}
	if m := flattenSnapshotResource(&s, snapshotResourceModel{snapshotCore: snapshotCore{Tags: types.MapNull(types.StringType)}}); !m.Tags.IsNull() {
		t.Errorf("tags = %s, want null", m.Tags)
	}
}

func TestFlattenSnapshot_systemTagsLeftOut(t *testing.T) {
	s := fullSnapshot()
	s.Tags = withSystemTags
	if got := mapOf(t, flattenSnapshot(s).Tags); !maps.Equal(got, map[string]string{"env": "prod"}) {
		t.Errorf("data source tags = %v, want only the user's", got)
	}
}

// tagCallRecorder records the tagging calls of an update; any other call panics (nil interface).
type tagCallRecorder struct {
	ecsclient.Client
	untagged []string
	tagged   map[string]string
}

func (c *tagCallRecorder) UntagResources(_ context.Context, _ string, _ []string, keys []string) error {
	c.untagged = append(c.untagged, keys...)
	return nil
}

func (c *tagCallRecorder) TagResources(_ context.Context, _ string, _ []string, set map[string]string) error {
	c.tagged = set
	return nil
}

func TestUpdateTags_neverRemovesSystemTags(t *testing.T) {
	// A state written before system tags were left out may hold some; the update must not ask to remove them.
	rec := &tagCallRecorder{}
	state := taggedValues{Tags: tags.Flatten(withSystemTags), TagsAll: tags.Flatten(withSystemTags)}
	plan := taggedValues{Tags: tagMap("team", "a"), TagsAll: tagMap("team", "a")}
	var diags diag.Diagnostics
	updateTags(context.Background(), rec, "cn-test", tags.Config{}, ecsclient.ResourceTypeSnapshot, "snapshot", "s-1", plan, state, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !slices.Equal(rec.untagged, []string{"env"}) {
		t.Errorf("UntagResources keys %q, want only the user's [env]", rec.untagged)
	}
	if !maps.Equal(rec.tagged, map[string]string{"team": "a"}) {
		t.Errorf("TagResources %v", rec.tagged)
	}
}
