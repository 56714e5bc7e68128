package ecsclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/credentials-go/credentials"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// fakeECS answers the v4 SDK as the real API does (action in x-acs-action, parameters in the
// query, JSON answers), without checking signatures: tests of this package are about the client, not the server.
type fakeECS struct {
	t      *testing.T
	server *httptest.Server

	mu    sync.Mutex
	calls []fakeCall
	// handle answers one call; nil answers {"RequestId": ...} with 200.
	handle func(call fakeCall, n int) fakeAnswer
}

type fakeCall struct {
	Action string
	Query  url.Values
	Header http.Header
}

type fakeAnswer struct {
	Status int
	Body   any
	// Drop closes the connection without answering, as a dropped connection would.
	Drop bool
}

func newFakeECS(t *testing.T, handle func(call fakeCall, n int) fakeAnswer) *fakeECS {
	t.Helper()
	f := &fakeECS{t: t, handle: handle}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

func (f *fakeECS) serve(w http.ResponseWriter, r *http.Request) {
	call := fakeCall{Action: r.Header.Get("x-acs-action"), Query: r.URL.Query(), Header: r.Header.Clone()}
	f.mu.Lock()
	f.calls = append(f.calls, call)
	n := len(f.calls)
	f.mu.Unlock()

	answer := fakeAnswer{Status: http.StatusOK, Body: map[string]any{}}
	if f.handle != nil {
		answer = f.handle(call, n)
	}
	if answer.Drop {
		hj, ok := w.(http.Hijacker)
		if !ok {
			f.t.Error("fake ECS: connection cannot be hijacked")
			return
		}
		conn, _, err := hj.Hijack()
		if err != nil {
			f.t.Errorf("fake ECS: hijack: %v", err)
			return
		}
		_ = conn.Close()
		return
	}
	body, ok := answer.Body.(map[string]any)
	if !ok {
		body = map[string]any{}
	}
	if _, ok := body["RequestId"]; !ok {
		body["RequestId"] = fmt.Sprintf("req-%d", n)
	}
	if answer.Status == 0 {
		answer.Status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(answer.Status)
	if err := json.NewEncoder(w).Encode(body); err != nil {
		f.t.Errorf("fake ECS: encoding: %v", err)
	}
}

func (f *fakeECS) Calls() []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeCall(nil), f.calls...)
}

func apiErrorBody(code, message string) map[string]any {
	return map[string]any{"RequestId": "err-req", "HostId": "ecs.example", "Code": code, "Message": message, "Recommend": ""}
}

func testCredential(t testing.TB) credentials.Credential {
	return accessKeyCredential(t, "test-access-key-id", "test-access-key-secret")
}

func accessKeyCredential(t testing.TB, id, secret string) credentials.Credential {
	t.Helper()
	cred, err := credentials.NewCredential(&credentials.Config{
		Type: tea.String("access_key"), AccessKeyId: tea.String(id), AccessKeySecret: tea.String(secret),
	})
	if err != nil {
		t.Fatalf("credential: %v", err)
	}
	return cred
}

// fakeClock is the retry policy's clock: it moves only when the policy sleeps.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// newTestClient builds the real client against endpoint, with the fake clock and the largest jitter (so
// that waits are predictable) instead of real sleeping. maxRetries is Config.MaxRetries: nil for the default.
func newTestClient(t *testing.T, endpoint string, maxRetries *int) (*sdkClient, *fakeClock) {
	t.Helper()
	return newClockedClient(t, client.Config{Region: "cn-hangzhou", Endpoint: endpoint, Credential: testCredential(t), MaxRetries: maxRetries})
}

// newClockedClient builds the real client from cfg with the fake clock and the largest jitter.
func newClockedClient(t *testing.T, cfg client.Config) (*sdkClient, *fakeClock) {
	t.Helper()
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	sc, ok := c.(*sdkClient)
	if !ok {
		t.Fatalf("New returned a %T", c)
	}
	clock := &fakeClock{now: time.Now()}
	sc.retry.Now = clock.Now
	sc.retry.Sleep = clock.Sleep
	sc.retry.Jitter = func(limit time.Duration) time.Duration { return limit }
	return sc, clock
}
