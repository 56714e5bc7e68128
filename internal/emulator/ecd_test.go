package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	util "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"

	ecdbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// ecdAPI calls ECD through the generic OpenAPI client the ECS SDK brings (V3 signatures, as ECD's SDKs send).
type ecdAPI struct {
	t *testing.T
	c *openapi.Client
}

func newECD(t *testing.T, ts *TestServer, edit ...func(*openapi.Config)) ecdAPI {
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
	c, err := openapi.NewClient(cfg)
	if err != nil {
		t.Fatalf("openapi.NewClient: %v", err)
	}
	return ecdAPI{t: t, c: c}
}

// call sends action with query (RegionId cn-hangzhou unless given; "" removes a parameter) and answers the body.
func (e ecdAPI) call(action string, query map[string]string) (map[string]any, error) {
	q := map[string]*string{"RegionId": tea.String("cn-hangzhou")}
	for k, v := range query {
		if v == "" {
			delete(q, k)
			continue
		}
		q[k] = tea.String(v)
	}
	out, err := e.c.CallApi(&openapi.Params{
		Action: tea.String(action), Version: tea.String(ECDAPIVersion), Protocol: tea.String("HTTP"),
		Pathname: tea.String("/"), Method: tea.String("POST"), AuthType: tea.String("AK"), Style: tea.String("RPC"),
		ReqBodyType: tea.String("formData"), BodyType: tea.String("json"),
	}, &openapi.OpenApiRequest{Query: q}, &util.RuntimeOptions{})
	if err != nil {
		return nil, err
	}
	body, _ := out["body"].(map[string]any)
	return body, nil
}

func (e ecdAPI) ok(action string, query map[string]string) map[string]any {
	e.t.Helper()
	body, err := e.call(action, query)
	if err != nil {
		e.t.Fatalf("%s %v: %v", action, query, err)
	}
	return body
}

func (e ecdAPI) create(desktop, disk, name string) string {
	e.t.Helper()
	body := e.ok("CreateSnapshot", map[string]string{"DesktopId": desktop, "SourceDiskType": disk, "SnapshotName": name})
	id, _ := body["SnapshotId"].(string)
	if !strings.HasPrefix(id, "s-bp1") || len(id) != 22 {
		e.t.Fatalf("SnapshotId %q is not in the s-<20> form of cn-hangzhou", id)
	}
	return id
}

// snapshots answers DescribeSnapshots' Snapshots (a bare array) and NextToken.
func (e ecdAPI) snapshots(query map[string]string) ([]map[string]any, string) {
	e.t.Helper()
	body := e.ok("DescribeSnapshots", query)
	raw, ok := body["Snapshots"].([]any)
	if !ok {
		e.t.Fatalf("Snapshots is %T, want a bare array: %v", body["Snapshots"], body)
	}
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i] = as[map[string]any](e.t, r)
	}
	next, _ := body["NextToken"].(string)
	return out, next
}

func (e ecdAPI) one(id string) map[string]any {
	e.t.Helper()
	list, _ := e.snapshots(map[string]string{"SnapshotId": id})
	if len(list) != 1 {
		e.t.Fatalf("DescribeSnapshots SnapshotId=%s: %d snapshots", id, len(list))
	}
	return list[0]
}

func ecdIDs(list []map[string]any) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i], _ = s["SnapshotId"].(string)
	}
	return out
}

func startECD(t *testing.T) (*TestServer, ecdAPI) {
	t.Helper()
	ts := start(t)
	return ts, newECD(t, ts)
}

func TestECDCreateSnapshot_progressesWithTheEmulatorClock(t *testing.T) {
	clock := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clock.Now, SnapshotDuration: 10 * time.Second}, Config{Now: time.Now})
	e := newECD(t, ts)
	id := e.create(ecdbackend.DesktopRunning, "system", "before-upgrade")
	s := e.one(id)
	want := map[string]any{
		"Status": "PROGRESSING", "Progress": "0%", "RemainTime": json.Number("10"), "SnapshotType": "USER",
		"SourceDiskType": "SYSTEM", "SourceDiskSize": "80", "DesktopId": ecdbackend.DesktopRunning,
		"DesktopName": "dev-desktop", "DesktopStatus": "Running", "SnapshotName": "before-upgrade", "Description": "",
		"Creator": DefaultUserName, "ProtocolType": "ASP", "OsType": "Windows", "VolumeEncryptionEnabled": false,
		"CreationTime": clock.Now().UTC().Format("2006-01-02T15:04:05Z"), "DiskStatus": "Available",
	}
	for k, v := range want {
		if s[k] != v {
			t.Errorf("%s = %#v, want %#v", k, s[k], v)
		}
	}
	clock.Advance(5 * time.Second)
	if s := e.one(id); s["Status"] != "PROGRESSING" || s["Progress"] != "50%" || s["RemainTime"] != json.Number("5") {
		t.Fatalf("half-way: %v", s)
	}
	// The emulator's clock control moves ECD snapshots on as it moves ECS ones.
	if _, err := ts.AdvanceClock(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if s := e.one(id); s["Status"] != "ACCOMPLISHED" || s["Progress"] != "100%" || s["RemainTime"] != json.Number("0") {
		t.Fatalf("done: %v", s)
	}
}

