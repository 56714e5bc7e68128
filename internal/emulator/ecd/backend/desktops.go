package backend

import (
	"strconv"
)

// DescribeDesktopsInput is what the emulator reads of DescribeDesktops: enough to discover the fixture
// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describedesktops).
type DescribeDesktopsInput struct {
	RegionID                                          string
	DesktopIDs                                        []string // DesktopId.N, up to 100
	DesktopStatus, DesktopName, MaxResults, NextToken string
}

// DesktopDisk is one of a desktop's disks in DescribeDesktops' Disks.
type DesktopDisk struct {
	DiskID   string `json:"DiskId" xml:"DiskId"`
	DiskSize int    `json:"DiskSize" xml:"DiskSize"`
	DiskType string `json:"DiskType" xml:"DiskType"` // SYSTEM | DATA
}

// DesktopView is a desktop as DescribeDesktops shows it (the fields snapshots need).
type DesktopView struct {
	DesktopID           string        `json:"DesktopId" xml:"DesktopId"`
	DesktopName         string        `json:"DesktopName" xml:"DesktopName"`
	DesktopStatus       string        `json:"DesktopStatus" xml:"DesktopStatus"`
	OsType              string        `json:"OsType" xml:"OsType"`
	ProtocolType        string        `json:"ProtocolType" xml:"ProtocolType"`
	CreationTime        string        `json:"CreationTime" xml:"CreationTime"`
	SystemDiskSize      int           `json:"SystemDiskSize" xml:"SystemDiskSize"`
	SystemDiskCategory  string        `json:"SystemDiskCategory" xml:"SystemDiskCategory"`
	DataDiskSize        string        `json:"DataDiskSize" xml:"DataDiskSize"` // a string in the document, unlike SystemDiskSize
	DataDiskCategory    string        `json:"DataDiskCategory" xml:"DataDiskCategory"`
	VolumeEncryption    bool          `json:"VolumeEncryptionEnabled" xml:"VolumeEncryptionEnabled"`
	VolumeEncryptionKey string        `json:"VolumeEncryptionKey,omitempty" xml:"VolumeEncryptionKey,omitempty"`
	Disks               []DesktopDisk `json:"Disks" xml:"Disks"`
}

// DescribeDesktopsOutput is DescribeDesktops' answer: NextToken and the bare Desktops array.
type DescribeDesktopsOutput struct {
	NextToken string        `json:"NextToken" xml:"NextToken"`
	Desktops  []DesktopView `json:"Desktops" xml:"Desktops"`
}

// DefaultDesktopsPage is DescribeDesktops' documented default page size.
const DefaultDesktopsPage = 10

// DescribeDesktops lists the region's desktops in fixture order.
func (b *Backend) DescribeDesktops(in DescribeDesktopsInput) (*DescribeDesktopsOutput, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.region(in.RegionID)
	if err != nil {
		return nil, err
	}
	if len(in.DesktopIDs) > maxPage {
		return nil, errDesktopIDsMalformed
	}
	size, err := parseMaxResults(in.MaxResults, DefaultDesktopsPage)
	if err != nil {
		return nil, err
	}
	var list []*Desktop
	for _, d := range r.Desktops {
		if len(in.DesktopIDs) > 0 && !contains(in.DesktopIDs, d.DesktopID) ||
			in.DesktopStatus != "" && in.DesktopStatus != d.Status ||
			in.DesktopName != "" && in.DesktopName != d.DesktopName {
			continue
		}
		list = append(list, d)
	}
	from := 0
	if in.NextToken != "" {
		n, ok := decodeToken(in.NextToken)
		if !ok || n > int64(len(list)) {
			return nil, errNextToken
		}
		from = int(n)
	}
	to := min(from+size, len(list))
	out := &DescribeDesktopsOutput{Desktops: []DesktopView{}}
	for _, d := range list[from:to] {
		out.Desktops = append(out.Desktops, desktopView(d))
	}
	if to < len(list) {
		out.NextToken = encodeToken(int64(to))
	}
	return out, nil
}

