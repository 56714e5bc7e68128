package backend

// DescribeInstances lists instances in fixture order. Filters: InstanceIds (JSON array of up to 100), Status.
// A security lock shows as OperationLocks.LockReason "security", as the CreateSnapshot document describes.
func (b *Backend) DescribeInstances(in DescribeInstancesInput) (*DescribeInstancesOutput, error) {
	b.begin()
	defer b.mu.Unlock()
	r, rerr := b.regionFor(in.RegionID, true, nil)
	if rerr != nil {
		return nil, rerr
	}
	ids, ok := parseIDList(in.InstanceIDs)
	if !ok {
		return nil, errInstanceIDsMalformed
	}
	p, perr := parsePaging(in.PageNumber, in.PageSize, in.NextToken, in.MaxResults)
	if perr != nil {
		return nil, perr
	}
	var matched []InstanceItem
	for _, inst := range r.Instances {
		if (ids != nil && !ids[inst.InstanceID]) || (in.Status != "" && inst.Status != in.Status) {
			continue
		}
		item := InstanceItem{InstanceId: inst.InstanceID, InstanceName: inst.InstanceName, Status: inst.Status,
			RegionId: r.Region, ZoneId: inst.ZoneID, OperationLocks: OperationLocks{LockReason: []LockReason{}}}
		if inst.LockedForSecurity {
			item.OperationLocks.LockReason = append(item.OperationLocks.LockReason, LockReason{LockReason: "security"})
		}
		matched = append(matched, item)
	}
	from, to, number, next, werr := p.window(len(matched))
	if werr != nil {
		return nil, werr
	}
	return &DescribeInstancesOutput{
		TotalCount: len(matched), PageNumber: number, PageSize: p.size, NextToken: next,
		Instances: InstanceList{Instance: append([]InstanceItem{}, matched[from:to]...)},
	}, nil
}
