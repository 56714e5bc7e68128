package emulator

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/credentials-go/credentials/providers"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

// syncBuffer is a log sink the server's goroutines may write to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// credentials-go's own AssumeRole (HTTPS only) against the TLS listener: the temporary keys it gets sign ECS
// calls until they expire on the emulator's clock, and are refused after with InvalidSecurityToken.Expired; the
// log names the temporary AccessKey ID of each call.
func TestAssumeRole_credentialsGoOverTLSUntilExpiry(t *testing.T) {
	clock := newFakeClock()
	var logs syncBuffer
	ts := StartTestServer(t, backend.Options{Now: clock.Now}, Config{Now: clock.Now,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}, WithTLS())
	if !strings.HasPrefix(ts.TLSURL, "https://127.0.0.1:") || ts.CAFile == "" {
		t.Fatalf("TLS listener: %q, CA file %q", ts.TLSURL, ts.CAFile)
	}
	p, err := providers.NewRAMRoleARNCredentialsProviderBuilder().
		WithAccessKeyId(ts.AccessKeyID).WithAccessKeySecret(ts.AccessKeySecret).
		WithRoleArn("acs:ram::" + DefaultAccountID + ":role/" + stsbackend.DefaultRoleName).
		WithRoleSessionName("terraform").WithDurationSeconds(900).
		WithStsEndpoint(ts.TLSEndpoint).Build()
	mustOK(t, err)
	cc, err := p.GetCredentials()
	mustOK(t, err)
	if !strings.HasPrefix(cc.AccessKeyId, "STS.") || cc.AccessKeySecret == "" || cc.SecurityToken == "" {
		t.Fatalf("temporary credentials: %+v", cc)
	}
	session, ok := ts.STS().Session(cc.AccessKeyId)
	if !ok || !session.Expiration.Equal(clock.Now().Add(900*time.Second)) || session.SessionName != "terraform" {
		t.Fatalf("session %+v (found %v), want one expiring in 900 s", session, ok)
	}

	withTemp := func(token string) func(*openapi.Config) {
		return func(c *openapi.Config) {
			c.AccessKeyId, c.AccessKeySecret = tea.String(cc.AccessKeyId), tea.String(cc.AccessKeySecret)
			if token != "" {
				c.SecurityToken = tea.String(token)
			}
		}
	}
	c := sdk(t, ts, withTemp(cc.SecurityToken))
	id := createSnapshot(t, c, diskRunningData)
	if !strings.Contains(logs.String(), "action=CreateSnapshot status=200 code=\"\" request_id=") ||
		!strings.Contains(logs.String(), "access_key_id="+cc.AccessKeyId) {
		t.Fatalf("the log does not name the temporary key of CreateSnapshot:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), cc.AccessKeySecret) || strings.Contains(logs.String(), cc.SecurityToken) {
		t.Fatal("the emulator's log holds the temporary secret or token")
	}

	describe := func(c *ecs.Client) error {
		_, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region), SnapshotIds: tea.String(`["` + id + `"]`)})
		return err
	}
	wantAPIError(t, describe(sdk(t, ts, withTemp(""))), 400, "MissingSecurityToken")
	wantAPIError(t, describe(sdk(t, ts, withTemp("CAISnotthetoken"))), 400, "InvalidSecurityToken.MismatchWithAccessKey")

	clock.Advance(899 * time.Second)
	mustOK(t, describe(c))
	clock.Advance(time.Second)
	wantAPIError(t, describe(c), 400, "InvalidSecurityToken.Expired")
	// The long-term key still works: only the session ended.
	mustOK(t, describe(sdk(t, ts)))
}

