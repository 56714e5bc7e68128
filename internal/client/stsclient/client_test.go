package stsclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/credentials-go/credentials"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// documentedAnswer is the sample answer of
// https://www.alibabacloud.com/help/doc-detail/43767.htm.
const documentedAnswer = `{"IdentityType":"RAMUser","AccountId":"196813200012****","RequestId":"3C87BF47-3724-5443-ADC1-5AEAD9A03EB1",` +
	`"PrincipalId":"28877424437521****","UserId":"216959339000****","Arn":"acs:ram::196813200012****:user/admin","RoleId":"33537620082992****"}`

// fakeSTS answers as the STS API does: the SDK sends RPC-style requests with the action among the parameters.
type fakeSTS struct {
	server *httptest.Server
	mu     sync.Mutex
	calls  []url.Values
	// answer gives status and body for call n (1-based).
	answer func(n int) (int, string)
}

func newFakeSTS(t *testing.T, answer func(n int) (int, string)) *fakeSTS {
	t.Helper()
	f := &fakeSTS{answer: answer}
	f.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Errorf("fake STS: %v", err)
		}
		f.mu.Lock()
		f.calls = append(f.calls, r.Form)
		n := len(f.calls)
		f.mu.Unlock()
		status, body := f.answer(n)
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(f.server.Close)
	return f
}

func (f *fakeSTS) Calls() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.calls...)
}

func testCredential(t testing.TB, id, secret string) credentials.Credential {
	t.Helper()
	cred, err := credentials.NewCredential(&credentials.Config{
		Type: tea.String("access_key"), AccessKeyId: tea.String(id), AccessKeySecret: tea.String(secret),
	})
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

// newTestClient is the real client against endpoint, with retries that do not wait.
func newTestClient(t *testing.T, cfg client.Config) *sdkClient {
	t.Helper()
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	sc, ok := c.(*sdkClient)
	if !ok {
		t.Fatalf("New returned a %T", c)
	}
	sc.retry.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return sc
}

func TestGetCallerIdentity_readsTheDocumentedAnswer(t *testing.T) {
	fake := newFakeSTS(t, func(int) (int, string) { return 200, documentedAnswer })
	c := newTestClient(t, client.Config{Region: "cn-hangzhou", Endpoint: fake.server.URL, Credential: testCredential(t, "ak", "sk")})
	got, err := c.GetCallerIdentity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := CallerIdentity{AccountID: "196813200012****", UserID: "216959339000****", ARN: "acs:ram::196813200012****:user/admin",
		IdentityType: "RAMUser", PrincipalID: "28877424437521****", RoleID: "33537620082992****"}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	calls := fake.Calls()
	if len(calls) != 1 || calls[0].Get("Action") != "GetCallerIdentity" || calls[0].Get("Version") != "2015-04-01" ||
		calls[0].Get("AccessKeyId") != "ak" {
		t.Errorf("calls %v", calls)
	}
}

func TestGetCallerIdentity_retriesThrottlingAndServerErrors(t *testing.T) {
	fake := newFakeSTS(t, func(n int) (int, string) {
		switch n {
		case 1:
			return 400, `{"RequestId":"r-1","HostId":"sts.aliyuncs.com","Code":"Throttling.User","Message":"Request was denied due to user flow control."}`
		case 2:
			return 500, `{"RequestId":"r-2","HostId":"sts.aliyuncs.com","Code":"InternalError","Message":"STS Server Internal Error happened, please send the RequestId to us."}`
		}
		return 200, documentedAnswer
	})
	c := newTestClient(t, client.Config{Region: "cn-hangzhou", Endpoint: fake.server.URL, Credential: testCredential(t, "ak", "sk")})
	if _, err := c.GetCallerIdentity(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Calls()); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
}

func TestGetCallerIdentity_typedErrorAndNoRetries(t *testing.T) {
	fake := newFakeSTS(t, func(int) (int, string) {
		return 404, `{"RequestId":"r-9","HostId":"sts.aliyuncs.com","Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found."}`
	})
	c := newTestClient(t, client.Config{Region: "cn-hangzhou", Endpoint: fake.server.URL, Credential: testCredential(t, "ak", "sk"), MaxRetries: new(0)})
	_, err := c.GetCallerIdentity(context.Background())
	apiErr, ok := errors.AsType[*client.APIError](err)
	if !ok {
		t.Fatalf("error %v is no *client.APIError", err)
	}
	if apiErr.Product != client.ProductSTS || apiErr.Action != "GetCallerIdentity" || apiErr.Code != "InvalidAccessKeyId.NotFound" ||
		apiErr.Message != "Specified access key is not found." || apiErr.RequestID != "r-9" || apiErr.HTTPStatus != 404 || apiErr.Attempts != 1 {
		t.Errorf("error %+v", *apiErr)
	}
	if !strings.HasPrefix(err.Error(), "STS GetCallerIdentity failed: InvalidAccessKeyId.NotFound") {
		t.Errorf("Error() = %q", err)
	}
	// The same error with retries allowed: a not-found key is not transient.
	c = newTestClient(t, client.Config{Region: "cn-hangzhou", Endpoint: fake.server.URL, Credential: testCredential(t, "ak", "sk")})
	if _, err := c.GetCallerIdentity(context.Background()); !client.IsNotFound(err) {
		t.Errorf("error %v", err)
	}
	if n := len(fake.Calls()); n != 2 {
		t.Errorf("%d calls, want 2 (one per client, no retries)", n)
	}
}

func TestGetCallerIdentity_answerWithoutAccountIsInvalid(t *testing.T) {
	fake := newFakeSTS(t, func(int) (int, string) { return 200, `{"RequestId":"r-1"}` })
	c := newTestClient(t, client.Config{Region: "cn-hangzhou", Endpoint: fake.server.URL, Credential: testCredential(t, "ak", "sk")})
	_, err := c.GetCallerIdentity(context.Background())
	if !client.IsCode(err, client.CodeInvalidResponse) || !strings.Contains(err.Error(), "r-1") {
		t.Errorf("error %v, want InvalidResponse naming the request", err)
	}
}

func TestGetCallerIdentity_logsAttemptsWithoutSecrets(t *testing.T) {
	fake := newFakeSTS(t, func(int) (int, string) { return 200, documentedAnswer })
	c := newTestClient(t, client.Config{Region: "cn-hangzhou", Endpoint: fake.server.URL, Credential: testCredential(t, "ak", "top-secret")})
	var out bytes.Buffer
	if _, err := c.GetCallerIdentity(tflogtest.RootLogger(context.Background(), &out)); err != nil {
		t.Fatal(err)
	}
	entries, err := tflogtest.MultilineJSONDecode(&out)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		if e[client.LogFieldAction] == "GetCallerIdentity" && e[client.LogFieldProduct] == "STS" &&
			e[client.LogFieldRequestID] == "3C87BF47-3724-5443-ADC1-5AEAD9A03EB1" {
			found = true
		}
		if b, _ := json.Marshal(e); strings.Contains(string(b), "top-secret") {
			t.Errorf("the secret reached the log: %s", b)
		}
	}
	if !found {
		t.Errorf("no attempt logged: %v", entries)
	}
}

