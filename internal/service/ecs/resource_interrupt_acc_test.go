package ecs_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// lockedBuffer collects a subprocess's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// cliWorkspace runs the terraform CLI with the provider built as a binary, through dev_overrides, the
// way a user runs it: a real plugin process that terraform starts, stops and may interrupt.
type cliWorkspace struct {
	t         *testing.T
	terraform string
	dir       string
	env       []string
}

func newCLIWorkspace(t *testing.T, config string) *cliWorkspace {
	t.Helper()
	acctest.PreCheck(t)
	work := t.TempDir()
	bin := filepath.Join(work, "bin")
	if err := acctest.BuildProvider(bin); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(work, "terraformrc")
	if err := acctest.WriteDevOverridesConfig(rc, bin); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(work, "config")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	main := "terraform {\n  required_providers {\n    aliecs = {\n      source = \"aliecs/aliecs\"\n    }\n  }\n}\n" + config
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	return &cliWorkspace{
		t:         t,
		terraform: acctest.TerraformPath(),
		dir:       dir,
		env:       acctest.CLIEnv(rc),
	}
}

func (w *cliWorkspace) command(args ...string) *exec.Cmd {
	cmd := exec.Command(w.terraform, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	return cmd
}

// run runs terraform to the end and fails the test if it fails.
func (w *cliWorkspace) run(args ...string) string {
	w.t.Helper()
	out, err := w.command(args...).CombinedOutput()
	if err != nil {
		w.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// state is what terraform show -json says the state holds.
func (w *cliWorkspace) state() *tfjson.State {
	w.t.Helper()
	var st tfjson.State
	if err := json.Unmarshal([]byte(w.run("show", "-json")), &st); err != nil {
		w.t.Fatal(err)
	}
	return &st
}

// snapshotsInCLIState lists the aliecs_snapshot resources of a state by address.
func snapshotsInCLIState(st *tfjson.State) map[string]*tfjson.StateResource {
	found := map[string]*tfjson.StateResource{}
	if st.Values == nil || st.Values.RootModule == nil {
		return found
	}
	for _, r := range st.Values.RootModule.Resources {
		if r.Type == "aliecs_snapshot" {
			found[r.Address] = r
		}
	}
	return found
}

// An apply stopped while it waits for the snapshot (terraform gets SIGINT, as from Ctrl-C or a CI job
// being cancelled) keeps the snapshot in the state, tainted; nothing is orphaned, and the next apply
// replaces it and destroy leaves nothing.
func TestAccSnapshot_interruptedApply(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: time.Hour})
	env.SkipIfRealCloud(t) // needs a snapshot that takes an hour, and the emulator's view of what exists
	w := newCLIWorkspace(t, env.ProviderConfig()+fmt.Sprintf(`
resource "aliecs_snapshot" "interrupted" {
  disk_id       = %q
  snapshot_name = "interrupted"
}
`, env.DiskID))
	const addr = "aliecs_snapshot.interrupted"
	b := env.Emulator.Backend()

	apply := w.command("apply", "-auto-approve", "-input=false", "-no-color")
	var out lockedBuffer
	apply.Stdout, apply.Stderr = &out, &out
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	t.Cleanup(func() {
		// Only if the test failed before the apply ended.
		if apply.ProcessState == nil {
			_ = apply.Process.Kill()
			t.Logf("terraform apply killed: %v", <-exited)
		}
	})

	// Interrupt once the provider is waiting: the snapshot exists and has been polled at least once.
	deadline := time.Now().Add(2 * time.Minute)
	for len(snapshotsWithStatus(env, "progressing")) == 0 || env.Emulator.CallCounts()["DescribeSnapshots"] == 0 {
		select {
		case err := <-exited:
			t.Fatalf("terraform apply ended before it could be interrupted: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the snapshot never started progressing\n%s", out.String())
		}
	}
	if err := apply.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-exited:
	case <-time.After(2 * time.Minute):
		t.Fatalf("terraform apply did not stop after SIGINT\n%s", out.String())
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		t.Fatalf("an interrupted apply must fail, got %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Interrupt received") || !strings.Contains(out.String(), "cancelled waiting for snapshot") {
		t.Errorf("the output should show the interrupt and the cancelled wait:\n%s", out.String())
	}

	progressing := snapshotsWithStatus(env, "progressing")
	if all := b.Snapshots(); len(all) != 1 || len(progressing) != 1 {
		t.Fatalf("the emulator holds %d snapshots (%v progressing), want exactly the interrupted one", len(all), progressing)
	}
	interrupted := progressing[0]
	if list := w.run("state", "list"); strings.TrimSpace(list) != addr {
		t.Fatalf("terraform state list says %q, want %s", list, addr)
	}
	res := snapshotsInCLIState(w.state())[addr]
	switch {
	case res == nil:
		t.Fatalf("%s is not in the state", addr)
	case res.AttributeValues["id"] != interrupted:
		t.Fatalf("the state holds %s as %v, the emulator has %s", addr, res.AttributeValues["id"], interrupted)
	case !res.Tainted:
		t.Errorf("%s is in the state but not tainted: the next plan would not replace an unfinished snapshot", addr)
	}

	// The next apply replaces the unfinished snapshot, leaving only its replacement.
	b.SetSnapshotDuration(0)
	w.run("apply", "-auto-approve", "-input=false", "-no-color")
	res = snapshotsInCLIState(w.state())[addr]
	all := b.Snapshots()
	switch {
	case len(all) != 1:
		t.Fatalf("after the next apply the emulator holds %d snapshots, want 1", len(all))
	case all[0].SnapshotId == interrupted:
		t.Fatalf("the interrupted snapshot %s was not replaced", interrupted)
	case res == nil || res.AttributeValues["id"] != all[0].SnapshotId || res.Tainted:
		t.Fatalf("the state holds %+v, the emulator %s", res, all[0].SnapshotId)
	}

	w.run("destroy", "-auto-approve", "-input=false", "-no-color")
	if left := b.Snapshots(); len(left) != 0 {
		t.Fatalf("destroy left %d snapshots", len(left))
	}
	if got := snapshotsInCLIState(w.state()); len(got) != 0 {
		t.Fatalf("destroy left %d resources in the state", len(got))
	}
}
