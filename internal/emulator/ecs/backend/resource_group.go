package backend

// JoinResourceGroup moves a snapshot to another resource group. ECS documents ResourceType values as
// case-sensitive, so only "snapshot" is accepted here.
func (b *Backend) JoinResourceGroup(in JoinResourceGroupInput) error {
	b.begin()
	defer b.mu.Unlock()
	r, rerr := b.regionFor(in.RegionID, false, func() *regionState { r, _ := b.w.findSnapshot(in.ResourceID); return r })
	if rerr != nil {
		return rerr
	}
	if in.ResourceType == "" {
		return ErrMissingParameter("ResourceType")
	}
	if in.ResourceType != "snapshot" {
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
	s, ok := r.byID[in.ResourceID]
	if !ok {
		return errResourceIDNotFound
	}
	s.ResourceGroupID = in.ResourceGroupID
	return b.saveLocked()
}
