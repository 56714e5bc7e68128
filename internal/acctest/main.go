package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// CLIGOGC is the garbage collector's target the terraform CLI runs with under Main, unless GOGC is set.
const CLIGOGC = "400"

// Main runs a test package's tests; call it from the package's TestMain. With TF_ACC set it first puts a small
// launcher in front of the terraform CLI the tests run (TF_ACC_TERRAFORM_PATH): the acceptance tests are bound by
// CPU on a 2-core machine, more than 85% of it terraform's own, and most of that is spent before a command does
// anything (Terraform's package initialisation: its backends' SDKs, compiled expressions, and the garbage collector
// running through them, about 0.15 s of CPU a command). The launcher changes how often that is paid, never what a
// command does:
//
//   - terraform-exec asks `terraform version -json` once for every working directory and plugin-testing once more
//     for every test case: 188 of the 1,406 commands of a make test, and the answer cannot change during a run. Main
//     asks the CLI once and the launcher prints that answer; every other command runs the CLI itself.
//   - The CLI runs with GOGC=CLIGOGC unless GOGC is set: a test's command lives for a fraction of a second with a
//     heap of tens of megabytes, and collecting it a quarter as often cut the CPU of every command (plan, show,
//     apply) by 14% in a measured make test, at 141 MB of peak resident memory for the largest plan.
//
// Without TF_ACC, on Windows (the launcher is a POSIX shell script), or when the CLI cannot say its version, the
// tests run the CLI as they find it, and report a missing CLI themselves.
func Main(m *testing.M) int {
	if os.Getenv("TF_ACC") != "" && runtime.GOOS != "windows" {
		dir, err := "", cliEnvOnce() // the environment PreCheck gives every test, so that the version is asked in it
		if err == nil {
			dir, err = installLauncher(TerraformPath())
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "acctest: running the terraform CLI directly: %v\n", err)
		} else {
			defer func() { _ = os.RemoveAll(dir) }()
		}
	}
	return m.Run()
}

// installLauncher writes the launcher for the CLI at cli into a new temporary directory, points
// TF_ACC_TERRAFORM_PATH at it and returns the directory.
func installLauncher(cli string) (string, error) {
	// The launcher runs in each test's working directory, so a relative path (or a bare name, looked up in PATH
	// as exec does) is made absolute first.
	cli, err := exec.LookPath(cli)
	if err == nil {
		cli, err = filepath.Abs(cli)
	}
	if err != nil {
		return "", err
	}
	versionJSON, err := exec.Command(cli, "version", "-json").Output()
	if err != nil {
		return "", fmt.Errorf("%s version -json: %w", cli, err)
	}
	dir, err := os.MkdirTemp("", "aliecs-acc-cli")
	if err != nil {
		return "", err
	}
	launcher := filepath.Join(dir, filepath.Base(cli))
	if err := os.WriteFile(launcher, []byte(launcherScript(cli, string(versionJSON))), 0o755); err != nil { //nolint:gosec // an executable for this test binary only
		_ = os.RemoveAll(dir)
		return "", err
	}
	if err := os.Setenv("TF_ACC_TERRAFORM_PATH", launcher); err != nil {
		_ = os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// launcherScript is the launcher's text: exactly `version -json` is answered from versionJSON (what the CLI
// printed), anything else, `version` without -json among it, is the CLI's.
func launcherScript(cli, versionJSON string) string {
	return fmt.Sprintf(`#!/bin/sh
# Written by the acceptance tests' Main (internal/acctest) for one test binary: answers "version -json" with what
# %[1]s printed once, and runs it for every other command.
if [ "$#" -eq 2 ] && [ "$1" = version ] && [ "$2" = -json ]; then
	printf '%%s' %[2]s
	exit 0
fi
: "${GOGC:=%[3]s}"
export GOGC
exec %[1]s "$@"
`, shellQuote(cli), shellQuote(versionJSON), CLIGOGC)
}

// shellQuote quotes s for a POSIX shell: in single quotes, each single quote written as '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
