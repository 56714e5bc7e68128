package backend

// DescribeDisks lists disks in fixture order, enough to discover what can be snapshotted. Filters: InstanceId,
// DiskIds (JSON array of up to 100), DiskType (system|data|all), Category (exact, "all" = any), Encrypted,
// AutoSnapshotPolicyId (the policy that applies to the disk).
func (b *Backend) DescribeDisks(in DescribeDisksInput) (*DescribeDisksOutput, error) {
	b.begin()
	defer b.mu.Unlock()
	r, rerr := b.regionFor(in.RegionID, true, nil)
	if rerr != nil {
		return nil, rerr
	}
	ids, ok := parseIDList(in.DiskIDs)
	if !ok {
		return nil, errDiskIDsMalformed
	}
	switch in.DiskType {
	case "", "all", "system", "data":
	default:
		return nil, ErrInvalidParameter("DiskType")
	}
	var encrypted *bool
	if in.Encrypted != "" {
		v, ok := parseBool(in.Encrypted)
		if !ok {
			return nil, ErrInvalidParameter("Encrypted")
		}
		encrypted = &v
	}
	p, perr := parsePaging(in.PageNumber, in.PageSize, in.NextToken, in.MaxResults)
	if perr != nil {
		return nil, perr
	}
	var matched []DiskItem
	for i, d := range r.Disks {
		switch {
		case in.InstanceID != "" && d.InstanceID != in.InstanceID,
			ids != nil && !ids[d.DiskID],
			in.DiskType != "" && in.DiskType != "all" && d.Type != in.DiskType,
			in.Category != "" && in.Category != "all" && d.Category != in.Category,
			encrypted != nil && d.Encrypted != *encrypted:
			continue
		}
		if in.AutoSnapshotPolicyID != "" {
			if p := r.diskPolicy(&r.Disks[i]); p == nil || p.ID != in.AutoSnapshotPolicyID {
				continue
			}
		}
		matched = append(matched, r.diskItem(d))
	}
	from, to, number, next, werr := p.window(len(matched))
	if werr != nil {
		return nil, werr
	}
	return &DescribeDisksOutput{
		TotalCount: len(matched), PageNumber: number, PageSize: p.size, NextToken: next,
		Disks: DiskList{Disk: append([]DiskItem{}, matched[from:to]...)},
	}, nil
}

func (r *regionState) diskItem(d Disk) DiskItem {
	policyID := ""
	if p := r.diskPolicy(&d); p != nil {
		policyID = p.ID
	}
	status := d.Status
	if status == "" {
		status = "Available"
		if d.InstanceID != "" {
			status = "In_use"
		}
	}
	rg := d.ResourceGroupID
	if rg == "" {
		rg = r.defaultResourceGroup()
	}
	return DiskItem{
		DiskId: d.DiskID, DiskName: d.DiskName, InstanceId: d.InstanceID, Type: d.Type, Category: d.Category,
		Size: d.SizeGiB, Encrypted: d.Encrypted, KMSKeyId: d.KMSKeyID, Status: status, RegionId: r.Region,
		ZoneId: d.ZoneID, ResourceGroupId: rg,
		Portable:             d.Type == "data", // data disks can be detached and moved; system disks cannot
		AutoSnapshotPolicyId: policyID, EnableAutomatedSnapshotPolicy: policyID != "", EnableAutoSnapshot: true,
		DeleteAutoSnapshot: d.DeleteAutoSnapshot, DeleteWithInstance: d.InstanceID != "", DiskChargeType: "PostPaid",
		MultiAttach: "Disabled",
	}
}
