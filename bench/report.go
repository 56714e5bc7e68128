package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
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
	// Min and Max are the lowest and highest of the runs whose median Measured is (equal to it after one run).
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// Limit is the physical limit: what no implementation can beat (the snapshot's own duration, the API's
	// minimum number of calls, the round trips that cannot be avoided).
	Limit float64 `json:"limit"`
	// Ratio is Measured / Limit.
	Ratio float64 `json:"ratio"`
	// Target is the goal for this figure, in words; AtMost its bound (none when nil), and Met whether
	// the median reached it.
	Target string   `json:"target,omitempty"`
	AtMost *float64 `json:"at_most,omitempty"`
	Met    *bool    `json:"met,omitempty"`
}

// Result is one scenario: of one run, or the medians of several (Runs says how many).
type Result struct {
	Scenario         string           `json:"scenario"`
	Command          string           `json:"command"`
	Runs             int              `json:"runs"`
	WallSeconds      float64          `json:"wall_seconds"`
	APIWindowSeconds float64          `json:"api_window_seconds"`
	Calls            map[string]int64 `json:"calls"`
	PeakRSSMiB       float64          `json:"provider_peak_rss_mib,omitempty"`
	// CPUSeconds is terraform's CPU time with its providers', ProviderCPUSeconds the providers' alone.
	CPUSeconds         float64 `json:"cpu_seconds"`
	ProviderCPUSeconds float64 `json:"provider_cpu_seconds"`
	Checks             []Check `json:"checks"`
}

// Report is what results.json holds: the medians per scenario, and every run.
type Report struct {
	Started          time.Time `json:"started"`
	LatencyMS        int64     `json:"latency_ms"`
	SnapshotDuration string    `json:"snapshot_duration"`
	Parallelism      int       `json:"parallelism"`
	Results          []Result  `json:"results"`
	EachRun          []Result  `json:"each_run"`
}

var (
	resultsMu sync.Mutex
	// runs holds every run of each scenario, scenarios in the order they first ran (make bench runs each
	// BENCH_COUNT times: -count, one run per count).
	runs    [][]Result
	started = time.Now()
)

// record keeps one run of a scenario.
func record(r Result) {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	r.Runs = 1
	for i := range runs {
		if runs[i][0].Scenario == r.Scenario {
			runs[i] = append(runs[i], r)
			return
		}
	}
	runs = append(runs, []Result{r})
}

// check is a figure; atMost is its target's bound (nil: no target).
func check(metric, unit string, measured, limit float64, target string, atMost *float64) Check {
	c := Check{Metric: metric, Unit: unit, Measured: measured, Min: measured, Max: measured, Limit: limit, Target: target,
		AtMost: atMost}
	c.judge()
	return c
}

func (c *Check) judge() {
	c.Ratio = 0
	if c.Limit > 0 {
		c.Ratio = c.Measured / c.Limit
	}
	if c.AtMost != nil {
		met := c.Measured <= *c.AtMost
		c.Met = &met
	}
}

func bound(f float64) *float64 { return &f }

// medianOf is the median of each figure over rs (runs of one scenario, whose checks line up): one run is a
// noisy sample of a machine shared with terraform's own work, so targets are judged on the median of several.
func medianOf(rs []Result) Result {
	m := rs[0]
	m.Runs = len(rs)
	pick := func(f func(Result) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		return median(v)
	}
	m.WallSeconds = pick(func(r Result) float64 { return r.WallSeconds })
	m.APIWindowSeconds = pick(func(r Result) float64 { return r.APIWindowSeconds })
	m.PeakRSSMiB = pick(func(r Result) float64 { return r.PeakRSSMiB })
	m.CPUSeconds = pick(func(r Result) float64 { return r.CPUSeconds })
	m.ProviderCPUSeconds = pick(func(r Result) float64 { return r.ProviderCPUSeconds })
	m.Calls = map[string]int64{}
	for _, r := range rs {
		for action := range r.Calls {
			m.Calls[action] = int64(math.Round(pick(func(r Result) float64 { return float64(r.Calls[action]) })))
		}
	}
	m.Checks = slices.Clone(rs[0].Checks)
	for i := range m.Checks {
		c := &m.Checks[i]
		v := make([]float64, 0, len(rs))
		for _, r := range rs {
			if i < len(r.Checks) {
				v = append(v, r.Checks[i].Measured)
			}
		}
		c.Measured, c.Min, c.Max = median(v), slices.Min(v), slices.Max(v)
		c.judge()
	}
	return m
}

// median of v (not empty): the middle value, or the mean of the two middle ones.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// writeReport prints the table to w and writes dir/results.json and dir/results.md; nothing when no scenario ran.
func writeReport(w io.Writer, dir string) error {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	if len(runs) == 0 {
		return nil
	}
	rep := Report{Started: started.UTC(), LatencyMS: Latency.Milliseconds(), SnapshotDuration: SnapshotDuration.String(),
		Parallelism: Parallelism}
	for _, rs := range runs {
		rep.Results = append(rep.Results, medianOf(rs))
		rep.EachRun = append(rep.EachRun, rs...)
	}
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
	fmt.Fprintf(&sb, "Latency %d ms per call, snapshot duration %s, terraform -parallelism=%d. Each figure is the median of "+
		"the runs (runs column), with the lowest and highest in brackets when there were several.\n\n",
		rep.LatencyMS, rep.SnapshotDuration, rep.Parallelism)
	sb.WriteString("| scenario | runs | terraform wall | API calls | metric | measured | limit | ratio | target | met |\n")
	sb.WriteString("| --- | ---: | --- | --- | --- | ---: | ---: | ---: | --- | --- |\n")
	for _, r := range rep.Results {
		for i, c := range r.Checks {
			scenario, n, wall, calls := "", "", "", ""
			if i == 0 {
				scenario, n, wall, calls = r.Scenario, fmt.Sprint(r.Runs), fmt.Sprintf("%.2f s", r.WallSeconds), formatCalls(r.Calls)
			}
			met := ""
			if c.Met != nil {
				met = map[bool]string{true: "yes", false: "**no**"}[*c.Met]
			}
			measured := num(c.Measured) + " " + c.Unit
			if c.Min != c.Max {
				measured += fmt.Sprintf(" (%s-%s)", num(c.Min), num(c.Max))
			}
			// A figure with no physical limit (a measurement read beside others, such as a CPU time) leaves the
			// limit and ratio columns empty rather than print a ratio over zero.
			limit, ratio := "", ""
			if c.Limit > 0 {
				limit, ratio = strings.TrimSpace(num(c.Limit)+" "+c.Unit), fmt.Sprintf("%.2f", c.Ratio)
			}
			fmt.Fprintf(&sb, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", scenario, n, wall, calls, c.Metric,
				strings.TrimSpace(measured), limit, ratio, c.Target, met)
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