func TestNew_endpoints(t *testing.T) {
	cred := testCredential(t, "ak", "sk")
	for _, tt := range []struct {
		region, endpoint, want string
	}{
		{"cn-hangzhou", "", "sts.cn-hangzhou.aliyuncs.com"},
		{"", "", "sts.aliyuncs.com"},
		{"ap-southeast-1", "http://127.0.0.1:8699", "127.0.0.1:8699"},
	} {
		c, err := New(context.Background(), client.Config{Region: tt.region, Endpoint: tt.endpoint, Credential: cred})
		if err != nil {
			t.Fatalf("New(%q, %q): %v", tt.region, tt.endpoint, err)
		}
		sc, ok := c.(*sdkClient)
		if !ok {
			t.Fatalf("New returned a %T", c)
		}
		if got := tea.StringValue(sc.sdkConfig.Endpoint); got != tt.want {
			t.Errorf("New(%q, %q) endpoint %q, want %q", tt.region, tt.endpoint, got, tt.want)
		}
	}
	if _, err := New(context.Background(), client.Config{Region: "cn-hangzhou"}); err == nil {
		t.Error("no credential accepted")
	}
}

// fakeClient stands in for STS: what a provider test hands in through a Factory instead of New.
type fakeClient struct{ id CallerIdentity }

func (f fakeClient) GetCallerIdentity(context.Context) (CallerIdentity, error) { return f.id, nil }

func TestFactory_canBeSwapped(t *testing.T) {
	var got client.Config
	var factory Factory = func(_ context.Context, cfg client.Config) (Client, error) {
		got = cfg
		return fakeClient{id: CallerIdentity{AccountID: "42", IdentityType: "Account"}}, nil
	}
	// A consumer that only knows the Factory type, as the provider does.
	whoAmI := func(f Factory, cfg client.Config) (CallerIdentity, error) {
		c, err := f(context.Background(), cfg)
		if err != nil {
			return CallerIdentity{}, err
		}
		return c.GetCallerIdentity(context.Background())
	}
	id, err := whoAmI(factory, client.Config{Region: "eu-central-1"})
	if err != nil || id.AccountID != "42" || got.Region != "eu-central-1" {
		t.Errorf("swapped factory: %+v, %v, config %+v", id, err, got)
	}
	// And the real one satisfies the same type.
	if _, err := whoAmI(New, client.Config{Region: "cn-hangzhou", Endpoint: "http://127.0.0.1:1", Credential: testCredential(t, "ak", "sk"), MaxRetries: new(0)}); !client.IsCode(err, client.CodeConnection) {
		t.Errorf("real factory against a closed port: %v, want a connection error", err)
	}
}
