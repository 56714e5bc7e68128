package emulator

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

func TestReadRequest_picksActionAndFormat(t *testing.T) {
	r := httptest.NewRequest("POST", "/?Action=FromQuery&Format=xml", strings.NewReader("Version=2014-05-26&RegionId=cn-hangzhou"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req, err := readRequest(r)
	if err != nil {
		t.Fatal(err)
	}
	if req.action != "FromQuery" || req.version != "2014-05-26" || req.format != formatXML || req.params.Get("RegionId") != "cn-hangzhou" {
		t.Fatalf("%+v", req)
	}
	if req.query.Get("RegionId") != "" {
		t.Fatal("form parameters leaked into the signed query")
	}
	r = httptest.NewRequest("POST", "/?Action=Ignored", nil)
	r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host,Signature=00")
	r.Header.Set("x-acs-action", "FromHeader")
	if req, _ = readRequest(r); req.action != "FromHeader" || !req.v3 || req.format != formatJSON {
		t.Fatalf("%+v", req)
	}
	r = httptest.NewRequest("GET", "/?a=%zz", nil)
	if _, err := readRequest(r); err == nil || err.Code != "InvalidParameter" {
		t.Fatalf("bad escape: %v", err)
	}
}

func TestRender_success(t *testing.T) {
	w := httptest.NewRecorder()
	writeSuccess(w, formatJSON, "CreateSnapshot", "RID", &backend.CreateSnapshotOutput{SnapshotId: "s-1&<x>"})
	if got := w.Body.String(); got != `{"RequestId":"RID","SnapshotId":"s-1&<x>"}` || w.Code != 200 {
		t.Fatalf("%d %s", w.Code, got)
	}
	w = httptest.NewRecorder()
	writeSuccess(w, formatJSON, "DeleteSnapshot", "RID", nil)
	if got := w.Body.String(); got != `{"RequestId":"RID"}` {
		t.Fatal(got)
	}
	w = httptest.NewRecorder()
	writeSuccess(w, formatXML, "DeleteSnapshot", "RID", nil)
	if got := w.Body.String(); !strings.HasSuffix(got, `<DeleteSnapshotResponse><RequestId>RID</RequestId></DeleteSnapshotResponse>`) ||
		!strings.HasPrefix(got, "<?xml") {
		t.Fatal(got)
	}
	w = httptest.NewRecorder()
	writeSuccess(w, formatXML, "DescribeSnapshots", "RID", &backend.DescribeSnapshotsOutput{PageSize: 10})
	if got := w.Body.String(); !strings.Contains(got, `<DescribeSnapshotsResponse><RequestId>RID</RequestId><TotalCount>0</TotalCount>`) ||
		!strings.Contains(got, `<Snapshots></Snapshots></DescribeSnapshotsResponse>`) {
		t.Fatal(got)
	}
}

func TestRender_error(t *testing.T) {
	w := httptest.NewRecorder()
	writeError(w, formatJSON, "RID", "Ecs", "ecs.aliyuncs.com", &apierr.Error{HTTPStatus: 403, Code: "Throttling", Message: "a & b"})
	want := `{"RequestId":"RID","HostId":"ecs.aliyuncs.com","Code":"Throttling","Message":"a & b",` +
		`"Recommend":"https://api.aliyun.com/troubleshoot?q=Throttling&product=Ecs&requestId=RID"}`
	if w.Code != 403 || w.Body.String() != want || w.Header().Get("Content-Type") != contentTypeJSON {
		t.Fatalf("%d %s", w.Code, w.Body.String())
	}
	w = httptest.NewRecorder()
	writeError(w, formatJSON, "RID", "Ecs", "ecs.aliyuncs.com", &apierr.Error{Code: "Odd"}) // no status: still an error status
	if w.Code != 500 {
		t.Fatalf("status %d", w.Code)
	}
}

func TestRequestIDs_uniqueUpperUUIDv4(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id := newRequestID()
		if !isUpperUUID(id) || id[14] != '4' || seen[id] {
			t.Fatalf("request ID %s", id)
		}
		seen[id] = true
	}
}
