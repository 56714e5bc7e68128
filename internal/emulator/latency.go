package emulator

import (
	"maps"
	"sync"
	"time"
)

// latencySet is the added delay per action; "" is every action without one of its own.
type latencySet struct {
	mu sync.Mutex
	by map[string]time.Duration
}

// SetLatency delays every answer to action ("" = every action without its own latency) by d; d <= 0 removes it.
func (s *Server) SetLatency(action string, d time.Duration) {
	s.latency.mu.Lock()
	defer s.latency.mu.Unlock()
	if d <= 0 {
		delete(s.latency.by, action)
		return
	}
	if s.latency.by == nil {
		s.latency.by = map[string]time.Duration{}
	}
	s.latency.by[action] = d
}

// Latencies are the delays set, by action ("" = every action).
func (s *Server) Latencies() map[string]time.Duration {
	s.latency.mu.Lock()
	defer s.latency.mu.Unlock()
	out := make(map[string]time.Duration, len(s.latency.by))
	maps.Copy(out, s.latency.by)
	return out
}

func (l *latencySet) get(action string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d, ok := l.by[action]; ok {
		return d
	}
	return l.by[""]
}
