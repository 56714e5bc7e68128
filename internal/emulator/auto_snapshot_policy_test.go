package emulator

import (
	"encoding/json"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	openapiutil "github.com/alibabacloud-go/openapi-util/service"
	util "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// rawCall sends an ECS action through the SDK's generic OpenAPI call, for parameters the v4 SDK's typed requests
// lack (AssociationType and TargetTags on Create, autoSnapshotPolicyId on Cancel).
func rawCall(t *testing.T, c *ecs.Client, action string, query map[string]any) (map[string]any, error) {
	t.Helper()
	params := &openapi.Params{
		Action: tea.String(action), Version: tea.String("2014-05-26"), Protocol: tea.String("HTTPS"),
		Pathname: tea.String("/"), Method: tea.String("POST"), AuthType: tea.String("AK"), Style: tea.String("RPC"),
		ReqBodyType: tea.String("formData"), BodyType: tea.String("json"),
	}
	req := &openapi.OpenApiRequest{Query: openapiutil.Query(query)}
	return c.CallApi(params, req, &util.RuntimeOptions{})
}

func createPolicy(t *testing.T, c *ecs.Client, ts *TestServer, timePoints, weekdays string) string {
	t.Helper()
	out, err := c.CreateAutoSnapshotPolicy(&ecs.CreateAutoSnapshotPolicyRequest{
		RegionId: tea.String(ts.Region), TimePoints: tea.String(timePoints), RepeatWeekdays: tea.String(weekdays),
		RetentionDays: tea.Int32(-1),
	})
	mustOK(t, err)
	return tea.StringValue(out.Body.AutoSnapshotPolicyId)
}

func diskPolicy(t *testing.T, c *ecs.Client, ts *TestServer, disk string) (string, bool) {
	t.Helper()
	out, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: tea.String(ts.Region), DiskIds: tea.String(`["` + disk + `"]`)})
	mustOK(t, err)
	if len(out.Body.Disks.Disk) != 1 {
		t.Fatalf("DescribeDisks %s: %d disks", disk, len(out.Body.Disks.Disk))
	}
	d := out.Body.Disks.Disk[0]
	return tea.StringValue(d.AutoSnapshotPolicyId), tea.BoolValue(d.EnableAutomatedSnapshotPolicy)
}

// shanghaiKMSKey is the fixture's KMS key of cn-shanghai: the copies' key must be in the target region.
const shanghaiKMSKey = "5c1f7e2a-9b3d-4e8f-a6c4-2d7b9e1f3a58"

