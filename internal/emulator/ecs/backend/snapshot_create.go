package backend

import (
	"fmt"
	"strings"
	"time"
)

const maxManualSnapshotsPerDisk = 256

// createArgs is a CreateSnapshot request after validation.
type createArgs struct {
	category, resourceGroup string
	retention, iaRetention  int
	instantAccess           bool
	tags                    []Tag
}

func parseCreate(in CreateSnapshotInput) (createArgs, *Error) {
	var a createArgs
	if in.DiskID == "" {
		return a, ErrMissingParameter("DiskId")
	}
	var err *Error
	if a.retention, err = parseAttributes(in.SnapshotName, in.Description, in.RetentionDays); err != nil {
		return a, err
	}
	switch in.Category {
	case "":
	case "Standard", "Flash":
		a.category = strings.ToLower(in.Category)
	default:
		return a, errCategoryMalformed
	}
	var ok bool
	if a.instantAccess, ok = parseBool(in.InstantAccess); !ok {
		return a, ErrInvalidParameter("InstantAccess")
	}
	// The document gives InstantAccessRetentionDays no error code of its own; the RetentionDays code is the
	// closest documented one. Without InstantAccess=true the value is checked but has no effect.
	if a.iaRetention, ok = parseRetention(in.InstantAccessRetentionDays, 65535); !ok {
		return a, errRetentionMalformed
	}
	if !a.instantAccess {
		a.iaRetention = 0
	} else if a.iaRetention == 0 {
		a.iaRetention = a.retention // "By default, the value of this parameter is the same as that of RetentionDays."
	}
	// "The Category and InstantAccess parameters cannot be specified at the same time." No code is documented
	// for the conflict; the Category code is the closest. InstantAccess=false is the default and no conflict.
	if in.Category != "" && a.instantAccess {
		return a, errCategoryMalformed
	}
	if a.category == "" {
		a.category = "standard"
	}
	if err := checkTagsToAdd(in.Tags, errCreateTagsQuota); err != nil {
		return a, err
	}
	a.tags = in.Tags
	// ClientToken: ASCII, at most 64 characters. No code is documented; InvalidParameter is ECS's generic one.
	if len(in.ClientToken) > 64 || !isASCII(in.ClientToken) {
		return a, ErrInvalidParameter("ClientToken")
	}
	a.resourceGroup = in.ResourceGroupID
	return a, nil
}

// fingerprint identifies a request's parameters for ClientToken idempotence.
func fingerprint(in CreateSnapshotInput) string {
	var b strings.Builder
	for _, s := range []string{in.RegionID, in.DiskID, in.SnapshotName, in.Description, in.RetentionDays, in.Category,
		in.InstantAccess, in.InstantAccessRetentionDays, in.ResourceGroupID, in.StorageLocationArn} {
		fmt.Fprintf(&b, "%d:%s|", len(s), s)
	}
	for _, t := range in.Tags {
		fmt.Fprintf(&b, "%d:%s=%d:%s|", len(t.Key), t.Key, len(t.Value), t.Value)
	}
	return b.String()
}

// CreateSnapshot starts a manual snapshot of a disk. Checks run in the order ECS reports them: parameters,
// the idempotence token, then the disk and its instance.
func (b *Backend) CreateSnapshot(in CreateSnapshotInput) (*CreateSnapshotOutput, error) {
	now := b.begin()
	defer b.mu.Unlock()
	w, rerr := b.regionFor(in.RegionID, false, func() *regionState { return b.w.findDisk(in.DiskID) })
	if rerr != nil {
		return nil, rerr
	}
	a, perr := parseCreate(in)
	if perr != nil {
		return nil, perr
	}
	fp := fingerprint(in)
	if in.ClientToken != "" {
		if used, ok := w.Tokens[in.ClientToken]; ok {
			if used.Fingerprint != fp {
				return nil, errIdempotentMismatch
			}
			return &CreateSnapshotOutput{SnapshotId: used.SnapshotID}, nil
		}
	}
	d, ok := w.diskByID[in.DiskID]
	if !ok {
		return nil, errDiskNotFound
	}
	if a.resourceGroup == "" {
		a.resourceGroup = w.defaultResourceGroup()
	} else if !w.hasResourceGroup(a.resourceGroup) {
		return nil, errResourceGroupNotFound
	}
	// Instant access (and the local snapshots Flash stood for) exist only for ESSDs. DiskCategory.OperationNotSupported
	// is the documented code that names the disk category as the reason.
	if (a.instantAccess || a.category == "flash") && !strings.HasPrefix(d.Category, "cloud_essd") {
		return nil, errDiskCategoryOperation
	}
	if err := w.checkDiskSnapshottable(d, now); err != nil {
		return nil, err
	}

	s := &snap{
		ID:              newID("s", w.Region, b.w.snapshotTaken),
		Name:            in.SnapshotName,
		Description:     in.Description,
		DiskID:          d.DiskID,
		InstanceID:      d.InstanceID,
		DiskType:        d.Type,
		DiskSize:        d.SizeGiB,
		Created:         now,
		Duration:        b.duration,
		RetentionDays:   a.retention,
		Category:        a.category,
		InstantAccess:   a.instantAccess,
		IARetentionDays: a.iaRetention,
		Encrypted:       d.Encrypted,
		KMSKeyID:        d.KMSKeyID,
		ResourceGroupID: a.resourceGroup,
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
	for _, t := range a.tags {
		s.Tags = append(s.Tags, SnapshotTag{TagKey: t.Key, TagValue: t.Value})
	}
	w.insert(s)
	if in.ClientToken != "" {
		w.Tokens[in.ClientToken] = tokenUse{Fingerprint: fp, SnapshotID: s.ID}
	}
	if err := b.saveLocked(); err != nil {
		return nil, err
	}
	return &CreateSnapshotOutput{SnapshotId: s.ID}, nil
}

// diskRefusal is why CreateSnapshot refuses the disk for its attachment: in is the instance it is attached to,
// nil when there is none or none is known. nil when the disk is accepted on that count.
func diskRefusal(d *Disk, in *Instance) *Error {
	switch {
	case d.Status == diskRollingBack:
		return errIncorrectDiskStatus // being rolled back (ResetDisk): its content is being rewritten
	case d.InstanceID == "" && !d.EverAttached:
		return errNeverAttached
	case d.InstanceID == "" && !d.EverUsed:
		return errNeverUsed
	case in == nil:
		return nil
	case in.LockedForSecurity:
		// A security lock forbids every operation, so it is reported before the instance's state.
		return errInstanceLocked
	case !in.EverStarted || (in.Status != "Running" && in.Status != "Stopped"):
		return errInstanceStatus
	}
	return nil
}

// checkDiskSnapshottable applies the documented "you cannot create snapshots" scenarios.
func (w *regionState) checkDiskSnapshottable(d *Disk, now time.Time) *Error {
	if err := diskRefusal(d, w.instByID[d.InstanceID]); err != nil {
		return err
	}
	manual := 0
	for _, s := range w.byDisk[d.DiskID] {
		if s.SourceSnapshotID != "" {
			continue // a same-region copy is not a snapshot of the disk: it neither blocks one nor counts to the quota
		}
		if s.status(now) == "progressing" {
			return errCreatingSnapshot
		}
		if !s.Auto { // automatic snapshots have their own quota (maxAutoSnapshotsPerDisk)
			manual++
		}
	}
	if manual >= maxManualSnapshotsPerDisk {
		return errSnapshotQuota
	}
	return nil
}

func (w *regionState) linkExists(id string) bool {
	for _, l := range w.Links {
		if l == id {
			return true
		}
	}
	return false
}
