package emulator

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// Disks of backend.DefaultFixture the tests rely on.
const (
	diskRunningData   = "d-bp1c8n4x2w6yz0t5pq3s" // data disk of a Running instance
	diskRunningSystem = "d-bp1a3r2m5jxl7hq0w8ke" // system disk of the same instance
	diskStoppedData   = "d-bp1t7y2u9i4o6p1a3sd5" // data disk of a Stopped instance (cloud_efficiency)
	diskEncrypted     = "d-bp1g5h0j3k8l2m7n4pq1" // encrypted data disk with a KMS key
	diskNeverStarted  = "d-bp1k9w3e6r1t8y4u2io5" // system disk of an instance never started
	diskStarting      = "d-bp1p6o9i2u5y8t1r4ew7" // system disk of a Starting instance
	diskLocked        = "d-bp1s3d6f9g2h5j8k1lq0" // system disk of an instance locked for security
	diskNeverAttached = "d-bp1m4n7b2v5c8x1z3lk6"
	instanceRunning   = "i-bp1h6jmbefj2cyqs6vrq"
	kmsKey            = "0e478b7a-4262-4802-b8cb-00d3fb408262"
	rgDefault         = "rg-acfmzw2jz2z4fxa"
	rgOther           = "rg-aek2bsxtc4tgwfq"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Now().UTC().Truncate(time.Second)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// start runs an emulator whose snapshots complete at once.
func start(t testing.TB) *TestServer {
	t.Helper()
	return StartTestServer(t, backend.Options{}, Config{})
}

// sdk is a real v4 SDK client for ts; edit adjusts its configuration.
func sdk(t testing.TB, ts *TestServer, edit ...func(*openapi.Config)) *ecs.Client {
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
	c, err := ecs.NewClient(cfg)
	if err != nil {
		t.Fatalf("ecs.NewClient: %v", err)
	}
	return c
}

// wantAPIError checks that err is the API error status/code as the SDK reports it.
func wantAPIError(t *testing.T, err error, status int, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %d %s, got success", status, code)
	}
	var se *tea.SDKError
	if !errors.As(err, &se) {
		t.Fatalf("want %d %s, got %T: %v", status, code, err, err)
	}
	if got := tea.StringValue(se.Code); got != code {
		t.Fatalf("code = %q, want %q (%v)", got, code, err)
	}
	if got := tea.IntValue(se.StatusCode); got != status {
		t.Fatalf("HTTP status = %d, want %d (%v)", got, status, err)
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// createSnapshot makes a snapshot of disk through the SDK.
func createSnapshot(t *testing.T, c *ecs.Client, disk string) string {
	t.Helper()
	out, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(disk)})
	mustOK(t, err)
	return tea.StringValue(out.Body.SnapshotId)
}

// describeOne is the snapshot id as DescribeSnapshots shows it.
func describeOne(t *testing.T, c *ecs.Client, ts *TestServer, id string) *ecs.DescribeSnapshotsResponseBodySnapshotsSnapshot {
	t.Helper()
	out, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region), SnapshotIds: tea.String(`["` + id + `"]`)})
	mustOK(t, err)
	if n := len(out.Body.Snapshots.Snapshot); n != 1 {
		t.Fatalf("DescribeSnapshots %s: %d snapshots, want 1", id, n)
	}
	return out.Body.Snapshots.Snapshot[0]
}

