// Package acctest gives acceptance tests their provider and, unless a real account is configured,
// an ECS emulator running in the test process.
package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
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
	// ClientFactory replaces ecsclient.New, for tests that wrap the client.
	ClientFactory ecsclient.Factory
	// Now is the emulator's clock (default time.Now), for tests that need exact creation times.
	Now func() time.Time
	// Emulator configures the emulator's HTTP layer: key pair, STS tokens, logger.
	Emulator emulator.Config
}

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

// PreCheck skips the test unless TF_ACC is set and makes the terraform CLI run offline and quiet.
func PreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Setenv("TF_ACC_TERRAFORM_PATH", defaultTerraformPath)
	}
	t.Setenv("CHECKPOINT_DISABLE", "1")
	// A CLI config that does not exist makes terraform fail; an empty one of our own keeps it offline.
	if cfg := os.Getenv("TF_CLI_CONFIG_FILE"); cfg == "" || !fileExists(cfg) {
		empty := filepath.Join(t.TempDir(), "empty.tfrc")
		if err := os.WriteFile(empty, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("TF_CLI_CONFIG_FILE", empty)
	}
}

// RealCloud reports whether the tests are configured to run against a real account.
func RealCloud() bool { return os.Getenv(EnvDiskID) != "" }

// New starts an environment with default options.
func New(t *testing.T) *Env { return NewWithOptions(t, Options{}) }

// NewWithOptions starts the emulator in process (unless RealCloud) and builds the provider factories.
func NewWithOptions(t *testing.T, o Options) *Env {
	t.Helper()
	PreCheck(t)
	factory := o.ClientFactory
	if factory == nil {
		factory = ecsclient.New
	}
	env := &Env{Factories: map[string]func() (tfprotov6.ProviderServer, error){
		"aliecs": provider.NewProtocol6WithError(provider.NewWithClientFactory("acctest", factory)),
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
	env.Emulator = emulator.StartTestServer(t, backend.Options{SnapshotDuration: duration, Fixture: fixture, Now: o.Now}, o.Emulator)
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
	return fmt.Sprintf(`
provider "aliecs" {
  region     = %q
  endpoint   = %q
  access_key = %q
  secret_key = %q
  %s
}
`, e.Emulator.Region, e.Emulator.URL, e.Emulator.AccessKeyID, e.Emulator.AccessKeySecret, extra)
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
