package backend

import "slices"

// Desktop statuses as ECD's DescribeDesktops and DescribeSnapshots (DesktopStatus) spell them
// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describedesktops).
const (
	StatusRunning  = "Running"
	StatusStopped  = "Stopped"
	StatusStarting = "Starting"
	StatusStopping = "Stopping"
	StatusPending  = "Pending"
	StatusExpired  = "Expired"
)

// desktopStatuses are every status a desktop may be put in (the fixture or the status control).
var desktopStatuses = []string{StatusPending, StatusStarting, StatusRunning, StatusStopping, StatusStopped, StatusExpired,
	"Rebuilding", "Deleted", "FotaUpdating"}

// Desktop is a cloud desktop (cloud computer) with its two disks.
type Desktop struct {
	DesktopID    string `json:"desktop_id"` // ecd-<17 characters>
	DesktopName  string `json:"desktop_name"`
	Status       string `json:"status"`
	OSType       string `json:"os_type"`       // Windows | Linux
	ProtocolType string `json:"protocol_type"` // ASP | HDX
	CreationTime string `json:"creation_time"` // yyyy-MM-ddTHH:mmZ, as DescribeDesktops shows it
	SystemDisk   Disk   `json:"system_disk"`
	DataDisk     Disk   `json:"data_disk"`
}

// Disk is one of a desktop's disks.
type Disk struct {
	DiskID    string `json:"disk_id"`
	SizeGiB   int    `json:"size_gib"`
	Category  string `json:"category"`
	Encrypted bool   `json:"encrypted"`
	KMSKeyID  string `json:"kms_key_id,omitempty"`
}

// RegionFixture is one region's desktops.
type RegionFixture struct {
	RegionID string    `json:"region_id"`
	Desktops []Desktop `json:"desktops"`
}

// Desktops of DefaultFixture that tests and the README name.
const (
	DesktopRunning  = "ecd-bp1r7k2m9x4q6w3e5"
	DesktopStopped  = "ecd-bp1s2t8v5n1c7z4h6"
	DesktopStarting = "ecd-bp1g6d3f9a2j8l5k1"
	DesktopPending  = "ecd-bp1p4o7i1u9y3t6r2"
	DesktopExpired  = "ecd-bp1e9w2q5r8t1y4u7"
	DesktopShanghai = "ecd-uf6m3n6b9v2c5x8z1"
	// KMSKey encrypts the stopped desktop's disks.
	KMSKey = "7906979c-8e06-46a2-be2d-68e3ccbc****"
)

// DefaultFixture is the built-in set of desktops: one per interesting status in cn-hangzhou (the default region,
// as for ECS) and a running one in cn-shanghai.
func DefaultFixture() []RegionFixture {
	return []RegionFixture{
		{RegionID: "cn-hangzhou", Desktops: []Desktop{
			{DesktopID: DesktopRunning, DesktopName: "dev-desktop", Status: StatusRunning, OSType: "Windows", ProtocolType: "ASP",
				CreationTime: "2026-01-05T02:10Z",
				SystemDisk:   Disk{DiskID: "d-bp1ecdr7k2m9x4q6w3e5", SizeGiB: 80, Category: "cloud_auto"},
				DataDisk:     Disk{DiskID: "d-bp1ecdr7k2m9x4q6wd01", SizeGiB: 40, Category: "cloud_auto"}},
			{DesktopID: DesktopStopped, DesktopName: "build-desktop", Status: StatusStopped, OSType: "Linux", ProtocolType: "ASP",
				CreationTime: "2026-01-06T08:30Z",
				SystemDisk:   Disk{DiskID: "d-bp1ecds2t8v5n1c7z4h6", SizeGiB: 80, Category: "cloud_essd", Encrypted: true, KMSKeyID: KMSKey},
				DataDisk:     Disk{DiskID: "d-bp1ecds2t8v5n1c7zd02", SizeGiB: 100, Category: "cloud_essd", Encrypted: true, KMSKeyID: KMSKey}},
			{DesktopID: DesktopStarting, DesktopName: "design-desktop", Status: StatusStarting, OSType: "Windows", ProtocolType: "HDX",
				CreationTime: "2026-01-07T01:00Z",
				SystemDisk:   Disk{DiskID: "d-bp1ecdg6d3f9a2j8l5k1", SizeGiB: 80, Category: "cloud_auto"},
				DataDisk:     Disk{DiskID: "d-bp1ecdg6d3f9a2j8ld03", SizeGiB: 50, Category: "cloud_auto"}},
			{DesktopID: DesktopPending, DesktopName: "new-desktop", Status: StatusPending, OSType: "Windows", ProtocolType: "ASP",
				CreationTime: "2026-01-08T03:45Z",
				SystemDisk:   Disk{DiskID: "d-bp1ecdp4o7i1u9y3t6r2", SizeGiB: 80, Category: "cloud_auto"},
				DataDisk:     Disk{DiskID: "d-bp1ecdp4o7i1u9y3td04", SizeGiB: 40, Category: "cloud_auto"}},
			{DesktopID: DesktopExpired, DesktopName: "old-desktop", Status: StatusExpired, OSType: "Windows", ProtocolType: "ASP",
				CreationTime: "2025-06-01T00:00Z",
				SystemDisk:   Disk{DiskID: "d-bp1ecde9w2q5r8t1y4u7", SizeGiB: 80, Category: "cloud_efficiency"},
				DataDisk:     Disk{DiskID: "d-bp1ecde9w2q5r8t1yd05", SizeGiB: 60, Category: "cloud_efficiency"}},
		}},
		{RegionID: "cn-shanghai", Desktops: []Desktop{
			{DesktopID: DesktopShanghai, DesktopName: "sh-desktop", Status: StatusRunning, OSType: "Windows", ProtocolType: "ASP",
				CreationTime: "2026-02-01T06:00Z",
				SystemDisk:   Disk{DiskID: "d-uf6ecdm3n6b9v2c5x8z1", SizeGiB: 80, Category: "cloud_auto"},
				DataDisk:     Disk{DiskID: "d-uf6ecdm3n6b9v2c5xd06", SizeGiB: 40, Category: "cloud_auto"}},
		}},
	}
}

func cloneFixture(f []RegionFixture) []RegionFixture {
	out := make([]RegionFixture, len(f))
	for i, r := range f {
		out[i] = RegionFixture{RegionID: r.RegionID, Desktops: slices.Clone(r.Desktops)}
	}
	return out
}