// Every policy call through the v4 SDK's typed requests, with the wire names they send (lower camel on
// Create/Modify/Delete/Apply/Cancel), and what Describe and DescribeDisks answer.
func TestAutoSnapshotPolicyAPI_lifecycleThroughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	out, err := c.CreateAutoSnapshotPolicy(&ecs.CreateAutoSnapshotPolicyRequest{
		RegionId: tea.String(ts.Region), AutoSnapshotPolicyName: tea.String("nightly"), TimePoints: tea.String(`["1","13"]`),
		RepeatWeekdays: tea.String(`["1","7"]`), RetentionDays: tea.Int32(30), EnableCrossRegionCopy: tea.Bool(true),
		TargetCopyRegions: tea.String(`["cn-shanghai"]`), CopiedSnapshotsRetentionDays: tea.Int32(7),
		CopyEncryptionConfiguration: &ecs.CreateAutoSnapshotPolicyRequestCopyEncryptionConfiguration{Encrypted: tea.Bool(true), KMSKeyId: tea.String(shanghaiKMSKey)},
		Tag:                         []*ecs.CreateAutoSnapshotPolicyRequestTag{{Key: tea.String("env"), Value: tea.String("prod")}},
		ResourceGroupId:             tea.String(rgOther),
	})
	mustOK(t, err)
	id := tea.StringValue(out.Body.AutoSnapshotPolicyId)
	if len(id) != 23 || id[:3] != "sp-" {
		t.Fatalf("policy ID %q", id)
	}
	desc, err := c.DescribeAutoSnapshotPolicyEx(&ecs.DescribeAutoSnapshotPolicyExRequest{RegionId: tea.String(ts.Region),
		Tag: []*ecs.DescribeAutoSnapshotPolicyExRequestTag{{Key: tea.String("env"), Value: tea.String("prod")}}})
	mustOK(t, err)
	if tea.Int32Value(desc.Body.TotalCount) != 1 {
		t.Fatalf("TotalCount %d", tea.Int32Value(desc.Body.TotalCount))
	}
	p := desc.Body.AutoSnapshotPolicies.AutoSnapshotPolicy[0]
	if tea.StringValue(p.AutoSnapshotPolicyName) != "nightly" || tea.StringValue(p.TimePoints) != `["1","13"]` ||
		tea.StringValue(p.RepeatWeekdays) != `["1","7"]` || tea.Int32Value(p.RetentionDays) != 30 ||
		!tea.BoolValue(p.EnableCrossRegionCopy) || tea.StringValue(p.TargetCopyRegions) != `["cn-shanghai"]` ||
		tea.Int32Value(p.CopiedSnapshotsRetentionDays) != 7 || !tea.BoolValue(p.CopyEncryptionConfiguration.Encrypted) ||
		tea.StringValue(p.CopyEncryptionConfiguration.KMSKeyId) != shanghaiKMSKey || tea.StringValue(p.ResourceGroupId) != rgOther ||
		tea.StringValue(p.Status) != "Normal" || tea.StringValue(p.Type) != "Custom" || tea.StringValue(p.RegionId) != ts.Region ||
		len(p.Tags.Tag) != 1 || tea.StringValue(p.Tags.Tag[0].TagKey) != "env" {
		t.Fatalf("described: %s", tea.Prettify(p))
	}
	if _, err := time.Parse("2006-01-02T15:04:05Z", tea.StringValue(p.CreationTime)); err != nil {
		t.Fatalf("CreationTime %q", tea.StringValue(p.CreationTime))
	}

	_, err = c.ModifyAutoSnapshotPolicyEx(&ecs.ModifyAutoSnapshotPolicyExRequest{RegionId: tea.String(ts.Region),
		AutoSnapshotPolicyId: tea.String(id), TimePoints: tea.String(`["2"]`), RetentionDays: tea.Int32(65536)})
	mustOK(t, err)
	desc, err = c.DescribeAutoSnapshotPolicyEx(&ecs.DescribeAutoSnapshotPolicyExRequest{RegionId: tea.String(ts.Region), AutoSnapshotPolicyId: tea.String(id)})
	mustOK(t, err)
	p = desc.Body.AutoSnapshotPolicies.AutoSnapshotPolicy[0]
	if tea.StringValue(p.TimePoints) != `["2"]` || tea.Int32Value(p.RetentionDays) != 65536 || tea.StringValue(p.RepeatWeekdays) != `["1","7"]` {
		t.Fatalf("after Modify: %s", tea.Prettify(p))
	}

	_, err = c.ApplyAutoSnapshotPolicy(&ecs.ApplyAutoSnapshotPolicyRequest{RegionId: tea.String(ts.Region), AutoSnapshotPolicyId: tea.String(id),
		DiskIds: tea.String(`["` + diskRunningData + `","` + diskStoppedData + `"]`)})
	mustOK(t, err)
	if got, on := diskPolicy(t, c, ts, diskRunningData); got != id || !on {
		t.Fatalf("disk policy %q %v", got, on)
	}
	byPolicy, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: tea.String(ts.Region), AutoSnapshotPolicyId: tea.String(id)})
	mustOK(t, err)
	if tea.Int32Value(byPolicy.Body.TotalCount) != 2 {
		t.Fatalf("DescribeDisks AutoSnapshotPolicyId: %d", tea.Int32Value(byPolicy.Body.TotalCount))
	}
	_, err = c.CancelAutoSnapshotPolicy(&ecs.CancelAutoSnapshotPolicyRequest{RegionId: tea.String(ts.Region), DiskIds: tea.String(`["` + diskRunningData + `"]`)})
	mustOK(t, err)
	if got, on := diskPolicy(t, c, ts, diskRunningData); got != "" || on {
		t.Fatalf("after Cancel: %q %v", got, on)
	}

	// Tags and resource groups take the snapshotpolicy resource type.
	_, err = c.TagResources(&ecs.TagResourcesRequest{RegionId: tea.String(ts.Region), ResourceType: tea.String("snapshotpolicy"),
		ResourceId: []*string{tea.String(id)}, Tag: []*ecs.TagResourcesRequestTag{{Key: tea.String("team"), Value: tea.String("db")}}})
	mustOK(t, err)
	lt, err := c.ListTagResources(&ecs.ListTagResourcesRequest{RegionId: tea.String(ts.Region), ResourceType: tea.String("snapshotpolicy"),
		ResourceId: []*string{tea.String(id)}})
	mustOK(t, err)
	if n := len(lt.Body.TagResources.TagResource); n != 2 {
		t.Fatalf("ListTagResources: %d tags", n)
	}
	_, err = c.UntagResources(&ecs.UntagResourcesRequest{RegionId: tea.String(ts.Region), ResourceType: tea.String("snapshotpolicy"),
		ResourceId: []*string{tea.String(id)}, TagKey: []*string{tea.String("team")}})
	mustOK(t, err)
	_, err = c.JoinResourceGroup(&ecs.JoinResourceGroupRequest{RegionId: tea.String(ts.Region), ResourceType: tea.String("snapshotpolicy"),
		ResourceId: tea.String(id), ResourceGroupId: tea.String(rgDefault)})
	mustOK(t, err)

	_, err = c.DeleteAutoSnapshotPolicy(&ecs.DeleteAutoSnapshotPolicyRequest{RegionId: tea.String(ts.Region), AutoSnapshotPolicyId: tea.String(id)})
	mustOK(t, err)
	if got, _ := diskPolicy(t, c, ts, diskStoppedData); got != "" {
		t.Fatalf("the deleted policy still applies to %s: %q", diskStoppedData, got)
	}
	desc, err = c.DescribeAutoSnapshotPolicyEx(&ecs.DescribeAutoSnapshotPolicyExRequest{RegionId: tea.String(ts.Region)})
	mustOK(t, err)
	if tea.Int32Value(desc.Body.TotalCount) != 0 {
		t.Fatalf("%d policies after Delete", tea.Int32Value(desc.Body.TotalCount))
	}
}

