package backend

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Automatic snapshot policies (CreateAutoSnapshotPolicy and the calls around it). Reference pages:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy and the
// neighbouring ModifyAutoSnapshotPolicyEx, DeleteAutoSnapshotPolicy, DescribeAutoSnapshotPolicyEx,
// ApplyAutoSnapshotPolicy and CancelAutoSnapshotPolicy pages. Create/Modify/Delete/Apply/Cancel name their
// parameters in lower camel case (regionId, autoSnapshotPolicyId, timePoints...), Describe in Pascal case.

const (
	// "You can create up to 100 automatic snapshot policies in each region" (CreateAutoSnapshotPolicy).
	maxPoliciesPerRegion = 100
	// retentionDays: Create documents 1-65535, Modify 1-65536.
	maxPolicyRetentionCreate = 65535
	maxPolicyRetentionModify = 65536
	maxTargetTags            = 10
	// ApplyAutoSnapshotPolicy and CancelAutoSnapshotPolicy take diskIds as a JSON array whose length the
	// documents do not bound; the emulator allows 1,000 (one call may cover a fleet) and refuses more as a
	// malformed diskIds.
	maxPolicyDiskIDs = 1000

	associatedWithDisk        = "AssociatedWithDisk"
	associatedWithInstanceTag = "AssociatedWithInstanceTag"
)

// policy is a stored automatic snapshot policy. The disks it applies to live in regionState.Applied (one
// policy per disk), or follow from TargetTags for AssociatedWithInstanceTag.
type policy struct {
	ID                    string        `json:"id"`
	Name                  string        `json:"name"`
	Created               time.Time     `json:"created"`
	TimePoints            []int         `json:"time_points"`     // hours 0-23 in UTC+8, ascending
	RepeatWeekdays        []int         `json:"repeat_weekdays"` // 1-7, 1 = Monday, ascending
	RetentionDays         int           `json:"retention_days"`  // -1 = until deleted
	EnableCrossRegionCopy bool          `json:"enable_cross_region_copy"`
	TargetCopyRegions     []string      `json:"target_copy_regions"`
	CopiedRetentionDays   int           `json:"copied_retention_days"`
	CopyEncrypted         bool          `json:"copy_encrypted"`
	CopyKMSKeyID          string        `json:"copy_kms_key_id"`
	Tags                  []SnapshotTag `json:"tags"`
	ResourceGroupID       string        `json:"resource_group_id"`
	AssociationType       string        `json:"association_type"`
	TargetTags            []SnapshotTag `json:"target_tags"`
	// Whether the policy was given a resource group (at creation or by JoinResourceGroup) and copy encryption
	// settings (CopyEncryptionConfiguration.* at creation or by Modify): PolicyDefaultsOmit hides what was not.
	GroupGiven          bool `json:"group_given,omitempty"`
	CopyEncryptionGiven bool `json:"copy_encryption_given,omitempty"`
}

func errPolicyParam(param string) *Error {
	return apiErr(403, "ParameterInvalid", "The specified parameter "+param+" is invalid.")
}

var (
	errPolicyQuota = apiErr(403, "AutoSnapshotPolicy.QuotaExceed",
		"The number of automatic snapshot policies in the region exceeds the upper limit of 100.")
	errPolicyNameMalformed = apiErr(400, "InvalidSnapshotPolicyName.Malformed", "The specified autoSnapshotPolicyName is wrongly formed.")
	errPolicyNotFound      = apiErr(404, "ParameterInvalid", "The specified autoSnapshotPolicyId does not exist in the region.")
	// ApplyAutoSnapshotPolicy documents its own code for a missing policy.
	errApplyPolicyNotFound   = apiErr(400, "InvalidAutoSnapshotPolicyId.NotFound", "The specified autoSnapshotPolicyId does not exist.")
	errTargetCopyRegions     = apiErr(403, "InvalidParameter.TargetCopyRegions", "The specified parameter TargetCopyRegions is invalid.")
	errCopiedRetention       = apiErr(403, "InvalidParameter.CopiedSnapshotsRetentionDays", "The specified parameter CopiedSnapshotsRetentionDays is invalid.")
	errEncryptedIllegal      = apiErr(400, "InvalidParameter.EncryptedIllegal", "KMSKeyId can be specified only when Encrypted is true.")
	errPartofDiskCategory    = apiErr(400, "PartofDiskCategory.OperationNotSupported", "Some of the specified disks do not support automatic snapshot policies.")
	errCancelDiskIDs         = apiErr(404, "ParameterInvalid", "The specified parameter diskIds is invalid.")
	errCancelPolicyNotFound  = apiErr(404, "ParameterInvalid", "The specified autoSnapshotPolicyId does not exist in the region.")
	errPolicyTargetTagsCount = apiErr(400, "InvalidParameter", "The specified parameter TargetTags is invalid: 1 to 10 tags with non-empty keys are required with AssociatedWithInstanceTag, and none otherwise.")
)

