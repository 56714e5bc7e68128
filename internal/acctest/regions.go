package acctest

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// Against the real cloud, tests that work in two regions need a second region and a disk there to snapshot.
const (
	EnvSecondRegion = "ALIECS_ACC_SECOND_REGION"
	EnvSecondDiskID = "ALIECS_ACC_SECOND_DISK_ID"
)

// SecondRegion is a region other than the provider's, with a disk there that accepts snapshots: from the
// emulator's default fixture, or from EnvSecondRegion and EnvSecondDiskID against the real cloud (the test is
// skipped when they are not set).
func (e *Env) SecondRegion(t *testing.T) (region, diskID string) {
	t.Helper()
	if e.Emulator == nil {
		region, diskID = os.Getenv(EnvSecondRegion), os.Getenv(EnvSecondDiskID)
		if region == "" || diskID == "" {
			t.Skipf("needs %s and %s against the real cloud", EnvSecondRegion, EnvSecondDiskID)
		}
		return region, diskID
	}
	fixture := backend.DefaultFixture() // NewWithOptions always serves it
	for _, r := range fixture.RegionIDs() {
		if r == e.Emulator.Region || !slices.Contains(e.Emulator.Regions, r) {
			continue
		}
		if disks := fixture.SnapshottableDisksIn(r); len(disks) > 0 {
			return r, disks[0]
		}
	}
	t.Fatal("the emulator's fixture has no second region with a disk that accepts snapshots")
	return "", ""
}

func firstEnv(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}

// Region is the provider's region in the tests: the emulator's default region, or the environment's
// against the real cloud.
func (e *Env) Region() string {
	if e.Emulator != nil {
		return e.Emulator.Region
	}
	return firstEnv("ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION")
}

// ECSClientIn is an ECS client of region, as the provider builds one: pointed at the emulator, or at the
// public endpoint with the environment's credentials against the real cloud. Tests check through it what
// the API says, never the emulator's state, so that their checks hold against the real cloud too.
func (e *Env) ECSClientIn(t *testing.T, region string) ecsclient.Client {
	t.Helper()
	c, err := ecsclient.New(t.Context(), e.clientConfig(t, region, "ALIECS_ENDPOINT"))
	if err != nil {
		t.Fatalf("the test's ECS client: %v", err)
	}
	return c
}

// clientConfig is a product client's configuration as the provider would build it in region: the emulator's
// URL and key pair, or, against the real cloud, the endpoint override in endpointEnv and the credentials of
// the variables the provider reads too (the official SDK's, then the older alicloud provider's), else the
// default chain.
func (e *Env) clientConfig(t *testing.T, region, endpointEnv string) client.Config {
	t.Helper()
	cfg := client.Config{Region: region}
	var err error
	if e.Emulator != nil {
		cfg.Endpoint = e.Emulator.URL
		cfg.Credential, err = credentials.NewCredential(new(credentials.Config).SetType("access_key").
			SetAccessKeyId(e.Emulator.AccessKeyID).SetAccessKeySecret(e.Emulator.AccessKeySecret))
	} else {
		cfg.Endpoint = os.Getenv(endpointEnv)
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
		t.Fatalf("credential for the test's client: %v", err)
	}
	return cfg
}

// ProviderNameAlternate is a second local name for this provider, for tests that need a second provider
// configuration (another region). In process, terraform-plugin-testing serves each provider name from one
// server that terraform reattaches to, so two aliases of one name would share one configured server and
// the last Configure would win; two names get two servers, as aliases get two plugin processes in real use
// (terraform-provider-aws's acceptance tests do the same, with "awsalternate").
const ProviderNameAlternate = "aliecsalternate"

// FactoriesAlternate are Factories plus ProviderNameAlternate.
func (e *Env) FactoriesAlternate() map[string]func() (tfprotov6.ProviderServer, error) {
	f := maps.Clone(e.Factories)
	f[ProviderNameAlternate] = e.Factories["aliecs"]
	return f
}

// ProviderConfigAlternate is the ProviderNameAlternate block for region.
func (e *Env) ProviderConfigAlternate(region string) string {
	if e.Emulator == nil {
		return fmt.Sprintf("\nprovider %q {\n  region = %q\n}\n", ProviderNameAlternate, region)
	}
	return e.providerBlock(ProviderNameAlternate, region, "")
}
