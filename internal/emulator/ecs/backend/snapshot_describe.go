package backend

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// snapshotQuery is a validated DescribeSnapshots request.
type snapshotQuery struct {
	instanceID, diskID, name, status, usage, sourceDiskType, resourceGroup, kmsKeyID, category string
	links, ids                                                                                 map[string]bool
	manual, auto                                                                               bool // SnapshotType admits manual / automatic snapshots
	encrypted                                                                                  *bool
	start, end                                                                                 *time.Time
	tags                                                                                       []Tag
	dryRun                                                                                     bool
	page                                                                                       paging
	hasCursor                                                                                  bool // token page: resume after (cursorNano, cursorSeq)
	cursorNano, cursorSeq                                                                      int64
}

// maxIDsPerList bounds the JSON ID lists of DescribeSnapshots, DescribeDisks and DescribeInstances.
const maxIDsPerList = 100

// parseIDList reads a JSON array of at most maxIDsPerList IDs, e.g. ["s-1","s-2"]. An absent ("") or empty list
// filters nothing: nil.
func parseIDList(s string) (map[string]bool, bool) {
	if s == "" {
		return nil, true
	}
	var list []string
	if err := json.Unmarshal([]byte(s), &list); err != nil || len(list) > maxIDsPerList {
		return nil, false
	}
	if len(list) == 0 {
		return nil, true // an empty array filters nothing
	}
	set := make(map[string]bool, len(list))
	for _, id := range list {
		set[strings.TrimSpace(id)] = true
	}
	return set, true
}

// parseFilterTime accepts the documented yyyy-MM-ddTHH:mmZ and, since ECS prints times with seconds, the same with
// seconds.
func parseFilterTime(v string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04Z", wireTime} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (b *Backend) parseDescribe(in DescribeSnapshotsInput) (*regionState, snapshotQuery, *Error) {
	q := snapshotQuery{instanceID: in.InstanceID, diskID: in.DiskID, name: in.SnapshotName, kmsKeyID: in.KMSKeyID,
		resourceGroup: in.ResourceGroupID, manual: true, auto: true}
	r, rerr := b.regionFor(in.RegionID, true, nil)
	if rerr != nil {
		return nil, q, rerr
	}
	var ok bool
	if q.ids, ok = parseIDList(in.SnapshotIDs); !ok {
		return nil, q, errSnapshotIDsMalformed
	}
	if in.SnapshotLinkID != "" {
		// One ID or a JSON array of up to 100. The document has no code for a malformed list; InvalidParameter.
		if strings.HasPrefix(strings.TrimSpace(in.SnapshotLinkID), "[") {
			links, ok := parseIDList(in.SnapshotLinkID)
			if !ok {
				return nil, q, ErrInvalidParameter("SnapshotLinkId")
			}
			q.links = links
		} else {
			q.links = map[string]bool{in.SnapshotLinkID: true}
		}
		// The document lists InvalidSnapshotLinkId.NotFound: a chain ID that no disk ever had is refused.
		for l := range q.links {
			if !r.linkExists(l) {
				return nil, q, errSnapshotLinkNotFound
			}
		}
	}
	switch in.Status {
	case "", "all":
	case "progressing", "accomplished", "failed":
		q.status = in.Status
	default:
		return nil, q, errStatusNotFound
	}
	switch in.SnapshotType {
	case "", "all":
	case "user":
		q.auto = false
	case "auto", "timer": // both name automatic snapshots
		q.manual = false
	default:
		return nil, q, errSnapshotTypeNotFound
	}
	for _, f := range in.Filters {
		if f.Key == "" && f.Value == "" {
			continue
		}
		if f.Key != "CreationStartTime" && f.Key != "CreationEndTime" {
			return nil, q, errFilterKeyNotFound
		}
		if f.Value == "" {
			continue // the key alone sets no bound
		}
		t, ok := parseFilterTime(f.Value)
		if !ok {
			return nil, q, errFilterValue
		}
		if f.Key == "CreationStartTime" {
			q.start = &t
		} else {
			q.end = &t
		}
	}
	switch in.Usage {
	case "":
	case "image", "disk", "image_disk", "none":
		q.usage = in.Usage
	default:
		return nil, q, errUsageInvalid
	}
	switch t := strings.ToLower(in.SourceDiskType); t {
	case "":
	case "system", "data":
		q.sourceDiskType = t
	default:
		return nil, q, errSourceDiskTypeInvalid
	}
	// Encrypted "default value: false" describes the parameter, not a filter applied when it is absent:
	// absent means both.
	if in.Encrypted != "" {
		v, ok := parseBool(in.Encrypted)
		if !ok {
			return nil, q, ErrInvalidParameter("Encrypted")
		}
		q.encrypted = &v
	}
	switch c := strings.ToLower(in.Category); c {
	case "":
	case "standard", "flash", "archive":
		q.category = c
	default:
		return nil, q, errCategoryMalformed
	}
	if len(in.Tags) > maxTagsPerResource {
		return nil, q, errTagCount
	}
	for _, t := range in.Tags {
		if t.Key == "" {
			if t.Value != "" {
				return nil, q, errTagMismatch
			}
			continue
		}
		q.tags = append(q.tags, t)
	}
	if q.dryRun, ok = parseBool(in.DryRun); !ok {
		return nil, q, ErrInvalidParameter("DryRun")
	}
	p, err := parsePaging(in.PageNumber, in.PageSize, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, q, err
	}
	if p.tokenMode && p.token != "" {
		if q.cursorNano, q.cursorSeq, ok = parseSnapCursor(p.token); !ok {
			return nil, q, errNextToken
		}
		q.hasCursor = true
	}
	q.page = p
	return r, q, nil
}

