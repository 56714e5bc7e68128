package backend

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Automatic snapshots are taken lazily: whenever state is read or the clock moves, every time point since the
// last catch-up (regionState.Through) is played in order, so advancing the clock by a week costs 168 hourly
// steps and gives the same snapshots as living through the week.

// utc8 is the zone of timePoints and of the date in automatic snapshot names: "the time points are in UTC+8"
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy).
var utc8 = time.FixedZone("UTC+8", 8*60*60)

// maxAutoSnapshotsPerDisk: when a disk holds this many automatic snapshots, taking another releases the oldest.
// The Limits page gives 1,000 automatic snapshots per disk (besides 256 manual ones); a Snapshot FAQ says 64.
// The Limits page is the reference for quotas and the later text (64 was the old total per disk, before manual
// and automatic snapshots got separate quotas), so the emulator takes 1,000:
// https://www.alibabacloud.com/help/en/ecs/product-overview/limits
const maxAutoSnapshotsPerDisk = 1000

// clock is the emulator's now: the injected clock plus the offset AdvanceClock has added. The caller holds b.mu.
func (b *Backend) clock() time.Time {
	return b.now().UTC().Add(b.w.ClockOffset)
}

// Now is the emulator's clock (the injected clock plus every AdvanceClock).
func (b *Backend) Now() time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.clock()
}

// ClockOffset is how far AdvanceClock has moved the emulator's clock ahead of the injected one.
func (b *Backend) ClockOffset() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.ClockOffset
}

// AdvanceClock moves the emulator's clock forward by d (never back: snapshots, retention and schedules only make
// sense forward), takes the automatic snapshots due by then and releases those whose retention has ended.
// It returns the new now. The offset is kept in the state file, and survives Reset.
func (b *Backend) AdvanceClock(d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, errors.New("the emulator's clock only moves forward: " + d.String() + " is negative")
	}
	b.begin()
	defer b.mu.Unlock()
	b.w.ClockOffset += d
	now := b.clock()
	b.catchUp(now)
	return now, b.saveLocked()
}

// catchUp takes every automatic snapshot due by now and releases expired snapshots; it reports whether
// anything changed. The caller holds b.mu.
func (b *Backend) catchUp(now time.Time) bool {
	changed := false
	for _, r := range b.w.Regions {
		// Transitions first: an instance that has become Running by now is one an automatic snapshot may be taken of.
		if r.settleTransitions(now) {
			changed = true
		}
		if b.takeAutoSnapshots(r, now) {
			changed = true
		}
	}
	if b.copyAutoSnapshots(now) {
		changed = true
	}
	for _, r := range b.w.Regions {
		if r.expire(now) {
			changed = true
		}
	}
	return changed
}

// copyAutoSnapshots copies the automatic snapshots of policies with cross-region copy on that have been
// accomplished by now into the policy's target region, as cross-region replication of a policy does
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy: "If
// cross-region snapshot replication is enabled and no encryption parameters are configured, encrypted snapshots are
// copied to the destination region and snapshot copies are encrypted by using the service key of the destination
// region"). Each copy starts when its source was accomplished and takes the copy duration, like a CopySnapshot
// copy; it is kept CopiedSnapshotsRetentionDays (-1: until deleted) and encrypted with the policy's
// CopyEncryptionConfiguration (its KMS key when the destination has it, else the destination's service key), or
// with the service key when only the source is encrypted. The documents are silent on the rest; the emulator
// chooses: the copy has the source's name and tags, shows SnapshotType auto with SourceSnapshotId /
// SourceRegionId, joins the destination's default resource group, and a failed source is not copied.
func (b *Backend) copyAutoSnapshots(now time.Time) bool {
	changed := false
	for _, r := range b.w.Regions {
		for _, s := range r.Snapshots {
			if s.PendingCopy == nil {
				continue
			}
			status, _, _, settled := s.progress(now)
			if status == "progressing" {
				continue
			}
			pc := s.PendingCopy
			s.PendingCopy = nil
			changed = true
			dst := b.w.region(pc.Region)
			if status != "accomplished" || dst == nil {
				continue
			}
			b.insertPolicyCopy(r, dst, s, pc, settled)
		}
	}
	return changed
}

// insertPolicyCopy makes the copy of the automatic snapshot s of region src in dst, created at start.
func (b *Backend) insertPolicyCopy(src, dst *regionState, s *snap, pc *policyCopy, start time.Time) {
	retention := pc.RetentionDays
	if retention < 0 {
		retention = 0
	}
	c := &snap{
		ID:               newID("s", dst.Region, b.w.snapshotTaken),
		Name:             s.Name,
		DiskID:           s.DiskID,
		DiskType:         s.DiskType,
		DiskSize:         s.DiskSize,
		Created:          start,
		Duration:         b.copyDur,
		RetentionDays:    retention,
		Category:         "standard",
		Encrypted:        pc.Encrypted || s.Encrypted,
		ResourceGroupID:  dst.defaultResourceGroup(),
		Usage:            "none",
		Tags:             append([]SnapshotTag(nil), s.Tags...),
		Auto:             true,
		PolicyID:         s.PolicyID,
		SourceSnapshotID: s.ID,
		SourceRegionID:   src.Region,
	}
	if pc.Encrypted && dst.hasKMSKey(pc.KMSKeyID) {
		c.KMSKeyID = pc.KMSKeyID
	}
	b.w.Seq++
	c.Seq = b.w.Seq
	c.SN = snapshotSN(s.DiskID, c.Seq)
	if dst.Links[s.DiskID] == "" {
		dst.Links[s.DiskID] = newID("sl", dst.Region, b.w.linkTaken)
	}
	c.LinkID = dst.Links[s.DiskID]
	dst.insert(c)
}

