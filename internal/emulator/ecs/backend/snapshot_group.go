package backend

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Snapshot-consistent groups: every chosen disk snapshotted at one instant. Reference pages:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshotgroup,
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshotgroups,
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifysnapshotgroup and
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesnapshotgroup.
// The group's snapshots are ordinary snapshots (DescribeSnapshots lists them, DeleteSnapshot deletes them); the
// group keeps their IDs and shows those that still exist, so its status always follows its snapshots.

const (
	// "A snapshot-consistent group can contain snapshots of up to 16 disks ... and cannot exceed 32 TiB".
	maxGroupDisks       = 16
	maxGroupCapacityGiB = 32 * 1024
	// DescribeSnapshotGroups: SnapshotGroupId.N, N 1-10; Status.N, N 1-3.
	maxGroupIDsFilter    = 10
	maxGroupStatusFilter = 3

	// resourceTypeSnapshotGroup is the group's type in TagResources, UntagResources, ListTagResources and
	// JoinResourceGroup. The documents' lists of values do not show it; it is the type in the group's RAM resource
	// name (acs:ecs:{#regionId}:{#accountId}:snapshotgroup/{#snapshotgroupId},
	// https://help.aliyun.com/document_detail/210940.html) and the one the official provider's tag and resource
	// group calls send (github.com/aliyun/terraform-provider-alicloud, alicloud/resource_alicloud_ecs_snapshot_group.go).
	resourceTypeSnapshotGroup = "snapshotgroup"

	// createFromTagKey is the system tag each group snapshot carries, valued with the instance its disk was on
	// (DescribeSnapshotGroups: "The default values of Key and Value contain snapshot source information", example
	// acs:ecs:createFrom = i-bp11qm0o3dk4iuc****).
	createFromTagKey = "acs:ecs:createFrom"
)

// groupCategories are the disk categories a group accepts: "Snapshot-consistent groups can be used to create
// snapshots only for Enterprise SSDs (ESSDs), ESSD AutoPL disks, and ESSD Entry disks" (cloud_essd, cloud_auto,
// cloud_essd_entry in DescribeDisks' Category values).
var groupCategories = map[string]bool{"cloud_essd": true, "cloud_auto": true, "cloud_essd_entry": true}

