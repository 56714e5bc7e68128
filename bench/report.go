package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Check is one figure of a scenario set against its physical limit.
type Check struct {
	Metric   string  `json:"metric"`
	Unit     string  `json:"unit"`
	Measured float64 `json:"measured"`
	// Limit is the physical limit: what no implementation can beat (the snapshot's own duration, the API's
	// minimum number of calls, the round trips that cannot be avoided).
	Limit float64 `json:"limit"`
	// Ratio is Measured / Limit.
	Ratio float64 `json:"ratio"`
	// Target is the goal for this figure, in words, and Met whether the run reached it.
	Target string `json:"target,omitempty"`
	Met    *bool  `json:"met,omitempty"`
}

// Result is one scenario of one run.
type Result struct {
	Scenario         string           `json:"scenario"`
	Command          string           `json:"command"`
	WallSeconds      float64          `json:"wall_seconds"`
	APIWindowSeconds float64          `json:"api_window_seconds"`
	Calls            map[string]int64 `json:"calls"`
	PeakRSSMiB       float64          `json:"provider_peak_rss_mib,omitempty"`
	// CPUSeconds is terraform's CPU time with its providers', ProviderCPUSeconds the providers' alone.
	CPUSeconds         float64 `json:"cpu_seconds"`
	ProviderCPUSeconds float64 `json:"provider_cpu_seconds"`
	Checks             []Check `json:"checks"`
}

// Report is what results.json holds.
type Report struct {
	Started          time.Time `json:"started"`
	LatencyMS        int64     `json:"latency_ms"`
	SnapshotDuration string    `json:"snapshot_duration"`
	Parallelism      int       `json:"parallelism"`
	Results          []Result  `json:"results"`
}

var (
	resultsMu sync.Mutex
	results   []Result
	started   = time.Now()
)

// record keeps a scenario's result; a scenario run again (b.N > 1) replaces its earlier result.
func record(r Result) {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	for i := range results {
		if results[i].Scenario == r.Scenario {
			results[i] = r
			return
		}
	}
	results = append(results, r)
}

func check(metric, unit string, measured, limit float64, target string, met *bool) Check {
	c := Check{Metric: metric, Unit: unit, Measured: measured, Limit: limit, Target: target, Met: met}
	if limit > 0 {
		c.Ratio = measured / limit
	}
	return c
}

func ptr(b bool) *bool { return &b }

// writeReport prints the table to w and writes dir/results.json and dir/results.md; nothing when no scenario ran.
func writeReport(w io.Writer, dir string) error {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	if len(results) == 0 {
		return nil
	}
	rep := Report{Started: started.UTC(), LatencyMS: Latency.Milliseconds(), SnapshotDuration: SnapshotDuration.String(),
		Parallelism: Parallelism, Results: results}
	table := markdownTable(rep)
	if _, err := fmt.Fprint(w, "\n"+table); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "results.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "results.md"), []byte(table), 0o644)
}

func markdownTable(rep Report) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "Latency %d ms per call, snapshot duration %s, terraform -parallelism=%d.\n\n",
		rep.LatencyMS, rep.SnapshotDuration, rep.Parallelism)
	sb.WriteString("| scenario | terraform wall | API calls | metric | measured | limit | ratio | target | met |\n")
	sb.WriteString("| --- | --- | --- | --- | ---: | ---: | ---: | --- | --- |\n")
	for _, r := range rep.Results {
		for i, c := range r.Checks {
			scenario, wall, calls := "", "", ""
			if i == 0 {
				scenario, wall, calls = r.Scenario, fmt.Sprintf("%.2f s", r.WallSeconds), formatCalls(r.Calls)
			}
			met := ""
			if c.Met != nil {
				met = map[bool]string{true: "yes", false: "**no**"}[*c.Met]
			}
			fmt.Fprintf(&sb, "| %s | %s | %s | %s | %s %s | %s %s | %.2f | %s | %s |\n", scenario, wall, calls, c.Metric,
				num(c.Measured), c.Unit, num(c.Limit), c.Unit, c.Ratio, c.Target, met)
		}
	}
	return sb.String()
}

func formatCalls(calls map[string]int64) string {
	names := make([]string, 0, len(calls))
	for n := range calls {
		names = append(names, n)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d", n, calls[n])
	}
	return strings.Join(parts, ", ")
}

func num(f float64) string {
	if f == float64(int64(f)) {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%.3g", f)
}
