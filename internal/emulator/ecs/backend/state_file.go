package backend

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// loadState reads a saved world; a missing file is no error (nil world: start from the fixture). A state file
// written before regions existed (one region's fields at the top level, "region" naming it) loads as that one region.
func loadState(path string) (*world, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read state file: %w", err)
	}
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

// saveLocked writes the world to the state file, if any, through a temporary file and a rename, so a crash
// leaves the old state or the new one, never half of one. The caller holds b.mu.
func (b *Backend) saveLocked() error {
	if b.stateFile == "" {
		return nil
	}
	if err := writeAtomic(b.stateFile, b.w); err != nil {
		return apiErr(500, "InternalError", "The request processing has failed due to some unknown error. (state file: "+err.Error()+")")
	}
	return nil
}

func writeAtomic(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		_ = os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		_ = os.Remove(name)
		return err
	}
	return nil
}