// Unknown regions. The policy calls answer their own codes rather than the InvalidRegionId.NotFound (404) of the
// snapshot calls, as the reference pages list them: Create, Modify and Apply 403 ParameterInvalid ("the specified
// RegionId is invalid",
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy and the
// Modify and Apply pages), Cancel 404 ParameterInvalid (its page lists ParameterInvalid for both an invalid RegionId
// and invalid diskIds under 404), Describe 400 InvalidRegionId.NotFound
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeautosnapshotpolicyex).
// Delete's page lists no region code; the emulator answers it as Create, Modify and Apply do, since all four name
// their region in the same regionId parameter.
var (
	errPolicyRegion         = apiErr(403, "ParameterInvalid", "The specified parameter RegionId is invalid.")
	errCancelPolicyRegion   = apiErr(404, "ParameterInvalid", "The specified parameter regionId is invalid.")
	errDescribePolicyRegion = apiErr(400, "InvalidRegionId.NotFound", "The specified RegionId does not exist.")
)

// policyRegion is regionFor (RegionId required) for the policy calls: an unknown region answers unknown, the
// call's documented code, instead of the snapshot calls' InvalidRegionId.NotFound.
func (b *Backend) policyRegion(name string, unknown *Error) (*regionState, *Error) {
	if name != "" && b.w.region(name) == nil {
		return nil, unknown
	}
	return b.regionFor(name, true, nil)
}

