package acctest

import (
	"context"
	"log/slog"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
)

// Fault kinds as FaultLog names them: the error codes of injected errors, and the two ways a connection is dropped.
const (
	FaultThrottling  = "Throttling"
	FaultInternal    = "InternalError"
	FaultUnavailable = "ServiceUnavailable"
	FaultDropBefore  = emulator.FaultDropBefore
	FaultDropAfter   = emulator.FaultDropAfter
)

// FaultLog counts, from the emulator's log, the faults it injected, by kind and action (as the emulator names
// calls: "ecd:CreateSnapshot" for ECD's): proof that a storm really blew, and of what.
type FaultLog struct {
	mu     sync.Mutex
	counts map[string]int // "kind action"
}

func (l *FaultLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *FaultLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *FaultLog) WithGroup(string) slog.Handler            { return l }

func (l *FaultLog) Handle(_ context.Context, r slog.Record) error {
	var action, code string
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "call":
			action = a.Value.String()
		case "code":
			code = a.Value.String()
		}
		return true
	})
	kind := ""
	switch {
	case strings.HasPrefix(r.Message, "api call dropped before"):
		kind = FaultDropBefore
	case strings.HasPrefix(r.Message, "api call dropped after"):
		kind = FaultDropAfter
	case r.Message == "api call" && (code == FaultThrottling || code == FaultInternal || code == FaultUnavailable):
		kind = code
	default:
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.counts == nil {
		l.counts = map[string]int{}
	}
	l.counts[kind+" "+action]++
	return nil
}

// Count is how many faults of kind fired on calls of action.
func (l *FaultLog) Count(kind, action string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts[kind+" "+action]
}

// Snapshot is every count so far, keyed "kind action".
func (l *FaultLog) Snapshot() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return maps.Clone(l.counts)
}

// Total is how many faults of a kind fired, over every action.
func (l *FaultLog) Total(kind string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for k, c := range l.counts {
		if strings.HasPrefix(k, kind+" ") {
			n += c
		}
	}
	return n
}

// StartFaultEmulator starts an emulator whose injected faults are counted, and an acceptance test environment
// around it (with factory as its ECS client factory, nil for the provider's). It needs the emulator's controls,
// so it skips against the real cloud.
func StartFaultEmulator(t *testing.T, duration time.Duration, factory ecsclient.Factory) (*Env, *FaultLog) {
	t.Helper()
	PreCheck(t)
	if RealCloud() {
		t.Skip("injects faults through the emulator; skipped against the real cloud")
	}
	log := &FaultLog{}
	env := NewWithOptions(t, Options{
		SnapshotDuration: duration, ClientFactory: factory, Emulator: emulator.Config{Logger: slog.New(log)},
	})
	return env, log
}
