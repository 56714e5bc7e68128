package backend

// ModifySnapshotAttribute changes a snapshot's name, description or retention, or turns instant access off.
// Empty parameters leave their attribute as it is (the wire cannot tell "absent" from "empty").
func (b *Backend) ModifySnapshotAttribute(in ModifySnapshotAttributeInput) error {
	now := b.begin()
	defer b.mu.Unlock()
	r, rerr := b.regionFor(in.RegionID, false, func() *regionState { r, _ := b.w.findSnapshot(in.SnapshotID); return r })
	if rerr != nil {
		return rerr
	}
	if in.SnapshotID == "" {
		return ErrMissingParameter("SnapshotId")
	}
	retention, perr := parseAttributes(in.SnapshotName, in.Description, in.RetentionDays)
	if perr != nil {
		return perr
	}
	disableIA, ok := parseBool(in.DisableInstantAccess)
	if !ok {
		return ErrInvalidParameter("DisableInstantAccess")
	}
	s, found := r.byID[in.SnapshotID]
	if !found {
		return errSnapshotNotFound
	}
	// Retention counts from creation and can only be extended. A snapshot kept forever (no retention) may be
	// given one: that is how a retention is set after creation. Shortening answers the RetentionDays code.
	if retention != 0 && s.RetentionDays != 0 && retention < s.RetentionDays {
		return errRetentionMalformed
	}
	if in.SnapshotName != "" {
		s.Name = in.SnapshotName
	}
	if in.Description != "" {
		s.Description = in.Description
	}
	if retention != 0 {
		s.RetentionDays = retention
		r.recomputeExpiry()
	}
	if disableIA {
		s.InstantAccess = false
		s.IARetentionDays = 0
	}
	s.Modified = now
	return b.saveLocked()
}
