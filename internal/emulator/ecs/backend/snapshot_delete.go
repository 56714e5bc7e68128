package backend

// DeleteSnapshot releases a snapshot. An unknown ID succeeds (ECS ignores it); a snapshot still being created is
// deleted too, which cancels its creation and frees the disk for the next snapshot.
func (b *Backend) DeleteSnapshot(in DeleteSnapshotInput) error {
	b.begin()
	defer b.mu.Unlock()
	r, rerr := b.regionFor(in.RegionID, false, func() *regionState { r, _ := b.w.findSnapshot(in.SnapshotID); return r })
	if rerr != nil {
		return rerr
	}
	if in.SnapshotID == "" {
		return ErrMissingParameter("SnapshotId")
	}
	force, ok := parseBool(in.Force)
	if !ok {
		return ErrInvalidParameter("Force")
	}
	s, found := r.byID[in.SnapshotID]
	if !found {
		return nil
	}
	switch s.Usage {
	case "image", "image_disk":
		return errSnapshotCreatedImage
	case "disk":
		if !force {
			return errSnapshotCreatedDisk
		}
	}
	r.remove(s.ID)
	return b.saveLocked()
}