func TestECDCreateSnapshot_stoppedDesktopDataDiskAnyCase(t *testing.T) {
	_, e := startECD(t)
	for _, disk := range []string{"data", "DATA", "Data"} {
		id := e.create(ecdbackend.DesktopStopped, disk, "nightly")
		s := e.one(id)
		if s["SourceDiskType"] != "DATA" || s["SourceDiskSize"] != "100" || s["DesktopStatus"] != "Stopped" ||
			s["VolumeEncryptionEnabled"] != true || s["VolumeEncryptionKey"] != ecdbackend.KMSKey || s["OsType"] != "Linux" {
			t.Fatalf("SourceDiskType %s: %v", disk, s)
		}
	}
}

func TestECDCreateSnapshot_descriptionUpTo128(t *testing.T) {
	_, e := startECD(t)
	id := as[string](t, e.ok("CreateSnapshot", map[string]string{"DesktopId": ecdbackend.DesktopRunning, "SourceDiskType": "system",
		"SnapshotName": "described", "Description": strings.Repeat("d", 128)})["SnapshotId"])
	if got := e.one(id)["Description"]; got != strings.Repeat("d", 128) {
		t.Fatalf("Description %v", got)
	}
	_, err := e.call("CreateSnapshot", map[string]string{"DesktopId": ecdbackend.DesktopRunning, "SourceDiskType": "system",
		"SnapshotName": "described", "Description": strings.Repeat("d", 129)})
	wantAPIError(t, err, 404, "InvalidDescription.Malformed")
}

func TestECDCreateSnapshot_desktopMustBeRunningOrStopped(t *testing.T) {
	_, e := startECD(t)
	for _, d := range []string{ecdbackend.DesktopStarting, ecdbackend.DesktopPending, ecdbackend.DesktopExpired} {
		_, err := e.call("CreateSnapshot", map[string]string{"DesktopId": d, "SourceDiskType": "system", "SnapshotName": "x1"})
		wantAPIError(t, err, 400, "IncorrectInstanceStatus")
	}
	if got := len(mustSnapshots(t, e)); got != 0 {
		t.Fatalf("%d snapshots after refused creates", got)
	}
}

func mustSnapshots(t *testing.T, e ecdAPI) []map[string]any {
	t.Helper()
	list, _ := e.snapshots(nil)
	return list
}

func TestECDCreateSnapshot_missingParameters(t *testing.T) {
	_, e := startECD(t)
	full := map[string]string{"DesktopId": ecdbackend.DesktopRunning, "SourceDiskType": "system", "SnapshotName": "ok1"}
	for _, p := range []string{"RegionId", "DesktopId", "SnapshotName", "SourceDiskType"} {
		q := map[string]string{}
		for k, v := range full {
			q[k] = v
		}
		q[p] = ""
		_, err := e.call("CreateSnapshot", q)
		wantAPIError(t, err, 400, "MissingParameter")
		if !strings.Contains(err.Error(), p) {
			t.Errorf("missing %s: %v does not name it", p, err)
		}
	}
}

func TestECDCreateSnapshot_snapshotNameRule(t *testing.T) {
	_, e := startECD(t)
	for _, bad := range []string{"a", strings.Repeat("a", 128), "1abc", "_abc", "auto-x", "autoSnap", "has space", "a:b", "a.b"} {
		_, err := e.call("CreateSnapshot", map[string]string{"DesktopId": ecdbackend.DesktopRunning, "SourceDiskType": "system", "SnapshotName": bad})
		wantAPIError(t, err, 400, "InvalidSnapshotName.Malformed")
	}
	for _, good := range []string{"ab", strings.Repeat("a", 127), "Snap_1-x", "快照1"} {
		e.create(ecdbackend.DesktopRunning, "system", good)
	}
}

func TestECDCreateSnapshot_invalidSourceDiskType(t *testing.T) {
	_, e := startECD(t)
	_, err := e.call("CreateSnapshot", map[string]string{"DesktopId": ecdbackend.DesktopRunning, "SourceDiskType": "root", "SnapshotName": "x1"})
	wantAPIError(t, err, 404, "InvalidSourceDiskType")
}

