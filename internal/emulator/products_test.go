package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	sts "github.com/alibabacloud-go/sts-20150401/v2/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

// Resources of backend.DefaultFixture's second region.
const (
	regionShanghai = "cn-shanghai"
	diskShanghai   = "d-uf6h7j2k9l4m1n8p3q6r" // data disk of a Running instance in cn-shanghai
)

// stsClient is a real STS SDK client for ts; edit adjusts its configuration.
func stsClient(t *testing.T, ts *TestServer, edit ...func(*openapi.Config)) *sts.Client {
	t.Helper()
	cfg := &openapi.Config{
		AccessKeyId:     tea.String(ts.AccessKeyID),
		AccessKeySecret: tea.String(ts.AccessKeySecret),
		Endpoint:        tea.String(ts.Endpoint),
		Protocol:        tea.String("http"),
		RegionId:        tea.String(ts.Region),
	}
	for _, e := range edit {
		e(cfg)
	}
	c, err := sts.NewClient(cfg)
	if err != nil {
		t.Fatalf("sts.NewClient: %v", err)
	}
	return c
}

// viaHost makes an SDK client send its calls to host (a product's host name) through ts as an HTTP proxy, so
// that the emulator sees the Host header a client of the real endpoint sends.
func viaHost(ts *TestServer, host string) func(*openapi.Config) {
	return func(cfg *openapi.Config) {
		cfg.Endpoint = tea.String(host)
		cfg.HttpProxy = tea.String(ts.URL)
	}
}

