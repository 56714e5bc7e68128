// Package bench measures the provider as users run it: the real terraform CLI driving the built provider
// binary (dev_overrides, a separate process whose peak memory is read from /proc) against an in-process
// emulator with set latency and snapshot duration. The scenarios are Go benchmarks (scenarios_test.go), run by
// `make bench`; every figure is compared with the physical limit of its scenario and written as a table and as
// bench/out/results.json.
package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// Settings every scenario shares; scenarios.go names the limits they imply.
const (
	// Latency is added by the emulator to every API call: one round trip to a nearby region.
	Latency = 20 * time.Millisecond
	// SnapshotDuration is how long the emulator takes from 0% to 100%: long enough that waiting dominates, short
	// enough that `make bench` takes a few minutes.
	SnapshotDuration = 5 * time.Second
	// Parallelism is terraform's -parallelism (its default).
	Parallelism = 10
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// providerBinDir builds terraform-provider-aliecs once per run into a directory dev_overrides points at.
func providerBinDir(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		// Shared by every benchmark of the run, so not tb.TempDir; TestMain removes it (removeProviderBin).
		dir, err := os.MkdirTemp("", "aliecs-bench-bin-") //nolint:usetesting // see above
		if err != nil {
			buildErr = err
			return
		}
		binDir = dir
		buildErr = acctest.BuildProvider(dir)
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binDir
}

// removeProviderBin deletes the built provider, if any.
func removeProviderBin() error {
	if binDir == "" {
		return nil
	}
	return os.RemoveAll(binDir)
}

// Harness is one emulator and one terraform working directory.
type Harness struct {
	tb        testing.TB
	Emulator  *emulator.Server
	URL       string
	Dir       string
	terraform string
	cliConfig string
	rec       *recorder
}

// NewHarness starts an emulator (latency and snapshot duration set) and prepares a working directory.
func NewHarness(tb testing.TB) *Harness {
	tb.Helper()
	bin := providerBinDir(tb)
	be, err := backend.New(backend.Options{SnapshotDuration: SnapshotDuration})
	if err != nil {
		tb.Fatal(err)
	}
	srv := emulator.NewServer(be, emulator.Config{})
	srv.SetLatency("", Latency)
	rec := &recorder{next: srv}
	hs := httptest.NewServer(rec)
	tb.Cleanup(hs.Close)

	dir := tb.TempDir()
	cliConfig := filepath.Join(dir, "terraformrc")
	if err := acctest.WriteDevOverridesConfig(cliConfig, bin); err != nil {
		tb.Fatal(err)
	}
	return &Harness{tb: tb, Emulator: srv, URL: hs.URL, Dir: dir, terraform: acctest.TerraformPath(), cliConfig: cliConfig, rec: rec}
}

// Backend is the emulator's state, for seeding.
func (h *Harness) Backend() *backend.Backend { return h.Emulator.Backend() }

// WriteConfig replaces main.tf; the provider block pointing at the emulator is added.
func (h *Harness) WriteConfig(body string) {
	h.tb.Helper()
	provider := fmt.Sprintf(`
terraform {
  required_providers {
    aliecs = { source = "aliecs/aliecs" }
  }
}

provider "aliecs" {
  region     = %q
  endpoint   = %q
  access_key = %q
  secret_key = %q
}
`, h.Backend().Region(), h.URL, emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret)
	if err := os.WriteFile(filepath.Join(h.Dir, "main.tf"), []byte(provider+body), 0o600); err != nil {
		h.tb.Fatal(err)
	}
}

// Run is what one terraform command cost.
type Run struct {
	Wall time.Duration
	// APIWindow runs from the start of the first API request to the end of the last answer.
	APIWindow time.Duration
	// FirstCall is when the first API request of the command arrived (zero if none).
	FirstCall time.Time
	// Calls per action, from the emulator's counts.
	Calls map[string]int64
	// PeakRSSKiB is the provider process's VmHWM (peak resident set), 0 if it could not be read.
	PeakRSSKiB int64
	Output     string
}

// Terraform runs one terraform command, with counts reset before it, and fails the benchmark on error.
func (h *Harness) Terraform(args ...string) Run {
	h.tb.Helper()
	h.Emulator.ResetCallCounts()
	h.rec.reset()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.terraform, args...)
	cmd.Dir = h.Dir
	cmd.Env = acctest.CLIEnv(h.cliConfig)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		h.tb.Fatal(err)
	}
	watch := watchProviderMemory(cmd.Process.Pid)
	err := cmd.Wait()
	wall := time.Since(start)
	peak := watch.stop()
	if err != nil {
		h.tb.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, tail(out.String(), 4000))
	}
	first, last := h.rec.window()
	r := Run{Wall: wall, Calls: h.Emulator.CallCounts(), PeakRSSKiB: peak, Output: out.String(), FirstCall: first}
	if !first.IsZero() {
		r.APIWindow = last.Sub(first)
	}
	return r
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// recorder notes when API requests start and answers end, so that a scenario's time can be measured from the
// provider's first call to its last answer, without terraform's own start-up and shutdown.
type recorder struct {
	next        http.Handler
	mu          sync.Mutex
	first, last time.Time
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	api := !strings.HasPrefix(req.URL.Path, "/_emulator/")
	if api {
		r.mark(time.Now())
	}
	r.next.ServeHTTP(w, req)
	if api {
		r.mark(time.Now())
	}
}

func (r *recorder) mark(t time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.first.IsZero() || t.Before(r.first) {
		r.first = t
	}
	if t.After(r.last) {
		r.last = t
	}
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.first, r.last = time.Time{}, time.Time{}
}

func (r *recorder) window() (first, last time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.first, r.last
}