func TestECDCreateSnapshot_unknownDesktop(t *testing.T) {
	_, e := startECD(t)
	for _, d := range []string{"ecd-bp1nosuchdesktop00", ecdbackend.DesktopShanghai} { // the second is in another region
		_, err := e.call("CreateSnapshot", map[string]string{"DesktopId": d, "SourceDiskType": "system", "SnapshotName": "x1"})
		wantAPIError(t, err, 404, "InvalidInstanceId.NotFound")
	}
}

func TestECD_unknownRegion(t *testing.T) {
	_, e := startECD(t)
	for _, action := range []string{"CreateSnapshot", "DescribeSnapshots", "DeleteSnapshot", "DescribeDesktops"} {
		_, err := e.call(action, map[string]string{"RegionId": "xx-nowhere-1", "DesktopId": ecdbackend.DesktopRunning,
			"SourceDiskType": "system", "SnapshotName": "x1", "SnapshotId.1": "s-bp1aaaaaaaaaaaaaaaaa"})
		wantAPIError(t, err, 404, "InvalidRegionId.NotFound")
		_, err = e.call(action, map[string]string{"RegionId": ""})
		wantAPIError(t, err, 400, "MissingParameter")
	}
}

func TestECDCreateSnapshot_otherRegion(t *testing.T) {
	_, e := startECD(t)
	body := e.ok("CreateSnapshot", map[string]string{"RegionId": "cn-shanghai", "DesktopId": ecdbackend.DesktopShanghai,
		"SourceDiskType": "data", "SnapshotName": "sh1"})
	id := as[string](t, body["SnapshotId"])
	if !strings.HasPrefix(id, "s-uf6") {
		t.Fatalf("cn-shanghai snapshot ID %q", id)
	}
	if list, _ := e.snapshots(nil); len(list) != 0 {
		t.Fatalf("cn-hangzhou lists %v", ecdIDs(list))
	}
	if list, _ := e.snapshots(map[string]string{"RegionId": "cn-shanghai"}); !slices.Equal(ecdIDs(list), []string{id}) {
		t.Fatalf("cn-shanghai lists %v", ecdIDs(list))
	}
}

func TestECDDescribeSnapshots_everyFilter(t *testing.T) {
	ts, e := startECD(t)
	clock0 := time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04:05Z")
	runSys := e.create(ecdbackend.DesktopRunning, "system", "run-sys")
	runData := e.create(ecdbackend.DesktopRunning, "data", "run-data")
	stopSys := e.create(ecdbackend.DesktopStopped, "SYSTEM", "stop-sys")
	auto, err := ts.ECD().TakeAutoSnapshot(ecdbackend.DesktopRunning, "system")
	if err != nil {
		t.Fatal(err)
	}
	future := time.Now().UTC().Add(time.Hour).Format("2006-01-02T15:04:05Z")
	cases := []struct {
		name  string
		query map[string]string
		want  []string
	}{
		{"none (newest first)", nil, []string{auto, stopSys, runData, runSys}},
		{"DesktopId", map[string]string{"DesktopId": ecdbackend.DesktopStopped}, []string{stopSys}},
		{"DesktopName", map[string]string{"DesktopName": "dev-desktop"}, []string{auto, runData, runSys}},
		{"SnapshotId", map[string]string{"SnapshotId": runData}, []string{runData}},
		{"SnapshotName", map[string]string{"SnapshotName": "run-sys"}, []string{runSys}},
		{"SourceDiskType System", map[string]string{"SourceDiskType": "System"}, []string{auto, stopSys, runSys}},
		{"SourceDiskType data", map[string]string{"SourceDiskType": "data"}, []string{runData}},
		{"SnapshotType auto", map[string]string{"SnapshotType": "auto"}, []string{auto}},
		{"SnapshotType user", map[string]string{"SnapshotType": "user"}, []string{stopSys, runData, runSys}},
		{"SnapshotType all", map[string]string{"SnapshotType": "all"}, []string{auto, stopSys, runData, runSys}},
		{"Creator", map[string]string{"Creator": DefaultUserName}, []string{stopSys, runData, runSys}},
		{"Creator other", map[string]string{"Creator": "bob"}, []string{}},
		{"OsType", map[string]string{"OsType": "Linux"}, []string{stopSys}},
		{"StartTime past", map[string]string{"StartTime": clock0}, []string{auto, stopSys, runData, runSys}},
		{"StartTime future", map[string]string{"StartTime": future}, []string{}},
		{"EndTime past", map[string]string{"EndTime": clock0}, []string{}},
		{"StartTime and EndTime", map[string]string{"StartTime": clock0, "EndTime": future}, []string{auto, stopSys, runData, runSys}},
		{"combined", map[string]string{"DesktopId": ecdbackend.DesktopRunning, "SourceDiskType": "SYSTEM", "SnapshotType": "USER"}, []string{runSys}},
	}
	for _, c := range cases {
		list, next := e.snapshots(c.query)
		if got := ecdIDs(list); !slices.Equal(got, c.want) || next != "" {
			t.Errorf("%s: %v (next %q), want %v", c.name, got, next, c.want)
		}
	}
	if s := e.one(auto); s["SnapshotType"] != "AUTO" || !strings.HasPrefix(as[string](t, s["SnapshotName"]), "auto_") {
		t.Errorf("automatic snapshot: %v", s)
	}
}

