package ecdclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// fakeAPI answers ECD calls from a handler per action and records every request's parameters. It checks no
// signature: the emulator's tests do (internal/emulator/ecd); these test what the client sends and reads.
type fakeAPI struct {
	mu       sync.Mutex
	calls    []recorded
	handlers map[string]func(w http.ResponseWriter, params map[string]string)
}

type recorded struct {
	action string
	params map[string]string
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	params := map[string]string{}
	for k, v := range r.Form {
		params[k] = v[0]
	}
	action := r.Header.Get("x-acs-action")
	if action == "" {
		action = params["Action"]
	}
	version := r.Header.Get("x-acs-version")
	if version == "" {
		version = params["Version"]
	}
	if version != apiVersion {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"Code":"InvalidVersion","Message":"version %s","RequestId":"R"}`, version)
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, recorded{action: action, params: params})
	h := f.handlers[action]
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if h == nil {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"Code":"InvalidAction.NotFound","Message":"%s","RequestId":"R"}`, action)
		return
	}
	h(w, params)
}

func (f *fakeAPI) callsOf(action string) []map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []map[string]string
	for _, c := range f.calls {
		if c.action == action {
			out = append(out, c.params)
		}
	}
	return out
}

func newTestClient(t *testing.T, h http.Handler, retries int) *sdkClient {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cred, err := credentials.NewCredential(new(credentials.Config).SetType("access_key").SetAccessKeyId("ak").SetAccessKeySecret("sk"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(t.Context(), client.Config{Region: "cn-hangzhou", Endpoint: srv.URL, Credential: cred, MaxRetries: &retries})
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := c.(*sdkClient)
	if !ok {
		t.Fatalf("New returned %T", c)
	}
	sc.retry.Sleep = func(context.Context, time.Duration) error { return nil }
	return sc
}

func writeJSON(w http.ResponseWriter, v any) {
	_ = json.NewEncoder(w).Encode(v)
}

func TestDescribeSnapshots_sendsEveryFilterAndWalksEveryPage(t *testing.T) {
	f := &fakeAPI{handlers: map[string]func(http.ResponseWriter, map[string]string){
		actionDescribeSnapshots: func(w http.ResponseWriter, p map[string]string) {
			page := 0
			if p["NextToken"] != "" {
				page, _ = strconv.Atoi(strings.TrimPrefix(p["NextToken"], "tok"))
			}
			next := ""
			if page < 2 {
				next = "tok" + strconv.Itoa(page+1)
			}
			// The same snapshot shows up on two pages (it moved while they were walked): listed once.
			writeJSON(w, map[string]any{"RequestId": "R", "NextToken": next, "Snapshots": []map[string]any{
				{"SnapshotId": "s-p" + strconv.Itoa(page), "Status": "progressing", "RemainTime": "-1"},
				{"SnapshotId": "s-dup", "Status": "ACCOMPLISHED", "RemainTime": 0},
			}})
		},
	}}
	c := newTestClient(t, f, 0)
	in := DescribeSnapshotsInput{DesktopID: "ecd-1", DesktopName: "dn", SnapshotID: "s-1", SnapshotName: "sn", SourceDiskType: "System",
		SnapshotType: "user", Creator: "Administrator", StartTime: "2026-01-01T00:00:00Z", EndTime: "2026-02-01T00:00:00Z", OsType: "Windows"}
	got, err := c.DescribeSnapshots(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range got {
		ids = append(ids, s.SnapshotID)
	}
	if strings.Join(ids, ",") != "s-p0,s-dup,s-p1,s-p2" {
		t.Errorf("snapshots %v", ids)
	}
	if got[0].Status != StatusProgressing || got[0].RemainTime != -1 {
		t.Errorf("first snapshot %+v", got[0])
	}
	calls := f.callsOf(actionDescribeSnapshots)
	if len(calls) != 3 {
		t.Fatalf("%d calls, want 3 pages", len(calls))
	}
	want := map[string]string{"RegionId": "cn-hangzhou", "DesktopId": "ecd-1", "DesktopName": "dn", "SnapshotId": "s-1", "SnapshotName": "sn",
		"SourceDiskType": "System", "SnapshotType": "user", "Creator": "Administrator", "StartTime": "2026-01-01T00:00:00Z",
		"EndTime": "2026-02-01T00:00:00Z", "OsType": "Windows", "MaxResults": "100"}
	for k, v := range want {
		if calls[0][k] != v {
			t.Errorf("parameter %s = %q, want %q", k, calls[0][k], v)
		}
	}
	if _, ok := calls[0]["NextToken"]; ok {
		t.Error("the first page sent a NextToken")
	}
	if calls[1]["NextToken"] != "tok1" || calls[2]["NextToken"] != "tok2" {
		t.Errorf("tokens %q, %q", calls[1]["NextToken"], calls[2]["NextToken"])
	}
}

func TestDescribeSnapshots_noFilterSendsNone(t *testing.T) {
	f := &fakeAPI{handlers: map[string]func(http.ResponseWriter, map[string]string){
		actionDescribeSnapshots: func(w http.ResponseWriter, _ map[string]string) {
			writeJSON(w, map[string]any{"RequestId": "R", "Snapshots": []any{}})
		},
	}}
	c := newTestClient(t, f, 0)
	got, err := c.DescribeSnapshots(t.Context(), DescribeSnapshotsInput{})
	if err != nil || len(got) != 0 {
		t.Fatalf("%v, %v", got, err)
	}
	for _, k := range []string{"DesktopId", "SnapshotId", "SnapshotType", "SourceDiskType", "StartTime"} {
		if _, ok := f.callsOf(actionDescribeSnapshots)[0][k]; ok {
			t.Errorf("%s sent without a filter", k)
		}
	}
}

func TestDeleteSnapshot_splitsIntoHundreds(t *testing.T) {
	f := &fakeAPI{handlers: map[string]func(http.ResponseWriter, map[string]string){
		actionDeleteSnapshot: func(w http.ResponseWriter, _ map[string]string) { writeJSON(w, map[string]any{"RequestId": "R"}) },
	}}
	c := newTestClient(t, f, 0)
	ids := make([]string, 0, 151)
	for i := range 150 {
		ids = append(ids, "s-"+strconv.Itoa(i))
	}
	ids = append(ids, "s-0") // a repeated ID is sent once
	if err := c.DeleteSnapshot(t.Context(), ids); err != nil {
		t.Fatal(err)
	}
	calls := f.callsOf(actionDeleteSnapshot)
	if len(calls) != 2 {
		t.Fatalf("%d calls, want 2", len(calls))
	}
	if calls[0]["SnapshotId.1"] != "s-0" || calls[0]["SnapshotId.100"] != "s-99" || calls[0]["SnapshotId.101"] != "" ||
		calls[1]["SnapshotId.1"] != "s-100" || calls[1]["SnapshotId.50"] != "s-149" || calls[1]["SnapshotId.51"] != "" {
		t.Errorf("calls %v", calls)
	}
}

func TestDeleteSnapshot_notFoundIsTyped(t *testing.T) {
	f := &fakeAPI{handlers: map[string]func(http.ResponseWriter, map[string]string){
		actionDeleteSnapshot: func(w http.ResponseWriter, _ map[string]string) {
			w.WriteHeader(http.StatusNotFound)
			writeJSON(w, map[string]any{"RequestId": "R9", "Code": "InvalidSnapshotId.NotFound", "Message": "The specified snapshot does not exist."})
		},
	}}
	err := newTestClient(t, f, 0).DeleteSnapshot(t.Context(), []string{"s-1"})
	if !client.IsNotFound(err) || !strings.Contains(err.Error(), "R9") || !strings.Contains(err.Error(), "ECD") {
		t.Errorf("error %v: want a typed NotFound naming ECD and the request ID", err)
	}
}

func TestCreateSnapshot_sendsParametersAndReadsID(t *testing.T) {
	f := &fakeAPI{handlers: map[string]func(http.ResponseWriter, map[string]string){
		actionCreateSnapshot: func(w http.ResponseWriter, _ map[string]string) {
			writeJSON(w, map[string]any{"RequestId": "R", "SnapshotId": "s-new"})
		},
	}}
	c := newTestClient(t, f, 0)
	id, err := c.CreateSnapshot(t.Context(), CreateSnapshotInput{DesktopID: "ecd-1", SnapshotName: "daily", SourceDiskType: "system", Description: "d"})
	if err != nil || id != "s-new" {
		t.Fatalf("%q, %v", id, err)
	}
	p := f.callsOf(actionCreateSnapshot)[0]
	if p["RegionId"] != "cn-hangzhou" || p["DesktopId"] != "ecd-1" || p["SnapshotName"] != "daily" || p["SourceDiskType"] != "system" || p["Description"] != "d" {
		t.Errorf("parameters %v", p)
	}
}

// A create whose connection drops after the API made the snapshot must not make a second one: the retry
// finds the snapshot the lost attempt made and returns it.
func TestCreateSnapshot_droppedAnswerAdoptsTheSnapshotMade(t *testing.T) {
	var mu sync.Mutex
	made := []map[string]any{}
	f := &fakeAPI{}
	f.handlers = map[string]func(http.ResponseWriter, map[string]string){
		actionCreateSnapshot: func(w http.ResponseWriter, p map[string]string) {
			mu.Lock()
			made = append(made, map[string]any{"SnapshotId": "s-made" + strconv.Itoa(len(made)), "DesktopId": p["DesktopId"],
				"SnapshotName": p["SnapshotName"], "SourceDiskType": strings.ToUpper(p["SourceDiskType"]),
				"CreationTime": time.Now().UTC().Format(time.RFC3339), "Status": "PROGRESSING"})
			mu.Unlock()
			hijackAndClose(w)
		},
		actionDescribeSnapshots: func(w http.ResponseWriter, p map[string]string) {
			mu.Lock()
			defer mu.Unlock()
			writeJSON(w, map[string]any{"RequestId": "R", "Snapshots": made})
		},
	}
	c := newTestClient(t, f, 3)
	id, err := c.CreateSnapshot(t.Context(), CreateSnapshotInput{DesktopID: "ecd-1", SnapshotName: "daily", SourceDiskType: "system"})
	if err != nil || id != "s-made0" {
		t.Fatalf("%q, %v: want s-made0", id, err)
	}
	if n := len(f.callsOf(actionCreateSnapshot)); n != 1 {
		t.Errorf("%d CreateSnapshot calls, want 1", n)
	}
}

// An old snapshot of the same name is not taken for the lost attempt's: the create is retried.
func TestCreateSnapshot_droppedAnswerIgnoresOlderSnapshots(t *testing.T) {
	var mu sync.Mutex
	attempts := 0
	f := &fakeAPI{}
	f.handlers = map[string]func(http.ResponseWriter, map[string]string){
		actionCreateSnapshot: func(w http.ResponseWriter, _ map[string]string) {
			mu.Lock()
			attempts++
			n := attempts
			mu.Unlock()
			if n == 1 {
				hijackAndClose(w)
				return
			}
			writeJSON(w, map[string]any{"RequestId": "R", "SnapshotId": "s-second"})
		},
		actionDescribeSnapshots: func(w http.ResponseWriter, _ map[string]string) {
			writeJSON(w, map[string]any{"RequestId": "R", "Snapshots": []map[string]any{{"SnapshotId": "s-old", "DesktopId": "ecd-1",
				"SnapshotName": "daily", "SourceDiskType": "SYSTEM", "CreationTime": "2020-12-20T14:52:28Z"}}})
		},
	}
	id, err := newTestClient(t, f, 3).CreateSnapshot(t.Context(), CreateSnapshotInput{DesktopID: "ecd-1", SnapshotName: "daily", SourceDiskType: "system"})
	if err != nil || id != "s-second" {
		t.Fatalf("%q, %v: want s-second", id, err)
	}
}

// Throttling made nothing: retried without looking.
func TestCreateSnapshot_throttlingRetriedBlindly(t *testing.T) {
	var mu sync.Mutex
	attempts := 0
	f := &fakeAPI{handlers: map[string]func(http.ResponseWriter, map[string]string){
		actionCreateSnapshot: func(w http.ResponseWriter, _ map[string]string) {
			mu.Lock()
			attempts++
			n := attempts
			mu.Unlock()
			if n == 1 {
				w.WriteHeader(http.StatusBadRequest)
				writeJSON(w, map[string]any{"RequestId": "R", "Code": "Throttling.User", "Message": "slow down"})
				return
			}
			writeJSON(w, map[string]any{"RequestId": "R", "SnapshotId": "s-ok"})
		},
	}}
	id, err := newTestClient(t, f, 3).CreateSnapshot(t.Context(), CreateSnapshotInput{DesktopID: "ecd-1", SnapshotName: "daily", SourceDiskType: "data"})
	if err != nil || id != "s-ok" {
		t.Fatalf("%q, %v", id, err)
	}
	if n := len(f.callsOf(actionDescribeSnapshots)); n != 0 {
		t.Errorf("%d DescribeSnapshots calls after throttling, want 0", n)
	}
}

func TestCreateSnapshot_refusedIsNotRetried(t *testing.T) {
	f := &fakeAPI{handlers: map[string]func(http.ResponseWriter, map[string]string){
		actionCreateSnapshot: func(w http.ResponseWriter, _ map[string]string) {
			w.WriteHeader(http.StatusForbidden)
			writeJSON(w, map[string]any{"RequestId": "R", "Code": "IncorrectDesktopStatus", "Message": "the desktop is Starting"})
		},
	}}
	_, err := newTestClient(t, f, 3).CreateSnapshot(t.Context(), CreateSnapshotInput{DesktopID: "ecd-1", SnapshotName: "daily", SourceDiskType: "data"})
	if !client.IsCode(err, "IncorrectDesktopStatus") || len(f.callsOf(actionCreateSnapshot)) != 1 {
		t.Errorf("%v after %d calls", err, len(f.callsOf(actionCreateSnapshot)))
	}
}

func TestDescribeDesktops_filtersAndPages(t *testing.T) {
	f := &fakeAPI{handlers: map[string]func(http.ResponseWriter, map[string]string){
		actionDescribeDesktops: func(w http.ResponseWriter, p map[string]string) {
			if p["NextToken"] == "" {
				writeJSON(w, map[string]any{"RequestId": "R", "NextToken": "n1", "Desktops": []map[string]any{{"DesktopId": "ecd-a", "DesktopStatus": "Running"}}})
				return
			}
			writeJSON(w, map[string]any{"RequestId": "R", "Desktops": []map[string]any{{"DesktopId": "ecd-b", "DesktopStatus": "Running"}}})
		},
	}}
	got, err := newTestClient(t, f, 0).DescribeDesktops(t.Context(), DescribeDesktopsInput{DesktopIDs: []string{"ecd-a", "ecd-b"}, DesktopStatus: "Running"})
	if err != nil || len(got) != 2 || got[1].DesktopID != "ecd-b" {
		t.Fatalf("%+v, %v", got, err)
	}
	p := f.callsOf(actionDescribeDesktops)[0]
	if p["DesktopId.1"] != "ecd-a" || p["DesktopId.2"] != "ecd-b" || p["DesktopStatus"] != "Running" {
		t.Errorf("parameters %v", p)
	}
	if got, err := newTestClient(t, f, 0).DescribeDesktops(t.Context(), DescribeDesktopsInput{DesktopIDs: []string{}}); err != nil || len(got) != 0 {
		t.Errorf("an empty ID list: %v, %v", got, err)
	}
}

// hijackAndClose drops the connection without an answer, as a network failure after the API acted would.
func hijackAndClose(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("the test server cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(err)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