// percentEncode is RFC 3986 percent-encoding, written here independently of the code under test.
func percentEncode(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// percentEncodedPairs is "name=value" for each parameter (its first value), sorted by name, both
// percent-encoded, joined with "&": what V1 and V3 signers both sign.
func percentEncodedPairs(q url.Values) string {
	pairs := make([]string, 0, len(q))
	for _, k := range slices.Sorted(maps.Keys(q)) {
		pairs = append(pairs, percentEncode(k)+"="+percentEncode(q.Get(k)))
	}
	return strings.Join(pairs, "&")
}

// v1Call is a V1 (HMAC-SHA1 Signature parameter) request, as older clients and the aliyun CLI send it.
type v1Call struct {
	method    string     // GET or POST
	inForm    bool       // business parameters in a form body rather than the query
	params    url.Values // business parameters (Action, RegionId...)
	key       string     // default the server's
	secret    string     // default the server's
	nonce     string     // default a fresh one
	timestamp time.Time  // default now
	format    string     // default JSON
	omit      []string   // common parameters to leave out
	tamper    url.Values // business parameters changed after signing
	host      string     // Host header to send (a product's host name); default the server's address
}

var nonceSeq struct {
	sync.Mutex
	n int
}

func freshNonce() string {
	nonceSeq.Lock()
	defer nonceSeq.Unlock()
	nonceSeq.n++
	return fmt.Sprintf("test-nonce-%d-%d", time.Now().UnixNano(), nonceSeq.n)
}

// do signs and sends the call and returns the status and body.
func (c v1Call) do(t *testing.T, ts *TestServer) (int, string, http.Header) {
	t.Helper()
	if c.method == "" {
		c.method = http.MethodGet
	}
	if c.key == "" {
		c.key = ts.AccessKeyID
	}
	if c.secret == "" {
		c.secret = ts.AccessKeySecret
	}
	if c.nonce == "" {
		c.nonce = freshNonce()
	}
	if c.timestamp.IsZero() {
		c.timestamp = time.Now()
	}
	if c.format == "" {
		c.format = "JSON"
	}
	common := url.Values{
		"Version": {"2014-05-26"}, "AccessKeyId": {c.key}, "SignatureMethod": {"HMAC-SHA1"},
		"SignatureVersion": {"1.0"}, "SignatureNonce": {c.nonce}, "Format": {c.format},
		"Timestamp": {c.timestamp.UTC().Format("2006-01-02T15:04:05Z")},
	}
	for _, o := range c.omit {
		common.Del(o)
	}
	all := url.Values{}
	for k, v := range common {
		all[k] = v
	}
	for k, v := range c.params {
		all[k] = v
	}
	// Sign: METHOD&%2F&encode(sorted k=v pairs).
	stringToSign := c.method + "&" + percentEncode("/") + "&" + percentEncode(percentEncodedPairs(all))
	mac := hmac.New(sha1.New, []byte(c.secret+"&"))
	mac.Write([]byte(stringToSign))
	sig := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !slices.Contains(c.omit, "Signature") {
		common.Set("Signature", sig)
	}
	sent := url.Values{}
	for k, v := range c.params {
		sent[k] = v
	}
	for k, v := range c.tamper {
		sent[k] = v
	}
	query, form := common, url.Values{}
	if c.inForm {
		form = sent
	} else {
		for k, v := range sent {
			query[k] = v
		}
	}
	var body io.Reader
	if c.inForm {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(c.method, ts.URL+"/?"+query.Encode(), body)
	if err != nil {
		t.Fatal(err)
	}
	if c.inForm {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.host != "" {
		req.Host = c.host
	}
	return send(t, req)
}

func send(t *testing.T, req *http.Request) (int, string, http.Header) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// v3Request is a V3 (ACS3-HMAC-SHA256) request built by hand, for what the SDK will not send.
type v3Request struct {
	action  string
	version string // default ECS's
	query   url.Values
	key     string
	secret  string
	nonce   string    // "-" = no nonce header
	date    time.Time // default now
	headers map[string]string
	// unsigned lists x-acs-* headers sent but left out of SignedHeaders.
	unsigned []string
}

func (v v3Request) build(t *testing.T, ts *TestServer) *http.Request {
	t.Helper()
	req, err := v.newRequest(ts)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// newRequest signs and builds the request; it does not fail the test, so that other goroutines may use it.
func (v v3Request) newRequest(ts *TestServer) (*http.Request, error) {
	if v.key == "" {
		v.key = ts.AccessKeyID
	}
	if v.secret == "" {
		v.secret = ts.AccessKeySecret
	}
	if v.nonce == "" {
		v.nonce = freshNonce()
	}
	if v.date.IsZero() {
		v.date = time.Now()
	}
	emptyHash := sha256.Sum256(nil)
	headers := map[string]string{
		"host": ts.Endpoint, "x-acs-action": v.action, "x-acs-version": cmp.Or(v.version, "2014-05-26"),
		"x-acs-date": v.date.UTC().Format("2006-01-02T15:04:05Z"), "x-acs-content-sha256": hex.EncodeToString(emptyHash[:]),
	}
	if v.nonce != "-" {
		headers["x-acs-signature-nonce"] = v.nonce
	}
	for k, val := range v.headers {
		headers[k] = val
	}
	var signed []string
	for k := range headers {
		if !slices.Contains(v.unsigned, k) {
			signed = append(signed, k)
		}
	}
	slices.Sort(signed)
	var canonHeaders strings.Builder
	for _, k := range signed {
		canonHeaders.WriteString(k + ":" + strings.TrimSpace(headers[k]) + "\n")
	}
	canonical := "POST\n/\n" + percentEncodedPairs(v.query) + "\n" + canonHeaders.String() + "\n" +
		strings.Join(signed, ";") + "\n" + headers["x-acs-content-sha256"]
	sum := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(v.secret))
	mac.Write([]byte("ACS3-HMAC-SHA256\n" + hex.EncodeToString(sum[:])))

	req, err := http.NewRequest(http.MethodPost, ts.URL+"/?"+v.query.Encode(), nil)
	if err != nil {
		return nil, err
	}
	for k, val := range headers {
		if k != "host" {
			req.Header.Set(k, val)
		}
	}
	req.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+v.key+",SignedHeaders="+strings.Join(signed, ";")+
		",Signature="+hex.EncodeToString(mac.Sum(nil)))
	return req, nil
}

func (v v3Request) do(t *testing.T, ts *TestServer) (int, string, http.Header) {
	t.Helper()
	return send(t, v.build(t, ts))
}
