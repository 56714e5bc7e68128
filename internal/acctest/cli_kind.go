package acctest

import (
	"context"
	"os/exec"
	"strings"
	"sync"

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

