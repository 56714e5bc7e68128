package acctest

import (
	"os"
	"testing"

	"github.com/aliyun/credentials-go/credentials"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
)

// EnvDesktopID names a Running cloud desktop that the desktop snapshot tests snapshot in a real account;
// against the emulator they find one through DescribeDesktops.
const EnvDesktopID = "ALIECS_ACC_DESKTOP_ID"

// ECDClient is an ECD client of the provider's region built from the test's environment, as ECSClient is:
// CheckDestroy of desktop snapshots goes through it, never through the emulator's backend.
func (e *Env) ECDClient(t *testing.T) ecdclient.Client {
	t.Helper()
	cfg := client.Config{Region: e.Region()}
	var err error
	if e.Emulator != nil {
		cfg.Endpoint = e.Emulator.URL
		cfg.Credential, err = credentials.NewCredential(new(credentials.Config).SetType("access_key").
			SetAccessKeyId(e.Emulator.AccessKeyID).SetAccessKeySecret(e.Emulator.AccessKeySecret))
	} else {
		cfg.Endpoint = os.Getenv("ALIECS_ECD_ENDPOINT")
		ak, sk := firstEnv("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"), firstEnv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY")
		token := firstEnv("ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN")
		switch {
		case ak != "" && sk != "" && token != "":
			cfg.Credential, err = credentials.NewCredential(new(credentials.Config).SetType("sts").
				SetAccessKeyId(ak).SetAccessKeySecret(sk).SetSecurityToken(token))
		case ak != "" && sk != "":
			cfg.Credential, err = credentials.NewCredential(new(credentials.Config).SetType("access_key").
				SetAccessKeyId(ak).SetAccessKeySecret(sk))
		default:
			cfg.Credential, err = credentials.NewCredential(nil)
		}
	}
	if err != nil {
		t.Fatalf("credential for the test's ECD client: %v", err)
	}
	c, err := ecdclient.New(t.Context(), cfg)
	if err != nil {
		t.Fatalf("the test's ECD client: %v", err)
	}
	return c
}

// RunningDesktopID is a Running cloud desktop to snapshot: EnvDesktopID against the real cloud, else the
// first Running desktop the emulator's DescribeDesktops lists. The test skips when there is none.
func (e *Env) RunningDesktopID(t *testing.T) string {
	t.Helper()
	if e.Emulator == nil {
		id := os.Getenv(EnvDesktopID)
		if id == "" {
			t.Skipf("set %s to a Running cloud desktop to run the desktop snapshot tests against the real cloud", EnvDesktopID)
		}
		return id
	}
	desktops, err := e.ECDClient(t).DescribeDesktops(t.Context(), ecdclient.DescribeDesktopsInput{DesktopStatus: "Running"})
	if err != nil {
		t.Fatalf("DescribeDesktops: %v", err)
	}
	for _, d := range desktops {
		if d.DesktopStatus == "Running" {
			return d.DesktopID
		}
	}
	t.Fatal("the emulator's fixture has no Running cloud desktop")
	return ""
}
