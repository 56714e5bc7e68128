package backend

// JoinResourceGroup moves a snapshot to another resource group. ECS documents ResourceType values as
// case-sensitive, so only "snapshot" is accepted here.
func (b *Backend) JoinResourceGroup(in JoinResourceGroupInput) error {
	b.begin()
	defer b.mu.Unlock()
	if err := b.checkRegion(in.RegionID, false); err != nil {
		return err
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
	if !b.w.hasResourceGroup(in.ResourceGroupID) {
		return errResourceGroupNotFound
	}
	s, ok := b.w.byID[in.ResourceID]
	if !ok {
		return errResourceIDNotFound
	}
	s.ResourceGroupID = in.ResourceGroupID
	return b.saveLocked()
}
