// Package bench measures the provider as users run it: the real terraform CLI driving the built provider
// binary (dev_overrides, a separate process whose peak memory is read from /proc) against an in-process
// emulator with set latency and snapshot duration. The scenarios are Go benchmarks (scenarios_test.go), run by
// `make bench`; every figure is compared with the physical limit of its scenario and written as a table and as
// bench/out/results.json.
//
// To see why a figure is what it is, set BENCH_TRACE=1: every terraform command then writes, under
// bench/out/trace/, a timeline of its API calls (start and end in ms from the first call, action, IDs asked
// for) and the provider's log at BENCH_TF_LOG's level (DEBUG unless set; OFF for the timeline alone). Logging
// slows the provider down, so figures traced with a log are for diagnosis, not for the README.
//
// To see where the provider's CPU goes, set BENCH_PROFILE=1: every provider process terraform starts then writes
// a CPU profile (the provider's ALIECS_CPU_PROFILE) under bench/out/profile/<benchmark>-<n>-<command>/, one file
// per process (terraform starts the provider two or three times a command; the largest file is the one that did
// the work), for `go tool pprof -top <file>` (or -http with a built binary for the source view).
package bench

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
	// traceDir is where BENCH_TRACE writes each command's timeline and provider log; "" when not tracing.
	traceDir string
	// profileDir is where BENCH_PROFILE has each command's provider processes write their CPU profiles; "" when
	// not profiling.
	profileDir string
	commands   int
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
	h := &Harness{tb: tb, Emulator: srv, URL: hs.URL, Dir: dir, terraform: acctest.TerraformPath(), cliConfig: cliConfig, rec: rec}
	if os.Getenv("BENCH_TRACE") != "" {
		dir, err := filepath.Abs(filepath.Join("out", "trace"))
		if err != nil {
			tb.Fatal(err)
		}
		h.traceDir = dir
		if err := os.MkdirAll(h.traceDir, 0o755); err != nil {
			tb.Fatal(err)
		}
		rec.trace = true
	}
	if os.Getenv("BENCH_PROFILE") != "" {
		dir, err := filepath.Abs(filepath.Join("out", "profile"))
		if err != nil {
			tb.Fatal(err)
		}
		h.profileDir = dir
	}
	return h
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
  access_key = %q
  secret_key = %q
  endpoints {
    ecs = %q
    ecd = %q
  }
}
`, h.Backend().Region(), emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, h.URL, h.URL)
	if err := os.WriteFile(filepath.Join(h.Dir, "main.tf"), []byte(provider+body), 0o600); err != nil {
		h.tb.Fatal(err)
	}
}

// UseProvider makes terraform run another provider binary, found in dir, for source (such as "aliyun/alicloud"),
// beside this one, and writes main.tf as config: for comparing other providers on the same emulator.
func (h *Harness) UseProvider(source, dir, config string) {
	h.tb.Helper()
	if err := acctest.WriteDevOverridesConfigFor(h.cliConfig, source, dir); err != nil {
		h.tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.Dir, "main.tf"), []byte(config), 0o600); err != nil {
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
	// WindowBusy is the share of the machine's CPU busy during APIWindow (recorder.busy).
	WindowBusy float64
	// CPU is the CPU time of terraform and the processes it waited for (the providers); ProviderCPU that of
	// the providers the memory watch saw, as last read while they ran (a provider that lived only a few
	// milliseconds may be missed). On a 2-core machine they bound how fast terraform goes through many resources.
	CPU, ProviderCPU time.Duration
	Output           string
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
	h.commands++
	name := fmt.Sprintf("%s-%d-%s", strings.ReplaceAll(h.tb.Name(), "/", "_"), h.commands, args[0])
	traceName := ""
	if h.traceDir != "" {
		traceName = filepath.Join(h.traceDir, name)
		level := cmp.Or(os.Getenv("BENCH_TF_LOG"), "DEBUG")
		cmd.Env = append(cmd.Env, "TF_LOG_PROVIDER="+level, "TF_LOG_PATH="+traceName+".log")
	}
	if h.profileDir != "" {
		dir := filepath.Join(h.profileDir, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			h.tb.Fatal(err)
		}
		cmd.Env = append(cmd.Env, "ALIECS_CPU_PROFILE="+dir)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		h.tb.Fatal(err)
	}
	watch := watchProviderMemory(cmd.Process.Pid)
	err := cmd.Wait()
	wall := time.Since(start)
	peak, providerCPU := watch.stop()
	var cpu time.Duration
	if ps := cmd.ProcessState; ps != nil {
		cpu = ps.UserTime() + ps.SystemTime()
	}
	if err != nil {
		h.tb.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, tail(out.String(), 4000))
	}
	first, last := h.rec.window()
	if traceName != "" {
		if err := os.WriteFile(traceName+".calls", []byte(h.rec.timeline()), 0o644); err != nil {
			h.tb.Fatal(err)
		}
	}
	r := Run{Wall: wall, Calls: h.Emulator.CallCounts(), PeakRSSKiB: peak, Output: out.String(), FirstCall: first, CPU: cpu,
		ProviderCPU: providerCPU, WindowBusy: h.rec.busy()}
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
	// firstCPU and lastCPU are the machine's CPU counters read when first and last were marked.
	firstCPU, lastCPU machineCPU
	// trace keeps every API call in calls (BENCH_TRACE).
	trace bool
	calls []tracedCall
}

// tracedCall is one API call of a traced command.
type tracedCall struct {
	start, end time.Time
	action     string
	ids        int // entries of SnapshotIds, 0 when absent
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	api := !strings.HasPrefix(req.URL.Path, "/_emulator/")
	if !api {
		r.next.ServeHTTP(w, req)
		return
	}
	start := time.Now()
	r.mark(start)
	var tc tracedCall
	if r.trace {
		tc = traceRequest(req)
	}
	r.next.ServeHTTP(w, req)
	end := time.Now()
	r.mark(end)
	if r.trace {
		tc.start, tc.end = start, end
		r.mu.Lock()
		r.calls = append(r.calls, tc)
		r.mu.Unlock()
	}
}

// traceRequest reads the action and the number of snapshot IDs of an API request, from its query and its form
// body (which it puts back for the emulator).
func traceRequest(req *http.Request) tracedCall {
	params := req.URL.Query()
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		if err == nil {
			req.Body = io.NopCloser(bytes.NewReader(body))
			if form, err := url.ParseQuery(string(body)); err == nil {
				for k, vs := range form {
					params[k] = append(params[k], vs...)
				}
			}
		}
	}
	tc := tracedCall{action: cmp.Or(req.Header.Get("x-acs-action"), params.Get("Action"))}
	var ids []string
	if raw := params.Get("SnapshotIds"); raw != "" && json.Unmarshal([]byte(raw), &ids) == nil {
		tc.ids = len(ids)
	}
	return tc
}

// timeline is the traced calls, one a line, in ms from the first call's start.
func (r *recorder) timeline() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	calls := slices.Clone(r.calls)
	slices.SortFunc(calls, func(a, b tracedCall) int { return a.start.Compare(b.start) })
	var sb strings.Builder
	sb.WriteString("start_ms end_ms action snapshot_ids\n")
	for _, c := range calls {
		fmt.Fprintf(&sb, "%8.1f %8.1f %s %d\n", ms(c.start.Sub(r.first)), ms(c.end.Sub(r.first)), c.action, c.ids)
	}
	return sb.String()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (r *recorder) mark(t time.Time) {
	cpu := readMachineCPU()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.first.IsZero() || t.Before(r.first) {
		r.first, r.firstCPU = t, cpu
	}
	if t.After(r.last) {
		r.last, r.lastCPU = t, cpu
	}
}

// busy is the share of the machine's CPU time (all cores) that was busy between the first and the last mark:
// near 1, the window was bound by CPU (terraform, the provider and the emulator together), well below, by
// waiting. 0 when it could not be read.
func (r *recorder) busy() float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	total := r.lastCPU.total - r.firstCPU.total
	if total <= 0 {
		return 0
	}
	return float64(r.lastCPU.busy-r.firstCPU.busy) / float64(total)
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.first, r.last = time.Time{}, time.Time{}
	r.firstCPU, r.lastCPU = machineCPU{}, machineCPU{}
	r.calls = nil
}

func (r *recorder) window() (first, last time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.first, r.last
}
