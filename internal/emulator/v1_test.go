package emulator

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// V1-signed calls, built by the independent signer in helpers_test.go, as older SDKs and the aliyun CLI send them.

func TestV1_createAndDescribe(t *testing.T) {
	for _, tc := range []struct {
		name   string
		method string
		inForm bool
	}{
		{"GET with query", http.MethodGet, false},
		{"POST with query", http.MethodPost, false},
		{"POST with form body", http.MethodPost, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := start(t)
			st, body, hdr := v1Call{method: tc.method, inForm: tc.inForm, params: url.Values{
				"Action": {"CreateSnapshot"}, "RegionId": {ts.Region}, "DiskId": {diskRunningData},
				"SnapshotName": {"v1-snap"}, "Description": {"made by a V1 client: 100% (ok) ~*"},
				"Tag.1.Key": {"env"}, "Tag.1.Value": {"prod"}, "SignatureType": {""},
			}}.do(t, ts)
			if st != 200 {
				t.Fatalf("CreateSnapshot: %d %s", st, body)
			}
			var created struct{ RequestId, SnapshotId string }
			if err := json.Unmarshal([]byte(body), &created); err != nil || created.SnapshotId == "" {
				t.Fatalf("CreateSnapshot body %s: %v", body, err)
			}
			if hdr.Get("x-acs-request-id") != created.RequestId || !isUpperUUID(created.RequestId) {
				t.Fatalf("x-acs-request-id %q, RequestId %q", hdr.Get("x-acs-request-id"), created.RequestId)
			}
			if strings.Contains(body, `"Code"`) {
				t.Fatalf("a success body carries Code: %s", body)
			}

			st, body, _ = v1Call{method: tc.method, inForm: tc.inForm, params: url.Values{
				"Action": {"DescribeSnapshots"}, "RegionId": {ts.Region}, "SnapshotIds": {`["` + created.SnapshotId + `"]`},
			}}.do(t, ts)
			if st != 200 {
				t.Fatalf("DescribeSnapshots: %d %s", st, body)
			}
			var described struct {
				TotalCount int
				Snapshots  struct {
					Snapshot []struct {
						SnapshotId, Description, SourceDiskSize string
						RemainTime                              int
						Tags                                    struct {
							Tag []struct{ TagKey, TagValue string }
						}
					}
				}
			}
			if err := json.Unmarshal([]byte(body), &described); err != nil {
				t.Fatalf("DescribeSnapshots body %s: %v", body, err)
			}
			s := described.Snapshots.Snapshot
			if described.TotalCount != 1 || len(s) != 1 || s[0].Description != "made by a V1 client: 100% (ok) ~*" ||
				s[0].SourceDiskSize != "100" || len(s[0].Tags.Tag) != 1 || s[0].Tags.Tag[0].TagValue != "prod" {
				t.Fatalf("DescribeSnapshots: %s", body)
			}
		})
	}
}

func TestV1_legacyLowercaseTagFields(t *testing.T) {
	ts := start(t)
	st, body, _ := v1Call{params: url.Values{"Action": {"CreateSnapshot"}, "DiskId": {diskRunningData},
		"Tag.1.key": {"legacy"}, "Tag.1.value": {"yes"}, "Tag.2.Key": {"current"}, "Tag.2.Value": {"also"}}}.do(t, ts)
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	snaps := ts.Backend().Snapshots()
	if len(snaps) != 1 {
		t.Fatalf("%d snapshots", len(snaps))
	}
	tags := snaps[0].Tags.Tag
	if len(tags) != 2 || tags[0].TagKey != "legacy" || tags[0].TagValue != "yes" || tags[1].TagKey != "current" {
		t.Fatalf("tags %+v", tags)
	}
}

func TestV1_xmlFormat(t *testing.T) {
	ts := start(t)
	st, body, hdr := v1Call{format: "XML", params: url.Values{"Action": {"CreateSnapshot"}, "DiskId": {diskRunningData},
		"Tag.1.Key": {"a&b"}, "Tag.1.Value": {"<v>"}}}.do(t, ts)
	if st != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/xml") {
		t.Fatalf("%d %s %s", st, hdr.Get("Content-Type"), body)
	}
	var created struct {
		XMLName    xml.Name `xml:"CreateSnapshotResponse"`
		RequestID  string   `xml:"RequestId"`
		SnapshotID string   `xml:"SnapshotId"`
	}
	if err := xml.Unmarshal([]byte(body), &created); err != nil || created.SnapshotID == "" || !isUpperUUID(created.RequestID) {
		t.Fatalf("XML %s: %v", body, err)
	}

	st, body, _ = v1Call{method: http.MethodPost, inForm: true, format: "XML", params: url.Values{"Action": {"DescribeSnapshots"},
		"RegionId": {ts.Region}}}.do(t, ts)
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	var described struct {
		XMLName    xml.Name `xml:"DescribeSnapshotsResponse"`
		RequestID  string   `xml:"RequestId"`
		TotalCount int      `xml:"TotalCount"`
		Snapshots  []struct {
			SnapshotID string `xml:"SnapshotId"`
			Progress   string `xml:"Progress"`
			Tags       []struct {
				TagKey   string `xml:"TagKey"`
				TagValue string `xml:"TagValue"`
			} `xml:"Tags>Tag"`
		} `xml:"Snapshots>Snapshot"`
	}
	if err := xml.Unmarshal([]byte(body), &described); err != nil {
		t.Fatalf("XML %s: %v", body, err)
	}
	if described.TotalCount != 1 || len(described.Snapshots) != 1 || described.Snapshots[0].SnapshotID != created.SnapshotID ||
		described.Snapshots[0].Progress != "100%" || described.Snapshots[0].Tags[0].TagKey != "a&b" || described.Snapshots[0].Tags[0].TagValue != "<v>" {
		t.Fatalf("described %+v from %s", described, body)
	}

	// Errors in XML: <Error> with the same five fields.
	st, body, hdr = v1Call{format: "XML", params: url.Values{"Action": {"CreateSnapshot"}, "DiskId": {"d-nope"}}}.do(t, ts)
	var e struct {
		XMLName                                     xml.Name `xml:"Error"`
		RequestId, HostId, Code, Message, Recommend string
	}
	if err := xml.Unmarshal([]byte(body), &e); err != nil || st != 404 || e.Code != "InvalidDiskId.NotFound" || e.HostId == "" ||
		e.RequestId != hdr.Get("x-acs-request-id") || !strings.Contains(e.Recommend, "InvalidDiskId.NotFound") {
		t.Fatalf("%d %s: %v", st, body, err)
	}
}

