package backend

import (
	"encoding/json"
	"fmt"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/statefile"
)

// StateSection names ECS's section of the state file. State files written before the file had sections hold
// ECS's world alone, and load as this section.
const StateSection = "ecs"

// StateFile is the state file the backend saves to (nil = memory only), for the other products' backends to
// keep their sections in the same file.
func (b *Backend) StateFile() *statefile.File { return b.state }

// loadState reads a saved world from ECS's section of the state file at path. A section written before regions
// existed (one region's fields at the top level, "region" naming it) loads as that one region.
func loadState(data []byte, path string) (*world, error) {
	var w world
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("parse state file %s: %w", path, err)
	}
	if len(w.Regions) == 0 {
		var legacy regionState
		if err := json.Unmarshal(data, &legacy); err != nil {
			return nil, fmt.Errorf("parse state file %s: %w", path, err)
		}
		w.Regions = []*regionState{&legacy}
	}
	regions := make([]RegionFixture, 0, len(w.Regions))
	for _, r := range w.Regions {
		if r == nil || r.Region == "" {
			return nil, fmt.Errorf("state file %s: no region", path)
		}
		regions = append(regions, RegionFixture{RegionID: r.Region, Instances: r.Instances, Disks: r.Disks, ResourceGroups: r.ResourceGroups})
		for i := 1; i < len(r.Snapshots); i++ {
			if r.Snapshots[i].before(r.Snapshots[i-1]) {
				return nil, fmt.Errorf("state file %s: snapshots out of order", path)
			}
		}
	}
	if err := validateRegions(regions); err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	w.reindex()
	return &w, nil
}

// saveLocked writes the world to ECS's section of the state file, if any. The caller holds b.mu.
func (b *Backend) saveLocked() error {
	if err := b.state.Save(StateSection, b.w); err != nil {
		return apiErr(500, "InternalError", "The request processing has failed due to some unknown error. (state file: "+err.Error()+")")
	}
	return nil
}
