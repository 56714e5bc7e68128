package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// The v4 SDK signs V3 (ACS3-HMAC-SHA256) by default and V1-style query signatures with SignatureAlgorithm "v2";
// both must be served, with Tag.N lists and JSON-array parameters surviving the signature.
func TestSDK_signatureStyles(t *testing.T) {
	ts := start(t)
	for name, edit := range map[string]func(*openapi.Config){
		"default V3":  func(*openapi.Config) {},
		"v2 (RPC V1)": func(c *openapi.Config) { c.SignatureAlgorithm = tea.String("v2") },
	} {
		t.Run(name, func(t *testing.T) {
			c := sdk(t, ts, edit)
			out, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{
				DiskId: tea.String(diskRunningData), SnapshotName: tea.String("sig-test:a_b-c"),
				Description: tea.String("spaces & symbols * ~ + / = ? 中文"),
				Tag:         []*ecs.CreateSnapshotRequestTag{{Key: tea.String("env"), Value: tea.String("a b*c~")}},
			})
			mustOK(t, err)
			id := tea.StringValue(out.Body.SnapshotId)
			if !strings.HasPrefix(id, "s-") {
				t.Fatalf("SnapshotId = %q", id)
			}
			if rid := tea.StringValue(out.Body.RequestId); !isUpperUUID(rid) {
				t.Fatalf("RequestId = %q, want an uppercase UUID", rid)
			}
			s := describeOne(t, c, ts, id)
			if got := tea.StringValue(s.Description); got != "spaces & symbols * ~ + / = ? 中文" {
				t.Fatalf("Description = %q", got)
			}
			if tags := s.Tags.Tag; len(tags) != 1 || tea.StringValue(tags[0].TagValue) != "a b*c~" {
				t.Fatalf("Tags = %v", tags)
			}
			mustOK(t, deleteSnapshot(c, id))
		})
	}
}

func deleteSnapshot(c *ecs.Client, id string) error {
	_, err := c.DeleteSnapshot(&ecs.DeleteSnapshotRequest{SnapshotId: tea.String(id)})
	return err
}

func isUpperUUID(s string) bool {
	if len(s) != 36 || strings.ToUpper(s) != s {
		return false
	}
	for i, c := range s {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !strings.ContainsRune("0123456789ABCDEF", c) {
			return false
		}
	}
	return true
}

func TestSDK_wrongSecret(t *testing.T) {
	ts := start(t)
	for _, algo := range []string{"", "v2"} {
		c := sdk(t, ts, func(c *openapi.Config) {
			c.AccessKeySecret = tea.String("not-the-secret")
			if algo != "" {
				c.SignatureAlgorithm = tea.String(algo)
			}
		})
		_, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
		wantAPIError(t, err, 400, "SignatureDoesNotMatch")
	}
	if n := len(ts.Backend().Snapshots()); n != 0 {
		t.Fatalf("refused calls must not act: %d snapshots", n)
	}
}

func TestSDK_unknownAccessKey(t *testing.T) {
	ts := start(t)
	for _, algo := range []string{"", "v2"} {
		c := sdk(t, ts, func(c *openapi.Config) {
			c.AccessKeyId = tea.String("LTAI-unknown")
			if algo != "" {
				c.SignatureAlgorithm = tea.String(algo)
			}
		})
		_, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData)})
		wantAPIError(t, err, 404, "InvalidAccessKeyId.NotFound")
	}
	if n := len(ts.Backend().Snapshots()); n != 0 {
		t.Fatalf("refused calls must not act: %d snapshots", n)
	}
}

// The SDK stamps requests with the real time; a server clock an hour ahead sees them as stale.
func TestSDK_staleTimestamp(t *testing.T) {
	ts := StartTestServer(t, backend.Options{}, Config{Now: func() time.Time { return time.Now().Add(time.Hour) }})
	for _, algo := range []string{"", "v2"} {
		c := sdk(t, ts, func(c *openapi.Config) {
			if algo != "" {
				c.SignatureAlgorithm = tea.String(algo)
			}
		})
		_, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
		wantAPIError(t, err, 400, "InvalidTimeStamp.Expired")
	}
}

func TestClockSkew_boundary(t *testing.T) {
	ts := StartTestServer(t, backend.Options{}, Config{MaxClockSkew: time.Minute})
	describe := url.Values{"Action": {"DescribeSnapshots"}, "RegionId": {ts.Region}}
	if st, body, _ := (v1Call{params: describe, timestamp: time.Now().Add(-30 * time.Second)}).do(t, ts); st != 200 {
		t.Fatalf("30s old, skew 1m: %d %s", st, body)
	}
	st, body, _ := v1Call{params: describe, timestamp: time.Now().Add(2 * time.Minute)}.do(t, ts)
	wantWireError(t, st, body, 400, "InvalidTimeStamp.Expired")
	st, body, _ = v3Request{action: "DescribeSnapshots", query: url.Values{"RegionId": {ts.Region}}, date: time.Now().Add(-2 * time.Minute)}.do(t, ts)
	wantWireError(t, st, body, 400, "InvalidTimeStamp.Expired")
}