func TestECDDescribeSnapshots_refusedFilters(t *testing.T) {
	_, e := startECD(t)
	_, err := e.call("DescribeSnapshots", map[string]string{"SourceDiskType": "root"})
	wantAPIError(t, err, 404, "InvalidSourceDiskType")
	_, err = e.call("DescribeSnapshots", map[string]string{"SnapshotType": "manual"})
	wantAPIError(t, err, 404, "InvalidSnapshotType.NotFound")
	for _, p := range []string{"StartTime", "EndTime"} {
		for _, v := range []string{"2026-01-01", "2026-01-01 00:00:00", "yesterday"} {
			_, err = e.call("DescribeSnapshots", map[string]string{p: v})
			wantAPIError(t, err, 400, "InvalidParameter")
		}
	}
}

func TestECDDescribeSnapshots_nextTokenPaging(t *testing.T) {
	_, e := startECD(t)
	var made []string
	for i := range 5 {
		made = append(made, e.create(ecdbackend.DesktopRunning, "data", fmt.Sprintf("p%d", i)))
	}
	slices.Reverse(made)
	var seen []string
	next := ""
	for page := 0; ; page++ {
		list, tok := e.snapshots(map[string]string{"MaxResults": "2", "NextToken": next})
		seen = append(seen, ecdIDs(list)...)
		if want := min(2, 5-2*page); len(list) != want {
			t.Fatalf("page %d has %d snapshots, want %d", page, len(list), want)
		}
		if tok == "" {
			break
		}
		next = tok
	}
	if !slices.Equal(seen, made) {
		t.Fatalf("pages gave %v, want %v", seen, made)
	}
	// A snapshot deleted between pages neither shifts nor repeats the rest.
	first, tok := e.snapshots(map[string]string{"MaxResults": "2"})
	e.ok("DeleteSnapshot", map[string]string{"SnapshotId.1": ecdIDs(first)[0]})
	rest, _ := e.snapshots(map[string]string{"MaxResults": "10", "NextToken": tok})
	if !slices.Equal(ecdIDs(rest), made[2:]) {
		t.Fatalf("after a delete, the next page is %v, want %v", ecdIDs(rest), made[2:])
	}
}

func TestECDDescribeSnapshots_defaultPageSize100(t *testing.T) {
	ts, e := startECD(t)
	for i := range 101 {
		if _, err := ts.ECD().CreateSnapshot(ecdbackend.CreateSnapshotInput{RegionID: "cn-hangzhou",
			DesktopID: ecdbackend.DesktopRunning, SnapshotName: fmt.Sprintf("n%d", i), SourceDiskType: "data"}); err != nil {
			t.Fatal(err)
		}
	}
	list, next := e.snapshots(nil)
	if len(list) != 100 || next == "" {
		t.Fatalf("first page: %d snapshots, next %q", len(list), next)
	}
	list, next = e.snapshots(map[string]string{"NextToken": next})
	if len(list) != 1 || next != "" {
		t.Fatalf("second page: %d snapshots, next %q", len(list), next)
	}
	list, _ = e.snapshots(map[string]string{"MaxResults": "100"})
	if len(list) != 100 {
		t.Fatalf("MaxResults 100: %d", len(list))
	}
}

func TestECDDescribeSnapshots_refusedPaging(t *testing.T) {
	_, e := startECD(t)
	for _, bad := range []string{"0", "101", "-1", "ten"} {
		_, err := e.call("DescribeSnapshots", map[string]string{"MaxResults": bad})
		wantAPIError(t, err, 400, "InvalidParameter.MaxResults")
	}
	for _, bad := range []string{"not-a-token", "abcd", "6162"} {
		_, err := e.call("DescribeSnapshots", map[string]string{"NextToken": bad})
		wantAPIError(t, err, 400, "InvalidParameter.NextToken")
	}
}