// Errors as the SDK reports them: code and HTTP status.
func TestAutoSnapshotPolicyAPI_errorsThroughSDK(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	region := tea.String(ts.Region)
	_, err := c.CreateAutoSnapshotPolicy(&ecs.CreateAutoSnapshotPolicyRequest{RegionId: region, TimePoints: tea.String(`["24"]`),
		RepeatWeekdays: tea.String(`["1"]`), RetentionDays: tea.Int32(1)})
	wantAPIError(t, err, 403, "ParameterInvalid")
	_, err = c.CreateAutoSnapshotPolicy(&ecs.CreateAutoSnapshotPolicyRequest{RegionId: region, RepeatWeekdays: tea.String(`["1"]`), RetentionDays: tea.Int32(1)})
	wantAPIError(t, err, 400, "MissingParameter")
	_, err = c.CreateAutoSnapshotPolicy(&ecs.CreateAutoSnapshotPolicyRequest{RegionId: region, TimePoints: tea.String(`["1"]`),
		RepeatWeekdays: tea.String(`["1"]`), RetentionDays: tea.Int32(65536)})
	wantAPIError(t, err, 403, "ParameterInvalid")
	_, err = c.CreateAutoSnapshotPolicy(&ecs.CreateAutoSnapshotPolicyRequest{RegionId: region, TimePoints: tea.String(`["1"]`),
		RepeatWeekdays: tea.String(`["1"]`), RetentionDays: tea.Int32(1), AutoSnapshotPolicyName: tea.String("-bad")})
	wantAPIError(t, err, 400, "InvalidSnapshotPolicyName.Malformed")
	_, err = c.CreateAutoSnapshotPolicy(&ecs.CreateAutoSnapshotPolicyRequest{RegionId: region, TimePoints: tea.String(`["1"]`),
		RepeatWeekdays: tea.String(`["1"]`), RetentionDays: tea.Int32(1),
		CopyEncryptionConfiguration: &ecs.CreateAutoSnapshotPolicyRequestCopyEncryptionConfiguration{KMSKeyId: tea.String(kmsKey)}})
	wantAPIError(t, err, 400, "InvalidParameter.EncryptedIllegal")
	_, err = c.ModifyAutoSnapshotPolicyEx(&ecs.ModifyAutoSnapshotPolicyExRequest{RegionId: region, AutoSnapshotPolicyId: tea.String("sp-bp1nope")})
	wantAPIError(t, err, 404, "ParameterInvalid")
	_, err = c.DeleteAutoSnapshotPolicy(&ecs.DeleteAutoSnapshotPolicyRequest{RegionId: region, AutoSnapshotPolicyId: tea.String("sp-bp1nope")})
	wantAPIError(t, err, 404, "ParameterInvalid")
	_, err = c.ApplyAutoSnapshotPolicy(&ecs.ApplyAutoSnapshotPolicyRequest{RegionId: region, AutoSnapshotPolicyId: tea.String("sp-bp1nope"),
		DiskIds: tea.String(`["` + diskRunningData + `"]`)})
	wantAPIError(t, err, 400, "InvalidAutoSnapshotPolicyId.NotFound")
	id := createPolicy(t, c, ts, `["1"]`, `["1"]`)
	_, err = c.ApplyAutoSnapshotPolicy(&ecs.ApplyAutoSnapshotPolicyRequest{RegionId: region, AutoSnapshotPolicyId: tea.String(id),
		DiskIds: tea.String(`["d-bp1nope"]`)})
	wantAPIError(t, err, 404, "InvalidDiskId.NotFound")
	_, err = c.CancelAutoSnapshotPolicy(&ecs.CancelAutoSnapshotPolicyRequest{RegionId: region, DiskIds: tea.String(`not json`)})
	wantAPIError(t, err, 404, "ParameterInvalid")
	_, err = c.DescribeAutoSnapshotPolicyEx(&ecs.DescribeAutoSnapshotPolicyExRequest{RegionId: region, PageSize: tea.Int32(101)})
	wantAPIError(t, err, 400, "InvalidParam.PageSize")
	_, err = c.DescribeAutoSnapshotPolicyEx(&ecs.DescribeAutoSnapshotPolicyExRequest{RegionId: tea.String("xx-nowhere")})
	wantAPIError(t, err, 400, "InvalidRegionId.NotFound") // Describe's page: 400, not the snapshot calls' 404
	_, err = c.CreateAutoSnapshotPolicy(&ecs.CreateAutoSnapshotPolicyRequest{RegionId: tea.String("xx-nowhere"),
		TimePoints: tea.String(`["1"]`), RepeatWeekdays: tea.String(`["1"]`), RetentionDays: tea.Int32(1)})
	wantAPIError(t, err, 403, "ParameterInvalid")
	_, err = c.CancelAutoSnapshotPolicy(&ecs.CancelAutoSnapshotPolicyRequest{RegionId: region, DiskIds: tea.String(`["d-bp1nope"]`)})
	wantAPIError(t, err, 404, "ParameterInvalid")
	_, err = c.TagResources(&ecs.TagResourcesRequest{RegionId: region, ResourceType: tea.String("snapshotpolicy"),
		ResourceId: []*string{tea.String("sp-bp1nope")}, Tag: []*ecs.TagResourcesRequestTag{{Key: tea.String("a"), Value: tea.String("b")}}})
	wantAPIError(t, err, 404, "InvalidResourceId.NotFound")
	// The Pascal-case RegionId of other actions is not Create's regionId.
	_, err = rawCall(t, c, "CreateAutoSnapshotPolicy", map[string]any{"RegionId": ts.Region, "timePoints": `["1"]`,
		"repeatWeekdays": `["1"]`, "retentionDays": "1"})
	wantAPIError(t, err, 400, "MissingParameter")
}