func desktopView(d *Desktop) DesktopView {
	return DesktopView{
		DesktopID: d.DesktopID, DesktopName: d.DesktopName, DesktopStatus: d.Status, OsType: d.OSType,
		ProtocolType: d.ProtocolType, CreationTime: d.CreationTime,
		SystemDiskSize: d.SystemDisk.SizeGiB, SystemDiskCategory: d.SystemDisk.Category,
		DataDiskSize: itoa(d.DataDisk.SizeGiB), DataDiskCategory: d.DataDisk.Category,
		VolumeEncryption: d.SystemDisk.Encrypted, VolumeEncryptionKey: d.SystemDisk.KMSKeyID,
		Disks: []DesktopDisk{
			{DiskID: d.SystemDisk.DiskID, DiskSize: d.SystemDisk.SizeGiB, DiskType: DiskSystem},
			{DiskID: d.DataDisk.DiskID, DiskSize: d.DataDisk.SizeGiB, DiskType: DiskData},
		},
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }

// RegionSnapshot is a snapshot with its region, as the controls show it.
type RegionSnapshot struct {
	RegionID string `json:"RegionId"`
	Snapshot
}

// Snapshots are every region's snapshots as DescribeSnapshots shows them now, oldest first; never nil.
func (b *Backend) Snapshots() []RegionSnapshot {
	b.begin()
	defer b.mu.Unlock()
	now := b.clock()
	out := []RegionSnapshot{}
	for _, r := range b.regions {
		for _, s := range r.Snapshots {
			out = append(out, RegionSnapshot{RegionID: r.ID, Snapshot: s.view(r.desktop(s.DesktopID), now)})
		}
	}
	return out
}

// RegionDesktop is a desktop with its region, as the controls show it.
type RegionDesktop struct {
	RegionID string `json:"RegionId"`
	DesktopView
}

// Desktops are every region's desktops as DescribeDesktops shows them.
func (b *Backend) Desktops() []RegionDesktop {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := []RegionDesktop{}
	for _, r := range b.regions {
		for _, d := range r.Desktops {
			out = append(out, RegionDesktop{RegionID: r.ID, DesktopView: desktopView(d)})
		}
	}
	return out
}

// findDesktop is the desktop with the ID in any region, and its region.
func (b *Backend) findDesktop(id string) (*region, *Desktop) {
	for _, r := range b.regions {
		if d := r.desktop(id); d != nil {
			return r, d
		}
	}
	return nil, nil
}

// SetDesktopStatus puts a desktop in a status (as starting, stopping or expiring it would).
func (b *Backend) SetDesktopStatus(id, status string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, d := b.findDesktop(id)
	if d == nil {
		return errDesktopNotFound
	}
	if !validDesktopStatus(status) {
		return errInvalid("status")
	}
	d.Status = status
	return b.saveLocked()
}

// FailNextSnapshots makes the desktop's next n snapshots end FAILED half-way.
func (b *Backend) FailNextSnapshots(id string, n int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, d := b.findDesktop(id)
	if d == nil {
		return errDesktopNotFound
	}
	if n < 0 {
		return errInvalid("count")
	}
	r.FailNext[id] = n
	return b.saveLocked()
}

// TakeAutoSnapshot takes an automatic snapshot of the desktop's disk ("system" or "data", any case), as ECD's
// own schedule or an image update does, and returns its ID; automatic snapshots are named
// auto_yyyyMMdd_N like ECS's and made by the system.
func (b *Backend) TakeAutoSnapshot(id, disk string) (string, error) {
	b.begin()
	defer b.mu.Unlock()
	r, d := b.findDesktop(id)
	if d == nil {
		return "", errDesktopNotFound
	}
	diskType, ok := sourceDiskType(disk)
	if !ok {
		return "", errSourceDiskTypeInvalid
	}
	now := b.clock()
	s := b.newSnap(r, d, diskType, now)
	n := 1
	prefix := "auto_" + now.Format("20060102") + "_"
	for _, x := range r.Snapshots {
		if x.Auto && len(x.Name) > len(prefix) && x.Name[:len(prefix)] == prefix {
			n++
		}
	}
	s.Name, s.Auto, s.Creator = prefix+strconv.Itoa(n), true, "System"
	r.Snapshots = append(r.Snapshots, s)
	if err := b.saveLocked(); err != nil {
		return "", err
	}
	return s.ID, nil
}
