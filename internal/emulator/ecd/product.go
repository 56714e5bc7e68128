// Package ecd is the wire side of the emulated Elastic Desktop Service API (ECD, version 2020-09-30): its action
// table and the host names that belong to it. The rules live in package backend; signatures, routing and
// rendering in package emulator. ECD's CreateSnapshot, DescribeSnapshots and DeleteSnapshot share their names
// with ECS actions: the server routes by the API version, or by ECD's host name.
package ecd

import (
	"strings"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/rpc"
)

// Version is the ECD API version the emulator speaks.
const Version = "2020-09-30"

// HostID is what ECD puts in an error's HostId.
const HostID = "ecd.aliyuncs.com"

// CallPrefix names ECD's actions in the emulator's call counts, faults and latencies ("ecd:CreateSnapshot", as
// RAM policies name ECD's actions), apart from ECS's actions of the same names, whose names stay bare.
const CallPrefix = "ecd:"

// Product is ECD served from b. Every action's RegionId is required, so a regional host name never stands in
// for it.
func Product(b *backend.Backend) rpc.Product {
	return rpc.Product{
		Name: "Ecd", Version: Version, HostID: HostID, Host: Host, CallPrefix: CallPrefix,
		Actions: map[string]rpc.Action{
			"CreateSnapshot": func(c *rpc.Call) (any, error) {
				p := c.Params
				return output(b.CreateSnapshot(backend.CreateSnapshotInput{
					RegionID: p.Get("RegionId"), DesktopID: p.Get("DesktopId"), SnapshotName: p.Get("SnapshotName"),
					SourceDiskType: p.Get("SourceDiskType"), Description: p.Get("Description"),
				}))
			},
			"DescribeSnapshots": func(c *rpc.Call) (any, error) {
				p := c.Params
				return output(b.DescribeSnapshots(backend.DescribeSnapshotsInput{
					RegionID: p.Get("RegionId"), DesktopID: p.Get("DesktopId"), DesktopName: p.Get("DesktopName"),
					SnapshotID: p.Get("SnapshotId"), SnapshotName: p.Get("SnapshotName"),
					SourceDiskType: p.Get("SourceDiskType"), SnapshotType: p.Get("SnapshotType"), Creator: p.Get("Creator"),
					StartTime: p.Get("StartTime"), EndTime: p.Get("EndTime"), OsType: p.Get("OsType"),
					MaxResults: p.Get("MaxResults"), NextToken: p.Get("NextToken"),
				}))
			},
			"DeleteSnapshot": func(c *rpc.Call) (any, error) {
				p := c.Params
				ids, err := p.List("SnapshotId")
				if err != nil {
					return nil, err
				}
				return nil, b.DeleteSnapshot(backend.DeleteSnapshotInput{RegionID: p.Get("RegionId"), SnapshotIDs: ids})
			},
			"DescribeDesktops": func(c *rpc.Call) (any, error) {
				p := c.Params
				ids, err := p.List("DesktopId")
				if err != nil {
					return nil, err
				}
				return output(b.DescribeDesktops(backend.DescribeDesktopsInput{
					RegionID: p.Get("RegionId"), DesktopIDs: ids, DesktopStatus: p.Get("DesktopStatus"),
					DesktopName: p.Get("DesktopName"), MaxResults: p.Get("MaxResults"), NextToken: p.Get("NextToken"),
				}))
			},
		},
	}
}

// Host recognises ECD's endpoints: the regional ecd.<region>.aliyuncs.com that the documents' sample requests
// use (https://www.alibabacloud.com/help/en/elastic-desktop-service/latest/createsnapshot), and the central form
// ecd.aliyuncs.com for a client that names no region.
func Host(host string) (string, bool) {
	rest, ok := strings.CutSuffix(host, ".aliyuncs.com")
	if !ok {
		return "", false
	}
	if rest == "ecd" {
		return "", true
	}
	if region, ok := strings.CutPrefix(rest, "ecd."); ok && region != "" && !strings.Contains(region, ".") {
		return region, true
	}
	return "", false
}

// output keeps a failed call's typed nil pointer from posing as an output.
func output[O any](out *O, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return out, nil
}
