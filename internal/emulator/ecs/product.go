// Package ecs is the wire side of the emulated ECS API (version 2014-05-26): its action table, which decodes
// each action's parameters into the backend's inputs, and the host names that belong to it. The rules live in
// package backend; signatures, routing and rendering in package emulator.
package ecs

import (
	"strings"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/rpc"
)

// Version is the ECS API version the emulator speaks.
const Version = "2014-05-26"

// HostID is what ECS puts in an error's HostId.
const HostID = "ecs.aliyuncs.com"

// Product is ECS served from b.
func Product(b *backend.Backend) rpc.Product {
	return rpc.Product{Name: "Ecs", Version: Version, HostID: HostID, Actions: actions(b), Host: Host}
}

// Host recognises ECS's endpoints: the central ecs.aliyuncs.com (no region), the regional ecs.<region>.aliyuncs.com
// and ecs-vpc.<region>.aliyuncs.com, and the older ecs-<region>.aliyuncs.com that the SDKs' endpoint tables still
// list for some regions (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-endpoint).
func Host(host string) (string, bool) {
	rest, ok := strings.CutSuffix(host, ".aliyuncs.com")
	if !ok {
		return "", false
	}
	switch {
	case rest == "ecs" || rest == "ecs-vpc":
		return "", true
	case strings.HasPrefix(rest, "ecs.") || strings.HasPrefix(rest, "ecs-vpc."):
		_, region, _ := strings.Cut(rest, ".")
		if region == "" || strings.Contains(region, ".") {
			return "", false
		}
		return region, true
	case strings.HasPrefix(rest, "ecs-") && !strings.Contains(rest, "."):
		return strings.TrimPrefix(rest, "ecs-"), true
	}
	return "", false
}

// optionalRegion is the region of a call whose RegionId is optional: the parameter, else the region of the
// regional host name the client sent; "" leaves it to the backend (the region of the resource the call names).
func optionalRegion(c *rpc.Call) string {
	if r := c.Params.Get("RegionId"); r != "" {
		return r
	}
	return c.HostRegion
}

func tags(p rpc.Params) ([]backend.Tag, error) {
	pairs, err := p.Tags()
	if err != nil {
		return nil, err
	}
	out := make([]backend.Tag, len(pairs))
	for i, t := range pairs {
		out[i] = backend.Tag{Key: t.Key, Value: t.Value}
	}
	return out, nil
}

func filters(p rpc.Params) ([]backend.Filter, error) {
	pairs, err := p.Filters()
	if err != nil {
		return nil, err
	}
	out := make([]backend.Filter, len(pairs))
	for i, f := range pairs {
		out[i] = backend.Filter{Key: f.Key, Value: f.Value}
	}
	return out, nil
}

// targetTags decodes CreateAutoSnapshotPolicy's TargetTags.N.Key / TargetTags.N.Value.
func targetTags(p rpc.Params) ([]backend.Tag, error) {
	items, err := p.Indexed("TargetTags")
	if err != nil {
		return nil, err
	}
	out := make([]backend.Tag, len(items))
	for i, item := range items {
		out[i] = backend.Tag{Key: item["Key"], Value: item["Value"]}
	}
	return out, nil
}

// policySettings reads the parameters CreateAutoSnapshotPolicy and ModifyAutoSnapshotPolicyEx share, by their
// wire names.
func policySettings(p rpc.Params, name, timePoints, repeatWeekdays, retentionDays, enableCopy, targetRegions,
	copiedRetention, copyEncrypted, copyKMSKeyID *string) {
	*name = p.Get("autoSnapshotPolicyName")
	*timePoints = p.Get("timePoints")
	*repeatWeekdays = p.Get("repeatWeekdays")
	*retentionDays = p.Get("retentionDays")
	*enableCopy = p.Get("EnableCrossRegionCopy")
	*targetRegions = p.Get("TargetCopyRegions")
	*copiedRetention = p.Get("CopiedSnapshotsRetentionDays")
	*copyEncrypted = p.Get("CopyEncryptionConfiguration.Encrypted")
	*copyKMSKeyID = p.Get("CopyEncryptionConfiguration.KMSKeyId")
}

// output keeps a failed call's typed nil pointer from posing as an output.
func output[O any](out *O, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return out, nil
}
