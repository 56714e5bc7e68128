package ecs

import (
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/rpc"
)

// actions is every ECS action the emulator serves. Where an action's RegionId is required (the Describe and tag
// calls), only the parameter counts; where it is optional, a regional host name stands in for it.
func actions(b *backend.Backend) map[string]rpc.Action {
	return map[string]rpc.Action{
		"CreateSnapshot": func(c *rpc.Call) (any, error) {
			p := c.Params
			tags, err := tags(p)
			if err != nil {
				return nil, err
			}
			return output(b.CreateSnapshot(backend.CreateSnapshotInput{
				RegionID: optionalRegion(c), DiskID: p.Get("DiskId"), SnapshotName: p.Get("SnapshotName"),
				Description: p.Get("Description"), RetentionDays: p.Get("RetentionDays"), Category: p.Get("Category"),
				InstantAccess: p.Get("InstantAccess"), InstantAccessRetentionDays: p.Get("InstantAccessRetentionDays"),
				ResourceGroupID: p.Get("ResourceGroupId"), ClientToken: p.Get("ClientToken"),
				StorageLocationArn: p.Get("StorageLocationArn"), Tags: tags,
			}))
		},
		"DescribeSnapshots": func(c *rpc.Call) (any, error) {
			p := c.Params
			tags, err := tags(p)
			if err != nil {
				return nil, err
			}
			filters, err := filters(p)
			if err != nil {
				return nil, err
			}
			return output(b.DescribeSnapshots(backend.DescribeSnapshotsInput{
				RegionID: p.Get("RegionId"), InstanceID: p.Get("InstanceId"), DiskID: p.Get("DiskId"),
				SnapshotLinkID: p.Get("SnapshotLinkId"), SnapshotIDs: p.Get("SnapshotIds"), SnapshotName: p.Get("SnapshotName"),
				Status: p.Get("Status"), SnapshotType: p.Get("SnapshotType"), Usage: p.Get("Usage"),
				SourceDiskType: p.Get("SourceDiskType"), Encrypted: p.Get("Encrypted"), ResourceGroupID: p.Get("ResourceGroupId"),
				KMSKeyID: p.Get("KMSKeyId"), Category: p.Get("Category"), DryRun: p.Get("DryRun"),
				PageNumber: p.Get("PageNumber"), PageSize: p.Get("PageSize"), NextToken: p.Get("NextToken"),
				MaxResults: p.Get("MaxResults"), Filters: filters, Tags: tags,
			}))
		},
		"DeleteSnapshot": func(c *rpc.Call) (any, error) {
			p := c.Params
			return nil, b.DeleteSnapshot(backend.DeleteSnapshotInput{
				RegionID: optionalRegion(c), SnapshotID: p.Get("SnapshotId"), Force: p.Get("Force"),
			})
		},
		"ModifySnapshotAttribute": func(c *rpc.Call) (any, error) {
			p := c.Params
			return nil, b.ModifySnapshotAttribute(backend.ModifySnapshotAttributeInput{
				RegionID: optionalRegion(c), SnapshotID: p.Get("SnapshotId"), SnapshotName: p.Get("SnapshotName"),
				Description: p.Get("Description"), RetentionDays: p.Get("RetentionDays"),
				DisableInstantAccess: p.Get("DisableInstantAccess"),
			})
		},
		"TagResources": func(c *rpc.Call) (any, error) {
			p := c.Params
			ids, err := p.List("ResourceId")
			if err != nil {
				return nil, err
			}
			tags, err := tags(p)
			if err != nil {
				return nil, err
			}
			return nil, b.TagResources(backend.TagResourcesInput{
				RegionID: p.Get("RegionId"), ResourceType: p.Get("ResourceType"), ResourceIDs: ids, Tags: tags,
			})
		},
		"UntagResources": func(c *rpc.Call) (any, error) {
			p := c.Params
			ids, err := p.List("ResourceId")
			if err != nil {
				return nil, err
			}
			keys, err := p.List("TagKey")
			if err != nil {
				return nil, err
			}
			return nil, b.UntagResources(backend.UntagResourcesInput{
				RegionID: p.Get("RegionId"), ResourceType: p.Get("ResourceType"), All: p.Get("All"),
				ResourceIDs: ids, TagKeys: keys,
			})
		},
		"ListTagResources": func(c *rpc.Call) (any, error) {
			p := c.Params
			ids, err := p.List("ResourceId")
			if err != nil {
				return nil, err
			}
			tags, err := tags(p)
			if err != nil {
				return nil, err
			}
			return output(b.ListTagResources(backend.ListTagResourcesInput{
				RegionID: p.Get("RegionId"), ResourceType: p.Get("ResourceType"), NextToken: p.Get("NextToken"),
				ResourceIDs: ids, Tags: tags,
			}))
		},
		"JoinResourceGroup": func(c *rpc.Call) (any, error) {
			p := c.Params
			return nil, b.JoinResourceGroup(backend.JoinResourceGroupInput{
				RegionID: optionalRegion(c), ResourceType: p.Get("ResourceType"), ResourceID: p.Get("ResourceId"),
				ResourceGroupID: p.Get("ResourceGroupId"),
			})
		},
		"DescribeDisks": func(c *rpc.Call) (any, error) {
			p := c.Params
			return output(b.DescribeDisks(backend.DescribeDisksInput{
				RegionID: p.Get("RegionId"), InstanceID: p.Get("InstanceId"), DiskIDs: p.Get("DiskIds"),
				DiskType: p.Get("DiskType"), Category: p.Get("Category"), Encrypted: p.Get("Encrypted"),
				PageNumber: p.Get("PageNumber"), PageSize: p.Get("PageSize"), NextToken: p.Get("NextToken"),
				MaxResults: p.Get("MaxResults"), AutoSnapshotPolicyID: p.Get("AutoSnapshotPolicyId"),
			}))
		},
		"DescribeInstances": func(c *rpc.Call) (any, error) {
			p := c.Params
			return output(b.DescribeInstances(backend.DescribeInstancesInput{
				RegionID: p.Get("RegionId"), InstanceIDs: p.Get("InstanceIds"), Status: p.Get("Status"),
				PageNumber: p.Get("PageNumber"), PageSize: p.Get("PageSize"), NextToken: p.Get("NextToken"),
				MaxResults: p.Get("MaxResults"),
			}))
		},
		// The policy calls name their parameters as documented: lower camel case on Create, Modify, Delete,
		// Apply and Cancel (regionId, autoSnapshotPolicyId, timePoints...), Pascal case for the newer fields and
		// on DescribeAutoSnapshotPolicyEx.
		"CreateAutoSnapshotPolicy": func(c *rpc.Call) (any, error) {
			p := c.Params
			tags, err := tags(p)
			if err != nil {
				return nil, err
			}
			targets, err := targetTags(p)
			if err != nil {
				return nil, err
			}
			in := backend.CreateAutoSnapshotPolicyInput{
				RegionID: p.Get("regionId"), ResourceGroupID: p.Get("ResourceGroupId"),
				AssociationType: p.Get("AssociationType"), Tags: tags, TargetTags: targets,
			}
			policySettings(p, &in.Name, &in.TimePoints, &in.RepeatWeekdays, &in.RetentionDays, &in.EnableCrossRegionCopy,
				&in.TargetCopyRegions, &in.CopiedSnapshotsRetentionDays, &in.CopyEncrypted, &in.CopyKMSKeyID)
			return output(b.CreateAutoSnapshotPolicy(in))
		},
		"ModifyAutoSnapshotPolicyEx": func(c *rpc.Call) (any, error) {
			p := c.Params
			in := backend.ModifyAutoSnapshotPolicyExInput{RegionID: p.Get("regionId"), AutoSnapshotPolicyID: p.Get("autoSnapshotPolicyId")}
			policySettings(p, &in.Name, &in.TimePoints, &in.RepeatWeekdays, &in.RetentionDays, &in.EnableCrossRegionCopy,
				&in.TargetCopyRegions, &in.CopiedSnapshotsRetentionDays, &in.CopyEncrypted, &in.CopyKMSKeyID)
			return nil, b.ModifyAutoSnapshotPolicyEx(in)
		},
		"DeleteAutoSnapshotPolicy": func(c *rpc.Call) (any, error) {
			p := c.Params
			return nil, b.DeleteAutoSnapshotPolicy(backend.DeleteAutoSnapshotPolicyInput{
				RegionID: p.Get("regionId"), AutoSnapshotPolicyID: p.Get("autoSnapshotPolicyId"),
			})
		},
		"ApplyAutoSnapshotPolicy": func(c *rpc.Call) (any, error) {
			p := c.Params
			return nil, b.ApplyAutoSnapshotPolicy(backend.ApplyAutoSnapshotPolicyInput{
				RegionID: p.Get("regionId"), AutoSnapshotPolicyID: p.Get("autoSnapshotPolicyId"), DiskIDs: p.Get("diskIds"),
			})
		},
		"CancelAutoSnapshotPolicy": func(c *rpc.Call) (any, error) {
			p := c.Params
			return nil, b.CancelAutoSnapshotPolicy(backend.CancelAutoSnapshotPolicyInput{
				RegionID: p.Get("regionId"), AutoSnapshotPolicyID: p.Get("autoSnapshotPolicyId"), DiskIDs: p.Get("diskIds"),
			})
		},
		"DescribeAutoSnapshotPolicyEx": func(c *rpc.Call) (any, error) {
			p := c.Params
			tags, err := tags(p)
			if err != nil {
				return nil, err
			}
			return output(b.DescribeAutoSnapshotPolicyEx(backend.DescribeAutoSnapshotPolicyExInput{
				RegionID: p.Get("RegionId"), AutoSnapshotPolicyID: p.Get("AutoSnapshotPolicyId"),
				AutoSnapshotPolicyName: p.Get("AutoSnapshotPolicyName"), ResourceGroupID: p.Get("ResourceGroupId"),
				PageNumber: p.Get("PageNumber"), PageSize: p.Get("PageSize"), Tags: tags,
			}))
		},
		// Cross-region copies. RegionId is the source's region and required, so a regional host name does
		// not stand in for it; parameter names are cased as documented (KMSKeyId, DestinationRegionId...).
		"CopySnapshot": func(c *rpc.Call) (any, error) {
			p := c.Params
			tags, err := tags(p)
			if err != nil {
				return nil, err
			}
			return output(b.CopySnapshot(backend.CopySnapshotInput{
				RegionID: p.Get("RegionId"), DestinationRegionID: p.Get("DestinationRegionId"), SnapshotID: p.Get("SnapshotId"),
				DestinationSnapshotName: p.Get("DestinationSnapshotName"), DestinationSnapshotDescription: p.Get("DestinationSnapshotDescription"),
				RetentionDays: p.Get("RetentionDays"), Encrypted: p.Get("Encrypted"), KMSKeyID: p.Get("KMSKeyId"),
				ResourceGroupID: p.Get("ResourceGroupId"), ClientToken: p.Get("ClientToken"), Tags: tags,
			}))
		},
		// Snapshot-consistent groups. RegionId is required on all four, so only the parameter counts.
		"CreateSnapshotGroup": func(c *rpc.Call) (any, error) {
			p := c.Params
			tags, err := tags(p)
			if err != nil {
				return nil, err
			}
			disks, err := p.List("DiskId")
			if err != nil {
				return nil, err
			}
			exclude, err := p.List("ExcludeDiskId")
			if err != nil {
				return nil, err
			}
			return output(b.CreateSnapshotGroup(backend.CreateSnapshotGroupInput{
				RegionID: p.Get("RegionId"), InstanceID: p.Get("InstanceId"), Name: p.Get("Name"),
				Description: p.Get("Description"), InstantAccess: p.Get("InstantAccess"),
				InstantAccessRetentionDays: p.Get("InstantAccessRetentionDays"), ResourceGroupID: p.Get("ResourceGroupId"),
				ClientToken: p.Get("ClientToken"), StorageLocationArn: p.Get("StorageLocationArn"),
				DiskIDs: disks, ExcludeDiskIDs: exclude, Tags: tags,
			}))
		},
		"DescribeSnapshotGroups": func(c *rpc.Call) (any, error) {
			p := c.Params
			tags, err := tags(p)
			if err != nil {
				return nil, err
			}
			ids, err := p.List("SnapshotGroupId")
			if err != nil {
				return nil, err
			}
			statuses, err := p.List("Status")
			if err != nil {
				return nil, err
			}
			extra, err := p.List("AdditionalAttributes")
			if err != nil {
				return nil, err
			}
			return output(b.DescribeSnapshotGroups(backend.DescribeSnapshotGroupsInput{
				RegionID: p.Get("RegionId"), InstanceID: p.Get("InstanceId"), Name: p.Get("Name"),
				ResourceGroupID: p.Get("ResourceGroupId"), NextToken: p.Get("NextToken"), MaxResults: p.Get("MaxResults"),
				SnapshotGroupIDs: ids, Statuses: statuses, AdditionalAttributes: extra, Tags: tags,
			}))
		},
		"ModifySnapshotGroup": func(c *rpc.Call) (any, error) {
			p := c.Params
			return nil, b.ModifySnapshotGroup(backend.ModifySnapshotGroupInput{
				RegionID: p.Get("RegionId"), SnapshotGroupID: p.Get("SnapshotGroupId"), Name: p.Get("Name"),
				Description: p.Get("Description"),
			})
		},
		"DeleteSnapshotGroup": func(c *rpc.Call) (any, error) {
			p := c.Params
			return output(b.DeleteSnapshotGroup(backend.DeleteSnapshotGroupInput{
				RegionID: p.Get("RegionId"), SnapshotGroupID: p.Get("SnapshotGroupId"),
			}))
		},
		// Rolling a disk back and the instances' power state (backend/power.go). ResetDisk and the singular
		// StopInstance/StartInstance take no RegionId: the disk's or instance's region is the call's.
		"ResetDisk": func(c *rpc.Call) (any, error) {
			p := c.Params
			return nil, b.ResetDisk(backend.ResetDiskInput{
				RegionID: optionalRegion(c), DiskID: p.Get("DiskId"), SnapshotID: p.Get("SnapshotId"), DryRun: p.Get("DryRun"),
			})
		},
		"StopInstances": func(c *rpc.Call) (any, error) {
			in, err := powerInput(c, false)
			if err != nil {
				return nil, err
			}
			return output(b.StopInstances(in))
		},
		"StartInstances": func(c *rpc.Call) (any, error) {
			in, err := powerInput(c, false)
			if err != nil {
				return nil, err
			}
			return output(b.StartInstances(in))
		},
		"StopInstance": func(c *rpc.Call) (any, error) {
			in, err := powerInput(c, true)
			if err != nil {
				return nil, err
			}
			_, err = b.StopInstances(in)
			return nil, err
		},
		"StartInstance": func(c *rpc.Call) (any, error) {
			in, err := powerInput(c, true)
			if err != nil {
				return nil, err
			}
			_, err = b.StartInstances(in)
			return nil, err
		},
		"DescribeRegions": func(c *rpc.Call) (any, error) {
			p := c.Params
			return output(b.DescribeRegions(backend.DescribeRegionsInput{
				InstanceChargeType: p.Get("InstanceChargeType"), ResourceType: p.Get("ResourceType"),
				AcceptLanguage: p.Get("AcceptLanguage"),
			}))
		},
	}
}

// powerInput reads StopInstances/StartInstances (InstanceId.N, RegionId required, BatchOptimization) or, single,
// StopInstance/StartInstance (one InstanceId, no RegionId: a regional host name stands in).
func powerInput(c *rpc.Call, single bool) (backend.PowerInput, error) {
	p := c.Params
	in := backend.PowerInput{DryRun: p.Get("DryRun"), ForceStop: p.Get("ForceStop"), StoppedMode: p.Get("StoppedMode"), Single: single}
	if single {
		in.RegionID = optionalRegion(c)
		if id := p.Get("InstanceId"); id != "" {
			in.InstanceIDs = []string{id}
		}
		return in, nil
	}
	ids, err := p.List("InstanceId")
	if err != nil {
		return in, err
	}
	in.RegionID, in.BatchOptimization, in.InstanceIDs = p.Get("RegionId"), p.Get("BatchOptimization"), ids
	return in, nil
}
