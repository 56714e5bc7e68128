package provider_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/closedport"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// standaloneEmulator is cmd/ecs-emulator run as a user runs it, on a fixed loopback address with a state file,
// so that it can be killed and started again where it was.
type standaloneEmulator struct {
	t                    *testing.T
	bin, addr, stateFile string
	cmd                  *exec.Cmd
	out                  acctest.LockedBuffer
	// down holds the address while the emulator is not running, so that the provider's calls are refused
	// there and never reach a server of another test given the freed port.
	down *closedport.Port
}

// startStandaloneEmulator builds cmd/ecs-emulator and starts it on a free loopback port with a new state file.
func startStandaloneEmulator(t *testing.T) *standaloneEmulator {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "ecs-emulator")
	if out, err := exec.Command("go", "build", "-C", "../..", "-o", bin, "./cmd/ecs-emulator").CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/ecs-emulator: %v\n%s", err, out)
	}
	port, err := closedport.New()
	if err != nil {
		t.Fatal(err)
	}
	e := &standaloneEmulator{t: t, bin: bin, addr: port.Addr(), stateFile: filepath.Join(dir, "state.json"), down: port}
	t.Cleanup(func() {
		if e.cmd != nil {
			_ = e.cmd.Process.Kill()
			_ = e.cmd.Wait()
		}
		_ = e.down.Release()
	})
	e.start()
	return e
}

