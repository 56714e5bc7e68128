package backend

import (
	"encoding/json"
	"fmt"
	"os"
)

// DefaultFixture is the world an emulator starts with: cn-hangzhou (the default region), instances in every state
// that matters to CreateSnapshot, and disks of both types, several categories and sizes, one encrypted, one never
// attached; cn-shanghai, a second region with one running instance whose system and data disks accept
// snapshots, for resources that work across regions; and ap-southeast-1 (Singapore), a third region of the same
// shape, outside the Chinese mainland, as a further CopySnapshot destination or source. cn-shanghai and
// ap-southeast-1 each have a KMS key for encrypted copies to them (cn-hangzhou's is its encrypted disk's).
func DefaultFixture() *Fixture {
	return &Fixture{
		RegionID: "cn-hangzhou",
		ResourceGroups: []string{
			"rg-acfmzw2jz2z4fxa", // the account's default resource group
			"rg-aek2bsxtc4tgwfq",
			"rg-aek3ppbydwdkrvy",
		},
		Instances: []Instance{
			{InstanceID: "i-bp1h6jmbefj2cyqs6vrq", InstanceName: "web-prod-01", ZoneID: "cn-hangzhou-i", Status: "Running", EverStarted: true},
			{InstanceID: "i-bp1g6zv0ce8oghu7k7ww", InstanceName: "batch-worker-02", ZoneID: "cn-hangzhou-i", Status: "Stopped", EverStarted: true},
			{InstanceID: "i-bp13zt4kqc0fm7r2uw5a", InstanceName: "fresh-never-started", ZoneID: "cn-hangzhou-j", Status: "Stopped"},
			{InstanceID: "i-bp1d3k8mzl2q7wxr5c9e", InstanceName: "booting-03", ZoneID: "cn-hangzhou-i", Status: "Starting", EverStarted: true},
			{InstanceID: "i-bp1f8s2hx1a9zq4ne0lk", InstanceName: "quarantined-04", ZoneID: "cn-hangzhou-k", Status: "Running", EverStarted: true, LockedForSecurity: true},
		},
		Disks: []Disk{
			{DiskID: "d-bp1a3r2m5jxl7hq0w8ke", DiskName: "web-prod-01-system", InstanceID: "i-bp1h6jmbefj2cyqs6vrq", ZoneID: "cn-hangzhou-i",
				Type: "system", Category: "cloud_essd", Status: "In_use", SizeGiB: 40, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-acfmzw2jz2z4fxa"},
			{DiskID: "d-bp1c8n4x2w6yz0t5pq3s", DiskName: "web-prod-01-data", InstanceID: "i-bp1h6jmbefj2cyqs6vrq", ZoneID: "cn-hangzhou-i",
				Type: "data", Category: "cloud_essd", Status: "In_use", SizeGiB: 100, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-acfmzw2jz2z4fxa"},
			{DiskID: "d-bp1e2f7t9k4m6n1r3vx8", DiskName: "batch-worker-02-system", InstanceID: "i-bp1g6zv0ce8oghu7k7ww", ZoneID: "cn-hangzhou-i",
				Type: "system", Category: "cloud_efficiency", Status: "In_use", SizeGiB: 20, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-aek2bsxtc4tgwfq"},
			{DiskID: "d-bp1g5h0j3k8l2m7n4pq1", DiskName: "batch-worker-02-archive", InstanceID: "i-bp1g6zv0ce8oghu7k7ww", ZoneID: "cn-hangzhou-i",
				Type: "data", Category: "cloud_essd", Status: "In_use", SizeGiB: 2000, Encrypted: true, KMSKeyID: "0e478b7a-4262-4802-b8cb-00d3fb408262",
				EverAttached: true, EverUsed: true, ResourceGroupID: "rg-aek2bsxtc4tgwfq"},
			{DiskID: "d-bp1t7y2u9i4o6p1a3sd5", DiskName: "batch-worker-02-scratch", InstanceID: "i-bp1g6zv0ce8oghu7k7ww", ZoneID: "cn-hangzhou-i",
				Type: "data", Category: "cloud_efficiency", Status: "In_use", SizeGiB: 200, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-aek2bsxtc4tgwfq"},
			{DiskID: "d-bp1k9w3e6r1t8y4u2io5", DiskName: "fresh-system", InstanceID: "i-bp13zt4kqc0fm7r2uw5a", ZoneID: "cn-hangzhou-j",
				Type: "system", Category: "cloud_essd", Status: "In_use", SizeGiB: 40, EverAttached: true, ResourceGroupID: "rg-acfmzw2jz2z4fxa"},
			{DiskID: "d-bp1p6o9i2u5y8t1r4ew7", DiskName: "booting-03-system", InstanceID: "i-bp1d3k8mzl2q7wxr5c9e", ZoneID: "cn-hangzhou-i",
				Type: "system", Category: "cloud_efficiency", Status: "In_use", SizeGiB: 40, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-acfmzw2jz2z4fxa"},
			{DiskID: "d-bp1s3d6f9g2h5j8k1lq0", DiskName: "quarantined-04-system", InstanceID: "i-bp1f8s2hx1a9zq4ne0lk", ZoneID: "cn-hangzhou-k",
				Type: "system", Category: "cloud_essd", Status: "In_use", SizeGiB: 60, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-acfmzw2jz2z4fxa"},
			{DiskID: "d-bp1q2w3e4r5t6y7u8i9o", DiskName: "detached-logs", ZoneID: "cn-hangzhou-i",
				Type: "data", Category: "cloud_essd", Status: "Available", SizeGiB: 100, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-aek3ppbydwdkrvy"},
			{DiskID: "d-bp1m4n7b2v5c8x1z3lk6", DiskName: "spare-never-attached", ZoneID: "cn-hangzhou-i",
				Type: "data", Category: "cloud_efficiency", Status: "Available", SizeGiB: 50, ResourceGroupID: "rg-acfmzw2jz2z4fxa"},
		},
		Regions: []RegionFixture{{
			RegionID: "cn-shanghai",
			// Resource groups belong to the account, not a region: the same default group is the default here too.
			ResourceGroups: []string{"rg-acfmzw2jz2z4fxa", "rg-aek2bsxtc4tgwfq"},
			Instances: []Instance{
				{InstanceID: "i-uf6f5mgk2xq8w9z3r7ha", InstanceName: "web-sh-01", ZoneID: "cn-shanghai-l", Status: "Running", EverStarted: true},
			},
			Disks: []Disk{
				{DiskID: "d-uf6b2n8c4x7v1z5m3k9q", DiskName: "web-sh-01-system", InstanceID: "i-uf6f5mgk2xq8w9z3r7ha", ZoneID: "cn-shanghai-l",
					Type: "system", Category: "cloud_essd", Status: "In_use", SizeGiB: 40, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-acfmzw2jz2z4fxa"},
				{DiskID: "d-uf6h7j2k9l4m1n8p3q6r", DiskName: "web-sh-01-data", InstanceID: "i-uf6f5mgk2xq8w9z3r7ha", ZoneID: "cn-shanghai-l",
					Type: "data", Category: "cloud_essd", Status: "In_use", SizeGiB: 100, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-acfmzw2jz2z4fxa"},
			},
			KMSKeys: []string{"5c1f7e2a-9b3d-4e8f-a6c4-2d7b9e1f3a58"},
		}, {
			// CopySnapshot's documented example copies from cn-chengdu to us-east-1, so copies between the Chinese
			// mainland and other regions are allowed: https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot
			RegionID:       "ap-southeast-1",
			ResourceGroups: []string{"rg-acfmzw2jz2z4fxa", "rg-aek2bsxtc4tgwfq"},
			Instances: []Instance{
				{InstanceID: "i-t4n3k8w2q9z5x7m1r6hb", InstanceName: "dr-sg-01", ZoneID: "ap-southeast-1a", Status: "Running", EverStarted: true},
			},
			Disks: []Disk{
				{DiskID: "d-t4n6c1v8b3n7m2x9z4qa", DiskName: "dr-sg-01-system", InstanceID: "i-t4n3k8w2q9z5x7m1r6hb", ZoneID: "ap-southeast-1a",
					Type: "system", Category: "cloud_essd", Status: "In_use", SizeGiB: 40, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-acfmzw2jz2z4fxa"},
				{DiskID: "d-t4n9p2o7i4u1y6t3r8ew", DiskName: "dr-sg-01-data", InstanceID: "i-t4n3k8w2q9z5x7m1r6hb", ZoneID: "ap-southeast-1a",
					Type: "data", Category: "cloud_essd", Status: "In_use", SizeGiB: 100, EverAttached: true, EverUsed: true, ResourceGroupID: "rg-acfmzw2jz2z4fxa"},
			},
			KMSKeys: []string{"8e2d4c6a-1f3b-4a5d-9c7e-b0a2f4d6e8c1"},
		}},
	}
}

// SnapshottableDisks lists the disks of the default region that CreateSnapshot accepts as the fixture stands (by
// the rules of their attachment: diskRefusal), data disks first, so that tests need not know the fixture's IDs.
func (f *Fixture) SnapshottableDisks() []string {
	regions := f.regions()
	if len(regions) == 0 {
		return nil
	}
	return regions[0].snapshottableDisks()
}

// SnapshottableDisksIn is SnapshottableDisks for the named region (nil when the fixture has no such region).
func (f *Fixture) SnapshottableDisksIn(region string) []string {
	for _, r := range f.regions() {
		if r.RegionID == region {
			return r.snapshottableDisks()
		}
	}
	return nil
}

// RegionIDs are the fixture's regions, the default region first.
func (f *Fixture) RegionIDs() []string {
	var out []string
	for _, r := range f.regions() {
		out = append(out, r.RegionID)
	}
	return out
}

func (f *RegionFixture) snapshottableDisks() []string {
	instances := make(map[string]*Instance, len(f.Instances))
	for i := range f.Instances {
		instances[f.Instances[i].InstanceID] = &f.Instances[i]
	}
	var data, system []string
	for i := range f.Disks {
		d := &f.Disks[i]
		switch {
		case diskRefusal(d, instances[d.InstanceID]) != nil:
		case d.Type == "data":
			data = append(data, d.DiskID)
		default:
			system = append(system, d.DiskID)
		}
	}
	return append(data, system...)
}

// regions are the fixture's regions in order: the top-level one when it says anything, then Regions.
func (f *Fixture) regions() []RegionFixture {
	var out []RegionFixture
	if f.RegionID != "" || len(f.Instances) > 0 || len(f.Disks) > 0 || len(f.ResourceGroups) > 0 || len(f.KMSKeys) > 0 {
		out = append(out, RegionFixture{RegionID: f.RegionID, Instances: f.Instances, Disks: f.Disks, ResourceGroups: f.ResourceGroups, KMSKeys: f.KMSKeys})
	}
	return append(out, f.Regions...)
}

// LoadFixture reads a fixture from a JSON file (snake_case keys, as the struct tags say).
func LoadFixture(path string) (*Fixture, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read fixture: %w", err)
	}
	var f Fixture
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("parse fixture %s: %w", path, err)
	}
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("fixture %s: %w", path, err)
	}
	return &f, nil
}

func (f Fixture) clone() Fixture {
	c := Fixture{
		RegionID:       f.RegionID,
		Instances:      append([]Instance(nil), f.Instances...),
		Disks:          append([]Disk(nil), f.Disks...),
		ResourceGroups: append([]string(nil), f.ResourceGroups...),
		KMSKeys:        append([]string(nil), f.KMSKeys...),
	}
	for _, r := range f.Regions {
		c.Regions = append(c.Regions, r.clone())
	}
	return c
}

func (f RegionFixture) clone() RegionFixture {
	return RegionFixture{
		RegionID:       f.RegionID,
		Instances:      append([]Instance(nil), f.Instances...),
		Disks:          append([]Disk(nil), f.Disks...),
		ResourceGroups: append([]string(nil), f.ResourceGroups...),
		KMSKeys:        append([]string(nil), f.KMSKeys...),
	}
}

func (f *Fixture) validate() error {
	regions := f.regions()
	if len(regions) == 0 {
		return fmt.Errorf("fixture: region_id is empty")
	}
	for _, r := range regions {
		if r.RegionID == "" {
			return fmt.Errorf("fixture: region_id is empty")
		}
		if len(r.ResourceGroups) == 0 {
			return fmt.Errorf("fixture: region %s: resource_groups is empty (the first is the default resource group)", r.RegionID)
		}
	}
	return validateRegions(regions)
}

// validateRegions checks complete regions: each consistent in itself, region IDs distinct, and instance and disk
// IDs unique across regions (as ECS's are).
func validateRegions(regions []RegionFixture) error {
	names := map[string]bool{}
	owner := map[string]string{} // "instance ID" or "disk ID" -> region
	for _, r := range regions {
		if names[r.RegionID] {
			return fmt.Errorf("fixture: region %s appears twice", r.RegionID)
		}
		names[r.RegionID] = true
		if err := validateEntities(r.Instances, r.Disks, r.ResourceGroups); err != nil {
			return err
		}
		for _, k := range r.KMSKeys {
			if k == "" {
				return fmt.Errorf("fixture: region %s: empty KMS key ID", r.RegionID)
			}
		}
		for _, in := range r.Instances {
			if other, ok := owner["instance "+in.InstanceID]; ok {
				return fmt.Errorf("fixture: instance %s is in regions %s and %s", in.InstanceID, other, r.RegionID)
			}
			owner["instance "+in.InstanceID] = r.RegionID
		}
		for _, d := range r.Disks {
			if other, ok := owner["disk "+d.DiskID]; ok {
				return fmt.Errorf("fixture: disk %s is in regions %s and %s", d.DiskID, other, r.RegionID)
			}
			owner["disk "+d.DiskID] = r.RegionID
		}
	}
	return nil
}

// validateEntities checks a complete set of instances, disks and resource groups for consistency.
func validateEntities(instances []Instance, disks []Disk, groups []string) error {
	insts := map[string]bool{}
	for _, in := range instances {
		if in.InstanceID == "" {
			return fmt.Errorf("fixture: an instance has no instance_id")
		}
		if insts[in.InstanceID] {
			return fmt.Errorf("fixture: instance %s appears twice", in.InstanceID)
		}
		insts[in.InstanceID] = true
		switch in.Status {
		case "Pending", "Running", "Starting", "Stopping", "Stopped":
		default:
			return fmt.Errorf("fixture: instance %s: status %q is not Pending, Running, Starting, Stopping or Stopped", in.InstanceID, in.Status)
		}
	}
	rgs := map[string]bool{}
	for _, rg := range groups {
		if rg == "" {
			return fmt.Errorf("fixture: empty resource group ID")
		}
		rgs[rg] = true
	}
	seen := map[string]bool{}
	for _, d := range disks {
		if d.DiskID == "" {
			return fmt.Errorf("fixture: a disk has no disk_id")
		}
		if seen[d.DiskID] {
			return fmt.Errorf("fixture: disk %s appears twice", d.DiskID)
		}
		seen[d.DiskID] = true
		if d.Type != "system" && d.Type != "data" {
			return fmt.Errorf("fixture: disk %s: type %q is not system or data", d.DiskID, d.Type)
		}
		if d.Category == "" {
			return fmt.Errorf("fixture: disk %s has no category", d.DiskID)
		}
		if d.SizeGiB <= 0 {
			return fmt.Errorf("fixture: disk %s: size_gib must be positive", d.DiskID)
		}
		if d.InstanceID != "" && !insts[d.InstanceID] {
			return fmt.Errorf("fixture: disk %s is attached to unknown instance %s", d.DiskID, d.InstanceID)
		}
		if d.ResourceGroupID != "" && !rgs[d.ResourceGroupID] {
			return fmt.Errorf("fixture: disk %s is in unknown resource group %s", d.DiskID, d.ResourceGroupID)
		}
		if d.KMSKeyID != "" && !d.Encrypted {
			return fmt.Errorf("fixture: disk %s has a kms_key_id but is not encrypted", d.DiskID)
		}
	}
	return nil
}

// WithDefaultRegion makes region the fixture's default region: a region of the fixture by that name moves first,
// otherwise the default region is renamed. The fixture is changed in place and returned.
func (f *Fixture) WithDefaultRegion(region string) *Fixture {
	regions := f.regions()
	if len(regions) == 0 || regions[0].RegionID == region {
		return f
	}
	for i, r := range regions {
		if r.RegionID == region {
			ordered := append([]RegionFixture{r}, append(append([]RegionFixture(nil), regions[:i]...), regions[i+1:]...)...)
			*f = Fixture{RegionID: ordered[0].RegionID, Instances: ordered[0].Instances, Disks: ordered[0].Disks,
				ResourceGroups: ordered[0].ResourceGroups, KMSKeys: ordered[0].KMSKeys, Regions: ordered[1:]}
			return f
		}
	}
	if f.RegionID != "" || len(f.Regions) == 0 {
		f.RegionID = region
	} else {
		f.Regions[0].RegionID = region
	}
	return f
}
