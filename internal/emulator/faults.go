package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"sync"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
)

// Fault modes.
const (
	FaultError      = "error"       // answer with Code, HTTPStatus and Message instead of calling the backend
	FaultDropBefore = "drop-before" // close the connection without an answer; the backend never acts
	FaultDropAfter  = "drop-after"  // let the backend act, then close the connection without an answer
)

// Fault makes a share of the API calls fail. Faults apply to calls that passed the signature check; the first
// listed fault that matches a call and wins its draw decides it.
type Fault struct {
	Action     string  `json:"action,omitempty"`      // "" = every action
	Rate       float64 `json:"rate,omitempty"`        // share of matching calls, 0..1; 0 (unset) = every matching call
	Count      int     `json:"count,omitempty"`       // how many times the fault fires; 0 = unlimited
	Mode       string  `json:"mode,omitempty"`        // FaultError (default), FaultDropBefore or FaultDropAfter
	Code       string  `json:"code,omitempty"`        // FaultError: the error code; default InternalError
	HTTPStatus int     `json:"http_status,omitempty"` // FaultError: default 500
	Message    string  `json:"message,omitempty"`     // FaultError: default a message naming the fault
	// Each names a request parameter ("SnapshotId", "ResourceId.1"): the fault then fires at most once for each
	// value of it, on the first matching call that names it, so that every object a run creates or deletes meets
	// the fault once, its retries none; "" = any matching call.
	Each string `json:"each,omitempty"`
}

// normalized fills the defaults and refuses what cannot be meant.
func (f Fault) normalized() (Fault, error) {
	if f.Rate < 0 || f.Rate > 1 {
		return f, fmt.Errorf("fault rate %v: must be from 0 to 1", f.Rate)
	}
	if f.Rate == 0 {
		f.Rate = 1
	}
	if f.Count < 0 {
		return f, fmt.Errorf("fault count %d: must not be negative", f.Count)
	}
	switch f.Mode {
	case "":
		f.Mode = FaultError
	case FaultError, FaultDropBefore, FaultDropAfter:
	default:
		return f, fmt.Errorf("fault mode %q: must be %s, %s or %s", f.Mode, FaultError, FaultDropBefore, FaultDropAfter)
	}
	if f.Mode != FaultError {
		return f, nil
	}
	if f.Code == "" {
		f.Code = "InternalError"
	}
	if f.HTTPStatus == 0 {
		f.HTTPStatus = http.StatusInternalServerError
	}
	if f.HTTPStatus < 400 || f.HTTPStatus > 599 {
		return f, fmt.Errorf("fault http_status %d: must be from 400 to 599", f.HTTPStatus)
	}
	if f.Message == "" {
		f.Message = "The request processing has failed due to a fault injected by the emulator."
	}
	return f, nil
}

func (f Fault) apiError() *apierr.Error {
	return apiErr(f.HTTPStatus, f.Code, f.Message)
}

// ActiveFault is a fault as set, with how many more times it fires (-1 = unlimited).
type ActiveFault struct {
	Fault
	Remaining int `json:"remaining"`
	// Hit are the values of Each the fault has fired for.
	Hit []string `json:"hit,omitempty"`
}

type faultSet struct {
	mu     sync.Mutex
	faults []ActiveFault
}

// SetFaults replaces the faults; an invalid fault leaves the old ones in place.
func (s *Server) SetFaults(faults []Fault) error {
	active := make([]ActiveFault, 0, len(faults))
	for i, f := range faults {
		n, err := f.normalized()
		if err != nil {
			return fmt.Errorf("fault %d: %w", i, err)
		}
		remaining := n.Count
		if remaining == 0 {
			remaining = -1
		}
		active = append(active, ActiveFault{Fault: n, Remaining: remaining})
	}
	s.faults.mu.Lock()
	s.faults.faults = active
	s.faults.mu.Unlock()
	return nil
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	s.faults.faults = nil
	s.faults.mu.Unlock()
}

// Faults are the faults set, with what remains of them.
func (s *Server) Faults() []ActiveFault {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	out := make([]ActiveFault, len(s.faults.faults))
	for i, f := range s.faults.faults {
		f.Hit = slices.Clone(f.Hit)
		out[i] = f
	}
	return out
}

// pick decides whether a call of action, with the request parameters param reads, fails, and how.
func (fs *faultSet) pick(action string, param func(string) string, sample func() float64) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i := range fs.faults {
		f := &fs.faults[i]
		if f.Action != "" && f.Action != action || f.Remaining == 0 {
			continue
		}
		key := ""
		if f.Each != "" {
			if key = param(f.Each); slices.Contains(f.Hit, key) {
				continue
			}
		}
		if f.Rate < 1 && sample() >= f.Rate {
			continue
		}
		if f.Remaining > 0 {
			f.Remaining--
		}
		if f.Each != "" {
			f.Hit = append(f.Hit, key)
		}
		return f.Fault, true
	}
	return Fault{}, false
}
