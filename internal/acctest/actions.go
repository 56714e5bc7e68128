package acctest

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// SkipWithoutActions skips a test of actions (action blocks, action_trigger, apply -invoke) under a CLI without
// them: Terraform before 1.14, and OpenTofu (told apart by the CLI, not by its version number). Neither
// terraform-plugin-testing nor terraform-exec drives -invoke, so these tests run the CLI themselves.
func SkipWithoutActions(t *testing.T) {
	t.Helper()
	if IsOpenTofu() {
		t.Skip("actions need Terraform 1.14 or later; OpenTofu has none")
	}
	if v := TerraformVersion(t); v.LessThan(tfversion.Version1_14_0) {
		t.Skipf("actions need Terraform 1.14 or later (this is %s): run make testacc-latest", v)
	}
}
