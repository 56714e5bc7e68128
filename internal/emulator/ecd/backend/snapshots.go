package backend

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CreateSnapshotInput is CreateSnapshot's parameters as the wire carries them.
type CreateSnapshotInput struct {
	RegionID, DesktopID, SnapshotName, SourceDiskType, Description string
}

// CreateSnapshotOutput is CreateSnapshot's answer.
type CreateSnapshotOutput struct {
	SnapshotID string `json:"SnapshotId" xml:"SnapshotId"`
}

// CreateSnapshot snapshots the desktop's system or data disk
// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-createsnapshot).
func (b *Backend) CreateSnapshot(in CreateSnapshotInput) (*CreateSnapshotOutput, error) {
	b.begin()
	defer b.mu.Unlock()
	r, err := b.region(in.RegionID)
	if err != nil {
		return nil, err
	}
	switch {
	case in.DesktopID == "":
		return nil, errMissing("DesktopId")
	case in.SnapshotName == "":
		return nil, errMissing("SnapshotName")
	case in.SourceDiskType == "":
		return nil, errMissing("SourceDiskType")
	}
	if !validSnapshotName(in.SnapshotName) {
		return nil, errSnapshotNameMalformed
	}
	diskType, ok := sourceDiskType(in.SourceDiskType)
	if !ok {
		return nil, errSourceDiskTypeInvalid
	}
	if utf8.RuneCountInString(in.Description) > 128 {
		return nil, errDescriptionMalformed
	}
	d := r.desktop(in.DesktopID)
	if d == nil {
		return nil, errDesktopNotFound
	}
	if SnapshotRefusal(d.Status) != "" {
		return nil, errDesktopStatus
	}
	s := b.newSnap(r, d, diskType, b.clock())
	s.Name, s.Description, s.Creator = in.SnapshotName, in.Description, b.creator
	if r.FailNext[d.DesktopID] > 0 {
		r.FailNext[d.DesktopID]--
		s.Fail = true
	}
	r.Snapshots = append(r.Snapshots, s)
	if err := b.saveLocked(); err != nil {
		return nil, err
	}
	return &CreateSnapshotOutput{SnapshotID: s.ID}, nil
}

func (b *Backend) newSnap(r *region, d *Desktop, diskType string, now time.Time) *snap {
	disk := d.SystemDisk
	if diskType == DiskData {
		disk = d.DataDisk
	}
	b.seq++
	return &snap{
		ID: b.newSnapshotID(r.ID), Seq: b.seq, DesktopID: d.DesktopID, DiskID: disk.DiskID, DiskType: diskType,
		DiskSize: disk.SizeGiB, Encrypted: disk.Encrypted, KMSKeyID: disk.KMSKeyID, Created: now,
		Duration: max(b.duration(), 0),
	}
}