func TestGetCallerIdentity_ramUserThroughSDK(t *testing.T) {
	ts := start(t)
	out, err := stsClient(t, ts).GetCallerIdentity()
	mustOK(t, err)
	b := out.Body
	want := map[string]string{
		"IdentityType": "RAMUser", "AccountId": DefaultAccountID, "UserId": DefaultUserID, "PrincipalId": DefaultUserID,
		"Arn": "acs:ram::" + DefaultAccountID + ":user/" + DefaultUserName,
	}
	got := map[string]string{
		"IdentityType": tea.StringValue(b.IdentityType), "AccountId": tea.StringValue(b.AccountId), "UserId": tea.StringValue(b.UserId),
		"PrincipalId": tea.StringValue(b.PrincipalId), "Arn": tea.StringValue(b.Arn),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if b.RoleId != nil {
		t.Errorf("RoleId %q for a RAM user", tea.StringValue(b.RoleId))
	}
	if !isUpperUUID(tea.StringValue(b.RequestId)) {
		t.Errorf("RequestId %q", tea.StringValue(b.RequestId))
	}
	if len(DefaultAccountID) != 16 || strings.Trim(DefaultAccountID, "0123456789") != "" {
		t.Errorf("default account ID %q is not 16 digits", DefaultAccountID)
	}
}

func TestGetCallerIdentity_configuredIdentity(t *testing.T) {
	ts := StartTestServer(t, backend.Options{}, Config{AccountID: "5000000000000001", UserName: "alice", UserID: "2000000000000002"})
	out, err := stsClient(t, ts).GetCallerIdentity()
	mustOK(t, err)
	if arn := tea.StringValue(out.Body.Arn); arn != "acs:ram::5000000000000001:user/alice" ||
		tea.StringValue(out.Body.UserId) != "2000000000000002" || tea.StringValue(out.Body.AccountId) != "5000000000000001" {
		t.Fatalf("%+v", out.Body)
	}
}

func TestGetCallerIdentity_assumedRoleWithSecurityToken(t *testing.T) {
	const token = "CAIS8gF1q6Ft5B2yfSjIr5fjB+3nm5dT0aKoZkXyjnQhRMR7ha7Kjzz2IHFPeHJrBeAXt/Q="
	ts := StartTestServer(t, backend.Options{}, Config{SecurityTokens: []string{token}})
	out, err := stsClient(t, ts, func(c *openapi.Config) { c.SecurityToken = tea.String(token) }).GetCallerIdentity()
	mustOK(t, err)
	b := out.Body
	role := stsbackend.DefaultRoleID
	if tea.StringValue(b.IdentityType) != "AssumedRoleUser" || tea.StringValue(b.RoleId) != role ||
		tea.StringValue(b.PrincipalId) != role+":"+stsbackend.DefaultRoleSessionName ||
		tea.StringValue(b.Arn) != "acs:ram::"+DefaultAccountID+":role/"+stsbackend.DefaultRoleName+"/"+stsbackend.DefaultRoleSessionName ||
		tea.StringValue(b.AccountId) != DefaultAccountID {
		t.Fatalf("%+v", b)
	}
	if b.UserId != nil {
		t.Errorf("UserId %q for an assumed role", tea.StringValue(b.UserId))
	}
	// A token the emulator does not accept is refused, as for ECS.
	_, err = stsClient(t, ts, func(c *openapi.Config) { c.SecurityToken = tea.String("bm90LWEtdG9rZW4=") }).GetCallerIdentity()
	wantAPIError(t, err, 400, "InvalidSecurityToken.Expired")
}

func TestGetCallerIdentity_signatureChecks(t *testing.T) {
	ts := start(t)
	_, err := stsClient(t, ts, func(c *openapi.Config) { c.AccessKeySecret = tea.String("wrong") }).GetCallerIdentity()
	wantAPIError(t, err, 400, "SignatureDoesNotMatch")
	_, err = stsClient(t, ts, func(c *openapi.Config) { c.AccessKeyId = tea.String("nobody") }).GetCallerIdentity()
	wantAPIError(t, err, 404, "InvalidAccessKeyId.NotFound")
	// V1 signatures too, and the error names STS's host.
	st, body, _ := v1Call{params: url.Values{"Action": {"GetCallerIdentity"}, "Version": {STSAPIVersion}}}.do(t, ts)
	if st != 200 || !strings.Contains(body, `"IdentityType":"RAMUser"`) {
		t.Fatalf("V1: %d %s", st, body)
	}
	st, body, _ = v1Call{params: url.Values{"Action": {"GetCallerIdentity"}, "Version": {STSAPIVersion}}, secret: "wrong"}.do(t, ts)
	if st != 400 || !strings.Contains(body, `"HostId":"sts.aliyuncs.com"`) || !strings.Contains(body, "product=Sts") {
		t.Fatalf("V1 wrong secret: %d %s", st, body)
	}
}

func TestRouting_byVersion(t *testing.T) {
	ts := start(t)
	// An ECS action with STS's version, and STS's action with ECS's version: the product has no such action.
	st, body, _ := v1Call{params: url.Values{"Action": {"DescribeSnapshots"}, "RegionId": {ts.Region}, "Version": {STSAPIVersion}}}.do(t, ts)
	wantWireError(t, st, body, 404, "InvalidAction.NotFound")
	st, body, _ = v1Call{params: url.Values{"Action": {"GetCallerIdentity"}, "Version": {APIVersion}}}.do(t, ts)
	wantWireError(t, st, body, 404, "InvalidAction.NotFound")
	// A version no product speaks.
	st, body, _ = v1Call{params: url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2019-01-01"}}}.do(t, ts)
	wantWireError(t, st, body, 400, "InvalidVersion")
	// Through the SDKs (V3): the STS SDK against ECS's action table is not possible, so send ECS's action with
	// STS's version by hand.
	st, body, _ = v3Request{action: "DescribeRegions", headers: map[string]string{"x-acs-version": STSAPIVersion}}.do(t, ts)
	wantWireError(t, st, body, 404, "InvalidAction.NotFound")
	st, body, _ = v3Request{action: "GetCallerIdentity", headers: map[string]string{"x-acs-version": APIVersion}}.do(t, ts)
	wantWireError(t, st, body, 404, "InvalidAction.NotFound")
	st, body, _ = v3Request{action: "GetCallerIdentity", headers: map[string]string{"x-acs-version": STSAPIVersion}}.do(t, ts)
	if st != 200 {
		t.Fatalf("V3 GetCallerIdentity: %d %s", st, body)
	}
	calls := ts.CallCounts()
	if calls["GetCallerIdentity"] != 4 || calls["DescribeSnapshots"] != 1 || calls["DescribeRegions"] != 1 {
		t.Fatalf("call counts %v", calls)
	}
}

func TestRouting_byHostName(t *testing.T) {
	ts := start(t)
	// The STS SDK sent to sts.<region>.aliyuncs.com and sts.aliyuncs.com.
	for _, host := range []string{"sts.cn-shanghai.aliyuncs.com", "sts.aliyuncs.com"} {
		out, err := stsClient(t, ts, viaHost(ts, host)).GetCallerIdentity()
		mustOK(t, err)
		if tea.StringValue(out.Body.IdentityType) != "RAMUser" {
			t.Fatalf("%s: %+v", host, out.Body)
		}
	}
	// ECS's action sent to STS's host, and STS's to ECS's: the endpoint's product has no such action.
	_, err := sdk(t, ts, viaHost(ts, "sts.aliyuncs.com")).DescribeRegions(&ecs.DescribeRegionsRequest{})
	wantAPIError(t, err, 404, "InvalidAction.NotFound")
	_, err = stsClient(t, ts, viaHost(ts, "ecs.cn-hangzhou.aliyuncs.com")).GetCallerIdentity()
	wantAPIError(t, err, 404, "InvalidAction.NotFound")
	// The product's action with another product's version at its own host: a version it does not speak.
	st, body, _ := v1Call{params: url.Values{"Action": {"GetCallerIdentity"}, "Version": {APIVersion}}, host: "sts.aliyuncs.com"}.do(t, ts)
	wantWireError(t, st, body, 400, "InvalidVersion")
}

func TestRegion_fromHostName(t *testing.T) {
	ts := start(t)
	hz := sdk(t, ts, viaHost(ts, "ecs.cn-hangzhou.aliyuncs.com"))
	sh := sdk(t, ts, viaHost(ts, "ecs.cn-shanghai.aliyuncs.com"))
	id := createSnapshot(t, hz, diskRunningData)
	// ModifySnapshotAttribute carries no RegionId: the regional host decides, and cn-shanghai has no such snapshot.
	_, err := sh.ModifySnapshotAttribute(&ecs.ModifySnapshotAttributeRequest{SnapshotId: tea.String(id), SnapshotName: tea.String("renamed")})
	wantAPIError(t, err, 404, "InvalidSnapshotId.NotFound")
	_, err = hz.ModifySnapshotAttribute(&ecs.ModifySnapshotAttributeRequest{SnapshotId: tea.String(id), SnapshotName: tea.String("renamed")})
	mustOK(t, err)
	// CreateSnapshot of a cn-shanghai disk sent to cn-hangzhou's host: the disk is not in that region.
	_, err = hz.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskShanghai)})
	wantAPIError(t, err, 404, "InvalidDiskId.NotFound")
	// A RegionId beats the host name.
	shID := createSnapshot(t, sh, diskShanghai)
	if s, ok := ts.Backend().Snapshot(shID); !ok || s.RegionId != regionShanghai {
		t.Fatalf("snapshot %+v", s)
	}
	join := func(region *string) error {
		_, err := hz.JoinResourceGroup(&ecs.JoinResourceGroupRequest{RegionId: region, ResourceType: tea.String("snapshot"),
			ResourceId: tea.String(shID), ResourceGroupId: tea.String(rgOther)})
		return err
	}
	wantAPIError(t, join(nil), 404, "InvalidResourceId.NotFound")
	mustOK(t, join(tea.String(regionShanghai)))
	// A regional host of a region the account does not have.
	_, err = sdk(t, ts, viaHost(ts, "ecs.mars-1.aliyuncs.com")).DeleteSnapshot(&ecs.DeleteSnapshotRequest{SnapshotId: tea.String(id)})
	wantAPIError(t, err, 404, "InvalidRegionId.NotFound")
}