// The answer is shaped as the documents show it: RequestId, NextToken and a bare Snapshots array (no
// {"Snapshot":[...]} wrapper, no paging totals), RemainTime a number and SourceDiskSize a string.
func TestECDDescribeSnapshots_responseShape(t *testing.T) {
	ts, e := startECD(t)
	status, body, _ := v3Request{action: "DescribeSnapshots", version: ECDAPIVersion,
		query: url.Values{"RegionId": {"cn-hangzhou"}}}.do(t, ts)
	if status != http.StatusOK || !strings.Contains(body, `"NextToken":"","Snapshots":[]`) {
		t.Fatalf("empty: %d %s", status, body)
	}
	e.create(ecdbackend.DesktopRunning, "system", "shape")
	status, body, _ = v3Request{action: "DescribeSnapshots", version: ECDAPIVersion,
		query: url.Values{"RegionId": {"cn-hangzhou"}}}.do(t, ts)
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &got); status != http.StatusOK || err != nil {
		t.Fatalf("%d %s %v", status, body, err)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range got {
			if !yield(k) {
				return
			}
		}
	})
	if !slices.Equal(keys, []string{"NextToken", "RequestId", "Snapshots"}) {
		t.Fatalf("top-level fields %v", keys)
	}
	if !strings.HasPrefix(string(got["Snapshots"]), "[{") || !strings.Contains(body, `"RemainTime":0,`) ||
		!strings.Contains(body, `"SourceDiskSize":"80"`) || strings.Contains(body, `"Snapshot":`) {
		t.Fatalf("snapshot shape: %s", body)
	}
}

func TestECDDeleteSnapshot_oneToHundredIDs(t *testing.T) {
	ts, e := startECD(t)
	a := e.create(ecdbackend.DesktopRunning, "system", "a1")
	b := e.create(ecdbackend.DesktopRunning, "data", "b1")
	c := e.create(ecdbackend.DesktopStopped, "data", "c1")
	e.ok("DeleteSnapshot", map[string]string{"SnapshotId.1": a})
	e.ok("DeleteSnapshot", map[string]string{"SnapshotId.1": b, "SnapshotId.2": c})
	if got := ts.ECD().Snapshots(); len(got) != 0 {
		t.Fatalf("left %v", got)
	}
	var hundred []string
	for i := range 100 {
		out, err := ts.ECD().CreateSnapshot(ecdbackend.CreateSnapshotInput{RegionID: "cn-hangzhou",
			DesktopID: ecdbackend.DesktopRunning, SnapshotName: fmt.Sprintf("h%d", i), SourceDiskType: "data"})
		if err != nil {
			t.Fatal(err)
		}
		hundred = append(hundred, out.SnapshotID)
	}
	q := map[string]string{}
	for i, id := range hundred {
		q["SnapshotId."+strconv.Itoa(i+1)] = id
	}
	q["SnapshotId.101"] = hundred[0]
	_, err := e.call("DeleteSnapshot", q)
	wantAPIError(t, err, 403, "InvalidSnapshotIds.Malformed")
	delete(q, "SnapshotId.101")
	e.ok("DeleteSnapshot", q)
	if got := ts.ECD().Snapshots(); len(got) != 0 {
		t.Fatalf("left %d", len(got))
	}
}

func TestECDDeleteSnapshot_missingIDs(t *testing.T) {
	_, e := startECD(t)
	_, err := e.call("DeleteSnapshot", nil)
	wantAPIError(t, err, 400, "MissingParameter")
}

func TestECDDeleteSnapshot_unknownIDDeletesNothing(t *testing.T) {
	ts, e := startECD(t)
	a := e.create(ecdbackend.DesktopRunning, "system", "a1")
	_, err := e.call("DeleteSnapshot", map[string]string{"SnapshotId.1": a, "SnapshotId.2": "s-bp1nosuchsnapshot000"})
	wantAPIError(t, err, 404, "InvalidSnapshotId.NotFound")
	if got := ts.ECD().Snapshots(); len(got) != 1 {
		t.Fatalf("a refused delete removed snapshots: %v", got)
	}
	// A snapshot of another region is not found in this one.
	_, err = e.call("DeleteSnapshot", map[string]string{"RegionId": "cn-shanghai", "SnapshotId.1": a})
	wantAPIError(t, err, 404, "InvalidSnapshotId.NotFound")
	// An ECD snapshot is not an ECS one: ECS's DeleteSnapshot (which ignores IDs it does not know) leaves it.
	_, err = sdk(t, ts).DeleteSnapshot(&ecs.DeleteSnapshotRequest{SnapshotId: tea.String(a)})
	mustOK(t, err)
	if got := ts.ECD().Snapshots(); len(got) != 1 {
		t.Fatalf("ECS DeleteSnapshot removed an ECD snapshot: %v", got)
	}
}