// validSnapshotName is the current edition's SnapshotName rule: 2-127 characters, starting with a letter, made of
// letters, digits, underscores and hyphens, not starting with "auto" (reserved for automatic snapshots).
func validSnapshotName(name string) bool {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 127 || strings.HasPrefix(name, "auto") {
		return false
	}
	for i, c := range name {
		if i == 0 && !unicode.IsLetter(c) {
			return false
		}
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// sourceDiskType reads a SourceDiskType in any case: CreateSnapshot documents system/data, DescribeSnapshots
// System/Data "case-insensitive", and the alicloud provider sends SYSTEM/DATA to the real service
// (https://github.com/aliyun/terraform-provider-alicloud/blob/master/alicloud/resource_alicloud_ecd_snapshot.go).
func sourceDiskType(s string) (string, bool) {
	switch strings.ToUpper(s) {
	case DiskSystem:
		return DiskSystem, true
	case DiskData:
		return DiskData, true
	}
	return "", false
}

// Snapshot is a snapshot as DescribeSnapshots shows it, in the current edition's spellings and types:
// RemainTime a number, SourceDiskSize a string, statuses and types upper case.
type Snapshot struct {
	SnapshotID              string `json:"SnapshotId" xml:"SnapshotId"`
	SnapshotName            string `json:"SnapshotName" xml:"SnapshotName"`
	Description             string `json:"Description" xml:"Description"`
	DesktopID               string `json:"DesktopId" xml:"DesktopId"`
	DesktopName             string `json:"DesktopName" xml:"DesktopName"`
	DesktopStatus           string `json:"DesktopStatus" xml:"DesktopStatus"`
	Status                  string `json:"Status" xml:"Status"`
	Progress                string `json:"Progress" xml:"Progress"`
	RemainTime              int    `json:"RemainTime" xml:"RemainTime"`
	SnapshotType            string `json:"SnapshotType" xml:"SnapshotType"`
	SourceDiskType          string `json:"SourceDiskType" xml:"SourceDiskType"`
	SourceDiskSize          string `json:"SourceDiskSize" xml:"SourceDiskSize"`
	CreationTime            string `json:"CreationTime" xml:"CreationTime"`
	Creator                 string `json:"Creator" xml:"Creator"`
	ProtocolType            string `json:"ProtocolType" xml:"ProtocolType"`
	VolumeEncryptionEnabled bool   `json:"VolumeEncryptionEnabled" xml:"VolumeEncryptionEnabled"`
	VolumeEncryptionKey     string `json:"VolumeEncryptionKey,omitempty" xml:"VolumeEncryptionKey,omitempty"`
	DiskStatus              string `json:"DiskStatus" xml:"DiskStatus"`
	OsType                  string `json:"OsType" xml:"OsType"`
}

func (s *snap) view(d *Desktop, now time.Time) Snapshot {
	status, pct, remain := s.progress(now)
	typ := TypeUser
	if s.Auto {
		typ = TypeAuto
	}
	v := Snapshot{
		SnapshotID: s.ID, SnapshotName: s.Name, Description: s.Description, DesktopID: s.DesktopID,
		Status: status, Progress: itoa(pct) + "%", RemainTime: remain, SnapshotType: typ, SourceDiskType: s.DiskType,
		SourceDiskSize: itoa(s.DiskSize), CreationTime: s.Created.Format(wireTime), Creator: s.Creator,
		VolumeEncryptionEnabled: s.Encrypted, VolumeEncryptionKey: s.KMSKeyID,
		// The document's example; the disk belongs to the desktop whatever the desktop's state.
		DiskStatus: "Available",
	}
	if d != nil {
		v.DesktopName, v.DesktopStatus, v.ProtocolType, v.OsType = d.DesktopName, d.Status, d.ProtocolType, d.OSType
	}
	return v
}

// DescribeSnapshotsInput is DescribeSnapshots' parameters as the wire carries them.
type DescribeSnapshotsInput struct {
	RegionID, DesktopID, DesktopName, SnapshotID, SnapshotName, SourceDiskType, SnapshotType, Creator string
	StartTime, EndTime, OsType, MaxResults, NextToken                                                 string
}

// DescribeSnapshotsOutput is DescribeSnapshots' answer: NextToken ("" on the last page) and the bare Snapshots
// array the documents show (no {"Snapshot":[...]} wrapper as ECS has).
type DescribeSnapshotsOutput struct {
	NextToken string     `json:"NextToken" xml:"NextToken"`
	Snapshots []Snapshot `json:"Snapshots" xml:"Snapshots"`
	lastSeq   int64      // the cursor of the page's last snapshot
}

// DefaultMaxResults is DescribeSnapshots' page size without MaxResults. The current API page says 100
// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describesnapshots),
// the SDK's generated comment says 10: the emulator follows the API page.
const DefaultMaxResults = 100

// DescribeSnapshots lists the region's snapshots, newest first (as ECS lists them), filtered by every documented
// filter, a page of MaxResults at a time.
func (b *Backend) DescribeSnapshots(in DescribeSnapshotsInput) (*DescribeSnapshotsOutput, error) {
	b.begin()
	defer b.mu.Unlock()
	r, err := b.region(in.RegionID)
	if err != nil {
		return nil, err
	}
	diskType := ""
	if in.SourceDiskType != "" {
		t, ok := sourceDiskType(in.SourceDiskType)
		if !ok {
			return nil, errSourceDiskTypeInvalid
		}
		diskType = t
	}
	snapType := strings.ToUpper(in.SnapshotType)
	switch snapType {
	case "", "ALL":
		snapType = ""
	case TypeAuto, TypeUser:
	default:
		return nil, errSnapshotTypeNotFound
	}
	start, err := parseTime("StartTime", in.StartTime)
	if err != nil {
		return nil, err
	}
	end, err := parseTime("EndTime", in.EndTime)
	if err != nil {
		return nil, err
	}
	size, err := parseMaxResults(in.MaxResults, DefaultMaxResults)
	if err != nil {
		return nil, err
	}
	// The cursor is the sequence number of the last snapshot shown: snapshots deleted or made between pages
	// neither shift nor repeat the rest.
	after := int64(-1)
	if in.NextToken != "" {
		n, ok := decodeToken(in.NextToken)
		if !ok {
			return nil, errNextToken
		}
		after = n
	}
	now := b.clock()
	out := &DescribeSnapshotsOutput{Snapshots: []Snapshot{}}
	for i := len(r.Snapshots) - 1; i >= 0; i-- {
		s := r.Snapshots[i]
		if after >= 0 && s.Seq >= after {
			continue
		}
		d := r.desktop(s.DesktopID)
		if !matches(in, s, d, diskType, snapType, start, end) {
			continue
		}
		if len(out.Snapshots) == size {
			out.NextToken = encodeToken(out.lastSeq)
			break
		}
		out.Snapshots = append(out.Snapshots, s.view(d, now))
		out.lastSeq = s.Seq
	}
	return out, nil
}

func matches(in DescribeSnapshotsInput, s *snap, d *Desktop, diskType, snapType string, start, end time.Time) bool {
	name, osType := "", ""
	if d != nil {
		name, osType = d.DesktopName, d.OSType
	}
	typ := TypeUser
	if s.Auto {
		typ = TypeAuto
	}
	switch {
	case in.DesktopID != "" && in.DesktopID != s.DesktopID,
		in.DesktopName != "" && in.DesktopName != name,
		in.SnapshotID != "" && in.SnapshotID != s.ID,
		in.SnapshotName != "" && in.SnapshotName != s.Name,
		diskType != "" && diskType != s.DiskType,
		snapType != "" && snapType != typ,
		in.Creator != "" && in.Creator != s.Creator,
		in.OsType != "" && !strings.EqualFold(in.OsType, osType),
		!start.IsZero() && s.Created.Before(start),
		!end.IsZero() && s.Created.After(end):
		return false
	}
	return true
}

// parseTime reads StartTime/EndTime in the documented yyyy-MM-ddTHH:mm:ssZ (UTC).
func parseTime(param, s string) (time.Time, *Error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(wireTime, s)
	if err != nil {
		return time.Time{}, errInvalid(param)
	}
	return t, nil
}

// DeleteSnapshotInput is DeleteSnapshot's parameters: SnapshotId.N.
type DeleteSnapshotInput struct {
	RegionID    string
	SnapshotIDs []string
}

// MaxDeleteIDs is how many SnapshotId.N one DeleteSnapshot takes.
const MaxDeleteIDs = 100

// DeleteSnapshot deletes 1-100 snapshots of the region, all or none: an unknown ID refuses the whole call with
// ECS's 404 InvalidSnapshotId.NotFound, so a caller never has to find out which of its IDs went. (The emulator's
// ECS DeleteSnapshot ignores an unknown ID; for ECD the alicloud provider treats a not-found error of
// DeleteSnapshot as success, which shows the real service reports one:
// https://github.com/aliyun/terraform-provider-alicloud/blob/master/alicloud/resource_alicloud_ecd_snapshot.go.)
// A snapshot still being created may be deleted (creation is cancelled), as on ECS.
func (b *Backend) DeleteSnapshot(in DeleteSnapshotInput) error {
	b.begin()
	defer b.mu.Unlock()
	r, err := b.region(in.RegionID)
	if err != nil {
		return err
	}
	if len(in.SnapshotIDs) == 0 {
		return errMissing("SnapshotId.1")
	}
	if len(in.SnapshotIDs) > MaxDeleteIDs {
		return errSnapshotIDsMalformed
	}
	drop := map[string]bool{}
	for _, id := range in.SnapshotIDs {
		if r.snapshot(id) == nil {
			return errSnapshotNotFound
		}
		drop[id] = true
	}
	kept := r.Snapshots[:0]
	for _, s := range r.Snapshots {
		if !drop[s.ID] {
			kept = append(kept, s)
		}
	}
	clear(r.Snapshots[len(kept):])
	r.Snapshots = kept
	return b.saveLocked()
}

// SnapshotRefusal is the error code CreateSnapshot answers for a desktop in status, "" when it takes snapshots:
// "The cloud computer must be in the Running or Stopped state" (CreateSnapshot's description).
func SnapshotRefusal(status string) string {
	if status != StatusRunning && status != StatusStopped {
		return errDesktopStatus.Code
	}
	return ""
}