func TestV1_signatureErrors(t *testing.T) {
	ts := start(t)
	describe := url.Values{"Action": {"DescribeSnapshots"}, "RegionId": {ts.Region}}
	for name, tc := range map[string]struct {
		call   v1Call
		status int
		code   string
	}{
		"wrong secret":           {v1Call{params: describe, secret: "nope"}, 400, "SignatureDoesNotMatch"},
		"tampered parameter":     {v1Call{params: describe, tamper: url.Values{"RegionId": {"cn-beijing"}}}, 400, "SignatureDoesNotMatch"},
		"tampered form":          {v1Call{method: http.MethodPost, inForm: true, params: describe, tamper: url.Values{"Status": {"failed"}}}, 400, "SignatureDoesNotMatch"},
		"unknown key":            {v1Call{params: describe, key: "LTAI-nobody"}, 404, "InvalidAccessKeyId.NotFound"},
		"no Signature":           {v1Call{params: describe, omit: []string{"Signature"}}, 400, "MissingParameter"},
		"no Timestamp":           {v1Call{params: describe, omit: []string{"Timestamp"}}, 400, "MissingParameter"},
		"no SignatureNonce":      {v1Call{params: describe, omit: []string{"SignatureNonce"}}, 400, "MissingParameter"},
		"no AccessKeyId":         {v1Call{params: describe, omit: []string{"AccessKeyId"}}, 400, "MissingParameter"},
		"no SignatureMethod":     {v1Call{params: describe, omit: []string{"SignatureMethod"}}, 400, "MissingParameter"},
		"other SignatureMethod":  {v1Call{params: url.Values{"Action": {"DescribeSnapshots"}, "SignatureMethod": {"HMAC-SHA256"}}}, 400, "InvalidParameter"},
		"other SignatureVersion": {v1Call{params: url.Values{"Action": {"DescribeSnapshots"}, "SignatureVersion": {"2.0"}}}, 400, "InvalidParameter"},
		"malformed Timestamp":    {v1Call{params: url.Values{"Action": {"DescribeSnapshots"}, "Timestamp": {"last tuesday"}}}, 400, "InvalidTimeStamp.Format"},
		"bad list index":         {v1Call{params: url.Values{"Action": {"CreateSnapshot"}, "DiskId": {diskRunningData}, "Tag.0.Key": {"k"}}}, 400, "InvalidParameter"},
		"huge list index":        {v1Call{params: url.Values{"Action": {"CreateSnapshot"}, "DiskId": {diskRunningData}, "Tag.99999999999.Key": {"k"}}}, 400, "InvalidParameter"},
	} {
		t.Run(name, func(t *testing.T) {
			st, body, _ := tc.call.do(t, ts)
			wantWireError(t, st, body, tc.status, tc.code)
		})
	}
	if n := len(ts.Backend().Snapshots()); n != 0 {
		t.Fatalf("refused calls made %d snapshots", n)
	}
}

func TestV1_replayedNonce(t *testing.T) {
	ts := start(t)
	call := v1Call{params: url.Values{"Action": {"DescribeSnapshots"}, "RegionId": {ts.Region}}, nonce: "once-only"}
	if st, body, _ := call.do(t, ts); st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	st, body, _ := call.do(t, ts)
	wantWireError(t, st, body, 400, "SignatureNonceUsed")
}

func TestV1_securityToken(t *testing.T) {
	ts := StartTestServer(t, backend.Options{}, Config{SecurityTokens: []string{"tok-1", "tok-2"}})
	describe := func(tok string) url.Values {
		return url.Values{"Action": {"DescribeSnapshots"}, "RegionId": {ts.Region}, "SecurityToken": {tok}}
	}
	if st, body, _ := (v1Call{params: describe("tok-2")}).do(t, ts); st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	st, body, _ := v1Call{params: describe("tok-3")}.do(t, ts)
	wantWireError(t, st, body, 400, "InvalidSecurityToken.Expired")
	st, body, _ = v1Call{params: describe("")}.do(t, ts)
	wantWireError(t, st, body, 400, "InvalidSecurityToken.Malformed")
}
