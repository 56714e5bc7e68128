package backend

import (
	"strconv"
	"time"
)

const wireTime = "2006-01-02T15:04:05Z"

// snap is a stored snapshot. Status, Progress and RemainTime are not stored: they follow from the clock, so a
// restarted emulator continues where wall time says it should be.
type snap struct {
	ID              string        `json:"id"`
	Seq             int64         `json:"seq"`
	Name            string        `json:"name"`
	Description     string        `json:"description"`
	DiskID          string        `json:"disk_id"`
	InstanceID      string        `json:"instance_id"` // where the disk was attached when the snapshot was taken
	DiskType        string        `json:"disk_type"`   // system | data
	DiskSize        int           `json:"disk_size"`
	Created         time.Time     `json:"created"`
	Modified        time.Time     `json:"modified"` // zero = never modified
	Duration        time.Duration `json:"duration"` // 0% -> 100%, fixed at creation
	Fail            bool          `json:"fail"`     // ends failed half-way
	RetentionDays   int           `json:"retention_days"`
	Category        string        `json:"category"` // standard | flash
	InstantAccess   bool          `json:"instant_access"`
	IARetentionDays int           `json:"ia_retention_days"`
	Encrypted       bool          `json:"encrypted"`
	KMSKeyID        string        `json:"kms_key_id"`
	ResourceGroupID string        `json:"resource_group_id"`
	Usage           string        `json:"usage"`
	SN              string        `json:"sn"`
	LinkID          string        `json:"link_id"`
	Tags            []SnapshotTag `json:"tags"`
	Auto            bool          `json:"auto,omitempty"`      // taken by an automatic snapshot policy
	PolicyID        string        `json:"policy_id,omitempty"` // the policy that took it
	// A CopySnapshot copy names its source; DiskID etc. are the source's (a copy's copy names its own source).
	SourceSnapshotID string `json:"source_snapshot_id,omitempty"`
	SourceRegionID   string `json:"source_region_id,omitempty"`
	// PendingCopy: an automatic snapshot of a policy with cross-region copy on, to be copied once accomplished,
	// with the policy's copy settings of the time it was taken; nil once copied (or failed, or never to be).
	PendingCopy *policyCopy `json:"pending_copy,omitempty"`
}

// policyCopy is where and how an automatic snapshot is copied (the policy's TargetCopyRegions,
// CopiedSnapshotsRetentionDays and CopyEncryptionConfiguration).
type policyCopy struct {
	Region        string `json:"region"`
	RetentionDays int    `json:"retention_days"` // -1 = kept until deleted
	Encrypted     bool   `json:"encrypted"`
	KMSKeyID      string `json:"kms_key_id,omitempty"`
}

// before orders snapshots by creation, ties broken by the order they were made in.
func (s *snap) before(o *snap) bool {
	if !s.Created.Equal(o.Created) {
		return s.Created.Before(o.Created)
	}
	return s.Seq < o.Seq
}

func (s *snap) expiry() (time.Time, bool) {
	if s.RetentionDays <= 0 {
		return time.Time{}, false
	}
	return s.Created.Add(time.Duration(s.RetentionDays) * 24 * time.Hour), true
}

// progress is where creation stands at now: status, whole percent, seconds left (rounded up), and when the
// status last changed (zero while progressing).
func (s *snap) progress(now time.Time) (status string, pct, remain int, settled time.Time) {
	elapsed := now.Sub(s.Created)
	if elapsed < 0 {
		elapsed = 0
	}
	if s.Fail {
		// A failing snapshot gets half-way and stops there, as a real failure does not reach 100%.
		failAt := s.Duration / 2
		if elapsed >= failAt {
			return "failed", percent(failAt, s.Duration), 0, s.Created.Add(failAt)
		}
		return "progressing", percent(elapsed, s.Duration), ceilSeconds(s.Duration - elapsed), time.Time{}
	}
	if elapsed >= s.Duration {
		return "accomplished", 100, 0, s.Created.Add(s.Duration)
	}
	return "progressing", percent(elapsed, s.Duration), ceilSeconds(s.Duration - elapsed), time.Time{}
}

func percent(part, whole time.Duration) int {
	if whole <= 0 {
		return 100
	}
	return int(part * 100 / whole)
}

func ceilSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

func (s *snap) status(now time.Time) string {
	st, _, _, _ := s.progress(now)
	return st
}

// snapshotType is DescribeSnapshots' SnapshotType: auto for a policy's snapshots, user for manual ones.
func (s *snap) snapshotType() string {
	if s.Auto {
		return "auto"
	}
	return "user"
}

// view is the snapshot as DescribeSnapshots shows it at now.
func (s *snap) view(region string, now time.Time) Snapshot {
	status, pct, remain, settled := s.progress(now)
	modified := s.Created
	if settled.After(modified) {
		modified = settled
	}
	if s.Modified.After(modified) {
		modified = s.Modified
	}
	tags := make([]SnapshotTag, len(s.Tags))
	copy(tags, s.Tags)
	return Snapshot{
		Status:       status,
		CreationTime: s.Created.UTC().Format(wireTime),
		Progress:     strconv.Itoa(pct) + "%",
		// An instant-access snapshot can be used while it is still being created; others once accomplished.
		InstantAccess:              s.InstantAccess,
		Available:                  status == "accomplished" || (s.InstantAccess && status == "progressing"),
		RemainTime:                 remain,
		SourceDiskSize:             strconv.Itoa(s.DiskSize),
		RetentionDays:              s.RetentionDays,
		SourceDiskType:             s.DiskType,
		SourceStorageType:          "disk",
		Usage:                      s.Usage,
		LastModifiedTime:           modified.UTC().Format(wireTime),
		Encrypted:                  s.Encrypted,
		SnapshotType:               s.snapshotType(),
		SourceDiskId:               s.DiskID,
		SnapshotName:               s.Name,
		InstantAccessRetentionDays: s.IARetentionDays,
		Description:                s.Description,
		SnapshotId:                 s.ID,
		RegionId:                   region,
		ResourceGroupId:            s.ResourceGroupID,
		Category:                   s.Category,
		KMSKeyId:                   s.KMSKeyID,
		SnapshotSN:                 s.SN,
		ProductCode:                "",
		SourceSnapshotId:           s.SourceSnapshotID,
		SourceRegionId:             s.SourceRegionID,
		SnapshotLinkId:             s.LinkID,
		Tags:                       SnapshotTags{Tag: tags},
	}
}