// validPolicyName: 2-128 characters, starting with a letter, not http:// or https://; letters (Unicode),
// digits, colons, underscores and hyphens. Unlike snapshot names, "auto" is not reserved here.
func validPolicyName(name string) bool {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 128 {
		return false
	}
	for i, r := range name {
		if i == 0 && !unicode.IsLetter(r) {
			return false
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ':' && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

// parseIntArray reads timePoints / repeatWeekdays: a JSON array of numbers as strings (["0","1"], as documented)
// or bare numbers, each within lo..hi, at most max entries, at least one. Duplicates collapse; the result is sorted.
func parseIntArray(s string, lo, hi, limit int) ([]int, bool) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil || len(raw) == 0 || len(raw) > limit {
		return nil, false
	}
	seen := map[int]bool{}
	var out []int
	for _, item := range raw {
		var txt string
		if err := json.Unmarshal(item, &txt); err != nil {
			txt = string(item)
		}
		n, err := strconv.Atoi(strings.TrimSpace(txt))
		if err != nil || n < lo || n > hi {
			return nil, false
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out, true
}

func parsePolicyRetention(s string, limit int) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || n == 0 || n < -1 || n > limit {
		return 0, false
	}
	return n, true
}

// parseTargetRegions reads TargetCopyRegions: a JSON array with one region ID ("only one destination region").
func parseTargetRegions(s string) ([]string, bool) {
	var list []string
	if err := json.Unmarshal([]byte(s), &list); err != nil || len(list) > 1 {
		return nil, false
	}
	for _, r := range list {
		if r == "" || strings.Trim(r, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return nil, false
		}
	}
	return list, true
}

func jsonInts(v []int) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Quote(strconv.Itoa(n))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// policySettings are the parameters Create and Modify share, as they arrived ("" = absent).
type policySettings struct {
	Name, TimePoints, RepeatWeekdays, RetentionDays, EnableCrossRegionCopy, TargetCopyRegions,
	CopiedSnapshotsRetentionDays, CopyEncrypted, CopyKMSKeyID string
}

// apply checks s and writes what it sets onto p; retentionLimit is the operation's documented maximum.
func (s policySettings) apply(p *policy, retentionLimit int) *Error {
	if s.Name != "" {
		if !validPolicyName(s.Name) {
			return errPolicyNameMalformed
		}
		p.Name = s.Name
	}
	if s.TimePoints != "" {
		v, ok := parseIntArray(s.TimePoints, 0, 23, 24)
		if !ok {
			return errPolicyParam("TimePoints")
		}
		p.TimePoints = v
	}
	if s.RepeatWeekdays != "" {
		v, ok := parseIntArray(s.RepeatWeekdays, 1, 7, 7)
		if !ok {
			return errPolicyParam("RepeatWeekdays")
		}
		p.RepeatWeekdays = v
	}
	if s.RetentionDays != "" {
		v, ok := parsePolicyRetention(s.RetentionDays, retentionLimit)
		if !ok {
			return errPolicyParam("RetentionDays")
		}
		p.RetentionDays = v
	}
	if s.EnableCrossRegionCopy != "" {
		v, ok := parseBool(s.EnableCrossRegionCopy)
		if !ok {
			return ErrInvalidParameter("EnableCrossRegionCopy")
		}
		p.EnableCrossRegionCopy = v
	}
	if s.TargetCopyRegions != "" {
		v, ok := parseTargetRegions(s.TargetCopyRegions)
		if !ok {
			return errTargetCopyRegions
		}
		p.TargetCopyRegions = v
	}
	if s.CopiedSnapshotsRetentionDays != "" {
		v, ok := parsePolicyRetention(s.CopiedSnapshotsRetentionDays, maxPolicyRetentionCreate)
		if !ok {
			return errCopiedRetention
		}
		p.CopiedRetentionDays = v
	}
	if s.CopyEncrypted != "" || s.CopyKMSKeyID != "" {
		p.CopyEncryptionGiven = true
	}
	if s.CopyEncrypted != "" {
		v, ok := parseBool(s.CopyEncrypted)
		if !ok {
			return ErrInvalidParameter("CopyEncryptionConfiguration.Encrypted")
		}
		p.CopyEncrypted = v
		if !v {
			p.CopyKMSKeyID = ""
		}
	}
	if s.CopyKMSKeyID != "" {
		p.CopyKMSKeyID = s.CopyKMSKeyID
	}
	// "KMSKeyId can be specified only when Encrypted is true" (InvalidParameter.EncryptedIllegal).
	if p.CopyKMSKeyID != "" && !p.CopyEncrypted {
		return errEncryptedIllegal
	}
	// Cross-region copy needs its one destination; the documents give the TargetCopyRegions code for it.
	if p.EnableCrossRegionCopy && len(p.TargetCopyRegions) == 0 {
		return errTargetCopyRegions
	}
	return nil
}

// The codes for a copies' KMS key that does not exist: ModifyAutoSnapshotPolicyEx documents 404
// InvalidParameter.KMSKeyId.NotFound, CreateAutoSnapshotPolicy only 403 InvalidOperation.KMSKeyIdNotFound
// (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy).
var (
	errCreateCopyKMSKeyNotFound = apiErr(403, "InvalidOperation.KMSKeyIdNotFound", "The specified KMSKeyId is not found.")
	errModifyCopyKMSKeyNotFound = apiErr(404, "InvalidParameter.KMSKeyId.NotFound", "The specified KMSKeyId does not exist.")
)

// checkCopyTarget applies the rules of cross-region copy that need the other regions: the target region must be
// one the account has (the documents give InvalidParameter.TargetCopyRegions for a bad target; "mars-north-1" is
// as bad as two targets), and the copies' KMS key must be in it, as CopySnapshot wants "the ID of the KMS key in
// the destination region": the copies are made and encrypted there. keyNotFound is the operation's code.
func (w *world) checkCopyTarget(p *policy, keyNotFound *Error) *Error {
	if len(p.TargetCopyRegions) == 0 {
		return nil
	}
	target := w.region(p.TargetCopyRegions[0])
	if target == nil {
		return errTargetCopyRegions
	}
	if p.CopyKMSKeyID != "" && !target.hasKMSKey(p.CopyKMSKeyID) {
		return keyNotFound
	}
	return nil
}

func (p *policy) clone() *policy {
	c := *p
	c.TimePoints = append([]int(nil), p.TimePoints...)
	c.RepeatWeekdays = append([]int(nil), p.RepeatWeekdays...)
	c.TargetCopyRegions = append([]string(nil), p.TargetCopyRegions...)
	c.Tags = append([]SnapshotTag(nil), p.Tags...)
	c.TargetTags = append([]SnapshotTag(nil), p.TargetTags...)
	return &c
}

func (w *regionState) policyByID(id string) *policy {
	for _, p := range w.Policies {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// policyTaken reports whether any region has a policy with the ID.
func (w *world) policyTaken(id string) bool {
	for _, r := range w.Regions {
		if r.policyByID(id) != nil {
			return true
		}
	}
	return false
}

// CreateAutoSnapshotPolicy creates a policy. regionId, timePoints, repeatWeekdays and retentionDays are required.
func (b *Backend) CreateAutoSnapshotPolicy(in CreateAutoSnapshotPolicyInput) (*CreateAutoSnapshotPolicyOutput, error) {
	now := b.begin()
	defer b.mu.Unlock()
	if in.RegionID == "" {
		return nil, ErrMissingParameter("regionId")
	}
	r, rerr := b.policyRegion(in.RegionID, errPolicyRegion)
	if rerr != nil {
		return nil, rerr
	}
	for _, req := range []struct{ name, v string }{
		{"timePoints", in.TimePoints}, {"repeatWeekdays", in.RepeatWeekdays}, {"retentionDays", in.RetentionDays},
	} {
		if req.v == "" {
			return nil, ErrMissingParameter(req.name)
		}
	}
	p := &policy{RetentionDays: -1, CopiedRetentionDays: -1, AssociationType: associatedWithDisk}
	if err := in.apply(p, maxPolicyRetentionCreate); err != nil {
		return nil, err
	}
	if err := b.w.checkCopyTarget(p, errCreateCopyKMSKeyNotFound); err != nil {
		return nil, err
	}
	if err := checkTagsToAdd(in.Tags, errCreateTagsQuota); err != nil {
		return nil, err
	}
	for _, t := range in.Tags {
		p.Tags = append(p.Tags, SnapshotTag{TagKey: t.Key, TagValue: t.Value})
	}
	switch in.AssociationType {
	case "", associatedWithDisk:
		if len(in.TargetTags) > 0 {
			return nil, errPolicyTargetTagsCount
		}
	case associatedWithInstanceTag:
		p.AssociationType = associatedWithInstanceTag
		if len(in.TargetTags) == 0 || len(in.TargetTags) > maxTargetTags {
			return nil, errPolicyTargetTagsCount
		}
		for _, t := range in.TargetTags {
			if t.Key == "" {
				return nil, errPolicyTargetTagsCount
			}
			p.TargetTags = append(p.TargetTags, SnapshotTag{TagKey: t.Key, TagValue: t.Value})
		}
	default:
		return nil, ErrInvalidParameter("AssociationType")
	}
	p.ResourceGroupID = in.ResourceGroupID
	p.GroupGiven = in.ResourceGroupID != ""
	if p.ResourceGroupID == "" {
		p.ResourceGroupID = r.defaultResourceGroup()
	} else if !r.hasResourceGroup(p.ResourceGroupID) {
		return nil, errResourceGroupNotFound
	}
	if len(r.Policies) >= maxPoliciesPerRegion {
		return nil, errPolicyQuota
	}
	p.ID = newID("sp", r.Region, b.w.policyTaken)
	p.Created = now
	r.Policies = append(r.Policies, p)
	if err := b.saveLocked(); err != nil {
		return nil, err
	}
	return &CreateAutoSnapshotPolicyOutput{AutoSnapshotPolicyId: p.ID}, nil
}

// ModifyAutoSnapshotPolicyEx changes what it is given; absent parameters keep their values. A change takes effect
// at once: the next time point follows the new schedule, and a new retention applies to snapshots taken from
// now on ("changes to the retention period apply only to new automatic snapshots").
func (b *Backend) ModifyAutoSnapshotPolicyEx(in ModifyAutoSnapshotPolicyExInput) error {
	b.begin()
	defer b.mu.Unlock()
	if in.RegionID == "" {
		return ErrMissingParameter("regionId")
	}
	r, rerr := b.policyRegion(in.RegionID, errPolicyRegion)
	if rerr != nil {
		return rerr
	}
	if in.AutoSnapshotPolicyID == "" {
		return ErrMissingParameter("autoSnapshotPolicyId")
	}
	p := r.policyByID(in.AutoSnapshotPolicyID)
	if p == nil {
		return errPolicyNotFound
	}
	next := p.clone()
	if err := in.apply(next, maxPolicyRetentionModify); err != nil {
		return err
	}
	if err := b.w.checkCopyTarget(next, errModifyCopyKMSKeyNotFound); err != nil {
		return err
	}
	*p = *next
	return b.saveLocked()
}

// DeleteAutoSnapshotPolicy deletes a policy, also one that still applies to disks: "after you delete an automatic
// snapshot policy, the policy is no longer applied to the disks" (https://www.alibabacloud.com/help/doc-detail/25528.htm,
// https://www.alibabacloud.com/help/doc-detail/127893.htm). The documents are silent on the automatic snapshots it
// took; the emulator keeps them, each with the retention it was taken with, as it keeps them when a policy is
// cancelled on a disk: they are released when that retention ends, or by DeleteSnapshot.
func (b *Backend) DeleteAutoSnapshotPolicy(in DeleteAutoSnapshotPolicyInput) error {
	b.begin()
	defer b.mu.Unlock()
	if in.RegionID == "" {
		return ErrMissingParameter("regionId")
	}
	r, rerr := b.policyRegion(in.RegionID, errPolicyRegion)
	if rerr != nil {
		return rerr
	}
	if in.AutoSnapshotPolicyID == "" {
		return ErrMissingParameter("autoSnapshotPolicyId")
	}
	p := r.policyByID(in.AutoSnapshotPolicyID)
	if p == nil {
		return errPolicyNotFound
	}
	for i, x := range r.Policies {
		if x == p {
			r.Policies = append(r.Policies[:i], r.Policies[i+1:]...)
			break
		}
	}
	for disk, id := range r.Applied {
		if id == p.ID {
			delete(r.Applied, disk)
		}
	}
	return b.saveLocked()
}

// diskAcceptsPolicy: automatic snapshots are for cloud disks; local disks (ephemeral, local_*) take none.
func diskAcceptsPolicy(d *Disk) bool {
	return !strings.HasPrefix(d.Category, "ephemeral") && !strings.HasPrefix(d.Category, "local")
}

// parsePolicyDisks reads diskIds: a JSON array of 1..maxPolicyDiskIDs disk IDs.
func parsePolicyDisks(s string) ([]string, bool) {
	var list []string
	if err := json.Unmarshal([]byte(s), &list); err != nil || len(list) == 0 || len(list) > maxPolicyDiskIDs {
		return nil, false
	}
	for i := range list {
		list[i] = strings.TrimSpace(list[i])
	}
	return list, true
}

// ApplyAutoSnapshotPolicy applies a policy to disks, all or none. A disk carries one policy: applying another
// replaces it. That is the classic rule ("a disk can have only one automatic snapshot policy",
// https://alibabacloud.com/help/en/doc-detail/25531.htm) and still the default; the multi-policy mode needs a
// feature upgrade the account has to request (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-applyautosnapshotpolicy),
// which the emulator does not model. Whether a disk can be snapshotted now (attachment, instance state) is judged
// at each time point, not here: ECS lets a policy sit on a detached disk.
func (b *Backend) ApplyAutoSnapshotPolicy(in ApplyAutoSnapshotPolicyInput) error {
	b.begin()
	defer b.mu.Unlock()
	if in.RegionID == "" {
		return ErrMissingParameter("regionId")
	}
	r, rerr := b.policyRegion(in.RegionID, errPolicyRegion)
	if rerr != nil {
		return rerr
	}
	if in.AutoSnapshotPolicyID == "" {
		return ErrMissingParameter("autoSnapshotPolicyId")
	}
	if in.DiskIDs == "" {
		return ErrMissingParameter("diskIds")
	}
	disks, ok := parsePolicyDisks(in.DiskIDs)
	if !ok {
		return errPolicyParam("DiskIds")
	}
	p := r.policyByID(in.AutoSnapshotPolicyID)
	if p == nil {
		return errApplyPolicyNotFound
	}
	unsupported := 0
	for _, id := range disks {
		d, ok := r.diskByID[id]
		if !ok {
			return errDiskNotFound
		}
		if !diskAcceptsPolicy(d) {
			unsupported++
		}
	}
	switch {
	case unsupported == len(disks):
		return errDiskCategoryOperation
	case unsupported > 0:
		return errPartofDiskCategory
	}
	for _, id := range disks {
		r.Applied[id] = p.ID
	}
	return b.saveLocked()
}

// CancelAutoSnapshotPolicy takes the policy off the disks. With autoSnapshotPolicyId, only a disk that carries
// that policy loses it; a disk carrying another policy (or none) is left as it is. The documents describe the
// parameter only for disks with several policies; leaving other disks alone is what lets a caller cancel "its"
// policy without undoing a later Apply of another one. Without it, whatever policy the disk has is cancelled.
func (b *Backend) CancelAutoSnapshotPolicy(in CancelAutoSnapshotPolicyInput) error {
	b.begin()
	defer b.mu.Unlock()
	if in.RegionID == "" {
		return ErrMissingParameter("regionId")
	}
	r, rerr := b.policyRegion(in.RegionID, errCancelPolicyRegion)
	if rerr != nil {
		return rerr
	}
	if in.DiskIDs == "" {
		return ErrMissingParameter("diskIds")
	}
	disks, ok := parsePolicyDisks(in.DiskIDs)
	if !ok {
		return errCancelDiskIDs
	}
	if in.AutoSnapshotPolicyID != "" && r.policyByID(in.AutoSnapshotPolicyID) == nil {
		return errCancelPolicyNotFound
	}
	for _, id := range disks {
		// An unknown disk: the page lists 404 ParameterInvalid ("the specified diskIds is invalid"), not the
		// InvalidDiskId.NotFound that Apply answers.
		if _, ok := r.diskByID[id]; !ok {
			return errCancelDiskIDs
		}
	}
	for _, id := range disks {
		if in.AutoSnapshotPolicyID == "" || r.Applied[id] == in.AutoSnapshotPolicyID {
			delete(r.Applied, id)
		}
	}
	return b.saveLocked()
}

// instanceCarries: every target tag is on the instance; an empty target value matches any value.
func instanceCarries(in *Instance, targets []SnapshotTag) bool {
	if in == nil || len(targets) == 0 {
		return false
	}
	for _, t := range targets {
		v, ok := in.Tags[t.TagKey]
		if !ok || (t.TagValue != "" && v != t.TagValue) {
			return false
		}
	}
	return true
}

// diskPolicy is the policy that applies to the disk: the one applied to it, else the oldest
// AssociatedWithInstanceTag policy whose target tags its instance carries (the documents do not say how the two
// kinds combine; an explicit Apply is the more specific choice, and "one policy per disk" holds either way).
func (w *regionState) diskPolicy(d *Disk) *policy {
	if id, ok := w.Applied[d.DiskID]; ok {
		if p := w.policyByID(id); p != nil {
			return p
		}
	}
	if d.InstanceID == "" || !diskAcceptsPolicy(d) {
		return nil
	}
	in := w.instByID[d.InstanceID]
	for _, p := range w.Policies {
		if p.AssociationType == associatedWithInstanceTag && instanceCarries(in, p.TargetTags) {
			return p
		}
	}
	return nil
}

// policyDisks counts the disks the policy applies to now.
func (w *regionState) policyDisks(p *policy) int {
	n := 0
	for i := range w.Disks {
		if w.diskPolicy(&w.Disks[i]) == p {
			n++
		}
	}
	return n
}

// DescribeAutoSnapshotPolicyEx lists a region's policies in creation order. Filters: AutoSnapshotPolicyId,
// AutoSnapshotPolicyName (exact), ResourceGroupId, Tag.N (all must match; an empty value matches any value).
// Pages: PageNumber from 1, PageSize 1-100 (default 10).
func (b *Backend) DescribeAutoSnapshotPolicyEx(in DescribeAutoSnapshotPolicyExInput) (*DescribeAutoSnapshotPolicyExOutput, error) {
	b.begin()
	defer b.mu.Unlock()
	r, rerr := b.policyRegion(in.RegionID, errDescribePolicyRegion)
	if rerr != nil {
		return nil, rerr
	}
	if len(in.Tags) > maxTagsPerResource {
		return nil, errTagCount
	}
	var tags []Tag
	for _, t := range in.Tags {
		if t.Key == "" {
			if t.Value != "" {
				return nil, errTagMismatch
			}
			continue
		}
		tags = append(tags, t)
	}
	pg, perr := parsePaging(in.PageNumber, in.PageSize, "", "")
	if perr != nil {
		return nil, perr
	}
	var matched []*policy
	for _, p := range r.Policies {
		if in.AutoSnapshotPolicyID != "" && p.ID != in.AutoSnapshotPolicyID ||
			in.AutoSnapshotPolicyName != "" && p.Name != in.AutoSnapshotPolicyName ||
			in.ResourceGroupID != "" && p.ResourceGroupID != in.ResourceGroupID {
			continue
		}
		ok := true
		for _, t := range tags {
			if !hasTag(p.Tags, t) {
				ok = false
				break
			}
		}
		if ok {
			matched = append(matched, p)
		}
	}
	from, to, number, _, werr := pg.window(len(matched))
	if werr != nil {
		return nil, werr
	}
	out := &DescribeAutoSnapshotPolicyExOutput{TotalCount: len(matched), PageNumber: number, PageSize: pg.size,
		AutoSnapshotPolicies: AutoSnapshotPolicyList{AutoSnapshotPolicy: []AutoSnapshotPolicyItem{}}}
	for _, p := range matched[from:to] {
		item := r.policyItem(p)
		if b.omitPolicyDefaults {
			if !p.GroupGiven {
				item.ResourceGroupId = ""
			}
			if !p.CopyEncryptionGiven {
				item.CopyEncryptionConfiguration = nil
			}
		}
		out.AutoSnapshotPolicies.AutoSnapshotPolicy = append(out.AutoSnapshotPolicies.AutoSnapshotPolicy, item)
	}
	return out, nil
}

func (w *regionState) policyItem(p *policy) AutoSnapshotPolicyItem {
	regions, _ := json.Marshal(append([]string{}, p.TargetCopyRegions...))
	item := AutoSnapshotPolicyItem{
		AutoSnapshotPolicyId: p.ID, AutoSnapshotPolicyName: p.Name, RegionId: w.Region,
		CreationTime: p.Created.UTC().Format(wireTime), TimePoints: jsonInts(p.TimePoints),
		RepeatWeekdays: jsonInts(p.RepeatWeekdays), RetentionDays: p.RetentionDays, DiskNums: w.policyDisks(p),
		Status: "Normal", Type: "Custom", EnableCrossRegionCopy: p.EnableCrossRegionCopy,
		TargetCopyRegions: string(regions), CopiedSnapshotsRetentionDays: p.CopiedRetentionDays,
		CopyEncryptionConfiguration: &CopyEncryptionConfiguration{Encrypted: p.CopyEncrypted, KMSKeyId: p.CopyKMSKeyID},
		Tags:                        SnapshotTags{Tag: append([]SnapshotTag{}, p.Tags...)}, ResourceGroupId: p.ResourceGroupID,
		AssociationType: p.AssociationType, TargetTags: PolicyTargetTags{TargetTag: []PolicyTargetTag{}},
	}
	for _, t := range p.TargetTags {
		item.TargetTags.TargetTag = append(item.TargetTags.TargetTag, PolicyTargetTag{Key: t.TagKey, Value: t.TagValue})
	}
	return item
}

// SetPolicyDefaults sets how DescribeAutoSnapshotPolicyEx shows what a policy was created without:
// PolicyDefaultsShow ("" too) or PolicyDefaultsOmit. It applies to every answer from now on, policies made before
// included.
func (b *Backend) SetPolicyDefaults(mode string) error {
	var omit bool
	switch mode {
	case "", PolicyDefaultsShow:
	case PolicyDefaultsOmit:
		omit = true
	default:
		return fmt.Errorf("policy defaults %q: want %q or %q", mode, PolicyDefaultsShow, PolicyDefaultsOmit)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.omitPolicyDefaults = omit
	return nil
}

// PolicyDefaults is the current mode of SetPolicyDefaults.
func (b *Backend) PolicyDefaults() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.omitPolicyDefaults {
		return PolicyDefaultsOmit
	}
	return PolicyDefaultsShow
}
