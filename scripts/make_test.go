package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMakefile_namesMissingTools: a target that needs terraform or curl stops before doing anything and says which
// tool is missing and how to point at one, rather than failing somewhere inside.
func TestMakefile_namesMissingTools(t *testing.T) {
	mk, err := exec.LookPath("make")
	if err != nil {
		t.Skip("no make")
	}
	missing := filepath.Join(t.TempDir(), "no-terraform-here")
	for _, target := range []string{"test", "test-race", "test-e2e", "testacc", "bench", "fmt", "docs", "generate", "demo", "check-install"} {
		variable := "TERRAFORM"
		if target == "docs" { // docs runs Terraform 1.14+ (list resources), named apart from the one the tests run
			variable = "TERRAFORM_DOCS"
		}
		out, err := exec.Command(mk, "-s", "-C", "..", target, variable+"="+missing).CombinedOutput()
		if err == nil {
			t.Errorf("make %s with no terraform succeeded:\n%s", target, out)
			continue
		}
		if msg := string(out); !strings.Contains(msg, "make "+target+": terraform not found ("+missing+")") ||
			!strings.Contains(msg, variable+"=/path/to/terraform") {
			t.Errorf("make %s with no terraform says:\n%s", target, msg)
		}
	}

	// A PATH with a stand-in terraform and no curl.
	bin := t.TempDir()
	stand := filepath.Join(bin, "terraform")
	if err := os.WriteFile(stand, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(mk, "-s", "-C", "..", "demo", "TERRAFORM="+stand)
	cmd.Env = append(os.Environ(), "PATH="+bin)
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "make demo: curl not found") {
		t.Errorf("make demo without curl: %v\n%s", err, out)
	}
}