func TestECDDeleteSnapshot_whileProgressing(t *testing.T) {
	ts := StartTestServer(t, backend.Options{SnapshotDuration: time.Hour}, Config{})
	e := newECD(t, ts)
	id := e.create(ecdbackend.DesktopRunning, "system", "slow")
	if s := e.one(id); s["Status"] != "PROGRESSING" {
		t.Fatalf("%v", s)
	}
	e.ok("DeleteSnapshot", map[string]string{"SnapshotId.1": id})
	if list := mustSnapshots(t, e); len(list) != 0 {
		t.Fatalf("left %v", ecdIDs(list))
	}
}

func TestECDDescribeDesktops_discoversTheFixture(t *testing.T) {
	_, e := startECD(t)
	body := e.ok("DescribeDesktops", nil)
	desktops := as[[]any](t, body["Desktops"])
	if len(desktops) != 5 || body["NextToken"] != "" {
		t.Fatalf("%d desktops, next %v", len(desktops), body["NextToken"])
	}
	statuses := map[string]string{}
	for _, raw := range desktops {
		d := as[map[string]any](t, raw)
		statuses[as[string](t, d["DesktopId"])] = as[string](t, d["DesktopStatus"])
		disks := as[[]any](t, d["Disks"])
		if len(disks) != 2 || as[map[string]any](t, disks[0])["DiskType"] != "SYSTEM" || as[map[string]any](t, disks[1])["DiskType"] != "DATA" ||
			!strings.HasPrefix(as[string](t, as[map[string]any](t, disks[0])["DiskId"]), "d-") {
			t.Errorf("%v disks %v", d["DesktopId"], disks)
		}
	}
	want := map[string]string{ecdbackend.DesktopRunning: "Running", ecdbackend.DesktopStopped: "Stopped",
		ecdbackend.DesktopStarting: "Starting", ecdbackend.DesktopPending: "Pending", ecdbackend.DesktopExpired: "Expired"}
	for id, st := range want {
		if statuses[id] != st {
			t.Errorf("%s: %q, want %q", id, statuses[id], st)
		}
	}
	// Filters and paging.
	body = e.ok("DescribeDesktops", map[string]string{"DesktopStatus": "Running"})
	if ds := as[[]any](t, body["Desktops"]); len(ds) != 1 || as[map[string]any](t, ds[0])["DesktopId"] != ecdbackend.DesktopRunning {
		t.Errorf("Running: %v", ds)
	}
	body = e.ok("DescribeDesktops", map[string]string{"DesktopId.1": ecdbackend.DesktopStopped, "DesktopId.2": ecdbackend.DesktopExpired})
	if ds := as[[]any](t, body["Desktops"]); len(ds) != 2 {
		t.Errorf("by ID: %v", ds)
	}
	body = e.ok("DescribeDesktops", map[string]string{"MaxResults": "3"})
	next, _ := body["NextToken"].(string)
	if len(as[[]any](t, body["Desktops"])) != 3 || next == "" {
		t.Fatalf("page 1: %v", body)
	}
	body = e.ok("DescribeDesktops", map[string]string{"MaxResults": "3", "NextToken": next})
	if len(as[[]any](t, body["Desktops"])) != 2 || body["NextToken"] != "" {
		t.Fatalf("page 2: %v", body)
	}
	q := map[string]string{}
	for i := range 101 {
		q["DesktopId."+strconv.Itoa(i+1)] = ecdbackend.DesktopRunning
	}
	_, err := e.call("DescribeDesktops", q)
	wantAPIError(t, err, 400, "InvalidInstanceIds.Malformed")
	_, err = e.call("DescribeDesktops", map[string]string{"MaxResults": "101"})
	wantAPIError(t, err, 400, "InvalidParameter.MaxResults")
}

