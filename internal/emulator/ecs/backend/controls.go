package backend

import (
	"fmt"
	"time"
)

// Controls serve tests and demos (the HTTP layer's /_emulator/ endpoints); they are not ECS calls.

// Reset returns to the starting fixture with no snapshots, tokens or armed failures.
func (b *Backend) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.w = newWorld(b.start)
	// Reset cannot report a failed save; the next mutating call saves again and reports it.
	_ = b.saveLocked()
}

// Seed adds or replaces (by ID) instances, disks and resource groups. A region, if given, must be this one.
// The result must be consistent (disks on known instances and groups), or nothing changes.
func (b *Backend) Seed(f Fixture) error {
	b.begin()
	defer b.mu.Unlock()
	if f.RegionID != "" && f.RegionID != b.w.Region {
		return apiErr(400, "InvalidParameter", fmt.Sprintf("The seed's region %s is not the emulator's region %s.", f.RegionID, b.w.Region))
	}
	instances := append([]Instance(nil), b.w.Instances...)
	for _, in := range f.Instances {
		instances = upsert(instances, in, func(x Instance) bool { return x.InstanceID == in.InstanceID })
	}
	disks := append([]Disk(nil), b.w.Disks...)
	for _, d := range f.Disks {
		disks = upsert(disks, d, func(x Disk) bool { return x.DiskID == d.DiskID })
	}
	groups := append([]string(nil), b.w.ResourceGroups...)
	for _, rg := range f.ResourceGroups {
		groups = upsert(groups, rg, func(x string) bool { return x == rg })
	}
	if err := validateEntities(instances, disks, groups); err != nil {
		return apiErr(400, "InvalidParameter", err.Error())
	}
	b.w.Instances, b.w.Disks, b.w.ResourceGroups = instances, disks, groups
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

// SetSnapshotUsage marks a snapshot as used by images and/or disks, which DeleteSnapshot then refuses.
func (b *Backend) SetSnapshotUsage(snapshotID, usage string) error {
	b.begin()
	defer b.mu.Unlock()
	switch usage {
	case "image", "disk", "image_disk", "none":
	default:
		return errUsageInvalid
	}
	s, ok := b.w.byID[snapshotID]
	if !ok {
		return errSnapshotNotFound
	}
	s.Usage = usage
	return b.saveLocked()
}

// FailNextSnapshots arms the disk's next n snapshots to end "failed" (n <= 0 disarms).
func (b *Backend) FailNextSnapshots(diskID string, n int) error {
	b.begin()
	defer b.mu.Unlock()
	if _, ok := b.w.diskByID[diskID]; !ok {
		return errDiskNotFound
	}
	if n <= 0 {
		delete(b.w.FailNext, diskID)
	} else {
		b.w.FailNext[diskID] = n
	}
	return b.saveLocked()
}

// SetSnapshotDuration sets how long snapshots created from now on take; snapshots already started keep theirs.
func (b *Backend) SetSnapshotDuration(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.duration = max(d, 0)
}

// Snapshot is one snapshot as DescribeSnapshots would show it now.
func (b *Backend) Snapshot(id string) (Snapshot, bool) {
	now := b.begin()
	defer b.mu.Unlock()
	s, ok := b.w.byID[id]
	if !ok {
		return Snapshot{}, false
	}
	return s.view(b.w.Region, now), true
}

// Snapshots is every snapshot, oldest first.
func (b *Backend) Snapshots() []Snapshot {
	now := b.begin()
	defer b.mu.Unlock()
	out := make([]Snapshot, 0, len(b.w.Snapshots))
	for _, s := range b.w.Snapshots {
		out = append(out, s.view(b.w.Region, now))
	}
	return out
}
