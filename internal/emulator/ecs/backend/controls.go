package backend

import (
	"fmt"
	"sort"
	"time"
)

// Controls serve tests and demos (the HTTP layer's /_emulator/ endpoints); they are not ECS calls.

// Reset returns to the starting fixture with no snapshots, policies, tokens or armed failures. The clock keeps
// its offset: it never runs back.
func (b *Backend) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	offset := b.w.ClockOffset
	b.w = newWorld(b.start)
	b.w.ClockOffset = offset
	// Reset cannot report a failed save; the next mutating call saves again and reports it.
	_ = b.saveLocked()
}

// Seed adds or replaces (by ID) instances, disks and resource groups, in the default region for the top-level
// part without a RegionID, else in the region named; a region the backend does not have yet is added (it needs
// resource groups, as in a fixture). The result must be consistent (disks on known instances and groups of their
// region, IDs unique across regions), or nothing changes.
func (b *Backend) Seed(f Fixture) error {
	b.begin()
	defer b.mu.Unlock()
	if f.RegionID == "" {
		f.RegionID = b.w.Regions[0].Region
	}
	next := make([]RegionFixture, 0, len(b.w.Regions))
	index := map[string]int{}
	for _, r := range b.w.Regions {
		index[r.Region] = len(next)
		next = append(next, RegionFixture{RegionID: r.Region, Instances: r.Instances, Disks: r.Disks, ResourceGroups: r.ResourceGroups, KMSKeys: r.KMSKeys})
	}
	for _, part := range f.regions() {
		i, ok := index[part.RegionID]
		if !ok {
			if len(part.ResourceGroups) == 0 {
				return apiErr(400, "InvalidParameter", fmt.Sprintf(
					"The seed's region %s is none of the emulator's regions, and a new region needs resource_groups.", part.RegionID))
			}
			i = len(next)
			index[part.RegionID] = i
			next = append(next, RegionFixture{RegionID: part.RegionID})
		}
		cur := next[i].clone()
		for _, in := range part.Instances {
			cur.Instances = upsert(cur.Instances, in, func(x Instance) bool { return x.InstanceID == in.InstanceID })
		}
		for _, d := range part.Disks {
			cur.Disks = upsert(cur.Disks, d, func(x Disk) bool { return x.DiskID == d.DiskID })
		}
		for _, rg := range part.ResourceGroups {
			cur.ResourceGroups = upsert(cur.ResourceGroups, rg, func(x string) bool { return x == rg })
		}
		for _, k := range part.KMSKeys {
			cur.KMSKeys = upsert(cur.KMSKeys, k, func(x string) bool { return x == k })
		}
		next[i] = cur
	}
	if err := validateRegions(next); err != nil {
		return apiErr(400, "InvalidParameter", err.Error())
	}
	for i, rf := range next {
		if i < len(b.w.Regions) {
			r := b.w.Regions[i]
			r.Instances, r.Disks, r.ResourceGroups, r.KMSKeys = rf.Instances, rf.Disks, rf.ResourceGroups, rf.KMSKeys
			continue
		}
		b.w.Regions = append(b.w.Regions, &regionState{Region: rf.RegionID, Instances: rf.Instances, Disks: rf.Disks,
			ResourceGroups: rf.ResourceGroups, KMSKeys: rf.KMSKeys})
	}
	b.w.reindex()
	return b.saveLocked()
}

func upsert[T any](list []T, v T, same func(T) bool) []T {
	for i := range list {
		if same(list[i]) {
			list[i] = v
			return list
		}
	}
	return append(list, v)
}

// SetSnapshotUsage marks a snapshot (in any region) as used by images and/or disks, which DeleteSnapshot then refuses.
func (b *Backend) SetSnapshotUsage(snapshotID, usage string) error {
	b.begin()
	defer b.mu.Unlock()
	switch usage {
	case "image", "disk", "image_disk", "none":
	default:
		return errUsageInvalid
	}
	_, s := b.w.findSnapshot(snapshotID)
	if s == nil {
		return errSnapshotNotFound
	}
	s.Usage = usage
	return b.saveLocked()
}

// FailNextSnapshots arms the next n snapshots of a disk (in any region) to end "failed" (n <= 0 disarms).
func (b *Backend) FailNextSnapshots(diskID string, n int) error {
	b.begin()
	defer b.mu.Unlock()
	r := b.w.findDisk(diskID)
	if r == nil {
		return errDiskNotFound
	}
	if n <= 0 {
		delete(r.FailNext, diskID)
	} else {
		r.FailNext[diskID] = n
	}
	return b.saveLocked()
}

// SetSnapshotDuration sets how long snapshots created from now on take; snapshots already started keep theirs.
func (b *Backend) SetSnapshotDuration(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.duration = max(d, 0)
}

// Snapshot is one snapshot, in whichever region it is, as DescribeSnapshots would show it now; its RegionId
// says the region.
func (b *Backend) Snapshot(id string) (Snapshot, bool) {
	now := b.begin()
	defer b.mu.Unlock()
	r, s := b.w.findSnapshot(id)
	if s == nil {
		return Snapshot{}, false
	}
	return s.view(r.Region, now), true
}

// Snapshots is every snapshot of every region, oldest first; each one's RegionId says its region.
func (b *Backend) Snapshots() []Snapshot {
	now := b.begin()
	defer b.mu.Unlock()
	var all []*snap
	region := map[*snap]string{}
	for _, r := range b.w.Regions {
		for _, s := range r.Snapshots {
			all = append(all, s)
			region[s] = r.Region
		}
	}
	// Seq is account-wide, so (Created, Seq) orders snapshots across regions as it does within one.
	sort.Slice(all, func(i, j int) bool { return all[i].before(all[j]) })
	out := make([]Snapshot, 0, len(all))
	for _, s := range all {
		out = append(out, s.view(region[s], now))
	}
	return out
}

// SnapshotsIn is every snapshot of one region, oldest first (nil for a region the backend does not have).
func (b *Backend) SnapshotsIn(region string) []Snapshot {
	now := b.begin()
	defer b.mu.Unlock()
	r := b.w.region(region)
	if r == nil {
		return nil
	}
	out := make([]Snapshot, 0, len(r.Snapshots))
	for _, s := range r.Snapshots {
		out = append(out, s.view(r.Region, now))
	}
	return out
}