// firesAt reports whether the policy takes snapshots at the whole hour t.
func (p *policy) firesAt(t time.Time) bool {
	local := t.In(utc8)
	day := int(local.Weekday()) // Sunday = 0; the API's 7
	if day == 0 {
		day = 7
	}
	hourOK, dayOK := false, false
	for _, h := range p.TimePoints {
		hourOK = hourOK || h == local.Hour()
	}
	for _, d := range p.RepeatWeekdays {
		dayOK = dayOK || d == day
	}
	return hourOK && dayOK
}

// takeAutoSnapshots plays the region's time points in (Through, now]. With no policy there is nothing to play,
// and Through simply follows the clock, so a policy created later never back-fills.
func (b *Backend) takeAutoSnapshots(r *regionState, now time.Time) bool {
	if r.Through.IsZero() || len(r.Policies) == 0 || !now.After(r.Through) {
		if now.After(r.Through) {
			r.Through = now
		}
		return false
	}
	taken := false
	for t := r.Through.Truncate(time.Hour).Add(time.Hour); !t.After(now); t = t.Add(time.Hour) {
		firing := false
		for _, p := range r.Policies {
			if p.firesAt(t) {
				firing = true
				break
			}
		}
		if !firing {
			continue
		}
		for i := range r.Disks {
			d := &r.Disks[i]
			if p := r.diskPolicy(d); p != nil && p.firesAt(t) && b.takeAutoSnapshot(r, d, p, t) {
				taken = true
			}
		}
	}
	r.Through = now
	return taken
}

// takeAutoSnapshot takes the disk's automatic snapshot at time point t, unless the disk cannot be snapshotted
// then: the rules of CreateSnapshot (attachment, instance state, security lock), and a time point is skipped
// while a snapshot of the disk is still being created ("if an automatic snapshot is being created when the next
// time point arrives, that time point is skipped").
func (b *Backend) takeAutoSnapshot(r *regionState, d *Disk, p *policy, t time.Time) bool {
	r.expire(t) // retention ends before the quota is counted
	if !diskAcceptsPolicy(d) || diskRefusal(d, r.instByID[d.InstanceID]) != nil {
		return false
	}
	day := "auto_" + t.In(utc8).Format("20060102") + "_"
	ordinal, autos := 0, 0
	var oldest *snap
	for _, s := range r.byDisk[d.DiskID] {
		if s.SourceSnapshotID != "" {
			continue // a same-region copy is not a snapshot of the disk
		}
		if s.status(t) == "progressing" {
			return false
		}
		if !s.Auto {
			continue
		}
		autos++
		if oldest == nil || s.before(oldest) {
			oldest = s
		}
		if n, ok := strings.CutPrefix(s.Name, day); ok {
			if v, err := strconv.Atoi(n); err == nil && v > ordinal {
				ordinal = v
			}
		}
	}
	// "If the number of automatic snapshots of a disk reaches the upper limit, the earliest automatic snapshot is
	// deleted."
	if autos >= maxAutoSnapshotsPerDisk && oldest != nil {
		r.remove(oldest.ID)
	}
	retention := p.RetentionDays
	if retention < 0 {
		retention = 0 // kept until deleted, shown as a manual snapshot without retention is
	}
	s := &snap{
		ID:              newID("s", r.Region, b.w.snapshotTaken),
		Name:            day + strconv.Itoa(ordinal+1),
		DiskID:          d.DiskID,
		InstanceID:      d.InstanceID,
		DiskType:        d.Type,
		DiskSize:        d.SizeGiB,
		Created:         t,
		Duration:        b.duration,
		RetentionDays:   retention,
		Category:        "standard",
		Encrypted:       d.Encrypted,
		KMSKeyID:        d.KMSKeyID,
		ResourceGroupID: r.defaultResourceGroup(),
		Usage:           "none",
		Auto:            true,
		PolicyID:        p.ID,
		// The policy's tags are bound to the automatic snapshots it creates (the ECS user guide on automatic snapshot
		// policies, https://www.alibabacloud.com/help/en/ecs/user-guide/create-an-automatic-snapshot-policy; the API
		// pages call Tag.N only the policy's tags). The emulator copies those of the time the snapshot is taken: a
		// later change of the policy's tags does not retag the snapshots it took, as tags on a snapshot are the
		// snapshot's own from then on (TagResources / UntagResources change them one by one).
		Tags: append([]SnapshotTag(nil), p.Tags...),
	}
	if p.EnableCrossRegionCopy && len(p.TargetCopyRegions) > 0 && p.TargetCopyRegions[0] != r.Region {
		s.PendingCopy = &policyCopy{Region: p.TargetCopyRegions[0], RetentionDays: p.CopiedRetentionDays,
			Encrypted: p.CopyEncrypted, KMSKeyID: p.CopyKMSKeyID}
	}
	b.w.Seq++
	s.Seq = b.w.Seq
	s.SN = snapshotSN(d.DiskID, s.Seq)
	if r.Links[d.DiskID] == "" {
		r.Links[d.DiskID] = newID("sl", r.Region, b.w.linkTaken)
	}
	s.LinkID = r.Links[d.DiskID]
	if n := r.FailNext[d.DiskID]; n > 0 {
		s.Fail = true
		if n == 1 {
			delete(r.FailNext, d.DiskID)
		} else {
			r.FailNext[d.DiskID] = n - 1
		}
	}
	r.insert(s)
	return true
}
