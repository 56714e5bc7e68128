package stsclient

import (
	"context"
	"strings"
	"testing"

	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/credentials-go/credentials"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

func TestEmulator_getCallerIdentityOfTheKeyPair(t *testing.T) {
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{AccountID: "1234567890123456", UserName: "alice", UserID: "2345678901234567"})
	c := newTestClient(t, client.Config{Region: ts.Region, Endpoint: ts.URL, Credential: testCredential(t, ts.AccessKeyID, ts.AccessKeySecret)})
	got, err := c.GetCallerIdentity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := CallerIdentity{AccountID: "1234567890123456", UserID: "2345678901234567", ARN: "acs:ram::1234567890123456:user/alice",
		IdentityType: "RAMUser", PrincipalID: "2345678901234567"}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if n := ts.CallCounts()["GetCallerIdentity"]; n != 1 {
		t.Errorf("%d GetCallerIdentity calls counted, want 1", n)
	}
}

func TestEmulator_getCallerIdentityWithSecurityToken(t *testing.T) {
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{SecurityTokens: []string{"token-1"}})
	cred, err := credentials.NewCredential(&credentials.Config{
		Type: tea.String("sts"), AccessKeyId: tea.String(ts.AccessKeyID), AccessKeySecret: tea.String(ts.AccessKeySecret),
		SecurityToken: tea.String("token-1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, client.Config{Region: ts.Region, Endpoint: ts.URL, Credential: cred})
	got, err := c.GetCallerIdentity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.IdentityType != "AssumedRoleUser" || got.AccountID != emulator.DefaultAccountID || got.RoleID == "" || got.UserID != "" {
		t.Errorf("got %+v, want the assumed role of the default account", got)
	}
}

func TestEmulator_wrongSecretIsATypedError(t *testing.T) {
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{})
	c := newTestClient(t, client.Config{Region: ts.Region, Endpoint: ts.URL, Credential: testCredential(t, ts.AccessKeyID, "wrong")})
	_, err := c.GetCallerIdentity(context.Background())
	if !client.IsCode(err, "SignatureDoesNotMatch") {
		t.Errorf("error %v, want SignatureDoesNotMatch", err)
	}
}

func TestEmulator_throttlingIsRetried(t *testing.T) {
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{})
	if err := ts.SetFaults([]emulator.Fault{{Action: "GetCallerIdentity", Code: "Throttling.User", HTTPStatus: 400, Count: 2}}); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, client.Config{Region: ts.Region, Endpoint: ts.URL, Credential: testCredential(t, ts.AccessKeyID, ts.AccessKeySecret)})
	if _, err := c.GetCallerIdentity(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := ts.CallCounts()["GetCallerIdentity"]; n != 3 {
		t.Errorf("%d GetCallerIdentity calls, want 3", n)
	}
}

func TestEmulator_unknownAccessKeyNamesTheCredentialSource(t *testing.T) {
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{})
	const source = `profile "ci" (from the profile argument) of /home/u/.aliyun/config.json`
	c := newTestClient(t, client.Config{Region: ts.Region, Endpoint: ts.URL, Credential: testCredential(t, "LTAI-unknown", "sk"), CredentialSource: source})
	_, err := c.GetCallerIdentity(context.Background())
	if !client.IsCode(err, "InvalidAccessKeyId.NotFound") {
		t.Fatalf("error %v, want InvalidAccessKeyId.NotFound", err)
	}
	for _, want := range []string{"no access key with this ID", "Credentials used: " + source + "."} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
