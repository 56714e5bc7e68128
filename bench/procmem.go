package bench

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// providerComm is the provider's process name as /proc/<pid>/stat shows it (the kernel keeps 15 bytes).
const providerComm = "terraform-provi"

// memWatch follows the provider processes terraform starts (it may start several in one command: validation,
// plan, apply) and keeps the largest VmHWM seen. VmHWM is the kernel's high-water mark of the process's resident
// set, so a reading taken any time after the peak and before the process exits is exact; terraform keeps the
// provider running until the command ends, and the watch reads every few milliseconds.
//
// The watch shares the machine's cores with terraform and the provider, whose speed the scenarios measure, so it
// reads little: the VmHWM of the providers it knows every tick, and terraform's children (from
// /proc/<pid>/task/<tid>/children, not by scanning every process) every few ticks. A provider found late loses
// nothing, since its high-water mark stays.
type memWatch struct {
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	peak int64
	// cpuTicks is the last CPU time (user + system, clock ticks) read per provider process.
	cpuTicks map[int]int64
}

const (
	// memTick is how often the watch reads the VmHWM of the providers it knows.
	memTick = 10 * time.Millisecond
	// childScanTicks is every how many ticks it looks for new provider processes.
	childScanTicks = 5
)

func watchProviderMemory(terraformPID int) *memWatch {
	w := &memWatch{done: make(chan struct{}), cpuTicks: map[int]int64{}}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		tick := time.NewTicker(memTick)
		defer tick.Stop()
		known := map[int]bool{}
		for n := 0; ; n++ {
			if n%childScanTicks == 0 {
				for _, pid := range providerChildren(terraformPID) {
					known[pid] = true
				}
			}
			for pid := range known {
				kib, ok := vmHWM(pid)
				if !ok {
					delete(known, pid) // exited
					continue
				}
				ticks, _ := cpuTicks(pid)
				w.mu.Lock()
				w.peak = max(w.peak, kib)
				w.cpuTicks[pid] = max(w.cpuTicks[pid], ticks)
				w.mu.Unlock()
			}
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

// stop ends the watch and returns the peak in KiB (0 if no provider process was seen) and the CPU time the
// provider processes had used when last read.
func (w *memWatch) stop() (peakKiB int64, cpu time.Duration) {
	close(w.done)
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	var ticks int64
	for _, t := range w.cpuTicks {
		ticks += t
	}
	return w.peak, time.Duration(ticks) * time.Second / clockTicksPerSecond
}

// clockTicksPerSecond is USER_HZ, the unit of utime and stime in /proc/<pid>/stat: 100 on Linux.
const clockTicksPerSecond = 100

// cpuTicks reads the user and system CPU time of pid, in clock ticks.
func cpuTicks(pid int) (int64, bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, false
	}
	s := string(b)
	closing := strings.LastIndexByte(s, ')')
	if closing < 0 {
		return 0, false
	}
	// After the comm: state (field 3) ... utime (14), stime (15).
	f := strings.Fields(s[closing+1:])
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	return u + st, err1 == nil && err2 == nil
}

// providerChildren lists the provider processes whose parent is terraform.
func providerChildren(parent int) []int {
	var pids []int
	for _, pid := range children(parent) {
		stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses, so split at the last ')'.
		s := string(stat)
		open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || closing < open {
			continue
		}
		fields := strings.Fields(s[closing+1:])
		if len(fields) < 2 || s[open+1:closing] != providerComm {
			continue
		}
		if ppid, err := strconv.Atoi(fields[1]); err == nil && ppid == parent {
			pids = append(pids, pid)
		}
	}
	return pids
}

// children lists the child processes of parent from /proc/<parent>/task/<tid>/children (Linux 4.2 and later
// with CONFIG_PROC_CHILDREN, which common kernels have); without those files, every process in /proc, whose
// parent providerChildren then checks.
func children(parent int) []int {
	taskDir := filepath.Join("/proc", strconv.Itoa(parent), "task")
	tasks, err := os.ReadDir(taskDir)
	if err != nil {
		return nil // terraform exited
	}
	var pids []int
	readAny := false
	for _, t := range tasks {
		b, err := os.ReadFile(filepath.Join(taskDir, t.Name(), "children"))
		if err != nil {
			continue
		}
		readAny = true
		for f := range strings.FieldsSeq(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	if readAny {
		return pids
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

// vmHWM reads the peak resident set of pid in KiB.
func vmHWM(pid int) (int64, bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, false
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				return 0, false
			}
			kib, err := strconv.ParseInt(f[0], 10, 64)
			return kib, err == nil
		}
	}
	return 0, false
}

// machineCPU is the machine's CPU time counters from the first line of /proc/stat, in clock ticks summed over
// every core: busy (everything but idle and iowait) and total.
type machineCPU struct{ busy, total int64 }

func readMachineCPU() machineCPU {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return machineCPU{}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "cpu" {
		return machineCPU{}
	}
	var m machineCPU
	for i, v := range f[1:] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return machineCPU{}
		}
		m.total += n
		if i != 3 && i != 4 { // idle, iowait
			m.busy += n
		}
	}
	return m
}