// ECD's actions share names with ECS's: the version routes them, and so does ECD's host name.
func TestECD_routingByVersionAndHost(t *testing.T) {
	ts, e := startECD(t)
	// The ECS SDK's CreateSnapshot still reaches ECS.
	ecsID := createSnapshot(t, sdk(t, ts), diskRunningData)
	ecdID := e.create(ecdbackend.DesktopRunning, "system", "routed")
	if _, ok := ts.Backend().Snapshot(ecdID); ok {
		t.Fatal("an ECD snapshot is in ECS")
	}
	if list := mustSnapshots(t, e); !slices.Equal(ecdIDs(list), []string{ecdID}) {
		t.Fatalf("ECD lists %v (ECS snapshot %s must not be there)", ecdIDs(list), ecsID)
	}
	// Through ECD's regional host name (an HTTP proxy keeps the Host header).
	viaECD := newECD(t, ts, viaHost(ts, "ecd.cn-hangzhou.aliyuncs.com"))
	if list, _ := viaECD.snapshots(nil); !slices.Equal(ecdIDs(list), []string{ecdID}) {
		t.Fatalf("via ecd host: %v", ecdIDs(list))
	}
	// At ECD's host, an action ECD lacks is unknown, and a shared action with ECS's version is a version ECD does
	// not speak; at ECS's host, likewise the other way round.
	_, err := sdk(t, ts, viaHost(ts, "ecd.cn-hangzhou.aliyuncs.com")).DescribeRegions(&ecs.DescribeRegionsRequest{})
	wantAPIError(t, err, 404, "InvalidAction.NotFound")
	_, err = sdk(t, ts, viaHost(ts, "ecd.cn-hangzhou.aliyuncs.com")).DeleteSnapshot(&ecs.DeleteSnapshotRequest{SnapshotId: tea.String("s-bp1aaaaaaaaaaaaaaaaa")})
	wantAPIError(t, err, 400, "InvalidVersion")
	viaECS := newECD(t, ts, viaHost(ts, "ecs.cn-hangzhou.aliyuncs.com"))
	_, err = viaECS.call("DescribeDesktops", nil)
	wantAPIError(t, err, 404, "InvalidAction.NotFound")
	_, err = viaECS.call("DescribeSnapshots", nil)
	wantAPIError(t, err, 400, "InvalidVersion")
	// Without a product's host name, the version decides: ECS has no DescribeDesktops.
	if status, body, _ := (v3Request{action: "DescribeDesktops", query: url.Values{"RegionId": {"cn-hangzhou"}}}).do(t, ts); status != 404 ||
		!strings.Contains(body, "InvalidAction.NotFound") {
		t.Fatalf("DescribeDesktops with ECS's version: %d %s", status, body)
	}
	// An ECD error carries ECD's HostId and product.
	status, body, _ := v3Request{action: "CreateSnapshot", version: ECDAPIVersion,
		query: url.Values{"RegionId": {"cn-hangzhou"}, "DesktopId": {"ecd-bp1nosuchdesktop00"}, "SnapshotName": {"x1"},
			"SourceDiskType": {"system"}}}.do(t, ts)
	if status != 404 || !strings.Contains(body, `"HostId":"ecd.aliyuncs.com"`) || !strings.Contains(body, "product=Ecd") {
		t.Fatalf("%d %s", status, body)
	}
}

func TestECD_v1Signature(t *testing.T) {
	ts, e := startECD(t)
	status, body, _ := v1Call{params: url.Values{"Action": {"CreateSnapshot"}, "Version": {ECDAPIVersion},
		"RegionId": {"cn-hangzhou"}, "DesktopId": {ecdbackend.DesktopStopped}, "SnapshotName": {"v1-snap"},
		"SourceDiskType": {"data"}}}.do(t, ts)
	if status != http.StatusOK || !strings.Contains(body, `"SnapshotId":"s-bp1`) {
		t.Fatalf("V1 CreateSnapshot: %d %s", status, body)
	}
	if list := mustSnapshots(t, e); len(list) != 1 || list[0]["SnapshotName"] != "v1-snap" {
		t.Fatalf("%v", list)
	}
	status, body, _ = v1Call{method: http.MethodPost, inForm: true, omit: []string{"Version"}, params: url.Values{"Action": {"DescribeSnapshots"},
		"Version": {ECDAPIVersion}, "RegionId": {"cn-hangzhou"}}}.do(t, ts)
	if status != http.StatusOK || !strings.Contains(body, `"SnapshotName":"v1-snap"`) {
		t.Fatalf("V1 DescribeSnapshots: %d %s", status, body)
	}
	status, body, _ = v1Call{secret: "wrong", params: url.Values{"Action": {"DescribeSnapshots"}, "Version": {ECDAPIVersion},
		"RegionId": {"cn-hangzhou"}}}.do(t, ts)
	if status != 400 || !strings.Contains(body, "SignatureDoesNotMatch") {
		t.Fatalf("V1 wrong secret: %d %s", status, body)
	}
	_, err := newECD(t, ts, func(c *openapi.Config) { c.AccessKeySecret = tea.String("wrong") }).call("DescribeSnapshots", nil)
	wantAPIError(t, err, 400, "SignatureDoesNotMatch")
}

