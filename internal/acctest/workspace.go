package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
)

// CLI runs the terraform CLI with the provider built as a binary, through dev_overrides, the way a user runs
// it: a real plugin process per provider configuration, which terraform starts, stops and may interrupt.
// Tests that terraform-plugin-testing cannot express (aliases, interrupts, -generate-config-out, logs as the
// CLI shows them) use it.
type CLI struct {
	t         *testing.T
	work      string
	Terraform string
	// Provider is the provider binary terraform runs.
	Provider string
	// Env is the environment of every command; a test may append to it before running one.
	Env []string
}

// NewCLI builds the provider and writes the CLI configuration that points terraform at it.
func NewCLI(t *testing.T) *CLI {
	t.Helper()
	return NewCLIVersion(t, "")
}

// NewCLIVersion is NewCLI with the provider stamped with version (BuildProviderVersion); its binary is
// CLI.Provider. The binary is shared by every CLI of this test process with the same version (SharedProviderDir):
// terraform only runs it, and a test that would change it must build its own.
func NewCLIVersion(t *testing.T, version string) *CLI {
	t.Helper()
	PreCheck(t)
	work := t.TempDir()
	bin, err := SharedProviderDir(version)
	if err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(work, "terraformrc")
	if err := WriteDevOverridesConfig(rc, bin); err != nil {
		t.Fatal(err)
	}
	return &CLI{t: t, work: work, Terraform: TerraformPath(), Provider: filepath.Join(bin, "terraform-provider-aliecs"), Env: CLIEnv(rc)}
}

// CLIWorkspace is one configuration directory run by a CLI.
type CLIWorkspace struct {
	cli *CLI
	Dir string
}

// NewCLIWorkspace is a workspace of a new CLI holding config, after a terraform block that requires
// aliecs/aliecs.
func NewCLIWorkspace(t *testing.T, config string) *CLIWorkspace {
	t.Helper()
	return NewCLI(t).Workspace("config", config)
}

// Workspace writes config into a new directory name, after a terraform block that requires aliecs/aliecs.
func (c *CLI) Workspace(name, config string) *CLIWorkspace {
	c.t.Helper()
	dir := filepath.Join(c.work, name)
	if err := os.Mkdir(dir, 0o700); err != nil {
		c.t.Fatal(err)
	}
	w := &CLIWorkspace{cli: c, Dir: dir}
	w.SetConfig(config)
	return w
}

// SetConfig replaces the workspace's configuration with config, after a terraform block that requires
// aliecs/aliecs.
func (w *CLIWorkspace) SetConfig(config string) {
	w.cli.t.Helper()
	main := "terraform {\n  required_providers {\n    aliecs = {\n      source = \"aliecs/aliecs\"\n    }\n  }\n}\n" + config
	if err := os.WriteFile(filepath.Join(w.Dir, "main.tf"), []byte(main), 0o600); err != nil {
		w.cli.t.Fatal(err)
	}
}

// Command is a terraform command in the workspace, not started.
func (w *CLIWorkspace) Command(args ...string) *exec.Cmd {
	return w.CommandContext(context.Background(), args...)
}

// CommandContext is Command, killed when ctx ends.
func (w *CLIWorkspace) CommandContext(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, w.cli.Terraform, args...)
	cmd.Dir = w.Dir
	cmd.Env = w.cli.Env
	return cmd
}

// Run runs terraform to the end and fails the test if it fails.
func (w *CLIWorkspace) Run(args ...string) string {
	w.cli.t.Helper()
	out, err := w.Command(args...).CombinedOutput()
	if err != nil {
		w.cli.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// PlanExitCode is terraform plan -detailed-exitcode's exit code: 0 nothing to do, 2 changes; an error fails
// the test.
func (w *CLIWorkspace) PlanExitCode() int {
	w.cli.t.Helper()
	out, err := w.Command("plan", "-detailed-exitcode", "-input=false", "-no-color").CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr) && exitErr.ExitCode() == 2:
		w.cli.t.Logf("terraform plan:\n%s", out)
		return 2
	}
	w.cli.t.Fatalf("terraform plan: %v\n%s", err, out)
	return 1
}

// State is what terraform show -json says the state holds.
func (w *CLIWorkspace) State() *tfjson.State {
	w.cli.t.Helper()
	var st tfjson.State
	if err := json.Unmarshal([]byte(w.Run("show", "-json")), &st); err != nil {
		w.cli.t.Fatal(err)
	}
	return &st
}

// LockedBuffer collects what a subprocess or a log handler writes while the test reads it.
type LockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *LockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Reset empties the buffer.
func (b *LockedBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

// Background is a terraform command started in the background, for the tests that act on it while it runs
// (interrupt it, kill the emulator under it): its output gathered. It runs in a process group of its own, as a
// command run from a shell does, so that Interrupt reaches terraform and its provider as Ctrl-C does, and the test's
// end kills the whole group: terraform, should the test fail before it ended, and any provider it left behind (once
// seen under Terraform 1.15.9: a provider still running after an interrupted `apply -invoke` had exited).
type Background struct {
	t      testing.TB
	what   string
	cmd    *exec.Cmd
	out    LockedBuffer
	exited chan error
}

// StartBackground starts cmd (from CLIWorkspace.Command); what names it in failures ("terraform apply").
func StartBackground(t testing.TB, what string, cmd *exec.Cmd) *Background {
	t.Helper()
	b := &Background{t: t, what: what, cmd: cmd, exited: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = &b.out, &b.out
	ownProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { b.exited <- cmd.Wait() }()
	t.Cleanup(func() {
		// The group's ID is terraform's PID; what is left of the group (a provider terraform did not stop) is
		// killed whether or not terraform itself has ended.
		killGroup(cmd)
		if cmd.ProcessState == nil {
			t.Logf("%s killed: %v", what, <-b.exited)
		}
	})
	return b
}

// Output is what the command has written so far, stdout and stderr together.
func (b *Background) Output() string { return b.out.String() }

// Until checks ready every interval until it holds, failing the test should the command end first or ready not
// hold within timeout; never names what was awaited ("the snapshot never started progressing").
func (b *Background) Until(ready func() bool, interval, timeout time.Duration, never string) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	for !ready() {
		select {
		case err := <-b.exited:
			b.t.Fatalf("%s ended before that: %v\n%s", b.what, err, b.Output())
		case <-time.After(interval):
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s\n%s", never, b.Output())
		}
	}
}

// Interrupt sends SIGINT to the command's process group, as Ctrl-C in a terminal does (terraform and the provider
// it started both get it), and returns the command's end (Wait).
func (b *Background) Interrupt(timeout time.Duration) error {
	b.t.Helper()
	if err := interruptGroup(b.cmd); err != nil {
		b.t.Fatal(err)
	}
	return b.Wait(timeout)
}

// Wait is the command's error once it ends, failing the test if it does not end within timeout.
func (b *Background) Wait(timeout time.Duration) error {
	b.t.Helper()
	select {
	case err := <-b.exited:
		return err
	case <-time.After(timeout):
		b.t.Fatalf("%s did not end within %v\n%s", b.what, timeout, b.Output())
		return nil
	}
}
