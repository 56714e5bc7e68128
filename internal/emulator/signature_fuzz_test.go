package emulator

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// serve runs one request through the emulator's handler without a network round trip.
func serve(ts *TestServer, req *http.Request) *httptest.ResponseRecorder {
	if req.Body == nil {
		req.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	ts.ServeHTTP(rec, req)
	return rec
}

// answerCode is the Code of an error body, JSON or XML ("" for a success).
func answerCode(rec *httptest.ResponseRecorder) string {
	return bodyCode(rec.Body.Bytes())
}

func bodyCode(body []byte) string {
	var answer struct{ Code string }
	// A success has no Code, so neither decoder failing nor an empty Code is a problem here.
	if json.Unmarshal(body, &answer) != nil {
		_ = xml.Unmarshal(body, &answer)
	}
	return answer.Code
}

// signatureCodes are the answers that mean "not authenticated".
var signatureCodes = map[string]bool{
	"SignatureDoesNotMatch": true, "IncompleteSignature": true, "InvalidAccessKeyId.NotFound": true,
	"MissingParameter": true, "InvalidTimeStamp.Format": true, "InvalidTimeStamp.Expired": true,
	"SignatureNonceUsed": true, "InvalidParameter": true,
}

// FuzzV3_authorizationHeader: whatever the Authorization and x-acs-* headers hold, the emulator answers a
// client error and never serves the call, since nobody without the secret can produce the HMAC.
func FuzzV3_authorizationHeader(f *testing.F) {
	ts := start(f)
	f.Add("ACS3-HMAC-SHA256 Credential=emulator-access-key-id,SignedHeaders=host;x-acs-action,Signature=00", "DescribeRegions", "2024-01-01T00:00:00Z", "n1")
	f.Add("ACS3-HMAC-SHA256 Credential=,SignedHeaders=,Signature=", "", "", "")
	f.Add("ACS3-HMAC-SHA256", "CreateSnapshot", "not a date", "")
	f.Add("ACS3-HMAC-SHA256 Credential==,,,=Signature==;;", "DescribeSnapshots", "", "-")
	f.Add("ACS3-HMAC-SHA1 Credential=emulator-access-key-id", "x", "", "")
	f.Add("ACS3-HMAC-SHA256  Credential=emulator-access-key-id ,SignedHeaders=x-acs-date;;host, Signature=ZZ", "DeleteSnapshot", "2099-01-01T00:00:00Z", "n")
	f.Fuzz(func(t *testing.T, authorization, action, date, nonce string) {
		r := httptest.NewRequest(http.MethodPost, "/?RegionId=cn-hangzhou", nil)
		r.Header.Set("Authorization", authorization)
		r.Header.Set("x-acs-action", action)
		r.Header.Set("x-acs-version", "2014-05-26")
		r.Header.Set("x-acs-date", date)
		r.Header.Set("x-acs-signature-nonce", nonce)
		rec := serve(ts, r)
		if rec.Code < 400 || rec.Code > 499 {
			t.Fatalf("Authorization %q answered %d: %s", authorization, rec.Code, rec.Body)
		}
		if code := answerCode(rec); !signatureCodes[code] && !strings.HasPrefix(code, "InvalidAction") && !strings.HasPrefix(code, "InvalidSecurityToken") {
			t.Fatalf("Authorization %q answered %d %s: not an authentication error", authorization, rec.Code, code)
		}
	})
}

// FuzzV3_signatureRoundTrip: a request whose query parameters are arbitrary, signed by the independent signer of
// helpers_test.go (RFC 3986 from scratch), is authenticated: the canonical query the emulator rebuilds from the
// parsed query matches what a client signs.
func FuzzV3_signatureRoundTrip(f *testing.F) {
	ts := start(f)
	f.Add("SnapshotName", "a b*c~+%/=?&中文", "Tag.1.Key", "")
	f.Add("", "", "SnapshotIds", `["s-1","s-2"]`)
	f.Add("k\xff", "v\x00", "é", "~!'()*")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		query := url.Values{"RegionId": {ts.Region}}
		for _, kv := range [][2]string{{k1, v1}, {k2, v2}} {
			if strings.ContainsRune(kv[0], ';') || strings.ContainsRune(kv[1], ';') {
				continue // Go's URL parser refuses semicolons before any signature is checked
			}
			if _, taken := query[kv[0]]; !taken {
				query.Set(kv[0], kv[1])
			}
		}
		rec := serve(ts, v3Request{action: "DescribeInstances", query: query}.build(t, ts))
		if code := answerCode(rec); signatureCodes[code] && code != "InvalidParameter" || rec.Code >= 500 {
			t.Fatalf("query %q: %d %s: %s", query.Encode(), rec.Code, code, rec.Body)
		}
	})
}

// FuzzV3_canonicalQuery compares the emulator's canonical query with one built independently: sorted names,
// each name and value percent-encoded by RFC 3986. The emulator must offer that form among its candidates.
func FuzzV3_canonicalQuery(f *testing.F) {
	f.Add("a", "1", "B", "x y", "c", "*~")
	f.Add("", "", "=", "&", "%", "+")
	f.Add("\xff", "\x00", "ü", "€", "a.b", "Tag.1.Key")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, k3, v3 string) {
		q := url.Values{}
		q.Set(k1, v1)
		q.Set(k2, v2)
		q.Set(k3, v3)
		want := percentEncodedPairs(q)
		got := canonicalQueriesV3(q)
		for _, c := range got {
			if c == want {
				return
			}
		}
		t.Fatalf("canonical query of %q: emulator has %q, want %q among them", q, got, want)
	})
}

// v1CommonParameters are set by the signer; fuzzed business parameters must not replace them.
var v1CommonParameters = map[string]bool{
	"Action": true, "Version": true, "AccessKeyId": true, "SignatureMethod": true, "SignatureVersion": true,
	"SignatureNonce": true, "Timestamp": true, "Format": true, "Signature": true, "SecurityToken": true,
}

// FuzzV1_signatureRoundTrip: V1 canonicalisation (sorted pairs of query and form, RFC 3986, then encoded again)
// agrees with an independent signer for any parameter names and values, by GET or by a POST form.
func FuzzV1_signatureRoundTrip(f *testing.F) {
	ts := start(f)
	f.Add("SnapshotName", "a b*c~+%/=?&中文", "Tag.1.Key", "", false)
	f.Add("", "", "SnapshotIds", `["s-1","s-2"]`, true)
	f.Add("k\xff", "v\x00", "SignatureType", "", true)
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string, inForm bool) {
		params := url.Values{"Action": {"DescribeInstances"}, "RegionId": {ts.Region}}
		for _, kv := range [][2]string{{k1, v1}, {k2, v2}} {
			if v1CommonParameters[kv[0]] || strings.ContainsRune(kv[0], ';') || strings.ContainsRune(kv[1], ';') {
				continue
			}
			if _, taken := params[kv[0]]; !taken {
				params.Set(kv[0], kv[1])
			}
		}
		method := http.MethodGet
		if inForm {
			method = http.MethodPost
		}
		status, body, _ := v1Call{method: method, inForm: inForm, params: params}.do(t, ts)
		if code := bodyCode([]byte(body)); signatureCodes[code] && code != "InvalidParameter" || status >= 500 {
			t.Fatalf("params %q (form %v): %d %s", params.Encode(), inForm, status, body)
		}
	})
}