var (
	errGroupName        = apiErr(400, "InvalidParameter.Name", "The specified Name is invalid.")
	errGroupDescription = apiErr(400, "InvalidParameter.Description", "The specified Description is invalid.")
	errGroupConflict    = apiErr(400, "InvalidParam.ExcludeDiskIdsAndDiskIds.Conflict",
		"The use of parameter 'ExcludeDiskIds' and 'DiskIds' at the same time is not supported.")
	// The document spells the code this way.
	errGroupMissingInstance = apiErr(400, "MissingParamter.InstanceId", "The specified InstanceId should not be null.") //nolint:misspell // as documented
	errGroupNotSameZone     = apiErr(400, "InvalidDiskIds.NotInSameZone", "The specified disks are not in the same availability zone.")
	errGroupTooManyDisks    = apiErr(403, "NumberExceed.TooManyDisks", "The number of all disks in the request exceeds.")
	errGroupCapacity        = apiErr(403, "CapacityExceed.TooManyDisks", "The capacity of all disks in the request exceeds.")
	errGroupNoDisk          = apiErr(403, "InvalidInstance.NoDisk", "There is no disk mounted on the instance.")
	errGroupDiskCategory    = apiErr(400, "DiskCategory.OperationNotSupported",
		"The operation is not supported to the specified disk due to its disk category.")
	errGroupDiskNotOnInstance = apiErr(403, "DiskId.ValueNotSupported", "The specified parameter diskid is not supported.")
	errInstanceNotFound       = apiErr(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.")
	errGroupNotFound          = apiErr(404, "InvalidSnapshotGroup.NotFound", "The specified snapshot group does not exist.")
	errGroupStatus            = apiErr(403, "InvalidStatus.ValueNotSupported", "The specified Status is not supported.")
)

// snapGroup is a stored snapshot-consistent group.
type snapGroup struct {
	ID              string        `json:"id"`
	Seq             int64         `json:"seq"` // creation order within the region, for paging
	Name            string        `json:"name"`
	Description     string        `json:"description"`
	InstanceID      string        `json:"instance_id"` // "" when the disks were on several instances (or none)
	Created         time.Time     `json:"created"`
	ResourceGroupID string        `json:"resource_group_id"`
	Tags            []SnapshotTag `json:"tags"`
	SnapshotIDs     []string      `json:"snapshot_ids"` // in the order the disks were chosen
}

// groupToken remembers what a ClientToken created, so a retried CreateSnapshotGroup answers the same group.
type groupToken struct {
	Fingerprint string `json:"fingerprint"`
	GroupID     string `json:"group_id"`
}

// validGroupName: 2-128 characters, starting with a letter; letters, digits, periods, underscores, hyphens and
// colons (which also rules out http:// and https://). Unlike snapshot names, "auto" is not reserved and periods
// are allowed.
func validGroupName(name string) bool {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 128 {
		return false
	}
	for i, r := range name {
		if i == 0 && !unicode.IsLetter(r) {
			return false
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("._-:", r) {
			return false
		}
	}
	return true
}

func (w *regionState) groupByID(id string) *snapGroup {
	for _, g := range w.Groups {
		if g.ID == id {
			return g
		}
	}
	return nil
}

// groupTaken reports whether any region has a group with the ID (IDs are unique across regions).
func (w *world) groupTaken(id string) bool {
	for _, r := range w.Regions {
		if r.groupByID(id) != nil {
			return true
		}
	}
	return false
}

// groupArgs is a CreateSnapshotGroup request after the checks that need no state.
type groupArgs struct {
	instantAccess bool
	iaRetention   int
}

// parseCreateGroup checks the parameters alone, in the order of the documented codes: name, description, the
// two disk lists, instant access, tags, the client token.
func parseCreateGroup(in CreateSnapshotGroupInput) (groupArgs, *Error) {
	var a groupArgs
	if in.Name != "" && !validGroupName(in.Name) {
		return a, errGroupName
	}
	if in.Description != "" && !validDescription(in.Description) {
		return a, errGroupDescription
	}
	if len(in.DiskIDs) > 0 && len(in.ExcludeDiskIDs) > 0 {
		return a, errGroupConflict
	}
	// DiskId.N: N is 1-16, the group's own disk limit, so a longer list is answered with the limit's code.
	if len(in.DiskIDs) > maxGroupDisks {
		return a, errGroupTooManyDisks
	}
	// ExcludeDiskId.N: N is 1-16 as well; no code is documented for more, so the generic one answers.
	if len(in.ExcludeDiskIDs) > maxGroupDisks {
		return a, ErrInvalidParameter("ExcludeDiskId." + strconv.Itoa(len(in.ExcludeDiskIDs)))
	}
	for i, id := range in.DiskIDs {
		if id == "" {
			return a, ErrInvalidParameter("DiskId." + strconv.Itoa(i+1))
		}
	}
	for i, id := range in.ExcludeDiskIDs {
		if id == "" {
			return a, ErrInvalidParameter("ExcludeDiskId." + strconv.Itoa(i+1))
		}
	}
	// Without DiskId.N the disks are the instance's, so the instance is required (and ExcludeDiskId.N needs it).
	if in.InstanceID == "" && len(in.DiskIDs) == 0 {
		return a, errGroupMissingInstance
	}
	var ok bool
	if a.instantAccess, ok = parseBool(in.InstantAccess); !ok {
		return a, ErrInvalidParameter("InstantAccess")
	}
	// "This parameter takes effect only when InstantAccess is set to true": checked always, applied only then.
	// Empty means instant access lasts until the snapshot is released (0 here).
	if a.iaRetention, ok = parseRetention(in.InstantAccessRetentionDays, 65535); !ok {
		return a, errRetentionMalformed
	}
	if !a.instantAccess {
		a.iaRetention = 0
	}
	if err := checkTagsToAdd(in.Tags, errCreateTagsQuota); err != nil {
		return a, err
	}
	if len(in.ClientToken) > 64 || !isASCII(in.ClientToken) {
		return a, ErrInvalidParameter("ClientToken")
	}
	return a, nil
}

func groupFingerprint(in CreateSnapshotGroupInput) string {
	var b strings.Builder
	for _, s := range []string{in.RegionID, in.InstanceID, in.Name, in.Description, in.InstantAccess,
		in.InstantAccessRetentionDays, in.ResourceGroupID, in.StorageLocationArn} {
		fmt.Fprintf(&b, "%d:%s|", len(s), s)
	}
	for _, list := range [][]string{in.DiskIDs, in.ExcludeDiskIDs} {
		for _, s := range list {
			fmt.Fprintf(&b, "%d:%s,", len(s), s)
		}
		b.WriteString("|")
	}
	for _, t := range in.Tags {
		fmt.Fprintf(&b, "%d:%s=%d:%s|", len(t.Key), t.Key, len(t.Value), t.Value)
	}
	return b.String()
}

// chooseGroupDisks resolves the request to the disks to snapshot, in request order (DiskId.N) or the instance's
// disk order (fixture order: system disk first as ECS lists them).
func (w *regionState) chooseGroupDisks(in CreateSnapshotGroupInput) ([]*Disk, *Error) {
	var inst *Instance
	if in.InstanceID != "" {
		inst = w.instByID[in.InstanceID]
		if inst == nil {
			return nil, errInstanceNotFound
		}
	}
	var disks []*Disk
	if len(in.DiskIDs) > 0 {
		seen := map[string]bool{}
		for _, id := range in.DiskIDs {
			d, ok := w.diskByID[id]
			if !ok {
				return nil, errDiskNotFound
			}
			// "If you specify InstanceId, you can use DiskId.N to specify only disks on the specified ECS instance".
			// No code is documented for a disk of another instance; DiskId.ValueNotSupported is the documented code
			// for a disk ID the call does not accept.
			if inst != nil && d.InstanceID != inst.InstanceID {
				return nil, errGroupDiskNotOnInstance
			}
			// A disk named twice is snapshotted once: a group holds one snapshot per disk (documents silent).
			if !seen[id] {
				seen[id] = true
				disks = append(disks, d)
			}
		}
	} else {
		exclude := map[string]bool{}
		for _, id := range in.ExcludeDiskIDs {
			d, ok := w.diskByID[id]
			// An excluded ID that is no disk of the instance is refused rather than ignored (documents silent): a
			// typo would otherwise snapshot the very disk the caller meant to leave out.
			if !ok || d.InstanceID != inst.InstanceID {
				return nil, errDiskNotFound
			}
			exclude[id] = true
		}
		for i := range w.Disks {
			d := &w.Disks[i]
			if d.InstanceID == inst.InstanceID && !exclude[d.DiskID] {
				disks = append(disks, d)
			}
		}
		// Every disk excluded leaves nothing to snapshot; InvalidInstance.NoDisk is the documented code for an
		// instance without disks, the nearest case.
		if len(disks) == 0 {
			return nil, errGroupNoDisk
		}
	}
	return disks, nil
}

// checkGroupDisks applies the rules on the chosen disks: each disk's attachment and instance as CreateSnapshot
// judges them (never attached, locked, instance not Running or Stopped), count and capacity, one zone, the ESSD
// family, then a snapshot in progress and the per-disk quota.
func (w *regionState) checkGroupDisks(disks []*Disk, now time.Time) *Error {
	// The instance's state first: a locked or booting instance is refused whatever its disks are.
	for _, d := range disks {
		if err := diskRefusal(d, w.instByID[d.InstanceID]); err != nil {
			return err
		}
	}
	if len(disks) > maxGroupDisks {
		return errGroupTooManyDisks
	}
	total := 0
	for _, d := range disks {
		total += d.SizeGiB
	}
	if total > maxGroupCapacityGiB {
		return errGroupCapacity
	}
	for _, d := range disks[1:] {
		if d.ZoneID != disks[0].ZoneID {
			return errGroupNotSameZone
		}
	}
	// Encryption is no reason for refusal here: the documented rules name only the category. (The code list has
	// "The special disk is encrypted" under DiskCategory.OperationNotSupported without saying which disks.)
	for _, d := range disks {
		if !groupCategories[d.Category] {
			return errGroupDiskCategory
		}
	}
	for _, d := range disks {
		if err := w.checkDiskSnapshottable(d, now); err != nil {
			return err
		}
	}
	return nil
}

// CreateSnapshotGroup snapshots the chosen disks at one instant: every member snapshot has the same CreationTime.
func (b *Backend) CreateSnapshotGroup(in CreateSnapshotGroupInput) (*CreateSnapshotGroupOutput, error) {
	now := b.begin()
	defer b.mu.Unlock()
	w, rerr := b.regionFor(in.RegionID, true, nil)
	if rerr != nil {
		return nil, rerr
	}
	a, perr := parseCreateGroup(in)
	if perr != nil {
		return nil, perr
	}
	fp := groupFingerprint(in)
	if in.ClientToken != "" {
		if used, ok := w.GroupTokens[in.ClientToken]; ok {
			if used.Fingerprint != fp {
				return nil, errIdempotentMismatch
			}
			return &CreateSnapshotGroupOutput{SnapshotGroupId: used.GroupID}, nil
		}
	}
	rg := in.ResourceGroupID
	if rg == "" {
		rg = w.defaultResourceGroup()
	} else if !w.hasResourceGroup(rg) {
		return nil, errResourceGroupNotFound
	}
	disks, derr := w.chooseGroupDisks(in)
	if derr != nil {
		return nil, derr
	}
	if err := w.checkGroupDisks(disks, now); err != nil {
		return nil, err
	}

	w.GroupSeq++
	g := &snapGroup{
		ID: newID("ssg", w.Region, b.w.groupTaken), Seq: w.GroupSeq, Name: in.Name, Description: in.Description,
		InstanceID: disks[0].InstanceID, Created: now, ResourceGroupID: rg,
	}
	for _, t := range in.Tags {
		g.Tags = append(g.Tags, SnapshotTag{TagKey: t.Key, TagValue: t.Value})
	}
	for _, d := range disks {
		// "InstanceId: set only when all member snapshots come from one instance".
		if d.InstanceID != g.InstanceID {
			g.InstanceID = ""
		}
		g.SnapshotIDs = append(g.SnapshotIDs, b.takeGroupSnapshot(w, d, g, a, now).ID)
	}
	w.Groups = append(w.Groups, g)
	if in.ClientToken != "" {
		w.GroupTokens[in.ClientToken] = groupToken{Fingerprint: fp, GroupID: g.ID}
	}
	if err := b.saveLocked(); err != nil {
		return nil, err
	}
	return &CreateSnapshotGroupOutput{SnapshotGroupId: g.ID}, nil
}

// takeGroupSnapshot makes one member snapshot as CreateSnapshot would (same disk chain, serial, armed failures).
// The documents are silent on the member snapshots' name, description, tags and resource group: they get no name
// or description, the createFrom system tag only (the group's tags stay on the group), and the group's resource
// group, so that a resource group filter on DescribeSnapshots finds them with their group.
func (b *Backend) takeGroupSnapshot(w *regionState, d *Disk, g *snapGroup, a groupArgs, now time.Time) *snap {
	s := &snap{
		ID:              newID("s", w.Region, b.w.snapshotTaken),
		DiskID:          d.DiskID,
		InstanceID:      d.InstanceID,
		DiskType:        d.Type,
		DiskSize:        d.SizeGiB,
		Created:         now,
		Duration:        b.duration,
		Category:        "standard",
		InstantAccess:   a.instantAccess,
		IARetentionDays: a.iaRetention,
		Encrypted:       d.Encrypted,
		KMSKeyID:        d.KMSKeyID,
		ResourceGroupID: g.ResourceGroupID,
		Usage:           "none",
	}
	b.w.Seq++
	s.Seq = b.w.Seq
	s.SN = snapshotSN(d.DiskID, s.Seq)
	if w.Links[d.DiskID] == "" {
		w.Links[d.DiskID] = newID("sl", w.Region, b.w.linkTaken)
	}
	s.LinkID = w.Links[d.DiskID]
	if n := w.FailNext[d.DiskID]; n > 0 {
		s.Fail = true
		if n == 1 {
			delete(w.FailNext, d.DiskID)
		} else {
			w.FailNext[d.DiskID] = n - 1
		}
	}
	if d.InstanceID != "" {
		s.Tags = []SnapshotTag{{TagKey: createFromTagKey, TagValue: d.InstanceID}}
	}
	w.insert(s)
	return s
}

// members are the group's snapshots that still exist, in the group's order.
func (w *regionState) members(g *snapGroup) []*snap {
	out := make([]*snap, 0, len(g.SnapshotIDs))
	for _, id := range g.SnapshotIDs {
		if s, ok := w.byID[id]; ok {
			out = append(out, s)
		}
	}
	return out
}

// groupStatus follows the snapshots: failed if any failed, progressing while any is, else accomplished. A group
// whose snapshots were all deleted one by one has nothing left in progress and reads accomplished (documents
// silent).
func groupStatus(members []*snap, now time.Time) string {
	status := "accomplished"
	for _, s := range members {
		switch s.status(now) {
		case "failed":
			return "failed"
		case "progressing":
			status = "progressing"
		}
	}
	return status
}

func groupTags(tags []SnapshotTag) GroupTags {
	out := GroupTags{Tag: make([]GroupTag, 0, len(tags))}
	for _, t := range tags {
		out.Tag = append(out.Tag, GroupTag{Key: t.TagKey, Value: t.TagValue})
	}
	return out
}

func (w *regionState) groupView(g *snapGroup, now time.Time) SnapshotGroupItem {
	members := w.members(g)
	item := SnapshotGroupItem{
		SnapshotGroupId: g.ID, Name: g.Name, Description: g.Description, InstanceId: g.InstanceID,
		CreationTime: g.Created.UTC().Format(wireTime), Status: groupStatus(members, now),
		ResourceGroupId: g.ResourceGroupID, Tags: groupTags(g.Tags),
		Snapshots: GroupMemberSnapshots{Snapshot: make([]GroupMemberSnapshot, 0, len(members))},
	}
	for _, s := range members {
		v := s.view(w.Region, now)
		item.Snapshots.Snapshot = append(item.Snapshots.Snapshot, GroupMemberSnapshot{
			SnapshotId: s.ID, SourceDiskId: s.DiskID, SourceDiskType: s.DiskType, Progress: v.Progress,
			Available: v.Available, InstantAccess: s.InstantAccess, InstantAccessRetentionDays: s.IARetentionDays,
			Tags: groupTags(s.Tags),
		})
	}
	return item
}

// groupQuery is a DescribeSnapshotGroups request after validation.
type groupQuery struct {
	ids, statuses                map[string]bool
	instanceID, name, resourceRG string
	tags                         []Tag
	size                         int
	afterSeq                     int64 // token: the Seq of the last group of the previous page; 0 = first page
}

func parseDescribeGroups(in DescribeSnapshotGroupsInput) (groupQuery, *Error) {
	q := groupQuery{instanceID: in.InstanceID, name: in.Name, resourceRG: in.ResourceGroupID, size: defaultPageSize}
	// No code is documented for more IDs or statuses than N allows; the generic one names the parameter.
	if len(in.SnapshotGroupIDs) > maxGroupIDsFilter {
		return q, ErrInvalidParameter("SnapshotGroupId." + strconv.Itoa(len(in.SnapshotGroupIDs)))
	}
	if len(in.Statuses) > maxGroupStatusFilter {
		return q, ErrInvalidParameter("Status." + strconv.Itoa(len(in.Statuses)))
	}
	for _, id := range in.SnapshotGroupIDs {
		if id == "" {
			continue
		}
		if q.ids == nil {
			q.ids = map[string]bool{}
		}
		q.ids[id] = true
	}
	for _, st := range in.Statuses {
		switch st {
		case "":
			continue
		case "progressing", "accomplished", "failed":
		default:
			return q, errGroupStatus
		}
		if q.statuses == nil {
			q.statuses = map[string]bool{}
		}
		q.statuses[st] = true
	}
	if len(in.Tags) > maxTagsPerResource {
		return q, errTagCount
	}
	for _, t := range in.Tags {
		if t.Key == "" {
			if t.Value != "" {
				return q, errTagMismatch
			}
			continue
		}
		q.tags = append(q.tags, t)
	}
	if in.MaxResults != "" {
		n, err := strconv.Atoi(in.MaxResults)
		if err != nil || n < 1 || n > maxPageSize {
			return q, errMaxResults
		}
		q.size = n
	}
	if in.NextToken != "" {
		payload, ok := decodeToken(in.NextToken)
		if !ok {
			return q, errNextToken
		}
		seq, err := strconv.ParseInt(strings.TrimPrefix(payload, "ssg:"), 10, 64)
		if err != nil || !strings.HasPrefix(payload, "ssg:") || seq < 1 {
			return q, errNextToken
		}
		q.afterSeq = seq
	}
	return q, nil
}

// match applies the filters (AND). InstanceId matches the group's InstanceId as the response shows it, so a group
// across instances matches no InstanceId; ResourceGroupId matches exactly (DescribeSnapshots' rule that the
// default group's resources always show is documented for snapshots only).
func (q *groupQuery) match(w *regionState, g *snapGroup, now time.Time) bool {
	if q.ids != nil && !q.ids[g.ID] {
		return false
	}
	if q.instanceID != "" && g.InstanceID != q.instanceID {
		return false
	}
	if q.name != "" && g.Name != q.name {
		return false
	}
	if q.resourceRG != "" && g.ResourceGroupID != q.resourceRG {
		return false
	}
	for _, t := range q.tags {
		if !hasTag(g.Tags, t) {
			return false
		}
	}
	if q.statuses != nil && !q.statuses[groupStatus(w.members(g), now)] {
		return false
	}
	return true
}

// DescribeSnapshotGroups lists groups newest first, MaxResults a page. The token marks the last group shown (its
// place in creation order), so groups created or deleted between pages neither repeat nor skip others.
func (b *Backend) DescribeSnapshotGroups(in DescribeSnapshotGroupsInput) (*DescribeSnapshotGroupsOutput, error) {
	now := b.begin()
	defer b.mu.Unlock()
	w, rerr := b.regionFor(in.RegionID, true, nil)
	if rerr != nil {
		return nil, rerr
	}
	q, err := parseDescribeGroups(in)
	if err != nil {
		return nil, err
	}
	out := &DescribeSnapshotGroupsOutput{SnapshotGroups: SnapshotGroupList{SnapshotGroup: []SnapshotGroupItem{}}}
	var last *snapGroup
	for i := len(w.Groups) - 1; i >= 0; i-- {
		g := w.Groups[i]
		if q.afterSeq != 0 && g.Seq >= q.afterSeq {
			continue
		}
		if !q.match(w, g, now) {
			continue
		}
		if len(out.SnapshotGroups.SnapshotGroup) == q.size {
			out.NextToken = encodeToken("ssg:" + strconv.FormatInt(last.Seq, 10))
			break
		}
		out.SnapshotGroups.SnapshotGroup = append(out.SnapshotGroups.SnapshotGroup, w.groupView(g, now))
		last = g
	}
	return out, nil
}

// ModifySnapshotGroup changes the name and/or description; an absent one stays.
func (b *Backend) ModifySnapshotGroup(in ModifySnapshotGroupInput) error {
	b.begin()
	defer b.mu.Unlock()
	w, rerr := b.regionFor(in.RegionID, true, nil)
	if rerr != nil {
		return rerr
	}
	if in.SnapshotGroupID == "" {
		return ErrMissingParameter("SnapshotGroupId")
	}
	if in.Name != "" && !validGroupName(in.Name) {
		return errGroupName
	}
	if in.Description != "" && !validDescription(in.Description) {
		return errGroupDescription
	}
	g := w.groupByID(in.SnapshotGroupID)
	if g == nil {
		return errGroupNotFound
	}
	if in.Name != "" {
		g.Name = in.Name
	}
	if in.Description != "" {
		g.Description = in.Description
	}
	return b.saveLocked()
}

// DeleteSnapshotGroup deletes the group and its snapshots, except a snapshot used to create a custom image, which
// is retained ("the disk snapshot is retained after the snapshot-consistent group is deleted"). The answer has one
// OperationProgress per member snapshot. For a retained one the documents give no status word; the emulator says
// "Failed" with the code DeleteSnapshot answers for it (SnapshotCreatedImage, also in DeleteSnapshotGroup's error
// list). A snapshot used to create a disk is deleted with the group: the documents name only the image exception.
// An unknown group answers ModifySnapshotGroup's documented InvalidSnapshotGroup.NotFound (DeleteSnapshotGroup
// documents no code for it).
func (b *Backend) DeleteSnapshotGroup(in DeleteSnapshotGroupInput) (*DeleteSnapshotGroupOutput, error) {
	b.begin()
	defer b.mu.Unlock()
	w, rerr := b.regionFor(in.RegionID, true, nil)
	if rerr != nil {
		return nil, rerr
	}
	if in.SnapshotGroupID == "" {
		return nil, ErrMissingParameter("SnapshotGroupId")
	}
	g := w.groupByID(in.SnapshotGroupID)
	if g == nil {
		return nil, errGroupNotFound
	}
	out := &DeleteSnapshotGroupOutput{OperationProgressSet: OperationProgressSet{OperationProgress: []OperationProgress{}}}
	for _, s := range w.members(g) {
		op := OperationProgress{OperationStatus: "Success",
			RelatedItemSet: RelatedItemSet{RelatedItem: []RelatedItem{{Name: "SnapshotId", Value: s.ID}}}}
		switch s.Usage {
		case "image", "image_disk":
			op.OperationStatus, op.ErrorCode, op.ErrorMsg = "Failed", errSnapshotCreatedImage.Code, errSnapshotCreatedImage.Message
		default:
			w.remove(s.ID)
		}
		out.OperationProgressSet.OperationProgress = append(out.OperationProgressSet.OperationProgress, op)
	}
	for i, x := range w.Groups {
		if x == g {
			w.Groups = append(w.Groups[:i], w.Groups[i+1:]...)
			break
		}
	}
	if err := b.saveLocked(); err != nil {
		return nil, err
	}
	return out, nil
}