func TestECD_callCountsAndFaultsByPrefixedName(t *testing.T) {
	ts, e := startECD(t)
	e.create(ecdbackend.DesktopRunning, "system", "c1")
	createSnapshot(t, sdk(t, ts), diskRunningData)
	e.snapshots(nil)
	counts := ts.CallCounts()
	if counts["ecd:CreateSnapshot"] != 1 || counts["CreateSnapshot"] != 1 || counts["ecd:DescribeSnapshots"] != 1 ||
		counts["DescribeSnapshots"] != 0 {
		t.Fatalf("counts %v", counts)
	}
	if err := ts.SetFaults([]Fault{{Action: "ecd:CreateSnapshot", Code: "Throttling", HTTPStatus: 403}}); err != nil {
		t.Fatal(err)
	}
	_, err := e.call("CreateSnapshot", map[string]string{"DesktopId": ecdbackend.DesktopRunning, "SourceDiskType": "system", "SnapshotName": "f1"})
	wantAPIError(t, err, 403, "Throttling")
	createSnapshot(t, sdk(t, ts), diskRunningData) // ECS's CreateSnapshot is not faulted
}

func TestECD_controls(t *testing.T) {
	ts, e := startECD(t)
	id := e.create(ecdbackend.DesktopRunning, "system", "ctl")
	var snaps []map[string]any
	controlGet(t, ts, "/_emulator/ecd/snapshots", &snaps)
	if len(snaps) != 1 || snaps[0]["SnapshotId"] != id || snaps[0]["RegionId"] != "cn-hangzhou" || snaps[0]["Status"] != "ACCOMPLISHED" {
		t.Fatalf("ecd snapshots control: %v", snaps)
	}
	var ecsSnaps []map[string]any
	controlGet(t, ts, "/_emulator/snapshots", &ecsSnaps)
	if len(ecsSnaps) != 0 {
		t.Fatalf("ECS control lists ECD snapshots: %v", ecsSnaps)
	}
	var desktops []map[string]any
	controlGet(t, ts, "/_emulator/ecd/desktops", &desktops)
	if len(desktops) != 6 {
		t.Fatalf("%d desktops", len(desktops))
	}
	// Status: a stopped desktop may be snapshotted again once running.
	controlPost(t, ts, "/_emulator/ecd/desktops/"+ecdbackend.DesktopStarting+"/status", `{"status":"Running"}`, http.StatusNoContent)
	e.create(ecdbackend.DesktopStarting, "data", "now-running")
	controlPost(t, ts, "/_emulator/ecd/desktops/"+ecdbackend.DesktopRunning+"/status", `{"status":"Bogus"}`, http.StatusBadRequest)
	controlPost(t, ts, "/_emulator/ecd/desktops/ecd-nope/status", `{"status":"Running"}`, http.StatusNotFound)
	// Fail-next: the next snapshot ends FAILED.
	controlPost(t, ts, "/_emulator/ecd/desktops/"+ecdbackend.DesktopRunning+"/fail-next", `{"count":1}`, http.StatusNoContent)
	failed := e.create(ecdbackend.DesktopRunning, "data", "doomed")
	if s := e.one(failed); s["Status"] != "FAILED" {
		t.Fatalf("fail-next: %v", s)
	}
	if s := e.one(e.create(ecdbackend.DesktopRunning, "data", "fine")); s["Status"] != "ACCOMPLISHED" {
		t.Fatalf("after fail-next: %v", s)
	}
	// Snapshot duration control times ECD snapshots too.
	controlPut(t, ts, "/_emulator/snapshot-duration", `{"duration":"1h"}`)
	if s := e.one(e.create(ecdbackend.DesktopRunning, "data", "slow")); s["Status"] != "PROGRESSING" {
		t.Fatalf("duration: %v", s)
	}
	// Reset empties ECD too and restores statuses.
	controlPost(t, ts, "/_emulator/reset", ``, http.StatusNoContent)
	controlGet(t, ts, "/_emulator/ecd/snapshots", &snaps)
	if len(snaps) != 0 {
		t.Fatalf("after reset: %v", snaps)
	}
	_, err := e.call("CreateSnapshot", map[string]string{"DesktopId": ecdbackend.DesktopStarting, "SourceDiskType": "system", "SnapshotName": "x1"})
	wantAPIError(t, err, 400, "IncorrectInstanceStatus")
}

func controlGet(t *testing.T, ts *TestServer, path string, v any) {
	t.Helper()
	resp, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func controlPost(t *testing.T, ts *TestServer, path, body string, want int) {
	t.Helper()
	controlSend(t, ts, http.MethodPost, path, body, want)
}

func controlPut(t *testing.T, ts *TestServer, path, body string) {
	t.Helper()
	controlSend(t, ts, http.MethodPut, path, body, http.StatusNoContent)
}

func controlSend(t *testing.T, ts *TestServer, method, path, body string, want int) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	status, out, _ := send(t, req)
	if status != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, status, out, want)
	}
}

// as is v as a T, failing the test when it is not.
func as[T any](t *testing.T, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		t.Fatalf("%v is %T, want %T", v, v, x)
	}
	return x
}