// AssociationType/TargetTags on Create and autoSnapshotPolicyId on Cancel, which the v4 SDK's typed requests
// lack, through the generic call.
func TestAutoSnapshotPolicyAPI_associationAndCancelByPolicy(t *testing.T) {
	ts := StartTestServer(t, backend.Options{}, Config{})
	f := backend.DefaultFixture()
	web := f.Instances[0]
	web.Tags = map[string]string{"env": "prod"}
	mustOK(t, ts.Backend().Seed(backend.Fixture{Instances: []backend.Instance{web}}))
	c := sdk(t, ts)
	body, err := rawCall(t, c, "CreateAutoSnapshotPolicy", map[string]any{"regionId": ts.Region, "timePoints": `["1"]`,
		"repeatWeekdays": `["1"]`, "retentionDays": "1", "AssociationType": "AssociatedWithInstanceTag",
		"TargetTags": []map[string]any{{"Key": "env", "Value": "prod"}}})
	mustOK(t, err)
	raw, _ := json.Marshal(body["body"])
	var created struct{ AutoSnapshotPolicyId string }
	mustOK(t, json.Unmarshal(raw, &created))
	if got, _ := diskPolicy(t, c, ts, diskRunningData); got != created.AutoSnapshotPolicyId {
		t.Fatalf("the tagged instance's disk has policy %q, want %q", got, created.AutoSnapshotPolicyId)
	}

	other := createPolicy(t, c, ts, `["1"]`, `["1"]`)
	mine := createPolicy(t, c, ts, `["1"]`, `["1"]`)
	_, err = c.ApplyAutoSnapshotPolicy(&ecs.ApplyAutoSnapshotPolicyRequest{RegionId: tea.String(ts.Region), AutoSnapshotPolicyId: tea.String(other),
		DiskIds: tea.String(`["` + diskStoppedData + `"]`)})
	mustOK(t, err)
	_, err = rawCall(t, c, "CancelAutoSnapshotPolicy", map[string]any{"regionId": ts.Region, "autoSnapshotPolicyId": mine,
		"diskIds": `["` + diskStoppedData + `"]`})
	mustOK(t, err)
	if got, _ := diskPolicy(t, c, ts, diskStoppedData); got != other {
		t.Fatalf("cancelling %s removed %s: disk now has %q", mine, other, got)
	}
}

