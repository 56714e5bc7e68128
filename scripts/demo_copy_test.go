package scripts

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDemo_crossRegionCopy runs make demo-copy's script: examples/cross-region-copy applied against the emulator
// with two provider configurations, the copy read back in the second region naming its source, a second plan with
// no changes, and a destroy of both.
func TestDemo_crossRegionCopy(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs terraform: set TF_ACC=1 (make test-e2e does)")
	}
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraform == "" {
		if terraform, _ = exec.LookPath("terraform"); terraform == "" {
			t.Skip("no terraform: set TF_ACC_TERRAFORM_PATH")
		}
	}
	cmd := exec.Command("./demo.sh")
	cmd.Env = append(os.Environ(), "TERRAFORM="+terraform, "DEMO_EXAMPLE=cross-region-copy", "DEMO_SNAPSHOT_DURATION=0s",
		"DEMO_COPY_DURATION=1s", "DEMO_WORK="+t.TempDir())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("demo.sh: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"    aliecs_snapshot_copy.data will be created\n",
		"Apply complete! Resources: 2 added, 0 changed, 0 destroyed.\n",
		`"region" = "cn-shanghai"`,
		`"status" = "accomplished"`,
		"    no changes\n",
		"Apply complete! Resources: 0 added, 0 changed, 2 destroyed.\n",
		`"CopySnapshot":1`,
		"==> demo finished\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, text)
		}
	}
}
