// Package acctest gives acceptance tests their provider and, unless a real account is configured,
// an ECS emulator running in the test process.
package acctest

import (
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/provider"
)

// EnvDiskID names the disk the tests snapshot in a real account. With it and credentials in the
// usual environment variables, the acceptance tests run against the real cloud instead of the emulator.
const EnvDiskID = "ALIECS_ACC_DISK_ID"

// DefaultSnapshotDuration keeps waits visible (several polls) yet short.
const DefaultSnapshotDuration = 2 * time.Second

// Options tune the environment of one test.
type Options struct {
	// SnapshotDuration is the emulator's time from 0 to 100%; zero means DefaultSnapshotDuration,
	// a negative value means snapshots complete at once.
	SnapshotDuration time.Duration
	// ClientFactory replaces ecsclient.New, for tests that wrap the ECS client.
	ClientFactory ecsclient.Factory
	// Now is the emulator's clock (default time.Now), for tests that need exact creation times.
	Now func() time.Time
	// Emulator configures the emulator's HTTP layer: key pair, STS tokens, logger.
	Emulator emulator.Config
	// PolicyDefaults is the emulator's answer for what a policy was created without (backend.PolicyDefaultsShow or
	// backend.PolicyDefaultsOmit); "" = $ALIECS_EMULATOR_POLICY_DEFAULTS, the standalone emulator's variable, so
	// that the whole suite can run in either mode, else show.
	PolicyDefaults string
}

// EnvPolicyDefaults is the variable that picks the emulator's policy-defaults mode for every test that does not
// set Options.PolicyDefaults (as it does for the standalone emulator's -policy-defaults).
const EnvPolicyDefaults = "ALIECS_EMULATOR_POLICY_DEFAULTS"

// Env is what one acceptance test works with.
type Env struct {
	// Emulator is nil when the tests run against the real cloud.
	Emulator *emulator.TestServer
	// DiskID is a disk that accepts snapshots; DiskIDs are all such disks.
	DiskID  string
	DiskIDs []string
	// Factories serve the provider in process to the terraform CLI.
	Factories map[string]func() (tfprotov6.ProviderServer, error)
}

// PreCheck skips the test unless TF_ACC is set, and makes the terraform CLI run offline and quiet. It sets
// the process's environment once (os.Setenv, not t.Setenv, which parallel tests may not call): the values
// are the same for every test.
func PreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	if err := cliEnvOnce(); err != nil {
		t.Fatal(err)
	}
}

var cliEnvOnce = sync.OnceValue(func() error {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if err := os.Setenv("TF_ACC_TERRAFORM_PATH", defaultTerraformPath); err != nil {
			return err
		}
	}
	if err := os.Setenv("CHECKPOINT_DISABLE", "1"); err != nil {
		return err
	}
	// A CLI config that does not exist makes terraform fail; an empty one of our own keeps it offline. It
	// lives as long as the test process (os.TempDir is cleaned by the system, and the file is empty).
	if cfg := os.Getenv("TF_CLI_CONFIG_FILE"); cfg == "" || !fileExists(cfg) {
		f, err := os.CreateTemp("", "aliecs-acctest-*.tfrc")
		if err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		return os.Setenv("TF_CLI_CONFIG_FILE", f.Name())
	}
	return nil
})

// RealCloud reports whether the tests are configured to run against a real account.
func RealCloud() bool { return os.Getenv(EnvDiskID) != "" }

// New starts an environment with default options.
func New(t *testing.T) *Env { return NewWithOptions(t, Options{}) }