// recorder keeps a copy of every request the SDK sends, so that one can be sent again verbatim.
type recorder struct {
	next http.Handler
	mu   sync.Mutex
	last *http.Request
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.last = req.Clone(req.Context())
	r.mu.Unlock()
	r.next.ServeHTTP(w, req)
}

func TestSDK_replayedNonce(t *testing.T) {
	b, err := backend.New(backend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(b, Config{})
	rec := &recorder{next: s}
	ts := serveTest(t, s, rec)
	for _, algo := range []string{"", "v2"} {
		c := sdk(t, ts, func(c *openapi.Config) {
			if algo != "" {
				c.SignatureAlgorithm = tea.String(algo)
			}
		})
		mustOK(t, deleteSnapshot(c, "s-does-not-exist"))
		rec.mu.Lock()
		replay, err := http.NewRequest(rec.last.Method, ts.URL+rec.last.URL.RequestURI(), nil)
		if err != nil {
			t.Fatal(err)
		}
		replay.Header = rec.last.Header.Clone()
		rec.mu.Unlock()
		st, body, _ := send(t, replay)
		wantWireError(t, st, body, 400, "SignatureNonceUsed")
	}
}

func TestV3_replayAndFreshNonce(t *testing.T) {
	ts := start(t)
	call := v3Request{action: "DescribeSnapshots", query: url.Values{"RegionId": {ts.Region}}, nonce: "fixed-nonce-1"}
	if st, body, _ := call.do(t, ts); st != 200 {
		t.Fatalf("first: %d %s", st, body)
	}
	st, body, _ := call.do(t, ts)
	wantWireError(t, st, body, 400, "SignatureNonceUsed")
	call.nonce = "fixed-nonce-2"
	if st, body, _ := call.do(t, ts); st != 200 {
		t.Fatalf("fresh nonce: %d %s", st, body)
	}
}

// A replay with a wrong signature is a wrong signature, and does not burn the nonce for the real request.
func TestNonce_recordedOnlyForVerifiedRequests(t *testing.T) {
	ts := start(t)
	bad := v1Call{params: url.Values{"Action": {"DescribeSnapshots"}, "RegionId": {ts.Region}}, nonce: "n-1", secret: "wrong"}
	st, body, _ := bad.do(t, ts)
	wantWireError(t, st, body, 400, "SignatureDoesNotMatch")
	bad.secret = ""
	if st, body, _ := bad.do(t, ts); st != 200 {
		t.Fatalf("%d %s", st, body)
	}
}

func TestV3_malformedAuthorization(t *testing.T) {
	ts := start(t)
	base := v3Request{action: "DescribeSnapshots", query: url.Values{"RegionId": {ts.Region}}}
	for name, tc := range map[string]struct {
		edit   func(r *http.Request)
		status int
		code   string
	}{
		"no Signature field": {func(r *http.Request) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:strings.Index(a, ",Signature=")])
		}, 400, "IncompleteSignature"},
		"other algorithm": {func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", 1))
		}, 400, "IncompleteSignature"},
		"not a signature at all": {func(r *http.Request) { r.Header.Set("Authorization", "Bearer abc") }, 400, "IncompleteSignature"},
		"no Authorization":       {func(r *http.Request) { r.Header.Del("Authorization") }, 400, "IncompleteSignature"},
		"no date":                {func(r *http.Request) { r.Header.Del("x-acs-date") }, 400, "MissingParameter"},
		"malformed date":         {func(r *http.Request) { r.Header.Set("x-acs-date", "yesterday") }, 400, "InvalidTimeStamp.Format"},
		"tampered query": {func(r *http.Request) {
			r.URL.RawQuery = url.Values{"RegionId": {"cn-beijing"}}.Encode()
		}, 400, "SignatureDoesNotMatch"},
		"tampered action header": {func(r *http.Request) { r.Header.Set("x-acs-action", "DeleteSnapshot") }, 400, "SignatureDoesNotMatch"},
		"tampered body": {func(r *http.Request) {
			r.Body = readCloser("RegionId=cn-beijing")
			r.ContentLength = int64(len("RegionId=cn-beijing"))
		}, 400, "SignatureDoesNotMatch"},
	} {
		t.Run(name, func(t *testing.T) {
			req := base.build(t, ts)
			tc.edit(req)
			st, body, _ := send(t, req)
			wantWireError(t, st, body, tc.status, tc.code)
		})
	}
	t.Run("no nonce", func(t *testing.T) {
		call := base
		call.nonce = "-"
		st, body, _ := call.do(t, ts)
		wantWireError(t, st, body, 400, "MissingParameter")
	})
	t.Run("x-acs header left unsigned", func(t *testing.T) {
		call := base
		call.headers = map[string]string{"x-acs-extra": "1"}
		call.unsigned = []string{"x-acs-extra"}
		st, body, _ := call.do(t, ts)
		wantWireError(t, st, body, 400, "IncompleteSignature")
	})
}

