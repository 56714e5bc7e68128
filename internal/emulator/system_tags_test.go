package emulator

import (
	"maps"
	"testing"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
)

// The system-tags control puts on a snapshot what the cloud would; the ECS calls then show them, keep
// refusing to set them, and refuse to remove them.
func TestControlSystemTags_throughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	id := createSnapshot(t, c, diskRunningData)
	region, typ := tea.String(ts.Region), tea.String("snapshot")
	_, err := c.TagResources(&ecs.TagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: []*string{tea.String(id)},
		Tag: []*ecs.TagResourcesRequestTag{{Key: tea.String("env"), Value: tea.String("prod")}}})
	mustOK(t, err)

	wantControl(t, ts, "POST", "/_emulator/snapshots/"+id+"/system-tags", `{"tags":{"acs:rm:rgId":"rg-acfmzw2jz2z4fxa","acs:tag:createdby":"26842"}}`, 204)
	tagsNow := func() map[string]string {
		t.Helper()
		got := map[string]string{}
		for _, tag := range describeOne(t, c, ts, id).Tags.Tag {
			got[tea.StringValue(tag.TagKey)] = tea.StringValue(tag.TagValue)
		}
		return got
	}
	want := map[string]string{"env": "prod", "acs:rm:rgId": "rg-acfmzw2jz2z4fxa", "acs:tag:createdby": "26842"}
	if got := tagsNow(); !maps.Equal(got, want) {
		t.Fatalf("DescribeSnapshots tags %v, want %v", got, want)
	}

	_, err = c.TagResources(&ecs.TagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: []*string{tea.String(id)},
		Tag: []*ecs.TagResourcesRequestTag{{Key: tea.String("acs:rm:rgId"), Value: tea.String("rg-other")}}})
	wantAPIError(t, err, 400, "InvalidTagKey.Malformed")
	_, err = c.UntagResources(&ecs.UntagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: []*string{tea.String(id)},
		TagKey: []*string{tea.String("acs:rm:rgId")}})
	wantAPIError(t, err, 403, "NoPermission.Tag")
	_, err = c.UntagResources(&ecs.UntagResourcesRequest{RegionId: region, ResourceType: typ, ResourceId: []*string{tea.String(id)},
		All: tea.Bool(true)})
	mustOK(t, err)
	delete(want, "env")
	if got := tagsNow(); !maps.Equal(got, want) {
		t.Fatalf("after UntagResources All=true: %v, want %v", got, want)
	}

	wantControl(t, ts, "POST", "/_emulator/snapshots/"+id+"/system-tags", `{"tags":{"env":"x"}}`, 400)
	wantControl(t, ts, "POST", "/_emulator/snapshots/"+id+"/system-tags", `{"tag":{}}`, 400) // misspelt field
	wantControl(t, ts, "POST", "/_emulator/snapshots/s-bp1nosuch0000000000/system-tags", `{"tags":{"acs:rm:rgId":"rg-1"}}`, 404)
	if got := tagsNow(); !maps.Equal(got, want) {
		t.Fatalf("a refused control changed tags: %v", got)
	}
}
