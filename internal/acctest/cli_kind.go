package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// SkipOpenTofu skips a test under OpenTofu, for a feature no OpenTofu has (terraform query, actions). It asks the
// CLI, not its version number: OpenTofu 1.12 is newer by number than Terraform 1.11 and has some of 1.12's features
// (identity import) but none of 1.14's.
func SkipOpenTofu(feature string) tfversion.TerraformVersionCheck { return skipOpenTofu{feature} }

type skipOpenTofu struct{ feature string }

func (s skipOpenTofu) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if IsOpenTofu() {
		resp.Skip = "OpenTofu has no " + s.feature + " (a Terraform 1.14+ feature)"
	}
}

// IsOpenTofu reports whether the CLI the tests run (TF_ACC_TERRAFORM_PATH, else terraform) is OpenTofu.
func IsOpenTofu() bool { return isOpenTofu() }

var isOpenTofu = sync.OnceValue(func() bool {
	out, err := exec.Command(TerraformPath(), "version").Output()
	return err == nil && strings.Contains(string(out), "OpenTofu")
})

// TerraformVersion is the version of the CLI the tests run, for tests that drive it themselves (CLIWorkspace) and
// so cannot use plugin-testing's TerraformVersionChecks. It asks the CLI once per test binary: each terraform
// command costs about 0.15 s of CPU before it does anything, and the tests are bound by CPU.
func TerraformVersion(t *testing.T) *version.Version {
	t.Helper()
	v, err := terraformVersion()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var terraformVersion = sync.OnceValues(func() (*version.Version, error) {
	out, err := exec.Command(TerraformPath(), "version", "-json").Output()
	if err != nil {
		return nil, fmt.Errorf("%s version: %w", TerraformPath(), err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("%s version -json: %w", TerraformPath(), err)
	}
	parsed, err := version.NewVersion(v.Version)
	if err != nil {
		return nil, fmt.Errorf("%s version: %w", TerraformPath(), err)
	}
	return parsed, nil
})