// NewWithOptions starts the emulator in process (unless RealCloud) and builds the provider factories.
func NewWithOptions(t *testing.T, o Options) *Env {
	t.Helper()
	PreCheck(t)
	factory := o.ClientFactory
	env := &Env{Factories: map[string]func() (tfprotov6.ProviderServer, error){
		"aliecs": provider.NewServer("acctest", conns.Factories{ECS: factory}),
	}}
	if RealCloud() {
		env.DiskID = os.Getenv(EnvDiskID)
		env.DiskIDs = []string{env.DiskID}
		return env
	}
	duration := o.SnapshotDuration
	switch {
	case duration == 0:
		duration = DefaultSnapshotDuration
	case duration < 0:
		duration = 0
	}
	fixture := backend.DefaultFixture()
	policyDefaults := o.PolicyDefaults
	if policyDefaults == "" {
		policyDefaults = os.Getenv(EnvPolicyDefaults)
	}
	env.Emulator = emulator.StartTestServer(t, backend.Options{SnapshotDuration: duration, Fixture: fixture, Now: o.Now,
		PolicyDefaults: policyDefaults}, o.Emulator)
	env.DiskIDs = fixture.SnapshottableDisks()
	if len(env.DiskIDs) == 0 {
		t.Fatal("the emulator's fixture has no disk that accepts snapshots")
	}
	env.DiskID = env.DiskIDs[0]
	return env
}

// ProviderConfig is the provider block pointing at the emulator; empty against the real cloud,
// where the provider reads the environment like any user's would.
func (e *Env) ProviderConfig() string { return e.ProviderConfigWith("") }

// ProviderConfigWith is ProviderConfig with extra arguments in the block (max_retries, say). Against the
// real cloud the block holds only them.
func (e *Env) ProviderConfigWith(extra string) string {
	if e.Emulator == nil {
		if extra == "" {
			return ""
		}
		return fmt.Sprintf("\nprovider \"aliecs\" {\n  %s\n}\n", extra)
	}
	return e.providerBlock("aliecs", e.Emulator.Region, extra)
}

// ProviderConfigInRegion is a provider block for region with extra arguments (an alias, say). Against the
// real cloud it sets only the region and extra; credentials come from the environment.
func (e *Env) ProviderConfigInRegion(region, extra string) string {
	if e.Emulator == nil {
		return fmt.Sprintf("\nprovider \"aliecs\" {\n  region = %q\n  %s\n}\n", region, extra)
	}
	return e.providerBlock("aliecs", region, extra)
}

// providerBlock points every product at the emulator, which serves them all on one port.
func (e *Env) providerBlock(name, region, extra string) string {
	return fmt.Sprintf(`
provider %q {
  region     = %q
  access_key = %q
  secret_key = %q
  endpoints {
    ecs = %q
    sts = %q
    ecd = %q
  }
  %s
}
`, name, region, e.Emulator.AccessKeyID, e.Emulator.AccessKeySecret, e.Emulator.URL, e.Emulator.URL, e.Emulator.URL, extra)
}

// SkipIfRealCloud skips tests that need the emulator's controls.
func (e *Env) SkipIfRealCloud(t *testing.T) {
	t.Helper()
	if e.Emulator == nil {
		t.Skip("needs the emulator's controls; skipped against the real cloud")
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// ECSClient is an ECS client of the provider's region built from the test's environment (ECSClientIn): pointed
// at the emulator, or at the real cloud with the environment's credentials. CheckDestroy and the tests that
// delete a resource behind Terraform's back go through it, never through the emulator's backend, so that they
// hold against the real cloud too.
func (e *Env) ECSClient(t *testing.T) ecsclient.Client {
	t.Helper()
	return e.ECSClientIn(t, e.Region())
}

// EmulatorECSClient is an ECS client of region on an emulator that a test serves itself (at url, with its key
// pair), beside or instead of Env's.
func EmulatorECSClient(t *testing.T, url, region, accessKeyID, accessKeySecret string) ecsclient.Client {
	t.Helper()
	env := &Env{Emulator: &emulator.TestServer{URL: url, Region: region, AccessKeyID: accessKeyID, AccessKeySecret: accessKeySecret}}
	return env.ECSClientIn(t, region)
}
