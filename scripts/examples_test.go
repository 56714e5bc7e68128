package scripts

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestExamples_applyAsWritten is what the README promises a user: start ecs-emulator, paste the export lines it
// prints, and every registry example (examples/resources/*/resource.tf, examples/data-sources/*/*.tf,
// examples/provider/*.tf, each file a configuration of its own, unchanged) applies against its default fixture
// through dev_overrides, plans no changes afterwards, and destroys. Each example gets its own emulator, started
// as a user starts it, so that its export lines are what the example runs with.
//
// Not applied, and why: the import examples (import-by-*.tf) name a snapshot ID that exists only once a user has
// made it (IDs cannot be in a fixture), so they are validated with their resource.tf instead; the list resources
// (*.tfquery.hcl) run under terraform query, which needs Terraform 1.14+, and are validated with Terraform 1.15.9
// when scripts/terraform-latest.sh has it (skipped with that reason otherwise); examples/quickstart and
// examples/cross-region-copy are applied by the demo tests (TestDemo_*).
func TestExamples_applyAsWritten(t *testing.T) {
	terraform := terraformForTest(t)
	t.Parallel()
	bin, rc := buildForExamples(t)

	var files []string
	for _, pattern := range []string{"../examples/resources/*/resource.tf", "../examples/data-sources/*/*.tf", "../examples/provider/*.tf"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 17 {
		t.Fatalf("found %d example files, expected at least 17: %v", len(files), files)
	}
	// Each example runs terraform three times; a few at once keep the run short without crowding a 2-core machine.
	slots := make(chan struct{}, 4)
	t.Run("apply", func(t *testing.T) {
		t.Parallel()
		for _, file := range files {
			name := strings.TrimPrefix(file, "../examples/")
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				slots <- struct{}{}
				defer func() { <-slots }()
				env := startEmulatorForExample(t, bin)
				dir := t.TempDir()
				copyFile(t, file, filepath.Join(dir, "main.tf"))
				addRequiredProviders(t, file, dir)
				tf := func(args ...string) (string, error) {
					cmd := exec.Command(terraform, args...)
					cmd.Dir = dir
					cmd.Env = append(append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"), env...)
					out, err := cmd.CombinedOutput()
					return string(out), err
				}
				if out, err := tf("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
					t.Fatalf("terraform apply of %s as written: %v\n%s", name, err, out)
				}
				if out, err := tf("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
					t.Errorf("terraform plan after applying %s is not empty (%v):\n%s", name, err, out)
				}
				if out, err := tf("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
					t.Errorf("terraform destroy of %s: %v\n%s", name, err, out)
				}
			})
		}
	})
	t.Run("validate", func(t *testing.T) {
		t.Parallel() // beside the applies: it needs no emulator
		latest, err := exec.Command("./terraform-latest.sh").Output()
		if err != nil {
			t.Skip("the import-by-identity and list-resource examples need Terraform 1.12 / 1.14 or later to validate, " +
				"and scripts/terraform-latest.sh found no Terraform 1.15.9")
		}
		tf115 := strings.TrimSpace(string(latest))
		validate := func(t *testing.T, dir string, args ...string) {
			t.Helper()
			cmd := exec.Command(tf115, append([]string{"validate", "-no-color"}, args...)...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("terraform validate %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		imports, _ := filepath.Glob("../examples/resources/*/import-by-*.tf")
		for _, file := range imports {
			dir := t.TempDir()
			copyFile(t, filepath.Join(filepath.Dir(file), "resource.tf"), filepath.Join(dir, "resource.tf"))
			copyFile(t, file, filepath.Join(dir, "import.tf"))
			addRequiredProviders(t, file, dir)
			validate(t, dir)
		}
		queries, _ := filepath.Glob("../examples/list-resources/*/*.tfquery.hcl")
		if len(imports) == 0 || len(queries) == 0 {
			t.Fatalf("no import (%d) or list-resource (%d) examples found", len(imports), len(queries))
		}
		for _, file := range queries {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte("provider \"aliecs\" {}\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			addRequiredProviders(t, file, dir)
			copyFile(t, file, filepath.Join(dir, filepath.Base(file)))
			validate(t, dir, "-query")
		}
	})
}

// terraformForTest is the terraform CLI the acceptance tests run; the test skips without TF_ACC or terraform.
func terraformForTest(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs terraform: set TF_ACC=1 (make test-e2e does)")
	}
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraform == "" {
		if terraform, _ = exec.LookPath("terraform"); terraform == "" {
			t.Skip("no terraform: set TF_ACC_TERRAFORM_PATH")
		}
	}
	return terraform
}

// buildForExamples builds the provider and the emulator into one directory and writes a CLI configuration whose
// dev_overrides point at it, as the README's "Installing before the registry" does.
func buildForExamples(t *testing.T) (bin, rc string) {
	t.Helper()
	bin = t.TempDir()
	for _, b := range [][2]string{{"terraform-provider-aliecs", "."}, {"ecs-emulator", "./cmd/ecs-emulator"}} {
		if out, err := exec.Command("go", "build", "-C", "..", "-o", filepath.Join(bin, b[0]), b[1]).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", b[1], err, out)
		}
	}
	rc = filepath.Join(t.TempDir(), "terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"aliecs/aliecs\" = %q\n  }\n  direct {}\n}\n", bin)
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return bin, rc
}

var exportLine = regexp.MustCompile(`^export ((?:[A-Z_]+=\S+ ?)+)$`)

// startEmulatorForExample starts the built emulator on a free loopback port, as a user would (snapshots and copies
// finishing at once, so that the run is short), and answers the environment its export lines set.
func startEmulatorForExample(t *testing.T, bin string) []string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "ecs-emulator"), "-listen", "127.0.0.1:0", "-snapshot-duration", "0s",
		"-copy-duration", "0s", "-log", "warn")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var env []string
	deadline := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("the emulator ended before printing its export lines")
			}
			if m := exportLine.FindStringSubmatch(line); m != nil {
				env = append(env, strings.Fields(m[1])...)
				continue
			}
			if len(env) > 0 && strings.HasPrefix(line, "#") {
				go func() { // keep draining, so the emulator never blocks on a full pipe
					for range lines {
					}
				}()
				return env
			}
		case <-deadline:
			t.Fatal("the emulator printed no export lines in 30 s")
		}
	}
}

// requiredProviders is the block the README tells a user to put beside an example that has none (most have none:
// the registry shows them below the provider's own example, which has it); without it Terraform looks for
// hashicorp/aliecs, which dev_overrides of aliecs/aliecs does not cover.
const requiredProviders = `terraform {
  required_providers {
    aliecs = {
      source = "aliecs/aliecs"
    }
  }
}
`

// addRequiredProviders writes versions.tf with requiredProviders into dir unless the example has the block.
func addRequiredProviders(t *testing.T, example, dir string) {
	t.Helper()
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "required_providers") {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, "versions.tf"), []byte(requiredProviders), 0o600); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
