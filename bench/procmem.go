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
type memWatch struct {
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	peak int64
}

func watchProviderMemory(terraformPID int) *memWatch {
	w := &memWatch{done: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		known := map[int]bool{}
		for {
			for _, pid := range providerChildren(terraformPID) {
				known[pid] = true
			}
			for pid := range known {
				kib, ok := vmHWM(pid)
				if !ok {
					delete(known, pid) // exited
					continue
				}
				w.mu.Lock()
				w.peak = max(w.peak, kib)
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

// stop ends the watch and returns the peak in KiB (0 if no provider process was seen).
func (w *memWatch) stop() int64 {
	close(w.done)
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.peak
}

// providerChildren lists the provider processes whose parent is terraform.
func providerChildren(parent int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
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
