package backend

import "time"

// RegionView is one region's instances and disks as they stand, for GET /_emulator/ecs/fixture and the emulator's
// start-up lines: what a configuration can name (and which disks CreateSnapshot takes) without reading the fixture.
type RegionView struct {
	RegionID       string         `json:"region_id"`
	Default        bool           `json:"default"`
	ResourceGroups []string       `json:"resource_groups"`
	Instances      []InstanceView `json:"instances"`
	Disks          []DiskView     `json:"disks"`
	// Desktops are the region's cloud desktops of Elastic Desktop Service, which the server serves beside ECS
	// (SetDesktopViews wires them in); absent where the region has none.
	Desktops []DesktopView `json:"desktops,omitempty"`
}

// DesktopView is a cloud desktop (ECD) of a RegionView: what aliecs_desktop_snapshot.desktop_id can name.
// AcceptsSnapshots: the desktop is Running or Stopped, which ECD's CreateSnapshot requires; Refusal is the code it
// answers otherwise.
type DesktopView struct {
	DesktopID        string `json:"desktop_id"`
	DesktopName      string `json:"desktop_name"`
	Status           string `json:"status"`
	AcceptsSnapshots bool   `json:"accepts_snapshots"`
	Refusal          string `json:"refusal,omitempty"`
}

// SetDesktopViews hands FixtureView another product's desktops per region (the server's wiring does, in
// products.go); it is called without the backend's lock held, since that product runs on this backend's clock.
func (b *Backend) SetDesktopViews(f func() map[string][]DesktopView) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.desktopViews = f
}

// InstanceView is an instance of a RegionView.
type InstanceView struct {
	InstanceID   string `json:"instance_id"`
	InstanceName string `json:"instance_name"`
	Status       string `json:"status"`
}

// DiskView is a disk of a RegionView. AcceptsSnapshots judges the disk and its instance (attachment, instance
// state, security lock), not the moment: a disk whose snapshot is still progressing, or that holds the most
// manual snapshots a disk may have, refuses another until that changes. Refusal is the error code
// CreateSnapshot answers otherwise.
type DiskView struct {
	DiskID           string `json:"disk_id"`
	DiskName         string `json:"disk_name"`
	InstanceID       string `json:"instance_id,omitempty"`
	Type             string `json:"type"`
	Category         string `json:"category"`
	SizeGiB          int    `json:"size_gib"`
	AcceptsSnapshots bool   `json:"accepts_snapshots"`
	Refusal          string `json:"refusal,omitempty"`
	// Status is the disk's status as DescribeDisks shows it now (ReIniting while it is rolled back).
	Status string `json:"status"`
	// The last roll-back (ResetDisk) of the disk: the snapshot it went back to, when the call was made, and how
	// many roll-backs the disk has had. The real API has no such fields; tests and users read them here.
	RolledBackToSnapshotID string     `json:"rolled_back_to_snapshot_id,omitempty"`
	RolledBackAt           *time.Time `json:"rolled_back_at,omitempty"`
	RollbackCount          int        `json:"rollback_count,omitempty"`
}

// FixtureView lists every region (the default first) with its instances and disks as they are now, after any
// seed or state file.
func (b *Backend) FixtureView() []RegionView {
	out, desktops := b.fixtureView()
	if desktops != nil {
		byRegion := desktops()
		for i := range out {
			out[i].Desktops = byRegion[out[i].RegionID]
		}
	}
	return out
}

func (b *Backend) fixtureView() ([]RegionView, func() map[string][]DesktopView) {
	b.begin() // transitions due by now are settled, so the view shows the statuses as they are
	defer b.mu.Unlock()
	out := make([]RegionView, 0, len(b.w.Regions))
	for i, r := range b.w.Regions {
		v := RegionView{
			RegionID: r.Region, Default: i == 0, ResourceGroups: append([]string{}, r.ResourceGroups...),
			Instances: make([]InstanceView, 0, len(r.Instances)), Disks: make([]DiskView, 0, len(r.Disks)),
		}
		for _, in := range r.Instances {
			v.Instances = append(v.Instances, InstanceView{InstanceID: in.InstanceID, InstanceName: in.InstanceName, Status: in.Status})
		}
		for j := range r.Disks {
			d := &r.Disks[j]
			dv := DiskView{DiskID: d.DiskID, DiskName: d.DiskName, InstanceID: d.InstanceID, Type: d.Type,
				Category: d.Category, SizeGiB: d.SizeGiB, AcceptsSnapshots: true, Status: diskStatus(d),
				RolledBackToSnapshotID: d.RolledBackToSnapshotID, RollbackCount: d.RollbackCount}
			if !d.RolledBackAt.IsZero() {
				at := d.RolledBackAt
				dv.RolledBackAt = &at
			}
			if err := diskRefusal(d, r.instByID[d.InstanceID]); err != nil {
				dv.AcceptsSnapshots, dv.Refusal = false, err.Code
			}
			v.Disks = append(v.Disks, dv)
		}
		out = append(out, v)
	}
	return out, b.desktopViews
}
