package ecs_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// restartableEmulator serves the emulator on a fixed loopback address with a state file, and is stopped
// and started again on the same address from that file, as a user restarts `ecs-emulator -state-file`.
type restartableEmulator struct {
	addr, stateFile string
	duration        time.Duration

	mu     sync.Mutex
	http   *http.Server
	server *emulator.Server
}

func startRestartableEmulator(t *testing.T, duration time.Duration) *restartableEmulator {
	t.Helper()
	// Reserve a free port, then serve on it from now on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e := &restartableEmulator{addr: ln.Addr().String(), stateFile: filepath.Join(t.TempDir(), "state.json"), duration: duration}
	if err := e.serve(ln); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.stop() })
	return e
}

// serve starts an emulator over the state file (loaded if present) on ln.
func (e *restartableEmulator) serve(ln net.Listener) error {
	b, err := backend.New(backend.Options{SnapshotDuration: e.duration, StateFile: e.stateFile})
	if err != nil {
		_ = ln.Close()
		return err
	}
	s := emulator.NewServer(b, emulator.Config{})
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	e.mu.Lock()
	e.http, e.server = hs, s
	e.mu.Unlock()
	return nil
}

// stop lets the calls in progress finish (so that every change they made is in the state file) and closes
// every connection.
func (e *restartableEmulator) stop() error {
	e.mu.Lock()
	hs := e.http
	e.http = nil
	e.mu.Unlock()
	if hs == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return hs.Shutdown(ctx)
}

func (e *restartableEmulator) current() *emulator.Server {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.server
}

func (e *restartableEmulator) snapshots() []backend.Snapshot {
	return e.current().Backend().Snapshots()
}

// restartWhileWaiting waits until a snapshot is progressing (the apply is in its wait), stops the emulator,
// drops every connection made to its address until the provider has run into at least one, then starts it
// again from the state file on the same address. It returns how many connections it dropped.
func (e *restartableEmulator) restartWhileWaiting() (int, error) {
	deadline := time.Now().Add(time.Minute)
	for !hasProgressing(e.snapshots()) {
		if time.Now().After(deadline) {
			return 0, errors.New("no snapshot started progressing")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := e.stop(); err != nil {
		return 0, fmt.Errorf("stopping the emulator: %w", err)
	}
	gap, err := net.Listen("tcp", e.addr)
	if err != nil {
		return 0, fmt.Errorf("listening on %s while the emulator is down: %w", e.addr, err)
	}
	dropped := make(chan struct{}, 1)
	go func() {
		for {
			conn, err := gap.Accept()
			if err != nil {
				return
			}
			_ = conn.Close()
			select {
			case dropped <- struct{}{}:
			default:
			}
		}
	}()
	n := 0
	select {
	case <-dropped:
		n++
	case <-time.After(time.Minute):
	}
	_ = gap.Close()
	if n == 0 {
		return 0, errors.New("the provider made no call while the emulator was down")
	}
	ln, err := net.Listen("tcp", e.addr)
	if err != nil {
		return n, fmt.Errorf("listening on %s again: %w", e.addr, err)
	}
	return n, e.serve(ln)
}

func hasProgressing(snapshots []backend.Snapshot) bool {
	for _, s := range snapshots {
		if s.Status == "progressing" {
			return true
		}
	}
	return false
}

// The emulator is restarted from its state file while an apply waits for its snapshots: the provider
// retries through the dropped and refused connections, the restarted emulator knows every snapshot, and
// the state and the emulator agree, with nothing lost or made twice.
func TestAccSnapshot_faultEmulatorRestart(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // restarts the emulator
	if len(env.DiskIDs) < 3 {
		t.Fatalf("the fixture has %d snapshottable disks, want 3", len(env.DiskIDs))
	}
	e := startRestartableEmulator(t, 3*time.Second)
	config := fmt.Sprintf(`
provider "aliecs" {
  region     = %q
  endpoint   = "http://%s"
  access_key = %q
  secret_key = %q
}

locals {
  disks = [%q, %q, %q]
}

resource "aliecs_snapshot" "restart" {
  count         = 3
  disk_id       = local.disks[count.index]
  snapshot_name = "restart-${count.index}"
}
`, e.current().Backend().Region(), e.addr, emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret,
		env.DiskIDs[0], env.DiskIDs[1], env.DiskIDs[2])

	type restartResult struct {
		dropped int
		err     error
	}
	restarted := make(chan restartResult, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy: func(_ *terraform.State) error {
			if left := e.snapshots(); len(left) != 0 {
				return fmt.Errorf("%d snapshots left after destroy", len(left))
			}
			return nil
		},
		Steps: []resource.TestStep{{
			PreConfig: func() {
				go func() {
					n, err := e.restartWhileWaiting()
					restarted <- restartResult{n, err}
				}()
			},
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				func(_ *terraform.State) error {
					r := <-restarted
					if r.err != nil {
						return fmt.Errorf("restarting the emulator: %w", r.err)
					}
					return nil
				},
				expectSnapshotsExactly(e.snapshots, 3),
				func(_ *terraform.State) error {
					perDisk := map[string]int{}
					for _, s := range e.snapshots() {
						if s.Status != "accomplished" {
							return fmt.Errorf("snapshot %s is %s", s.SnapshotId, s.Status)
						}
						perDisk[s.SourceDiskId]++
					}
					for _, d := range env.DiskIDs[:3] {
						if perDisk[d] != 1 {
							return fmt.Errorf("disk %s has %d snapshots, want 1", d, perDisk[d])
						}
					}
					return nil
				},
			),
		}},
	})
}
