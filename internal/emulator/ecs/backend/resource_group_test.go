package backend

import "testing"

func TestJoinResourceGroup_movesSnapshot(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	cases := []struct {
		name   string
		in     JoinResourceGroupInput
		status int
		code   string
	}{
		{"missing type", JoinResourceGroupInput{ResourceID: id, ResourceGroupID: rgOther}, 400, "MissingParameter"},
		{"other type", JoinResourceGroupInput{ResourceType: "disk", ResourceID: id, ResourceGroupID: rgOther}, 404, "InvalidResourceType.NotFound"},
		{"type is case-sensitive", JoinResourceGroupInput{ResourceType: "Snapshot", ResourceID: id, ResourceGroupID: rgOther}, 404, "InvalidResourceType.NotFound"},
		{"missing id", JoinResourceGroupInput{ResourceType: "snapshot", ResourceGroupID: rgOther}, 400, "MissingParameter"},
		{"missing group", JoinResourceGroupInput{ResourceType: "snapshot", ResourceID: id}, 400, "MissingParameter"},
		{"unknown group", JoinResourceGroupInput{ResourceType: "snapshot", ResourceID: id, ResourceGroupID: "rg-nosuch"}, 404, "InvalidResourceGroup.NotFound"},
		{"unknown snapshot", JoinResourceGroupInput{ResourceType: "snapshot", ResourceID: "s-nosuch", ResourceGroupID: rgOther}, 404, "InvalidResourceId.NotFound"},
		{"unknown region", JoinResourceGroupInput{RegionID: "cn-beijing", ResourceType: "snapshot", ResourceID: id, ResourceGroupID: rgOther}, 404, "InvalidRegionId.NotFound"},
	}
	for _, tc := range cases {
		wantAPIError(t, b.JoinResourceGroup(tc.in), tc.status, tc.code)
	}
	if err := b.JoinResourceGroup(JoinResourceGroupInput{RegionID: region, ResourceType: "snapshot", ResourceID: id, ResourceGroupID: rgOther}); err != nil {
		t.Fatal(err)
	}
	if s := mustSnapshot(t, b, id); s.ResourceGroupId != rgOther {
		t.Fatalf("ResourceGroupId %q", s.ResourceGroupId)
	}
}
