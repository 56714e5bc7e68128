package emulator

import (
	"maps"
	"sync"
)

// callCounts counts API calls per action: every call that named an action, whatever became of it
// (refused, faulted or served).
type callCounts struct {
	mu sync.Mutex
	by map[string]int64
}

func (c *callCounts) add(action string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[string]int64{}
	}
	c.by[action]++
}

// CallCounts are the API calls received per action since the start or the last ResetCallCounts.
func (s *Server) CallCounts() map[string]int64 {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	out := make(map[string]int64, len(s.counts.by))
	maps.Copy(out, s.counts.by)
	return out
}

// ResetCallCounts starts counting from zero.
func (s *Server) ResetCallCounts() {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	s.counts.by = nil
}