// start runs the emulator over its state file (loaded if present) and waits until it answers.
func (e *standaloneEmulator) start() {
	e.t.Helper()
	// Snapshots and copies take seconds, so that the apply is still waiting for them when the emulator is killed.
	e.cmd = exec.Command(e.bin, "-listen", e.addr, "-state-file", e.stateFile, "-snapshot-duration", "3s",
		"-copy-duration", "3s", "-log", "warn")
	e.cmd.Stdout, e.cmd.Stderr = &e.out, &e.out
	// Released as late as can be: the port is free for the few milliseconds the emulator takes to bind it.
	if err := e.down.Release(); err != nil {
		e.t.Fatal(err)
	}
	if err := e.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := e.calls(); err == nil {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("the emulator does not answer on %s:\n%s", e.addr, e.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill ends the emulator with SIGKILL: no call in progress finishes, nothing more is saved. Its address is
// held (refusing connections) until it starts again.
func (e *standaloneEmulator) kill() error {
	if err := e.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	err := e.cmd.Wait()
	e.cmd = nil
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return fmt.Errorf("the emulator was not killed: %v", err)
	}
	if e.down, err = closedport.Hold(e.addr); err != nil {
		return fmt.Errorf("the emulator's address while it is down: %w", err)
	}
	return nil
}

// setLatency makes the emulator wait d before it acts on each call of action (PUT /_emulator/latency), until it
// is restarted.
func (e *standaloneEmulator) setLatency(action string, d time.Duration) error {
	body, err := json.Marshal(map[string]string{"action": action, "latency": d.String()})
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPut, "http://"+e.addr+"/_emulator/latency", bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusNoContent {
		msg, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("PUT /_emulator/latency: %s: %s", resp.Status, msg)
	}
	return nil
}

// calls are the emulator's call counts since it started (GET /_emulator/calls).
func (e *standaloneEmulator) calls() (map[string]int64, error) {
	resp, err := http.Get("http://" + e.addr + "/_emulator/calls")
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /_emulator/calls: %s: %s", resp.Status, body)
	}
	counts := map[string]int64{}
	return counts, json.Unmarshal(body, &counts)
}

// saved is the emulator's world as its state file holds it: an emulator of this process opened over a copy of the
// file, so that it reads what the standalone one would load, and never writes the file the standalone one keeps.
func (e *standaloneEmulator) saved() *emulator.Server {
	e.t.Helper()
	opts := backend.Options{SnapshotDuration: 3 * time.Second, CopyDuration: 3 * time.Second}
	if data, err := os.ReadFile(e.stateFile); err == nil {
		opts.StateFile = filepath.Join(e.t.TempDir(), "state.json")
		if err := os.WriteFile(opts.StateFile, data, 0o600); err != nil {
			e.t.Fatal(err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		e.t.Fatal(err)
	}
	b, err := backend.New(opts)
	if err != nil {
		e.t.Fatalf("loading the state file: %v", err)
	}
	s, err := emulator.Open(b, emulator.Config{})
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// The emulator is killed (SIGKILL) while the family is being created, and started again on the same port from its
// state file. Whatever the interrupted apply made is in the state file or was never made; the next apply completes
// with exactly one of every object, plans nothing more, and destroy leaves nothing. Two ways: back after a second,
// which the provider's retries ride out, and down until the apply has given up and failed (the provider retries a
// refused connection for 20 s), so that the next apply starts from a state that lacks what the failed one was making.
func TestAccFamily_emulatorKilledMidApply(t *testing.T) {
	t.Parallel() // runs terraform itself, as the tests of resource.ParallelTest do
	acctest.PreCheck(t)
	if acctest.RealCloud() {
		t.Skip("kills the emulator; skipped against the real cloud")
	}
	t.Run("back after a second", func(t *testing.T) {
		t.Parallel()
		emulatorKilledMidApply(t, false)
	})
	t.Run("down until the apply fails", func(t *testing.T) {
		t.Parallel()
		emulatorKilledMidApply(t, true)
	})
}

// emulatorKilledMidApply kills the emulator mid-apply and starts it again: after a second, or, untilApplyFails, once
// the apply has ended, which it then must have done with an error.
func emulatorKilledMidApply(t *testing.T, untilApplyFails bool) {
	e := startStandaloneEmulator(t)
	world := e.saved()
	before, err := takeInventory(world)
	if err != nil {
		t.Fatal(err)
	}
	source, dest := world.Backend().Region(), "cn-shanghai"
	desktop := ""
	for _, d := range world.ECD().Desktops() {
		if d.RegionID == source && d.DesktopStatus == "Running" {
			desktop = d.DesktopID
			break
		}
	}
	if desktop == "" {
		t.Fatal("the emulator's fixture has no Running desktop")
	}
	provider := func(alias, region string) string {
		return fmt.Sprintf(`
provider "aliecs" {
  %s
  region     = %q
  access_key = %q
  secret_key = %q
  endpoints {
    ecs = "http://%[5]s"
    sts = "http://%[5]s"
    ecd = "http://%[5]s"
  }
}
`, alias, region, emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, e.addr)
	}
	config := familyConfig(provider("", source)+provider(`alias = "copies"`, dest), "aliecs.copies", source, desktop)
	w := acctest.NewCLIWorkspace(t, config)
	// Every create but the snapshot's is slow to act, so that when the emulator is killed the snapshot is being
	// waited for and other creates are in flight, their fate unknown to the provider.
	for _, c := range familyCreates {
		if c.Call != "CreateSnapshot" {
			if err := e.setLatency(c.Call, 2*time.Second); err != nil {
				t.Fatal(err)
			}
		}
	}

	apply := acctest.StartBackground(t, "terraform apply", w.Command("apply", "-auto-approve", "-input=false", "-no-color"))

	// Kill the emulator once the snapshot has been made and polled (its wait has begun) and three other creates are
	// in flight (the copy's comes once the snapshot is accomplished).
	var seen map[string]int64
	apply.Until(func() bool {
		counts, err := e.calls()
		if err != nil {
			t.Fatalf("the emulator stopped answering before it was killed: %v\n%s", err, e.out.String())
		}
		inFlight := 0
		for _, c := range familyCreates {
			if c.Call != "CreateSnapshot" && counts[c.Call] > 0 {
				inFlight++
			}
		}
		seen = counts
		return counts["CreateSnapshot"] > 0 && counts["DescribeSnapshots"] > 0 && inFlight >= 3
	}, 5*time.Millisecond, 2*time.Minute, "the creates never started")
	if err := e.kill(); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	var applyErr error
	if untilApplyFails {
		applyErr = apply.Wait(5 * time.Minute)
		if applyErr == nil {
			t.Fatalf("the apply succeeded with the emulator down:\n%s", apply.Output())
		}
		// Each failed create says what failed and what to check, not just the transport's error.
		if out := apply.Output(); !strings.Contains(out, "Nothing accepted a connection at the ECS endpoint http://"+e.addr) {
			t.Errorf("the failed apply does not name the endpoint nobody answered at:\n%s", out)
		}
		e.start()
	} else {
		// Down long enough for the provider's calls to be refused, then back on the same port and state file.
		time.Sleep(time.Second)
		e.start()
		applyErr = apply.Wait(5 * time.Minute)
	}
	t.Logf("emulator killed after these calls, down %v:%s", time.Since(killedAt).Round(time.Millisecond), formatCounts(seen))
	t.Logf("the interrupted apply ended with %v", applyErr)
	if applyErr != nil {
		t.Logf("its output:\n%s", apply.Output())
	}

	// The next apply completes whatever the first did not, and the one after has nothing to do.
	second := w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	t.Logf("the second apply: %s", lastLine(second))
	if code := w.PlanExitCode(); code != 0 {
		t.Errorf("terraform plan -detailed-exitcode after the second apply exits %d, want 0 (nothing to do)", code)
	}
	afterRestart, err := e.calls()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("calls since the restart (both applies and the plan):%s", formatCounts(afterRestart))
	// The creates the kill cut off were sent again to the restarted emulator: the test did kill them in flight.
	for _, c := range familyCreates {
		if c.Call != "CreateSnapshot" && seen[c.Call] > 0 && afterRestart[c.Call] == 0 {
			t.Errorf("%s was in flight when the emulator was killed, yet never sent again", c.Call)
		}
	}

	ids := map[string]string{}
	st := w.State()
	if st.Values != nil && st.Values.RootModule != nil {
		for _, r := range st.Values.RootModule.Resources {
			if id, ok := r.AttributeValues["id"].(string); ok {
				ids[r.Type] = id
			}
		}
	}
	if err := familyOnce(e.saved(), before, dest, ids); err != nil {
		t.Fatalf("after the second apply: %v", err)
	}

	w.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	if afterDestroy, err := e.calls(); err == nil {
		for a, n := range afterDestroy {
			afterDestroy[a] = n - afterRestart[a]
		}
		t.Logf("calls of the destroy:%s", formatCounts(afterDestroy))
	}
	if err := checkNothingMade(e.saved(), before); err != nil {
		t.Fatal(err)
	}
}

// formatCounts lists the actions called, one a line with its count, sorted.
func formatCounts(counts map[string]int64) string {
	var lines []string
	for a, n := range counts {
		if n != 0 {
			lines = append(lines, fmt.Sprintf("\n  %-28s %3d", a, n))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "")
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
