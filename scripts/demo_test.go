package scripts

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDemo_plainCompactTranscriptWhenNotATerminal runs make demo's script with its output going to a pipe, as in
// CI or a log file: no colour codes, each plan summarised to a line per resource, the apply's copy of the outputs
// and the warning boxes left out, and the run ends cleanly.
func TestDemo_plainCompactTranscriptWhenNotATerminal(t *testing.T) {
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
	cmd.Env = append(os.Environ(), "TERRAFORM="+terraform, "DEMO_SNAPSHOT_DURATION=0s", "DEMO_WORK="+t.TempDir())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("demo.sh: %v\n%s", err, out.String())
	}
	text := out.String()
	if strings.Contains(text, "\x1b[") {
		t.Errorf("colour codes in a transcript that is not a terminal:\n%q", text)
	}
	for _, want := range []string{
		"==> terraform plan (summary)\n",
		"    aliecs_snapshot.this[\"data\"] will be created\n",
		"Plan: 2 to add, 0 to change, 0 to destroy.\n",
		"Apply complete! Resources: 2 added, 0 changed, 0 destroyed.\n",
		"    no changes\n",
		"    aliecs_snapshot.this[\"system\"] will be destroyed\n",
		"Apply complete! Resources: 0 added, 0 changed, 2 destroyed.\n",
		"==> demo finished\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{
		"+ disk_id", // a plan's attribute lines
		"Outputs:",  // the apply's copy of the outputs, shown once by terraform output
		"╷",         // warning boxes
		"To see the full warning notes",
	} {
		if strings.Contains(text, unwanted) {
			t.Errorf("the transcript has %q:\n%s", unwanted, text)
		}
	}
	if n := strings.Count(text, "\n"); n > 80 {
		t.Errorf("the transcript has %d lines, want a compact one (<= 80):\n%s", n, text)
	}
}
