package backend

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CopySnapshot, as documented at https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot
// (the current edition, "standard or encrypted" snapshots) and the user guide "Copy a snapshot",
// https://www.alibabacloud.com/help/en/ecs/user-guide/copy-a-snapshot. Where the editions disagree, the current
// one wins; each choice is written where it is made.

// CopySnapshotInput carries CopySnapshot's parameters as the wire named them (Arn.N and
// DestinationStorageLocationArn are not public and not read).
type CopySnapshotInput struct {
	RegionID, DestinationRegionID, SnapshotID, DestinationSnapshotName, DestinationSnapshotDescription,
	RetentionDays, Encrypted, KMSKeyID, ResourceGroupID, ClientToken string
	Tags []Tag
}

type CopySnapshotOutput struct {
	SnapshotId string `json:"SnapshotId" xml:"SnapshotId"` //nolint:revive // wire name
}

// CopySnapshot's table answers 403 for malformed names, descriptions and retention, where CreateSnapshot answers
// 400/404/400 for the same codes; each call keeps its own document's statuses.
var (
	errCopyNameMalformed        = apiErr(403, "InvalidSnapshotName.Malformed", "The specified SnapshotName is wrongly formed.")
	errCopyDescriptionMalformed = apiErr(403, "InvalidDescription.Malformed", "The specified description is wrongly formed.")
	errCopyRetentionMalformed   = apiErr(403, "InvalidRetentionDays.Malformed", "The specified RetentionDays is not valid.")
	errCopyDestinationNotExists = apiErr(403, "InvalidRegionId.NotExists", "Region not exists.")
	errCopySourceNotFound       = apiErr(403, "InvalidSnapshotId.NotFound", "The specified snapshot is not exists.")
	errCopySourceNotReady       = apiErr(403, "InvalidSnapshotId.NotReady", "The specified snapshot has not completed yet.")
	errCopyLocalCategory        = apiErr(403, "InvalidSnapshotCategory.NotSupportCopy", "The specified snapshot's category does not support copy.")
	errCopyArchiveCategory      = apiErr(403, "OperationDenied.SnapshotCategoryNotSupportCopy", "The specified category of snapshot not support copy.")
	errCopySameRegion           = apiErr(403, "InvalidOperation.NotSupportCopyInSameRegion", "Copying snapshot in the same region is not supported.")
	errCopyKMSWithoutEncrypted  = apiErr(403, "InvalidEncrypted.NotMatchKmsKeyId", "The specified parameter Encrypted must be true when KmsKeyId is not empty.")
	errCopyDecrypt              = apiErr(403, "InvalidEncrypted.NotSupportDecrypt", "Encrypted snapshot not support copy to decrypt snapshot.")
	errCopyKMSKeyNotFound       = apiErr(403, "InvalidParameter.KMSKeyId.NotFound", "The specified KMSKeyId does not exist.")
	errCopyUnfinishedCross      = apiErr(403, "InvalidOperation.UnfinishedCrossRegionCopy", "This disk has unfinished cross-region copy snapshots in the target region.")
	errCopyUnfinishedEncrypted  = apiErr(403, "InvalidOperation.UnfinishedEncryptedSnapshotCopy", "This disk has unfinished encrypted copy snapshots in the target region.")
)

// copyArgs is a CopySnapshot request after its parameters were checked.
type copyArgs struct {
	retention int
	encrypted bool
}

func parseCopy(in CopySnapshotInput) (copyArgs, *Error) {
	var a copyArgs
	switch {
	case in.SnapshotID == "":
		return a, ErrMissingParameter("SnapshotId")
	case in.DestinationRegionID == "":
		return a, ErrMissingParameter("DestinationRegionId")
	}
	// DestinationSnapshotName and DestinationSnapshotDescription are marked required yet "empty by default", and
	// the 2021 sample request sends neither (https://github.com/AlibabaCloudDocs/ecs, API参考/快照/CopySnapshot.md):
	// absent is accepted, and the copy has no name or description.
	if in.DestinationSnapshotName != "" && !validCopyName(in.DestinationSnapshotName) {
		return a, errCopyNameMalformed
	}
	if in.DestinationSnapshotDescription != "" && !validDescription(in.DestinationSnapshotDescription) {
		return a, errCopyDescriptionMalformed
	}
	var ok bool
	if a.retention, ok = parseRetention(in.RetentionDays, maxRetentionDays); !ok {
		return a, errCopyRetentionMalformed
	}
	// At most 20 tags (https://api.aliyun.com/document/Ecs/2014-05-26/CopySnapshot); the page lists no code for
	// more, so CreateSnapshot's QuotaExceed.Tags answers it.
	if err := checkTagsToAdd(in.Tags, errCreateTagsQuota); err != nil {
		return a, err
	}
	if a.encrypted, ok = parseBool(in.Encrypted); !ok {
		return a, ErrInvalidParameter("Encrypted")
	}
	if in.KMSKeyID != "" && !a.encrypted {
		return a, errCopyKMSWithoutEncrypted
	}
	// No code is documented for a bad ClientToken; InvalidParameter is ECS's generic one (as in CreateSnapshot).
	if len(in.ClientToken) > 64 || !isASCII(in.ClientToken) {
		return a, ErrInvalidParameter("ClientToken")
	}
	return a, nil
}

