package emulator

import (
	"maps"
	"sync"
)

// maxUserAgents bounds the distinct User-Agent values kept: a client that sends a new one per call must not grow
// the emulator without end. Calls with further values are counted under otherUserAgents.
const (
	maxUserAgents   = 100
	otherUserAgents = "(other)"
)

// callCounts counts API calls per action: every call that named an action, whatever became of it
// (refused, faulted or served), and per User-Agent header and action, so that a test can see which client (and
// which version of it) made each call.
type callCounts struct {
	mu     sync.Mutex
	by     map[string]int64
	agents map[string]map[string]int64
}

func (c *callCounts) add(action, userAgent string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[string]int64{}
	}
	c.by[action]++
	if c.agents == nil {
		c.agents = map[string]map[string]int64{}
	}
	byAction, ok := c.agents[userAgent]
	if !ok {
		if len(c.agents) >= maxUserAgents {
			userAgent = otherUserAgents
		}
		if byAction = c.agents[userAgent]; byAction == nil {
			byAction = map[string]int64{}
			c.agents[userAgent] = byAction
		}
	}
	byAction[action]++
}

// CallCounts are the API calls received per action since the start or the last ResetCallCounts.
func (s *Server) CallCounts() map[string]int64 {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	out := make(map[string]int64, len(s.counts.by))
	maps.Copy(out, s.counts.by)
	return out
}

// UserAgentCounts are the API calls received since the start or the last ResetCallCounts, per User-Agent header
// (as sent; "" when a call sent none) and action. The provider sends "terraform-provider-aliecs/<version>
// terraform/<CLI version>" after the SDK's own product tokens.
func (s *Server) UserAgentCounts() map[string]map[string]int64 {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	out := make(map[string]map[string]int64, len(s.counts.agents))
	for ua, byAction := range s.counts.agents {
		out[ua] = maps.Clone(byAction)
	}
	return out
}

// ResetCallCounts starts counting from zero.
func (s *Server) ResetCallCounts() {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	s.counts.by = nil
	s.counts.agents = nil
}