func readCloser(s string) *nopCloser { return &nopCloser{strings.NewReader(s)} }

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

func TestSecurityToken_validExpiredAndMalformed(t *testing.T) {
	ts := StartTestServer(t, backend.Options{}, Config{SecurityTokens: []string{"CAIS-valid-token=="}})
	describe := &ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)}
	for _, algo := range []string{"", "v2"} {
		withToken := func(tok string) func(*openapi.Config) {
			return func(c *openapi.Config) {
				c.SecurityToken = tea.String(tok)
				if algo != "" {
					c.SignatureAlgorithm = tea.String(algo)
				}
			}
		}
		_, err := sdk(t, ts, withToken("CAIS-valid-token==")).DescribeSnapshots(describe)
		mustOK(t, err)
		_, err = sdk(t, ts, withToken("CAIS-expired-token")).DescribeSnapshots(describe)
		wantAPIError(t, err, 400, "InvalidSecurityToken.Expired")
		_, err = sdk(t, ts, withToken("not a token!")).DescribeSnapshots(describe)
		wantAPIError(t, err, 400, "InvalidSecurityToken.Malformed")
		_, err = sdk(t, ts).DescribeSnapshots(describe) // tokens are optional for the key pair itself
		mustOK(t, err)
	}
	// A V3 request whose token header is sent but empty.
	st, body, _ := v3Request{action: "DescribeSnapshots", query: url.Values{"RegionId": {ts.Region}},
		headers: map[string]string{"x-acs-security-token": ""}}.do(t, ts)
	wantWireError(t, st, body, 400, "InvalidSecurityToken.Malformed")
}

func TestSecurityToken_refusedWhenNoneConfigured(t *testing.T) {
	ts := start(t)
	_, err := sdk(t, ts, func(c *openapi.Config) { c.SecurityToken = tea.String("CAIS-some-token") }).
		DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
	wantAPIError(t, err, 400, "InvalidSecurityToken.Expired")
}

func TestActionAndVersion_missingOrUnknownRefused(t *testing.T) {
	ts := start(t)
	st, body, _ := v1Call{params: url.Values{"Action": {"RunInstances"}}}.do(t, ts)
	wantWireError(t, st, body, 404, "InvalidAction.NotFound")
	st, body, _ = v1Call{params: url.Values{"RegionId": {ts.Region}}}.do(t, ts)
	wantWireError(t, st, body, 400, "MissingParameter")
	st, body, _ = v1Call{params: url.Values{"Action": {"DescribeSnapshots"}, "Version": {"2016-03-14"}}}.do(t, ts)
	wantWireError(t, st, body, 400, "InvalidVersion")
	st, body, _ = v1Call{params: url.Values{"Action": {"DescribeSnapshots"}}, omit: []string{"Version"}}.do(t, ts)
	wantWireError(t, st, body, 400, "MissingParameter")
	st, body, _ = v3Request{action: "ReleaseEverything", query: url.Values{}}.do(t, ts)
	wantWireError(t, st, body, 404, "InvalidAction.NotFound")

	req, err := http.NewRequest(http.MethodDelete, ts.URL+"/?Action=DescribeSnapshots", nil)
	if err != nil {
		t.Fatal(err)
	}
	st, body, _ = send(t, req)
	wantWireError(t, st, body, 404, "InvalidAction.NotFound")
}

// wantWireError checks a raw error answer: status, code, and the body's shape (every field a string).
func wantWireError(t *testing.T, status int, body string, wantStatus int, wantCode string) {
	t.Helper()
	var e map[string]any
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, body)
	}
	if status != wantStatus || e["Code"] != wantCode {
		t.Fatalf("got %d %v, want %d %s: %s", status, e["Code"], wantStatus, wantCode, body)
	}
	for _, k := range []string{"RequestId", "HostId", "Code", "Message", "Recommend"} {
		if v, ok := e[k].(string); !ok || v == "" {
			t.Fatalf("error body field %s = %#v, want a non-empty string: %s", k, e[k], body)
		}
	}
	if len(e) != 5 {
		t.Fatalf("error body has fields beyond the five: %s", body)
	}
}