// GetCallerIdentity with temporary keys names the assumed role and the session.
func TestAssumeRole_callerIdentityOfSession(t *testing.T) {
	ts := StartTestServer(t, backend.Options{}, Config{})
	status, body, _ := assumeRole(t, ts, url.Values{"RoleArn": {"acs:ram::" + DefaultAccountID + ":role/emulator-role"},
		"RoleSessionName": {"alice@example.com"}})
	if status != 200 {
		t.Fatalf("AssumeRole: %d %s", status, body)
	}
	var out struct {
		AssumedRoleUser stsbackend.AssumedRoleUser
		Credentials     stsbackend.Credentials
	}
	mustOK(t, json.Unmarshal([]byte(body), &out))
	wantArn := "acs:ram::" + DefaultAccountID + ":role/emulator-role/alice@example.com"
	if out.AssumedRoleUser.Arn != wantArn || out.AssumedRoleUser.AssumedRoleId != stsbackend.DefaultRoleID+":alice@example.com" {
		t.Fatalf("AssumedRoleUser %+v", out.AssumedRoleUser)
	}
	exp, err := time.Parse("2006-01-02T15:04:05Z", out.Credentials.Expiration)
	if left := time.Until(exp); err != nil || left < 3500*time.Second || left > 3600*time.Second {
		t.Fatalf("Expiration %q (%v): want the default 3600 s from now", out.Credentials.Expiration, err)
	}
	status, body, _ = v1Call{key: out.Credentials.AccessKeyId, secret: out.Credentials.AccessKeySecret,
		params: url.Values{"Version": {STSAPIVersion}, "Action": {"GetCallerIdentity"}, "SecurityToken": {out.Credentials.SecurityToken}}}.do(t, ts)
	if status != 200 || !strings.Contains(body, `"IdentityType":"AssumedRoleUser"`) || !strings.Contains(body, `"Arn":"`+wantArn+`"`) {
		t.Fatalf("GetCallerIdentity with the session: %d %s", status, body)
	}
	// Only keys that were handed out are accepted: a made-up temporary key is unknown.
	status, body, _ = v1Call{key: "STS.NotHandedOut", secret: out.Credentials.AccessKeySecret,
		params: url.Values{"Version": {STSAPIVersion}, "Action": {"GetCallerIdentity"}, "SecurityToken": {out.Credentials.SecurityToken}}}.do(t, ts)
	if status != 404 || !strings.Contains(body, "InvalidAccessKeyId.NotFound") {
		t.Fatalf("a temporary key never handed out: %d %s", status, body)
	}
}

func assumeRole(t *testing.T, ts *TestServer, params url.Values) (int, string, http.Header) {
	t.Helper()
	params.Set("Version", STSAPIVersion)
	params.Set("Action", "AssumeRole")
	return v1Call{method: http.MethodPost, params: params}.do(t, ts)
}

