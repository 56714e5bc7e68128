package emulator

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// TestRefusedCalls_neverReachTheBackend: an unsigned, wrongly signed, stale or replayed CreateSnapshot is refused
// with its code and creates nothing; only the one properly signed original does.
func TestRefusedCalls_neverReachTheBackend(t *testing.T) {
	ts := start(t)
	create := url.Values{"Action": {"CreateSnapshot"}, "Version": {"2014-05-26"}, "RegionId": {ts.Region}, "DiskId": {diskRunningData}}

	// Unsigned: the business parameters alone, as a plain HTTP client would send them.
	st, body, _ := send(t, mustRequest(t, http.MethodPost, ts.URL+"/?"+create.Encode()))
	wantWireError(t, st, body, 400, "MissingParameter")
	v3create := url.Values{"RegionId": {ts.Region}, "DiskId": {diskRunningData}}
	unsignedV3 := mustRequest(t, http.MethodPost, ts.URL+"/?"+v3create.Encode())
	unsignedV3.Header.Set("x-acs-action", "CreateSnapshot")
	unsignedV3.Header.Set("x-acs-version", "2014-05-26")
	st, body, _ = send(t, unsignedV3)
	wantWireError(t, st, body, 400, "IncompleteSignature")

	// Wrongly signed, in both styles.
	st, body, _ = v3Request{action: "CreateSnapshot", query: v3create, secret: "not-the-secret"}.do(t, ts)
	wantWireError(t, st, body, 400, "SignatureDoesNotMatch")
	st, body, _ = v1Call{params: url.Values{"Action": {"CreateSnapshot"}, "RegionId": {ts.Region}, "DiskId": {diskRunningData}}, secret: "not-the-secret"}.do(t, ts)
	wantWireError(t, st, body, 400, "SignatureDoesNotMatch")

	// Stale: signed correctly, but an hour old.
	st, body, _ = v3Request{action: "CreateSnapshot", query: v3create, date: time.Now().Add(-time.Hour)}.do(t, ts)
	wantWireError(t, st, body, 400, "InvalidTimeStamp.Expired")

	if n := len(ts.Backend().Snapshots()); n != 0 {
		t.Fatalf("refused calls created %d snapshot(s)", n)
	}

	// Replayed: the original is served, the same signed request again is not.
	original := v3Request{action: "CreateSnapshot", query: v3create, nonce: freshNonce()}
	st, body, _ = original.do(t, ts)
	if st != http.StatusOK {
		t.Fatalf("the original call: %d %s", st, body)
	}
	st, body, _ = original.do(t, ts)
	wantWireError(t, st, body, 400, "SignatureNonceUsed")
	if n := len(ts.Backend().Snapshots()); n != 1 {
		t.Fatalf("%d snapshots after one call and its replay, want 1", n)
	}
}

func mustRequest(t *testing.T, method, target string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
