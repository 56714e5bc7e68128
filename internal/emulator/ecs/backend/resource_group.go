package backend

// JoinResourceGroup moves a snapshot, an automatic snapshot policy or a snapshot-consistent group to another resource
// group. ECS documents ResourceType values as case-sensitive, so only "snapshot", "snapshotpolicy" and
// "snapshotgroup" are accepted here.
func (b *Backend) JoinResourceGroup(in JoinResourceGroupInput) error {
	b.begin()
	defer b.mu.Unlock()
	r, rerr := b.regionFor(in.RegionID, false, func() *regionState {
		if r, _ := b.w.findSnapshot(in.ResourceID); r != nil {
			return r
		}
		for _, r := range b.w.Regions {
			if r.policyByID(in.ResourceID) != nil || r.groupByID(in.ResourceID) != nil {
				return r
			}
		}
		return nil
	})
	if rerr != nil {
		return rerr
	}
	if in.ResourceType == "" {
		return ErrMissingParameter("ResourceType")
	}
	if in.ResourceType != resourceTypeSnapshot && in.ResourceType != resourceTypePolicy && in.ResourceType != resourceTypeSnapshotGroup {
		return errResourceTypeNotFound
	}
	if in.ResourceID == "" {
		return ErrMissingParameter("ResourceId")
	}
	if in.ResourceGroupID == "" {
		return ErrMissingParameter("ResourceGroupId")
	}
	if !r.hasResourceGroup(in.ResourceGroupID) {
		return errResourceGroupNotFound
	}
	if in.ResourceType == resourceTypeSnapshotGroup {
		// Only the group moves: its snapshots are resources of their own, moved by their own calls (documents silent).
		g := r.groupByID(in.ResourceID)
		if g == nil {
			return errResourceIDNotFound
		}
		g.ResourceGroupID = in.ResourceGroupID
		return b.saveLocked()
	}
	if in.ResourceType == resourceTypePolicy {
		p := r.policyByID(in.ResourceID)
		if p == nil {
			return errResourceIDNotFound
		}
		p.ResourceGroupID = in.ResourceGroupID
		p.GroupGiven = true
		return b.saveLocked()
	}
	s, ok := r.byID[in.ResourceID]
	if !ok {
		return errResourceIDNotFound
	}
	s.ResourceGroupID = in.ResourceGroupID
	return b.saveLocked()
}