// Every documented parameter rule and error of AssumeRole.
func TestAssumeRole_documentedErrors(t *testing.T) {
	ts := StartTestServer(t, backend.Options{}, Config{Roles: []stsbackend.Role{
		{Name: "long", ID: "1", MaxSessionDuration: 43200},
		{Name: "partner", ID: "2", ExternalID: "abc-123"},
	}})
	arn := func(role string) string { return "acs:ram::" + DefaultAccountID + ":role/" + role }
	cases := []struct {
		name   string
		params url.Values
		status int
		code   string
	}{
		{"no role", url.Values{"RoleSessionName": {"s1"}}, 400, "MissingParameter"},
		{"no session name", url.Values{"RoleArn": {arn("long")}}, 400, "MissingParameter"},
		{"arn shape", url.Values{"RoleArn": {"acs:ram::x:role/long"}, "RoleSessionName": {"s1"}}, 400, "InvalidParameter.RoleArn"},
		{"arn not a role", url.Values{"RoleArn": {"acs:ram::" + DefaultAccountID + ":user/long"}, "RoleSessionName": {"s1"}}, 400, "InvalidParameter.RoleArn"},
		{"session name short", url.Values{"RoleArn": {arn("long")}, "RoleSessionName": {"s"}}, 400, "InvalidParameter.RoleSessionName"},
		{"session name char", url.Values{"RoleArn": {arn("long")}, "RoleSessionName": {"a b"}}, 400, "InvalidParameter.RoleSessionName"},
		{"session name long", url.Values{"RoleArn": {arn("long")}, "RoleSessionName": {strings.Repeat("a", 65)}}, 400, "InvalidParameter.RoleSessionName"},
		{"duration low", url.Values{"RoleArn": {arn("long")}, "RoleSessionName": {"s1"}, "DurationSeconds": {"899"}}, 400, "InvalidParameter.DurationSeconds"},
		{"duration above role max", url.Values{"RoleArn": {arn("emulator-role")}, "RoleSessionName": {"s1"}, "DurationSeconds": {"3601"}}, 400, "InvalidParameter.DurationSeconds"},
		{"duration not a number", url.Values{"RoleArn": {arn("long")}, "RoleSessionName": {"s1"}, "DurationSeconds": {"1h"}}, 400, "InvalidParameter.DurationSeconds"},
		{"duration at long max", url.Values{"RoleArn": {arn("long")}, "RoleSessionName": {"s1"}, "DurationSeconds": {"43200"}}, 200, ""},
		{"duration above long max", url.Values{"RoleArn": {arn("long")}, "RoleSessionName": {"s1"}, "DurationSeconds": {"43201"}}, 400, "InvalidParameter.DurationSeconds"},
		{"policy grammar", url.Values{"RoleArn": {arn("long")}, "RoleSessionName": {"s1"}, "Policy": {"{not json"}}, 400, "InvalidParameter.PolicyGrammar"},
		{"policy size", url.Values{"RoleArn": {arn("long")}, "RoleSessionName": {"s1"},
			"Policy": {`{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"` + strings.Repeat("x", 2048) + `"}]}`}}, 400, "InvalidParameter.PolicySize"},
		{"policy ok", url.Values{"RoleArn": {arn("long")}, "RoleSessionName": {"s1"},
			"Policy": {`{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}`}}, 200, ""},
		{"unknown role", url.Values{"RoleArn": {arn("nobody")}, "RoleSessionName": {"s1"}}, 404, "EntityNotExist.Role"},
		{"other account", url.Values{"RoleArn": {"acs:ram::1111222233334444:role/long"}, "RoleSessionName": {"s1"}}, 404, "EntityNotExist.Role"},
		{"external id missing", url.Values{"RoleArn": {arn("partner")}, "RoleSessionName": {"s1"}}, 403, "NoPermission"},
		{"external id wrong", url.Values{"RoleArn": {arn("partner")}, "RoleSessionName": {"s1"}, "ExternalId": {"abc-124"}}, 403, "NoPermission"},
		{"external id malformed", url.Values{"RoleArn": {arn("partner")}, "RoleSessionName": {"s1"}, "ExternalId": {"a"}}, 400, "InvalidParameter.ExternalId"},
		{"external id right", url.Values{"RoleArn": {arn("partner")}, "RoleSessionName": {"s1"}, "ExternalId": {"abc-123"}}, 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := assumeRole(t, ts, tc.params)
			if status != tc.status || (tc.code != "" && !strings.Contains(body, `"Code":"`+tc.code+`"`)) {
				t.Fatalf("got %d %s, want %d %s", status, body, tc.status, tc.code)
			}
			if tc.status == 200 && !strings.Contains(body, `"AccessKeyId":"STS.`) {
				t.Fatalf("no temporary key: %s", body)
			}
		})
	}
}

// credentials-go's ECS RAM role provider, reaching the metadata address 100.100.100.200 through its proxy
// option pointed at the emulator (which serves the metadata service for that Host), gets keys that sign ECS calls.
func TestMetadata_ecsRAMRoleThroughProxy(t *testing.T) {
	ts := StartTestServer(t, backend.Options{}, Config{})
	for _, role := range []string{stsbackend.DefaultRoleName, ""} { // named, and found through the listing
		p, err := providers.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName(role).WithDisableIMDSv1(true).
			WithHttpOptions(&providers.HttpOptions{Proxy: ts.URL}).Build()
		mustOK(t, err)
		cc, err := p.GetCredentials()
		mustOK(t, err)
		if !strings.HasPrefix(cc.AccessKeyId, "STS.") {
			t.Fatalf("role %q: %+v", role, cc)
		}
		c := sdk(t, ts, func(c *openapi.Config) {
			c.AccessKeyId, c.AccessKeySecret, c.SecurityToken = tea.String(cc.AccessKeyId), tea.String(cc.AccessKeySecret), tea.String(cc.SecurityToken)
		})
		createSnapshot(t, c, diskRunningData)
	}
	p, err := providers.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName("not-attached").
		WithHttpOptions(&providers.HttpOptions{Proxy: ts.URL}).Build()
	mustOK(t, err)
	if _, err := p.GetCredentials(); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("a role the instance does not have: %v", err)
	}
}
