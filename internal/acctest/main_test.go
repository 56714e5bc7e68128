package acctest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeCLI writes a stand-in for terraform into a directory whose name needs quoting: it prints a version answer
// containing a single quote, appends every other command line and its GOGC to a log, and returns its path and the
// log's.
func fakeCLI(t *testing.T) (cli, log string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the launcher is a POSIX shell script")
	}
	dir := filepath.Join(t.TempDir(), "it's a dir")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	log = filepath.Join(dir, "calls.log")
	cli = filepath.Join(dir, "terraform")
	script := `#!/bin/sh
if [ "$1" = version ] && [ "$2" = -json ]; then
	printf '{"terraform_version":"1.2.3","note":"it'"'"'s real"}\n'
	echo "version -json" >> "` + log + `"
	exit 0
fi
echo "$* GOGC=${GOGC:-unset}" >> "` + log + `"
`
	if err := os.WriteFile(cli, []byte(script), 0o755); err != nil { //nolint:gosec // a test executable
		t.Fatal(err)
	}
	return cli, log
}

func readLog(t *testing.T, log string) string {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// The launcher answers exactly `version -json` with what the CLI printed when it was installed, without running
// the CLI again; every other command, `version` alone among them, reaches the CLI with its arguments unchanged and
// GOGC set to CLIGOGC unless the caller set it.
func TestInstallLauncher_answersVersionOnceAndPassesEverythingElse(t *testing.T) {
	cli, log := fakeCLI(t)
	t.Setenv("TF_ACC_TERRAFORM_PATH", cli)
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC") //nolint:errcheck // t.Setenv restores it

	dir, err := installLauncher(cli)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	launcher := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if launcher == cli || filepath.Dir(launcher) != dir || filepath.Base(launcher) != "terraform" {
		t.Fatalf("TF_ACC_TERRAFORM_PATH = %q, want the launcher named terraform in %q", launcher, dir)
	}
	if got := readLog(t, log); got != "version -json\n" {
		t.Fatalf("installing asked the CLI %q, want its version once", got)
	}

	want := `{"terraform_version":"1.2.3","note":"it's real"}` + "\n"
	for range 3 {
		if got := run(t, nil, launcher, "version", "-json"); got != want {
			t.Fatalf("launcher version -json printed %q, want the CLI's %q", got, want)
		}
	}
	if got := readLog(t, log); got != "version -json\n" {
		t.Fatalf("the CLI was run %q, want only the version asked at install", got)
	}

	run(t, nil, launcher, "plan", "-out", "it's a plan", "-refresh=false")
	run(t, nil, launcher, "version")
	run(t, []string{"GOGC=50"}, launcher, "show", "-json")
	run(t, nil, launcher, "version", "-json", "extra")
	wantLog := "version -json\n" +
		"plan -out it's a plan -refresh=false GOGC=" + CLIGOGC + "\n" +
		"version GOGC=" + CLIGOGC + "\n" +
		"show -json GOGC=50\n" +
		"version -json\n" // with an extra argument it is not the question the launcher answers
	if got := readLog(t, log); got != wantLog {
		t.Fatalf("the CLI saw:\n%s\nwant:\n%s", got, wantLog)
	}
}

// A CLI that cannot say its version gets no launcher: the tests run it as they find it and report it themselves.
func TestInstallLauncher_refusedWhenTheCLIFails(t *testing.T) {
	cli, _ := fakeCLI(t)
	broken := filepath.Join(filepath.Dir(cli), "broken")
	if err := os.WriteFile(broken, []byte("#!/bin/sh\necho no >&2\nexit 3\n"), 0o755); err != nil { //nolint:gosec // a test executable
		t.Fatal(err)
	}
	t.Setenv("TF_ACC_TERRAFORM_PATH", broken)
	dir, err := installLauncher(broken)
	if err == nil {
		_ = os.RemoveAll(dir)
		t.Fatal("installLauncher succeeded for a CLI that exits 3")
	}
	if !strings.Contains(err.Error(), "version -json") {
		t.Errorf("error %q does not name the command that failed", err)
	}
	if got := os.Getenv("TF_ACC_TERRAFORM_PATH"); got != broken {
		t.Errorf("TF_ACC_TERRAFORM_PATH = %q, want it left at %q", got, broken)
	}
}

// A relative TF_ACC_TERRAFORM_PATH is resolved before it is written into the launcher, which runs in each test's
// working directory.
func TestInstallLauncher_relativePathResolved(t *testing.T) {
	cli, log := fakeCLI(t)
	t.Chdir(filepath.Dir(filepath.Dir(cli)))
	rel := filepath.Join(filepath.Base(filepath.Dir(cli)), "terraform")
	t.Setenv("TF_ACC_TERRAFORM_PATH", rel)
	dir, err := installLauncher(rel)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "init")
	cmd.Dir = t.TempDir() // elsewhere, as a test's working directory is
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("launcher init from another directory: %v\n%s", err, out)
	}
	if got := readLog(t, log); !strings.HasSuffix(got, "init GOGC="+CLIGOGC+"\n") {
		t.Fatalf("the CLI saw %q, want init last", got)
	}
}