func (q *snapshotQuery) match(w *regionState, s *snap, now time.Time) bool {
	if q.diskID != "" && s.DiskID != q.diskID {
		return false
	}
	if q.instanceID != "" && w.snapshotInstance(s) != q.instanceID {
		return false
	}
	if q.ids != nil && !q.ids[s.ID] {
		return false
	}
	if q.links != nil && !q.links[s.LinkID] {
		return false
	}
	if q.name != "" && s.Name != q.name {
		return false
	}
	if s.Auto && !q.auto || !s.Auto && !q.manual {
		return false
	}
	if q.usage != "" && s.Usage != q.usage {
		return false
	}
	if q.sourceDiskType != "" && s.DiskType != q.sourceDiskType {
		return false
	}
	if q.encrypted != nil && s.Encrypted != *q.encrypted {
		return false
	}
	// "Resources in the default resource group are displayed in the response regardless of whether you
	// configure this parameter."
	if q.resourceGroup != "" && s.ResourceGroupID != q.resourceGroup && s.ResourceGroupID != w.defaultResourceGroup() {
		return false
	}
	if q.kmsKeyID != "" && s.KMSKeyID != q.kmsKeyID {
		return false
	}
	if q.category != "" && s.Category != q.category {
		return false
	}
	if q.start != nil && s.Created.Before(*q.start) {
		return false
	}
	if q.end != nil && s.Created.After(*q.end) {
		return false
	}
	for _, t := range q.tags {
		if !hasTag(s.Tags, t) {
			return false
		}
	}
	if q.status != "" && s.status(now) != q.status {
		return false
	}
	return true
}

// hasTag: a tag filter with an empty value matches the key with any value.
func hasTag(tags []SnapshotTag, t Tag) bool {
	for _, st := range tags {
		if st.TagKey == t.Key && (t.Value == "" || st.TagValue == t.Value) {
			return true
		}
	}
	return false
}

// snapshotInstance is the instance a snapshot's disk is attached to now, or was when the disk is gone.
func (w *regionState) snapshotInstance(s *snap) string {
	if d, ok := w.diskByID[s.DiskID]; ok {
		return d.InstanceID
	}
	return s.InstanceID
}

func snapCursor(s *snap) string {
	return fmt.Sprintf("%d.%d", s.Created.UnixNano(), s.Seq)
}

func parseSnapCursor(c string) (int64, int64, bool) {
	a, b, ok := strings.Cut(c, ".")
	if !ok {
		return 0, 0, false
	}
	nano, err1 := strconv.ParseInt(a, 10, 64)
	seq, err2 := strconv.ParseInt(b, 10, 64)
	return nano, seq, err1 == nil && err2 == nil
}

// olderThan reports whether s comes after the cursor in newest-first order.
func olderThan(s *snap, nano, seq int64) bool {
	sn := s.Created.UnixNano()
	return sn < nano || (sn == nano && s.Seq < seq)
}

// DescribeSnapshots lists snapshots newest first (ties in creation order, newest first). TotalCount counts every
// match; NextToken is set while more remain, in both paging styles, and marks a position rather than an offset,
// so snapshots created or deleted between pages neither repeat nor skip entries.
func (b *Backend) DescribeSnapshots(in DescribeSnapshotsInput) (*DescribeSnapshotsOutput, error) {
	now := b.begin()
	defer b.mu.Unlock()
	w, q, err := b.parseDescribe(in)
	if err != nil {
		return nil, err
	}
	if q.dryRun {
		return nil, errDryRun()
	}
	out := &DescribeSnapshotsOutput{PageSize: q.page.size, Snapshots: SnapshotList{Snapshot: []Snapshot{}}}
	skip := 0
	if !q.page.tokenMode {
		skip = q.page.offset(len(w.Snapshots))
	}
	before := 0 // matches ahead of the page, for the page number a token page reports
	var last *snap
	more := false
	for i := len(w.Snapshots) - 1; i >= 0; i-- {
		s := w.Snapshots[i]
		if !q.match(w, s, now) {
			continue
		}
		out.TotalCount++
		if q.hasCursor && !olderThan(s, q.cursorNano, q.cursorSeq) {
			before++
			continue
		}
		if skip > 0 {
			skip--
			before++
			continue
		}
		if len(out.Snapshots.Snapshot) < q.page.size {
			out.Snapshots.Snapshot = append(out.Snapshots.Snapshot, s.view(w.Region, now))
			last = s
		} else {
			more = true
		}
	}
	out.PageNumber = before/q.page.size + 1
	if !q.page.tokenMode {
		out.PageNumber = q.page.number
	}
	if more && last != nil {
		out.NextToken = encodeToken(snapCursor(last))
	}
	return out, nil
}
