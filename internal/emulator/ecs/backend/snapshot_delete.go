package backend

// DeleteSnapshot releases a snapshot. An unknown ID succeeds (ECS ignores it); a snapshot still being created is
// deleted too, which cancels its creation and frees the disk for the next snapshot.
func (b *Backend) DeleteSnapshot(in DeleteSnapshotInput) error {
	b.begin()
	defer b.mu.Unlock()
	if err := b.checkRegion(in.RegionID, false); err != nil {
		return err
	}
	if in.SnapshotID == "" {
		return ErrMissingParameter("SnapshotId")
	}
	force, ok := parseBool(in.Force)
	if !ok {
		return ErrInvalidParameter("Force")
	}
	s, found := b.w.byID[in.SnapshotID]
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
	b.w.remove(s.ID)
	return b.saveLocked()
}