func TestRegion_ofTheNamedResource(t *testing.T) {
	ts := start(t)
	if !slices.Equal(ts.Regions, []string{"cn-hangzhou", regionShanghai, "ap-southeast-1"}) || ts.Region != "cn-hangzhou" {
		t.Fatalf("TestServer regions %v, region %s", ts.Regions, ts.Region)
	}
	c := sdk(t, ts) // endpoint 127.0.0.1: no region in the host name
	id := createSnapshot(t, c, diskShanghai)
	s, ok := ts.Backend().Snapshot(id)
	if !ok || s.RegionId != regionShanghai {
		t.Fatalf("snapshot %+v", s)
	}
	// DescribeSnapshots is per region.
	for region, want := range map[string]int32{"cn-hangzhou": 0, regionShanghai: 1} {
		out, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(region)})
		mustOK(t, err)
		if tea.Int32Value(out.Body.TotalCount) != want {
			t.Fatalf("%s: %d snapshots", region, tea.Int32Value(out.Body.TotalCount))
		}
	}
	_, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String("mars-1")})
	wantAPIError(t, err, 404, "InvalidRegionId.NotFound")
	_, err = c.DeleteSnapshot(&ecs.DeleteSnapshotRequest{SnapshotId: tea.String(id)})
	mustOK(t, err)
	if _, ok := ts.Backend().Snapshot(id); ok {
		t.Fatal("DeleteSnapshot without RegionId left the cn-shanghai snapshot")
	}
}

