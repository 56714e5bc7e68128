package provider_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/provider"
)

// Distinctive values, so that a find in a log or a state can only be a leak. The token has characters that
// URL encoding changes, so that an encoded copy is caught too.
const (
	leakSecret = "SeCrEt-9c1f3a7be2d84f60-do-not-log"
	leakToken  = "CAIS+sts/TOKEN-5e8d2a1c7f934b06-do-not-log=="
)

func TestSchema_secretArgumentsAreSensitive(t *testing.T) {
	resp := &fwprovider.SchemaResponse{}
	provider.New("test")().Schema(context.Background(), fwprovider.SchemaRequest{}, resp)
	for _, name := range []string{"secret_key", "security_token"} {
		attr, ok := resp.Schema.Attributes[name].(schema.StringAttribute)
		if !ok {
			t.Fatalf("%s is not a string attribute of the provider", name)
		}
		if !attr.Sensitive {
			t.Errorf("%s is not Sensitive: Terraform would show it in plans and logs", name)
		}
	}
}

// TestAccProvider_secretsNeverLoggedNorStored applies a snapshot and reads it through the data source with a
// secret key and an STS token, Terraform logging at TRACE and the provider's own logs (tflog, in process) going
// to the same file; neither the secret nor the token may appear in that log or in any state file.
func TestAccProvider_secretsNeverLoggedNorStored(t *testing.T) {
	acctest.PreCheck(t)
	if acctest.RealCloud() {
		t.Skip("uses its own emulator credentials")
	}
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{AccessKeySecret: leakSecret, SecurityTokens: []string{leakToken}})
	diskID := firstDataDisk(t)

	logPath := filepath.Join(t.TempDir(), "terraform.log")
	// Serial, not resource.ParallelTest: the log settings are process environment that the test harness and the
	// in-process provider read (t.Setenv, which a parallel test may not call). Set for every test at once, they
	// would send the other tests' logs into this file too. The parallel tests wait while it runs.
	t.Setenv("TF_ACC_LOG_PATH", logPath) // terraform's log, and the in-process provider's tflog sink
	t.Setenv("TF_ACC_LOG", "TRACE")      // TF_LOG of the terraform CLI
	t.Setenv("TF_LOG", "TRACE")          // level of the provider's sink
	workDir := t.TempDir()

	config := fmt.Sprintf(`
provider "aliecs" {
  region         = %q
  endpoint       = %q
  access_key     = %q
  secret_key     = %q
  security_token = %q
}

resource "aliecs_snapshot" "test" {
  disk_id       = %q
  snapshot_name = "leak-check"
}

data "aliecs_snapshots" "test" {
  ids = [aliecs_snapshot.test.id]
}
`, ts.Region, ts.URL, ts.AccessKeyID, leakSecret, leakToken, diskID)

	resource.Test(t, resource.TestCase{ // serial: see t.Setenv above
		WorkingDir: workDir,
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"aliecs": provider.NewServer("test", conns.Factories{}),
		},
		CheckDestroy: checkSnapshotsDestroyed(t, acctest.EmulatorECSClient(t, ts.URL, ts.Region, ts.AccessKeyID, leakSecret)),
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(s *terraform.State) error {
				id := s.RootModule().Resources["aliecs_snapshot.test"].Primary.ID
				// While the step's working directory exists: every state file Terraform wrote in it.
				return checkStateFiles(workDir, id)
			},
		}},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := withoutHarnessConfig(string(raw))
	// The log must be the real thing, or the absence of secrets proves nothing: Terraform's TRACE lines and the
	// provider's own records of the API calls.
	for _, want := range []string{"[TRACE]", "CreateSnapshot", "DescribeSnapshots", "DeleteSnapshot", "configuring the aliecs provider"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log (%d bytes) lacks %q: it did not capture what it should", len(log), want)
		}
	}
	for _, leak := range leaks() {
		if i := strings.Index(log, leak); i >= 0 {
			t.Errorf("the log holds a secret (%q) at byte %d: ...%s...", leak, i, excerpt(log, i))
		}
	}
}

// withoutHarnessConfig drops the one record that the test harness (terraform-plugin-testing, not Terraform nor
// the provider) writes with the configuration file it is about to use: that file holds the secret as written.
func withoutHarnessConfig(log string) string {
	var kept []string
	skipping := false
	for _, line := range strings.SplitAfter(log, "\n") {
		// Records start with a timestamp; the harness's record of the configuration continues on indented lines.
		if newRecord := len(line) > 0 && line[0] >= '0' && line[0] <= '9'; newRecord {
			skipping = strings.Contains(line, "sdk.helper_resource: Setting Terraform configuration")
		}
		if !skipping {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "")
}

// leaks are the secret and the token as they are and as URL encoding would write them.
func leaks() []string {
	return []string{leakSecret, leakToken, url.QueryEscape(leakToken), url.PathEscape(leakToken)}
}

// checkStateFiles reads every terraform.tfstate* under dir: at least one must hold the snapshot (or the check
// proves nothing), none may hold the secret or the token.
func checkStateFiles(dir, snapshotID string) error {
	var states []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasPrefix(d.Name(), "terraform.tfstate") {
			states = append(states, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	holdsSnapshot := false
	for _, path := range states {
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		state := string(raw)
		holdsSnapshot = holdsSnapshot || strings.Contains(state, snapshotID)
		for _, leak := range leaks() {
			if i := strings.Index(state, leak); i >= 0 {
				return fmt.Errorf("state file %s holds a secret (%q): ...%s...", path, leak, excerpt(state, i))
			}
		}
	}
	if !holdsSnapshot {
		return fmt.Errorf("no state file under %s holds snapshot %s (found %v)", dir, snapshotID, states)
	}
	return nil
}

func excerpt(s string, i int) string {
	return s[max(0, i-80):min(len(s), i+80)]
}

// firstDataDisk is a disk of the default fixture that accepts snapshots.
func firstDataDisk(t *testing.T) string {
	t.Helper()
	f := backend.DefaultFixture()
	running := map[string]bool{}
	for _, in := range f.Instances {
		running[in.InstanceID] = in.EverStarted && !in.LockedForSecurity && in.Status == "Running"
	}
	for _, d := range f.Disks {
		if d.Type == "data" && running[d.InstanceID] {
			return d.DiskID
		}
	}
	t.Fatal("the default fixture has no data disk on a running instance")
	return ""
}
