package acctest

import (
	"context"
	"encoding/json"
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
// so cannot use plugin-testing's TerraformVersionChecks.
func TerraformVersion(t *testing.T) *version.Version {
	t.Helper()
	out, err := exec.Command(TerraformPath(), "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", TerraformPath(), err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", TerraformPath(), err)
	}
	parsed, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("%s version: %v", TerraformPath(), err)
	}
	return parsed
}