func TestDescribeRegions_throughSDK(t *testing.T) {
	ts := start(t)
	out, err := sdk(t, ts).DescribeRegions(&ecs.DescribeRegionsRequest{})
	mustOK(t, err)
	var got []string
	for _, r := range out.Body.Regions.Region {
		got = append(got, tea.StringValue(r.RegionId)+" "+tea.StringValue(r.RegionEndpoint)+" "+tea.StringValue(r.Status))
	}
	want := []string{"cn-hangzhou ecs.cn-hangzhou.aliyuncs.com available", "cn-shanghai ecs.cn-shanghai.aliyuncs.com available",
		"ap-southeast-1 ecs.ap-southeast-1.aliyuncs.com available"}
	if !slices.Equal(got, want) {
		t.Fatalf("regions %v", got)
	}
	_, err = sdk(t, ts).DescribeRegions(&ecs.DescribeRegionsRequest{AcceptLanguage: tea.String("xx")})
	wantAPIError(t, err, 404, "InvalidAcceptLanguage.NotFound")
}

func TestControlSnapshots_everyRegion(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	hz := createSnapshot(t, c, diskRunningData)
	sh := createSnapshot(t, c, diskShanghai)
	var listed []struct{ SnapshotId, RegionId string } //nolint:revive // wire names
	if err := json.Unmarshal([]byte(wantControl(t, ts, "GET", "/_emulator/snapshots", "", http.StatusOK)), &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed) != 2 || listed[0].SnapshotId != hz || listed[0].RegionId != "cn-hangzhou" ||
		listed[1].SnapshotId != sh || listed[1].RegionId != regionShanghai {
		t.Fatalf("%+v", listed)
	}
	wantControl(t, ts, "POST", "/_emulator/snapshots/"+sh+"/usage", `{"usage":"image"}`, http.StatusNoContent)
	_, err := c.DeleteSnapshot(&ecs.DeleteSnapshotRequest{SnapshotId: tea.String(sh)})
	wantAPIError(t, err, 403, "SnapshotCreatedImage")
	wantControl(t, ts, "POST", "/_emulator/disks/"+diskShanghai+"/fail-next", "", http.StatusNoContent)
}

func TestControlSeed_regionsForm(t *testing.T) {
	ts := start(t)
	seed := `{"regions":[{"region_id":"cn-beijing","resource_groups":["rg-bj"],
	  "instances":[{"instance_id":"i-2zeseeded00000000000","zone_id":"cn-beijing-h","status":"Running","ever_started":true}],
	  "disks":[{"disk_id":"d-2zeseeded00000000000","instance_id":"i-2zeseeded00000000000","zone_id":"cn-beijing-h","type":"data",
	  "category":"cloud_essd","size_gib":20,"ever_attached":true,"ever_used":true}]}]}`
	wantControl(t, ts, "POST", "/_emulator/seed", seed, http.StatusNoContent)
	c := sdk(t, ts)
	out, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: tea.String("cn-beijing")})
	mustOK(t, err)
	if tea.Int32Value(out.Body.TotalCount) != 1 {
		t.Fatalf("cn-beijing disks: %d", tea.Int32Value(out.Body.TotalCount))
	}
	id := createSnapshot(t, c, "d-2zeseeded00000000000")
	if s, _ := ts.Backend().Snapshot(id); s.RegionId != "cn-beijing" || !strings.HasPrefix(id, "s-2ze") {
		t.Fatalf("seeded region's snapshot %s in %s", id, s.RegionId)
	}
	wantControl(t, ts, "POST", "/_emulator/seed", `{"regions":[{"region_id":"cn-qingdao"}]}`, http.StatusBadRequest)
}
