package backend

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
)

// StateSection names ECD's section of the emulator's state file.
const StateSection = "ecd"

// saved is ECD's section of the state file: every region's desktops (whose status a control may have changed),
// snapshots and armed failures, and the sequence that numbers snapshots.
type saved struct {
	Regions []*region `json:"regions"`
	Seq     int64     `json:"seq"`
}

// load replaces the fixture with a saved section. The caller holds b.mu or owns b alone.
func (b *Backend) load(data []byte) error {
	var s saved
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	if len(s.Regions) == 0 {
		return errors.New("no region")
	}
	for _, r := range s.Regions {
		if r == nil || r.ID == "" {
			return errors.New("a region without region_id")
		}
		for _, d := range r.Desktops {
			if d == nil || d.DesktopID == "" {
				return fmt.Errorf("region %s: a desktop without desktop_id", r.ID)
			}
		}
		for i, sn := range r.Snapshots {
			if sn == nil || sn.Seq > s.Seq || (i > 0 && sn.Seq <= r.Snapshots[i-1].Seq) {
				return fmt.Errorf("region %s: snapshots out of order", r.ID)
			}
		}
		if r.FailNext == nil {
			r.FailNext = map[string]int{}
		}
	}
	b.regions, b.seq = s.Regions, s.Seq
	return nil
}

// saveLocked writes ECD's section of the state file, if any. The caller holds b.mu.
func (b *Backend) saveLocked() error {
	if err := b.state.Save(StateSection, saved{Regions: b.regions, Seq: b.seq}); err != nil {
		return apierr.New(500, "InternalError", "The request processing has failed due to some unknown error. (state file: "+err.Error()+")")
	}
	return nil
}