// A week on the emulator's clock through the control endpoint: automatic snapshots appear as DescribeSnapshots
// SnapshotType=auto shows them, and the clock says where it is.
func TestControlClock_weekOfAutoSnapshots(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	id := createPolicy(t, c, ts, `["3","15"]`, `["1","2","3","4","5","6","7"]`)
	_, err := c.ApplyAutoSnapshotPolicy(&ecs.ApplyAutoSnapshotPolicyRequest{RegionId: tea.String(ts.Region), AutoSnapshotPolicyId: tea.String(id),
		DiskIds: tea.String(`["` + diskRunningData + `","` + diskRunningSystem + `"]`)})
	mustOK(t, err)
	before := time.Now()
	out := wantControl(t, ts, "POST", "/_emulator/clock", `{"advance":"168h"}`, 200)
	var clock struct{ Now, Offset string }
	mustOK(t, json.Unmarshal([]byte(out), &clock))
	now, err := time.Parse(time.RFC3339Nano, clock.Now)
	mustOK(t, err)
	if clock.Offset != "168h0m0s" || now.Before(before.Add(168*time.Hour)) {
		t.Fatalf("clock after advance: %s", out)
	}
	if got := wantControl(t, ts, "GET", "/_emulator/clock", "", 200); !json.Valid([]byte(got)) {
		t.Fatalf("GET clock: %s", got)
	}
	auto, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region), SnapshotType: tea.String("auto"), PageSize: tea.Int32(100)})
	mustOK(t, err)
	// 2 time points x 7 weekdays x 2 disks.
	if n := tea.Int32Value(auto.Body.TotalCount); n != 28 {
		t.Fatalf("%d automatic snapshots after a week, want 28", n)
	}
	s := auto.Body.Snapshots.Snapshot[0]
	if tea.StringValue(s.SnapshotType) != "auto" || len(tea.StringValue(s.SnapshotName)) != len("auto_20240101_1") {
		t.Fatalf("snapshot %s", tea.Prettify(s))
	}
	// The Go form, and the refusals.
	if _, err := ts.AdvanceClock(time.Hour); err != nil {
		t.Fatal(err)
	}
	wantControl(t, ts, "POST", "/_emulator/clock", `{"advance":"-1h"}`, 400)
	wantControl(t, ts, "POST", "/_emulator/clock", `{"advance":"a week"}`, 400)
	wantControl(t, ts, "POST", "/_emulator/clock", `{"advanse":"1h"}`, 400)
}