// validCopyName: 2-128 characters, starting with a letter, made of letters, digits, colons, underscores, hyphens
// and periods. The current edition allows the period and older ones do not; the current one wins. Letters are
// Unicode letters, as the Chinese page allows
// (https://api.aliyun.com/document/Ecs/2014-05-26/CopySnapshot). Unlike CreateSnapshot, no "auto" prefix is
// reserved: the page names none. http:// and https:// fail on the slash.
func validCopyName(name string) bool {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 128 {
		return false
	}
	for i, r := range name {
		if i == 0 && !unicode.IsLetter(r) {
			return false
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(":_-.", r) {
			return false
		}
	}
	return true
}

// copyFingerprint identifies a CopySnapshot request for ClientToken idempotence; the action's name keeps it apart
// from a CreateSnapshot that used the same token.
func copyFingerprint(in CopySnapshotInput) string {
	var b strings.Builder
	b.WriteString("CopySnapshot|")
	for _, s := range []string{in.RegionID, in.DestinationRegionID, in.SnapshotID, in.DestinationSnapshotName,
		in.DestinationSnapshotDescription, in.RetentionDays, strings.ToLower(in.Encrypted), in.KMSKeyID, in.ResourceGroupID} {
		fmt.Fprintf(&b, "%d:%s|", len(s), s)
	}
	for _, t := range in.Tags {
		fmt.Fprintf(&b, "%d:%s=%d:%s|", len(t.Key), t.Key, len(t.Value), t.Value)
	}
	return b.String()
}

// hasKMSKey reports whether the region has the KMS key: one the fixture lists, or one its disks are encrypted with.
func (w *regionState) hasKMSKey(id string) bool {
	if slices.Contains(w.KMSKeys, id) {
		return true
	}
	for i := range w.Disks {
		if w.Disks[i].KMSKeyID == id {
			return true
		}
	}
	return false
}

// CopySnapshot copies an accomplished snapshot of RegionId into DestinationRegionId. The copy is a new snapshot
// there: its own ID, name, description, RetentionDays and Tag.N (the source's tags and retention are not copied,
// https://www.alibabacloud.com/help/en/doc-detail/159441.html), the source's disk, size and type, and
// SourceSnapshotId / SourceRegionId naming the source. It progresses over the copy duration (SetCopyDuration) and
// is cancelled by deleting it. Checks run in this order: parameters, the idempotence token, the regions, the
// source snapshot, encryption, the resource group, unfinished copies.
func (b *Backend) CopySnapshot(in CopySnapshotInput) (*CopySnapshotOutput, error) {
	now := b.begin()
	defer b.mu.Unlock()
	src, rerr := b.regionFor(in.RegionID, true, nil)
	if rerr != nil {
		return nil, rerr
	}
	a, perr := parseCopy(in)
	if perr != nil {
		return nil, perr
	}
	fp := copyFingerprint(in)
	if in.ClientToken != "" {
		// IdempotentParameterMismatch is not on CopySnapshot's page; it is what ECS answers a reused token with
		// other parameters (https://www.alibabacloud.com/help/en/ecs/developer-reference/how-to-ensure-idempotence).
		if used, ok := src.Tokens[in.ClientToken]; ok {
			if used.Fingerprint != fp {
				return nil, errIdempotentMismatch
			}
			return &CopySnapshotOutput{SnapshotId: used.SnapshotID}, nil
		}
	}
	dst := b.w.region(in.DestinationRegionID)
	if dst == nil {
		return nil, errCopyDestinationNotExists
	}
	// The API page lists NotSupportCopyInSameRegion without qualification, while the user guide
	// (https://www.alibabacloud.com/help/en/ecs/user-guide/copy-a-snapshot) makes same-region copies the way to
	// encrypt a snapshot or change its key, and says a standard copy "can only be created in a different region".
	// Both hold if the refusal applies to unencrypted copies only.
	if dst == src && !a.encrypted {
		return nil, errCopySameRegion
	}
	s, ok := src.byID[in.SnapshotID]
	if !ok {
		return nil, errCopySourceNotFound
	}
	switch s.Category {
	case "flash":
		return nil, errCopyLocalCategory // "Local snapshots cannot be copied."
	case "archive":
		// Archived snapshots cannot be copied (user guide, above). Of the two category codes the page lists, the
		// OperationDenied one came with the archive tier; the InvalidSnapshotCategory one is older and kept for
		// local snapshots, the only category the older editions refuse.
		return nil, errCopyArchiveCategory
	}
	// The page describes NotReady as "being created"; a failed snapshot is not finished either and is refused the
	// same way, as only accomplished snapshots can be copied.
	if s.status(now) != "accomplished" {
		return nil, errCopySourceNotReady
	}
	// Older editions refused every encrypted source (InvalidSnapshotId.EncryptedNotSupport); the current one copies
	// them, but only into an encrypted copy.
	if s.Encrypted && !a.encrypted {
		return nil, errCopyDecrypt
	}
	// The key must be in the destination region ("The ID of the KMS key in the destination region"). Without one,
	// an encrypted copy uses the region's default service key, shown as an empty KMSKeyId.
	if in.KMSKeyID != "" && !dst.hasKMSKey(in.KMSKeyID) {
		return nil, errCopyKMSKeyNotFound
	}
	rg := in.ResourceGroupID
	// ResourceGroupId is "not publicly available"; the emulator honours it like CreateSnapshot's, in the
	// destination region.
	if rg == "" {
		rg = dst.defaultResourceGroup()
	} else if !dst.hasResourceGroup(rg) {
		return nil, errResourceGroupNotFound
	}
	// One unfinished copy per source disk and destination region, as the two Unfinished codes say. No limit is
	// documented beyond that. A same-region copy is always encrypted, so its unfinished copy answers the
	// encrypted-copy code, and a cross-region one the cross-region code whatever its encryption.
	for _, c := range dst.byDisk[s.DiskID] {
		if c.SourceSnapshotID != "" && c.status(now) == "progressing" {
			if dst == src {
				return nil, errCopyUnfinishedEncrypted
			}
			return nil, errCopyUnfinishedCross
		}
	}

	c := &snap{
		ID:               newID("s", dst.Region, b.w.snapshotTaken),
		Name:             in.DestinationSnapshotName,
		Description:      in.DestinationSnapshotDescription,
		DiskID:           s.DiskID,
		DiskType:         s.DiskType,
		DiskSize:         s.DiskSize,
		Created:          now,
		Duration:         b.copyDur,
		RetentionDays:    a.retention,
		Category:         "standard", // "a standard copy yields a standard snapshot"; copies have no instant access
		Encrypted:        a.encrypted,
		KMSKeyID:         in.KMSKeyID,
		ResourceGroupID:  rg,
		Usage:            "none",
		SourceSnapshotID: s.ID,
		SourceRegionID:   src.Region,
	}
	b.w.Seq++
	c.Seq = b.w.Seq
	c.SN = snapshotSN(s.DiskID, c.Seq)
	// Later copies of a disk into a region are incremental to the first: one chain per disk there.
	if dst.Links[s.DiskID] == "" {
		dst.Links[s.DiskID] = newID("sl", dst.Region, b.w.linkTaken)
	}
	c.LinkID = dst.Links[s.DiskID]
	if n := b.w.FailCopies[s.ID]; n > 0 {
		c.Fail = true
		if n == 1 {
			delete(b.w.FailCopies, s.ID)
		} else {
			b.w.FailCopies[s.ID] = n - 1
		}
	}
	for _, t := range in.Tags {
		c.Tags = append(c.Tags, SnapshotTag{TagKey: t.Key, TagValue: t.Value})
	}
	dst.insert(c)
	if in.ClientToken != "" {
		src.Tokens[in.ClientToken] = tokenUse{Fingerprint: fp, SnapshotID: c.ID}
	}
	if err := b.saveLocked(); err != nil {
		return nil, err
	}
	return &CopySnapshotOutput{SnapshotId: c.ID}, nil
}

// SetCopyDuration sets how long copies started from now on take; copies already started keep theirs.
func (b *Backend) SetCopyDuration(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.copyDur = max(d, 0)
}

// FailNextCopies arms the next n copies of a snapshot (in any region) to end "failed" half-way (n <= 0 disarms).
func (b *Backend) FailNextCopies(snapshotID string, n int) error {
	b.begin()
	defer b.mu.Unlock()
	if _, s := b.w.findSnapshot(snapshotID); s == nil {
		return errSnapshotNotFound
	}
	if n <= 0 {
		delete(b.w.FailCopies, snapshotID)
	} else {
		if b.w.FailCopies == nil {
			b.w.FailCopies = map[string]int{}
		}
		b.w.FailCopies[snapshotID] = n
	}
	return b.saveLocked()
}

// ArchiveSnapshot moves a snapshot (in any region) to the archive tier (Category "archive"), as ArchiveSnapshot
// does on ECS once a snapshot is accomplished, so that the rules for archived snapshots can be exercised.
func (b *Backend) ArchiveSnapshot(snapshotID string) error {
	now := b.begin()
	defer b.mu.Unlock()
	_, s := b.w.findSnapshot(snapshotID)
	if s == nil {
		return errSnapshotNotFound
	}
	if s.status(now) != "accomplished" {
		return errCopySourceNotReady
	}
	s.Category = "archive"
	return b.saveLocked()
}
