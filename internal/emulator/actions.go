package emulator

import "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"

// actionFunc decodes one action's parameters, calls the backend and returns its output (nil when the action
// answers only a RequestId). Errors are *backend.Error.
type actionFunc func(b *backend.Backend, p params) (any, error)

// actions is every API action the emulator serves.
var actions = map[string]actionFunc{
	"CreateSnapshot": func(b *backend.Backend, p params) (any, error) {
		tags, err := p.tags()
		if err != nil {
			return nil, err
		}
		return output(b.CreateSnapshot(backend.CreateSnapshotInput{
			RegionID: p.get("RegionId"), DiskID: p.get("DiskId"), SnapshotName: p.get("SnapshotName"),
			Description: p.get("Description"), RetentionDays: p.get("RetentionDays"), Category: p.get("Category"),
			InstantAccess: p.get("InstantAccess"), InstantAccessRetentionDays: p.get("InstantAccessRetentionDays"),
			ResourceGroupID: p.get("ResourceGroupId"), ClientToken: p.get("ClientToken"),
			StorageLocationArn: p.get("StorageLocationArn"), Tags: tags,
		}))
	},
	"DescribeSnapshots": func(b *backend.Backend, p params) (any, error) {
		tags, err := p.tags()
		if err != nil {
			return nil, err
		}
		filters, err := p.filters()
		if err != nil {
			return nil, err
		}
		return output(b.DescribeSnapshots(backend.DescribeSnapshotsInput{
			RegionID: p.get("RegionId"), InstanceID: p.get("InstanceId"), DiskID: p.get("DiskId"),
			SnapshotLinkID: p.get("SnapshotLinkId"), SnapshotIDs: p.get("SnapshotIds"), SnapshotName: p.get("SnapshotName"),
			Status: p.get("Status"), SnapshotType: p.get("SnapshotType"), Usage: p.get("Usage"),
			SourceDiskType: p.get("SourceDiskType"), Encrypted: p.get("Encrypted"), ResourceGroupID: p.get("ResourceGroupId"),
			KMSKeyID: p.get("KMSKeyId"), Category: p.get("Category"), DryRun: p.get("DryRun"),
			PageNumber: p.get("PageNumber"), PageSize: p.get("PageSize"), NextToken: p.get("NextToken"),
			MaxResults: p.get("MaxResults"), Filters: filters, Tags: tags,
		}))
	},
	"DeleteSnapshot": func(b *backend.Backend, p params) (any, error) {
		return nil, b.DeleteSnapshot(backend.DeleteSnapshotInput{
			RegionID: p.get("RegionId"), SnapshotID: p.get("SnapshotId"), Force: p.get("Force"),
		})
	},
	"ModifySnapshotAttribute": func(b *backend.Backend, p params) (any, error) {
		return nil, b.ModifySnapshotAttribute(backend.ModifySnapshotAttributeInput{
			RegionID: p.get("RegionId"), SnapshotID: p.get("SnapshotId"), SnapshotName: p.get("SnapshotName"),
			Description: p.get("Description"), RetentionDays: p.get("RetentionDays"),
			DisableInstantAccess: p.get("DisableInstantAccess"),
		})
	},
	"TagResources": func(b *backend.Backend, p params) (any, error) {
		ids, err := p.list("ResourceId")
		if err != nil {
			return nil, err
		}
		tags, err := p.tags()
		if err != nil {
			return nil, err
		}
		return nil, b.TagResources(backend.TagResourcesInput{
			RegionID: p.get("RegionId"), ResourceType: p.get("ResourceType"), ResourceIDs: ids, Tags: tags,
		})
	},
	"UntagResources": func(b *backend.Backend, p params) (any, error) {
		ids, err := p.list("ResourceId")
		if err != nil {
			return nil, err
		}
		keys, err := p.list("TagKey")
		if err != nil {
			return nil, err
		}
		return nil, b.UntagResources(backend.UntagResourcesInput{
			RegionID: p.get("RegionId"), ResourceType: p.get("ResourceType"), All: p.get("All"),
			ResourceIDs: ids, TagKeys: keys,
		})
	},
	"ListTagResources": func(b *backend.Backend, p params) (any, error) {
		ids, err := p.list("ResourceId")
		if err != nil {
			return nil, err
		}
		tags, err := p.tags()
		if err != nil {
			return nil, err
		}
		return output(b.ListTagResources(backend.ListTagResourcesInput{
			RegionID: p.get("RegionId"), ResourceType: p.get("ResourceType"), NextToken: p.get("NextToken"),
			ResourceIDs: ids, Tags: tags,
		}))
	},
	"JoinResourceGroup": func(b *backend.Backend, p params) (any, error) {
		return nil, b.JoinResourceGroup(backend.JoinResourceGroupInput{
			RegionID: p.get("RegionId"), ResourceType: p.get("ResourceType"), ResourceID: p.get("ResourceId"),
			ResourceGroupID: p.get("ResourceGroupId"),
		})
	},
	"DescribeDisks": func(b *backend.Backend, p params) (any, error) {
		return output(b.DescribeDisks(backend.DescribeDisksInput{
			RegionID: p.get("RegionId"), InstanceID: p.get("InstanceId"), DiskIDs: p.get("DiskIds"),
			DiskType: p.get("DiskType"), Category: p.get("Category"), Encrypted: p.get("Encrypted"),
			PageNumber: p.get("PageNumber"), PageSize: p.get("PageSize"), NextToken: p.get("NextToken"),
			MaxResults: p.get("MaxResults"),
		}))
	},
	"DescribeInstances": func(b *backend.Backend, p params) (any, error) {
		return output(b.DescribeInstances(backend.DescribeInstancesInput{
			RegionID: p.get("RegionId"), InstanceIDs: p.get("InstanceIds"), Status: p.get("Status"),
			PageNumber: p.get("PageNumber"), PageSize: p.get("PageSize"), NextToken: p.get("NextToken"),
			MaxResults: p.get("MaxResults"),
		}))
	},
}

// output keeps a failed call's typed nil pointer from posing as an output.
func output[O any](out *O, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return out, nil
}
